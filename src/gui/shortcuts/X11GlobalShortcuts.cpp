// SPDX-License-Identifier: GPL-3.0-or-later
#include "X11GlobalShortcuts.h"

#include "XkbKeyMapping.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTimer>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <xcb/xcb.h>
#include <xcb/xcb_keysyms.h>

namespace audin::gui {

namespace {

constexpr quint32 KeysymNumLock = 0xff7f;
// XKB event subtypes (xcb/xkb.h; not included, to need no libxcb-xkb): the keymap was replaced or changed.
constexpr quint8 XkbNewKeyboardNotify = 0;
constexpr quint8 XkbMapNotify = 1;
// A held key repeats every few tens of milliseconds after a delay of about half a second; a press of the same
// key that long after the previous one, with no release seen in between, is taken as a new press.
constexpr quint32 RepeatWindowMs = 1000;

template<typename Reply> struct FreeReply
{
    void operator()(Reply *reply) const { std::free(reply); }
};
template<typename Reply> using ReplyPtr = std::unique_ptr<Reply, FreeReply<Reply>>;

QList<quint16> lockCombinations(quint16 numLock)
{
    return {0, XModifier::Lock, numLock, quint16(XModifier::Lock | numLock)};
}

} // namespace

void X11GlobalShortcuts::KeySymbolsDeleter::operator()(_XCBKeySymbols *symbols) const
{
    xcb_key_symbols_free(symbols);
}

X11GlobalShortcuts::X11GlobalShortcuts(QObject *parent)
    : GlobalShortcuts(parent)
{
    auto *x11 = qGuiApp ? qGuiApp->nativeInterface<QNativeInterface::QX11Application>() : nullptr;
    if (!x11 || !x11->connection())
        return;
    m_connection = x11->connection();

    // The root of the default screen: the screen number in DISPLAY, as xcb_connect() reads it.
    int screenNumber = 0;
    char *host = nullptr;
    int display = 0;
    if (!xcb_parse_display(nullptr, &host, &display, &screenNumber))
        screenNumber = 0;
    std::free(host);
    xcb_screen_iterator_t screens = xcb_setup_roots_iterator(xcb_get_setup(m_connection));
    for (int i = 0; i < screenNumber && screens.rem > 1; ++i)
        xcb_screen_next(&screens);
    m_root = screens.data->root;

    m_keySymbols.reset(xcb_key_symbols_alloc(m_connection));
    static constexpr char xkbName[] = "XKEYBOARD";
    const ReplyPtr<xcb_query_extension_reply_t> xkb(xcb_query_extension_reply(
        m_connection, xcb_query_extension(m_connection, uint16_t(std::strlen(xkbName)), xkbName), nullptr));
    if (xkb && xkb->present)
        m_xkbEventBase = xkb->first_event;
    m_numLock = findNumLockMask();
    QCoreApplication::instance()->installNativeEventFilter(this);
}

X11GlobalShortcuts::~X11GlobalShortcuts()
{
    // Without the application the connection is closed already, and the server dropped the grabs with it.
    if (!m_connection || !QCoreApplication::instance())
        return;
    QCoreApplication::instance()->removeNativeEventFilter(this);
    for (const Binding &binding : std::as_const(m_bindings))
        ungrabKeys(binding.grab);
    sync();
}

bool X11GlobalShortcuts::isSupported() const
{
    return m_connection != nullptr;
}

QString X11GlobalShortcuts::unsupportedReason() const
{
    if (m_connection)
        return {};
    return tr("System-wide shortcuts for X11 need the application to run on X11.");
}

bool X11GlobalShortcuts::bind(Action action, const QKeySequence &key, QString *error)
{
    if (!m_connection)
        return key.isEmpty() || fail(error, unsupportedReason());
    const auto current = m_bindings.find(action);
    if (current != m_bindings.end() && current->key == key)
        return true;
    if (key.isEmpty()) {
        if (current != m_bindings.end()) {
            ungrabKeys(current->grab);
            m_bindings.erase(current);
            sync();
        }
        return true;
    }
    if (!checkKey(key, error))
        return false;
    const std::optional<XkbKey> xkbKey = xkbKeyFor(key[0]);
    if (!xkbKey)
        return fail(error, unusableKeyError(key));
    Grab grab;
    grab.keysym = xkbKey->keysym;
    grab.modifiers = xkbKey->modifiers;
    grab.numLock = m_numLock;
    grab.keycodes = keycodesFor(grab.keysym);
    if (grab.keycodes.isEmpty())
        return fail(error, notOnKeyboardError(key));
    // Another action on the same physical key would be re-grabbed (X lets a client replace its own grab) and
    // then released with this one.
    for (auto it = m_bindings.cbegin(); it != m_bindings.cend(); ++it) {
        if (it.key() == action || it->grab.modifiers != grab.modifiers)
            continue;
        for (quint8 keycode : std::as_const(grab.keycodes)) {
            if (it->grab.keycodes.contains(keycode))
                return fail(error, duplicateError(key, it.key()));
        }
    }
    if (const int xError = grabKeys(grab))
        return fail(error, grabError(key, xError));
    if (current != m_bindings.end())
        ungrabKeys(current->grab, &grab);
    m_bindings.insert(action, Binding {key, grab});
    sync();
    return true;
}

QKeySequence X11GlobalShortcuts::binding(Action action) const
{
    return m_bindings.value(action).key;
}

bool X11GlobalShortcuts::nativeEventFilter(const QByteArray &eventType, void *message, qintptr *)
{
    if (eventType != "xcb_generic_event_t")
        return false;
    auto *event = static_cast<xcb_generic_event_t *>(message);
    const quint8 type = event->response_type & 0x7f; // the top bit marks events sent by SendEvent
    switch (type) {
    case XCB_KEY_PRESS:
    case XCB_KEY_RELEASE: {
        // Press and release events have the same layout.
        const auto *key = reinterpret_cast<const xcb_key_press_event_t *>(event);
        return handleKey(type == XCB_KEY_PRESS, key->detail, key->state, key->event, key->time);
    }
    case XCB_MAPPING_NOTIFY: {
        auto *mapping = reinterpret_cast<xcb_mapping_notify_event_t *>(event);
        if (mapping->request != XCB_MAPPING_POINTER) {
            xcb_refresh_keyboard_mapping(m_keySymbols.get(), mapping);
            scheduleRegrab();
        }
        return false; // Qt's keyboard needs it too
    }
    default:
        // XKB-aware clients like Qt may get XKB's notifications instead of the core MappingNotify.
        if (m_xkbEventBase && type == m_xkbEventBase) {
            const quint8 xkbType = reinterpret_cast<const quint8 *>(event)[1];
            if (xkbType == XkbNewKeyboardNotify || xkbType == XkbMapNotify) {
                m_keySymbols.reset(xcb_key_symbols_alloc(m_connection));
                scheduleRegrab();
            }
        }
        return false;
    }
}

bool X11GlobalShortcuts::handleKey(bool press, quint8 keycode, quint16 state, quint32 window, quint32 time)
{
    // Grabbed keys are reported on the root window; keys typed into our own windows are Qt's business.
    if (window != m_root)
        return false;
    if (!press) {
        if (keycode != m_held.keycode)
            return false;
        m_held = {};
        m_lastRelease = {keycode, time};
        return true;
    }
    const quint16 modifiers = state & XModifier::ShortcutMask;
    for (auto it = m_bindings.cbegin(); it != m_bindings.cend(); ++it) {
        if (it->grab.modifiers != modifiers || !it->grab.keycodes.contains(keycode))
            continue;
        // A held key must not answer and hang up in turn. With XKB's detectable auto-repeat (Qt asks for it)
        // it sends more presses and no release; without, release and press pairs with the same time stamp.
        const bool repeat = (keycode == m_held.keycode && time - m_held.time < RepeatWindowMs)
            || (keycode == m_lastRelease.keycode && time == m_lastRelease.time);
        m_held = {keycode, time};
        if (!repeat)
            emit activated(it.key());
        return true;
    }
    return false;
}

QList<quint8> X11GlobalShortcuts::keycodesFor(quint32 keysym) const
{
    // Only keys that give the symbol without Shift: grabbing the key that has XF86AudioPause as its shifted
    // symbol would take the Play key. Column 0 is the first group, column 2 the second (a Latin layout next to
    // a Cyrillic one, say).
    QList<quint8> keycodes;
    if (!m_keySymbols)
        return keycodes;
    const xcb_setup_t *setup = xcb_get_setup(m_connection);
    for (int column : {0, 2}) {
        for (int keycode = setup->min_keycode; keycode <= setup->max_keycode; ++keycode) {
            if (xcb_key_symbols_get_keysym(m_keySymbols.get(), xcb_keycode_t(keycode), column) == keysym)
                keycodes.append(quint8(keycode));
        }
        if (!keycodes.isEmpty())
            break;
    }
    return keycodes;
}

quint16 X11GlobalShortcuts::findNumLockMask() const
{
    const ReplyPtr<xcb_get_modifier_mapping_reply_t> reply(
        xcb_get_modifier_mapping_reply(m_connection, xcb_get_modifier_mapping(m_connection), nullptr));
    if (reply) {
        const xcb_keycode_t *keycodes = xcb_get_modifier_mapping_keycodes(reply.get());
        const int perModifier = reply->keycodes_per_modifier;
        for (int modifier = 0; modifier < 8; ++modifier) {
            for (int i = 0; i < perModifier; ++i) {
                const xcb_keycode_t keycode = keycodes[modifier * perModifier + i];
                if (keycode && xcb_key_symbols_get_keysym(m_keySymbols.get(), keycode, 0) == KeysymNumLock)
                    return quint16(1u << modifier);
            }
        }
    }
    return XModifier::Mod2; // where nearly every keymap puts it
}

int X11GlobalShortcuts::grabKeys(const Grab &grab)
{
    struct Request
    {
        xcb_void_cookie_t cookie;
        quint8 keycode;
        quint16 modifiers;
    };
    // All requests first, then all checks: one round trip for the lot.
    std::vector<Request> requests;
    for (quint8 keycode : grab.keycodes) {
        for (quint16 locks : lockCombinations(grab.numLock)) {
            const quint16 modifiers = grab.modifiers | locks;
            requests.push_back({xcb_grab_key_checked(m_connection, 0, m_root, modifiers, keycode, XCB_GRAB_MODE_ASYNC,
                                                     XCB_GRAB_MODE_ASYNC),
                                keycode, modifiers});
        }
    }
    int firstError = 0;
    std::vector<Request> granted;
    for (const Request &request : requests) {
        if (xcb_generic_error_t *error = xcb_request_check(m_connection, request.cookie)) {
            if (!firstError || error->error_code == XCB_ACCESS)
                firstError = error->error_code;
            std::free(error);
        } else {
            granted.push_back(request);
        }
    }
    if (firstError) {
        for (const Request &request : granted)
            xcb_ungrab_key(m_connection, request.keycode, m_root, request.modifiers);
        xcb_flush(m_connection);
    }
    return firstError;
}

void X11GlobalShortcuts::ungrabKeys(const Grab &grab, const Grab *keep)
{
    for (quint8 keycode : grab.keycodes) {
        if (keep && keep->modifiers == grab.modifiers && keep->numLock == grab.numLock
            && keep->keycodes.contains(keycode))
            continue;
        for (quint16 locks : lockCombinations(grab.numLock))
            xcb_ungrab_key(m_connection, keycode, m_root, grab.modifiers | locks);
    }
}

void X11GlobalShortcuts::sync()
{
    // A round trip: once it returns, the server has carried out every request sent before, so another program
    // can take a key released here at once.
    std::free(xcb_get_input_focus_reply(m_connection, xcb_get_input_focus(m_connection), nullptr));
}

QString X11GlobalShortcuts::grabError(const QKeySequence &key, int xError) const
{
    if (xError == XCB_ACCESS)
        return takenError(key);
    return failedError(key, QStringLiteral("X11 error %1").arg(xError));
}

void X11GlobalShortcuts::scheduleRegrab()
{
    // One mapping change brings several notifications (core and XKB); look once, after all of them.
    if (m_regrabPending)
        return;
    m_regrabPending = true;
    QTimer::singleShot(0, this, &X11GlobalShortcuts::regrabAll);
}

void X11GlobalShortcuts::regrabAll()
{
    m_regrabPending = false;
    m_numLock = findNumLockMask();
    bool changed = false;
    QList<std::pair<Action, QString>> failures;
    for (auto it = m_bindings.begin(); it != m_bindings.end();) {
        Grab fresh = it->grab;
        fresh.numLock = m_numLock;
        fresh.keycodes = keycodesFor(fresh.keysym);
        if (fresh.keycodes == it->grab.keycodes && fresh.numLock == it->grab.numLock) {
            ++it;
            continue;
        }
        changed = true;
        // Released first: the new keycodes may include old ones, and a grab of ours must not be dropped after
        // it was renewed.
        ungrabKeys(it->grab);
        const int xError = fresh.keycodes.isEmpty() ? 0 : grabKeys(fresh);
        if (fresh.keycodes.isEmpty() || xError) {
            failures.append(
                {it.key(), fresh.keycodes.isEmpty() ? notOnKeyboardError(it->key) : grabError(it->key, xError)});
            it = m_bindings.erase(it);
            continue;
        }
        it->grab = fresh;
        ++it;
    }
    xcb_flush(m_connection);
    // Signals last: a receiver may call bind() and change m_bindings.
    for (const auto &[action, error] : std::as_const(failures))
        emit bindingFailed(action, error);
    if (changed)
        emit grabsUpdated();
}

} // namespace audin::gui
