// SPDX-License-Identifier: GPL-3.0-or-later
#include "WinGlobalShortcuts.h"

#include <QCoreApplication>
#include <optional>
#include <qt_windows.h>

#ifndef MOD_NOREPEAT
#define MOD_NOREPEAT 0x4000 // Windows 7 and later; older SDK headers lack it
#endif

namespace audin::gui {

namespace {

// RegisterHotKey ids for applications are 0x0000 to 0xBFFF (the rest is for shared DLLs).
constexpr int MaxHotKeyId = 0xbfff;

std::optional<unsigned> virtualKeyFor(Qt::Key key)
{
    if (key >= Qt::Key_A && key <= Qt::Key_Z)
        return unsigned('A' + (key - Qt::Key_A));
    if (key >= Qt::Key_0 && key <= Qt::Key_9)
        return unsigned('0' + (key - Qt::Key_0));
    if (key >= Qt::Key_F1 && key <= Qt::Key_F24)
        return unsigned(VK_F1 + (key - Qt::Key_F1));
    switch (key) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        return VK_RETURN;
    case Qt::Key_Space:
        return VK_SPACE;
    case Qt::Key_Escape:
        return VK_ESCAPE;
    case Qt::Key_Tab:
        return VK_TAB;
    case Qt::Key_Backspace:
        return VK_BACK;
    case Qt::Key_Insert:
        return VK_INSERT;
    case Qt::Key_Delete:
        return VK_DELETE;
    case Qt::Key_Pause:
        return VK_PAUSE;
    case Qt::Key_Print:
        return VK_SNAPSHOT;
    case Qt::Key_Home:
        return VK_HOME;
    case Qt::Key_End:
        return VK_END;
    case Qt::Key_Left:
        return VK_LEFT;
    case Qt::Key_Up:
        return VK_UP;
    case Qt::Key_Right:
        return VK_RIGHT;
    case Qt::Key_Down:
        return VK_DOWN;
    case Qt::Key_PageUp:
        return VK_PRIOR;
    case Qt::Key_PageDown:
        return VK_NEXT;
    case Qt::Key_VolumeDown:
        return VK_VOLUME_DOWN;
    case Qt::Key_VolumeMute:
        return VK_VOLUME_MUTE;
    case Qt::Key_VolumeUp:
        return VK_VOLUME_UP;
    // Keyboards' play key sends VK_MEDIA_PLAY_PAUSE; Qt calls it MediaTogglePlayPause, people say MediaPlay.
    case Qt::Key_MediaPlay:
    case Qt::Key_MediaTogglePlayPause:
        return VK_MEDIA_PLAY_PAUSE;
    case Qt::Key_MediaStop:
        return VK_MEDIA_STOP;
    case Qt::Key_MediaNext:
        return VK_MEDIA_NEXT_TRACK;
    case Qt::Key_MediaPrevious:
        return VK_MEDIA_PREV_TRACK;
    default:
        // Microphone mute and the phone keys arrive as WM_APPCOMMAND, not as virtual keys: no hot key for them.
        return std::nullopt;
    }
}

unsigned modifiersFor(Qt::KeyboardModifiers modifiers)
{
    unsigned result = 0;
    if (modifiers & Qt::ShiftModifier)
        result |= MOD_SHIFT;
    if (modifiers & Qt::ControlModifier)
        result |= MOD_CONTROL;
    if (modifiers & Qt::AltModifier)
        result |= MOD_ALT;
    if (modifiers & Qt::MetaModifier)
        result |= MOD_WIN;
    return result;
}

} // namespace

WinGlobalShortcuts::WinGlobalShortcuts(QObject *parent)
    : GlobalShortcuts(parent)
{
    QCoreApplication::instance()->installNativeEventFilter(this);
}

WinGlobalShortcuts::~WinGlobalShortcuts()
{
    for (const HotKey &hotKey : std::as_const(m_hotKeys))
        UnregisterHotKey(nullptr, hotKey.id);
    if (QCoreApplication::instance())
        QCoreApplication::instance()->removeNativeEventFilter(this);
}

bool WinGlobalShortcuts::bind(Action action, const QKeySequence &key, QString *error)
{
    const auto current = m_hotKeys.find(action);
    if (current != m_hotKeys.end() && current->key == key)
        return true;
    if (key.isEmpty()) {
        if (current != m_hotKeys.end()) {
            UnregisterHotKey(nullptr, current->id);
            m_hotKeys.erase(current);
        }
        return true;
    }
    if (!checkKey(key, error))
        return false;
    const QKeyCombination combination = key[0];
    const std::optional<unsigned> virtualKey = virtualKeyFor(combination.key());
    if (!virtualKey)
        return fail(error, unusableKeyError(key));
    const unsigned modifiers = modifiersFor(combination.keyboardModifiers());
    for (auto it = m_hotKeys.cbegin(); it != m_hotKeys.cend(); ++it) {
        if (it.key() != action && it->virtualKey == *virtualKey && it->modifiers == modifiers)
            return fail(error, duplicateError(key, it.key()));
    }
    // Another name for the hot key this action holds already (MediaPlay / MediaTogglePlayPause): registering
    // it again would fail as if another program had it.
    if (current != m_hotKeys.end() && current->virtualKey == *virtualKey && current->modifiers == modifiers) {
        current->key = key;
        return true;
    }
    const int id = nextId();
    if (!RegisterHotKey(nullptr, id, modifiers | MOD_NOREPEAT, *virtualKey)) {
        const DWORD code = GetLastError();
        if (code == ERROR_HOTKEY_ALREADY_REGISTERED)
            return fail(error, takenError(key));
        return fail(error, failedError(key, QStringLiteral("Windows error %1").arg(code)));
    }
    if (current != m_hotKeys.end())
        UnregisterHotKey(nullptr, current->id);
    m_hotKeys.insert(action, HotKey {key, id, modifiers, *virtualKey});
    return true;
}

QKeySequence WinGlobalShortcuts::binding(Action action) const
{
    return m_hotKeys.value(action).key;
}

bool WinGlobalShortcuts::nativeEventFilter(const QByteArray &eventType, void *message, qintptr *)
{
    // Hot keys registered without a window are posted to the thread: Qt's event dispatcher shows those to the
    // filters as "windows_dispatcher_MSG" (window messages come as "windows_generic_MSG"); accept both.
    if (eventType != "windows_dispatcher_MSG" && eventType != "windows_generic_MSG")
        return false;
    const MSG *msg = static_cast<const MSG *>(message);
    if (msg->message != WM_HOTKEY)
        return false;
    const int id = int(msg->wParam);
    for (auto it = m_hotKeys.cbegin(); it != m_hotKeys.cend(); ++it) {
        if (it->id == id) {
            emit activated(it.key());
            return true;
        }
    }
    return false;
}

int WinGlobalShortcuts::nextId()
{
    // A fresh id per registration, so a new key is registered before the old one is released.
    for (;;) {
        m_lastId = m_lastId >= MaxHotKeyId ? 1 : m_lastId + 1;
        bool used = false;
        for (const HotKey &hotKey : std::as_const(m_hotKeys))
            used = used || hotKey.id == m_lastId;
        if (!used)
            return m_lastId;
    }
}

} // namespace audin::gui
