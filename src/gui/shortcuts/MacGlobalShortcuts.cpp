// SPDX-License-Identifier: GPL-3.0-or-later
#include "MacGlobalShortcuts.h"

#include <QCoreApplication>
#include <optional>

// Carbon's AssertMacros.h would otherwise define check() and verify(), which clash with Qt.
#ifndef __ASSERT_MACROS_DEFINE_VERSIONS_WITHOUT_UNDERSCORES
#define __ASSERT_MACROS_DEFINE_VERSIONS_WITHOUT_UNDERSCORES 0
#endif
#include <Carbon/Carbon.h>

namespace audin::gui {

namespace {

// 'AUDN': marks our hot keys among the application's (Qt registers none, plug-ins might).
constexpr OSType HotKeySignature = (OSType('A') << 24) | (OSType('U') << 16) | (OSType('D') << 8) | OSType('N');

// Virtual key codes name positions on an ANSI keyboard; on other layouts a letter is where the US key is.
std::optional<UInt32> keyCodeFor(Qt::Key key)
{
    static const UInt32 letters[]
        = {kVK_ANSI_A, kVK_ANSI_B, kVK_ANSI_C, kVK_ANSI_D, kVK_ANSI_E, kVK_ANSI_F, kVK_ANSI_G, kVK_ANSI_H, kVK_ANSI_I,
           kVK_ANSI_J, kVK_ANSI_K, kVK_ANSI_L, kVK_ANSI_M, kVK_ANSI_N, kVK_ANSI_O, kVK_ANSI_P, kVK_ANSI_Q, kVK_ANSI_R,
           kVK_ANSI_S, kVK_ANSI_T, kVK_ANSI_U, kVK_ANSI_V, kVK_ANSI_W, kVK_ANSI_X, kVK_ANSI_Y, kVK_ANSI_Z};
    static const UInt32 digits[] = {kVK_ANSI_0, kVK_ANSI_1, kVK_ANSI_2, kVK_ANSI_3, kVK_ANSI_4,
                                    kVK_ANSI_5, kVK_ANSI_6, kVK_ANSI_7, kVK_ANSI_8, kVK_ANSI_9};
    static const UInt32 functionKeys[]
        = {kVK_F1,  kVK_F2,  kVK_F3,  kVK_F4,  kVK_F5,  kVK_F6,  kVK_F7,  kVK_F8,  kVK_F9,  kVK_F10,
           kVK_F11, kVK_F12, kVK_F13, kVK_F14, kVK_F15, kVK_F16, kVK_F17, kVK_F18, kVK_F19, kVK_F20};
    if (key >= Qt::Key_A && key <= Qt::Key_Z)
        return letters[key - Qt::Key_A];
    if (key >= Qt::Key_0 && key <= Qt::Key_9)
        return digits[key - Qt::Key_0];
    if (key >= Qt::Key_F1 && key <= Qt::Key_F20)
        return functionKeys[key - Qt::Key_F1];
    switch (key) {
    case Qt::Key_Return:
        return kVK_Return;
    case Qt::Key_Enter:
        return kVK_ANSI_KeypadEnter;
    case Qt::Key_Space:
        return kVK_Space;
    case Qt::Key_Escape:
        return kVK_Escape;
    case Qt::Key_Tab:
        return kVK_Tab;
    case Qt::Key_Backspace:
        return kVK_Delete;
    case Qt::Key_Delete:
        return kVK_ForwardDelete;
    case Qt::Key_Home:
        return kVK_Home;
    case Qt::Key_End:
        return kVK_End;
    case Qt::Key_PageUp:
        return kVK_PageUp;
    case Qt::Key_PageDown:
        return kVK_PageDown;
    case Qt::Key_Left:
        return kVK_LeftArrow;
    case Qt::Key_Right:
        return kVK_RightArrow;
    case Qt::Key_Up:
        return kVK_UpArrow;
    case Qt::Key_Down:
        return kVK_DownArrow;
    default:
        // Media, volume and microphone keys reach applications as system-defined events, never as hot keys.
        return std::nullopt;
    }
}

UInt32 carbonModifiers(Qt::KeyboardModifiers modifiers)
{
    // Qt swaps the names on macOS unless told not to: Qt::ControlModifier is the Command key there.
    const bool swapped = !QCoreApplication::testAttribute(Qt::AA_MacDontSwapCtrlAndMeta);
    UInt32 result = 0;
    if (modifiers & Qt::ShiftModifier)
        result |= shiftKey;
    if (modifiers & Qt::AltModifier)
        result |= optionKey;
    if (modifiers & Qt::ControlModifier)
        result |= swapped ? cmdKey : controlKey;
    if (modifiers & Qt::MetaModifier)
        result |= swapped ? controlKey : cmdKey;
    return result;
}

} // namespace

struct MacHotKeyHandler
{
    static OSStatus handle(EventHandlerCallRef, EventRef event, void *userData)
    {
        EventHotKeyID hotKeyId {};
        const OSStatus status = GetEventParameter(event, kEventParamDirectObject, typeEventHotKeyID, nullptr,
                                                  sizeof(hotKeyId), nullptr, &hotKeyId);
        if (status != noErr || hotKeyId.signature != HotKeySignature)
            return eventNotHandledErr;
        static_cast<MacGlobalShortcuts *>(userData)->hotKeyPressed(hotKeyId.id);
        return noErr;
    }
};

MacGlobalShortcuts::MacGlobalShortcuts(QObject *parent)
    : GlobalShortcuts(parent)
{
    const EventTypeSpec pressed {kEventClassKeyboard, kEventHotKeyPressed};
    EventHandlerRef handler = nullptr;
    m_handlerStatus
        = InstallApplicationEventHandler(NewEventHandlerUPP(&MacHotKeyHandler::handle), 1, &pressed, this, &handler);
    if (m_handlerStatus == noErr)
        m_handler = handler;
}

MacGlobalShortcuts::~MacGlobalShortcuts()
{
    for (const HotKey &hotKey : std::as_const(m_hotKeys))
        UnregisterEventHotKey(hotKey.ref);
    if (m_handler)
        RemoveEventHandler(m_handler);
}

bool MacGlobalShortcuts::isSupported() const
{
    return m_handler != nullptr;
}

QString MacGlobalShortcuts::unsupportedReason() const
{
    if (m_handler)
        return {};
    return tr("System-wide shortcuts are not available (macOS error %1).").arg(m_handlerStatus);
}

bool MacGlobalShortcuts::bind(Action action, const QKeySequence &key, QString *error)
{
    if (!m_handler)
        return key.isEmpty() || fail(error, unsupportedReason());
    const auto current = m_hotKeys.find(action);
    if (current != m_hotKeys.end() && current->key == key)
        return true;
    if (key.isEmpty()) {
        if (current != m_hotKeys.end()) {
            UnregisterEventHotKey(current->ref);
            m_hotKeys.erase(current);
        }
        return true;
    }
    if (!checkKey(key, error))
        return false;
    const QKeyCombination combination = key[0];
    const std::optional<UInt32> keyCode = keyCodeFor(combination.key());
    if (!keyCode)
        return fail(error, unusableKeyError(key));
    const UInt32 modifiers = carbonModifiers(combination.keyboardModifiers());
    for (auto it = m_hotKeys.cbegin(); it != m_hotKeys.cend(); ++it) {
        if (it.key() != action && it->keyCode == *keyCode && it->modifiers == modifiers)
            return fail(error, duplicateError(key, it.key()));
    }
    // Return and Enter are one key here: keep the registration rather than collide with ourselves.
    if (current != m_hotKeys.end() && current->keyCode == *keyCode && current->modifiers == modifiers) {
        current->key = key;
        return true;
    }
    const EventHotKeyID hotKeyId {HotKeySignature, ++m_lastId};
    EventHotKeyRef ref = nullptr;
    const OSStatus status
        = RegisterEventHotKey(*keyCode, modifiers, hotKeyId, GetApplicationEventTarget(), kEventHotKeyExclusive, &ref);
    if (status == eventHotKeyExistsErr)
        return fail(error, takenError(key));
    if (status != noErr)
        return fail(error, failedError(key, QStringLiteral("macOS error %1").arg(status)));
    if (current != m_hotKeys.end())
        UnregisterEventHotKey(current->ref);
    m_hotKeys.insert(action, HotKey {key, hotKeyId.id, *keyCode, modifiers, ref});
    return true;
}

QKeySequence MacGlobalShortcuts::binding(Action action) const
{
    return m_hotKeys.value(action).key;
}

void MacGlobalShortcuts::hotKeyPressed(quint32 id)
{
    for (auto it = m_hotKeys.cbegin(); it != m_hotKeys.cend(); ++it) {
        if (it->id == id) {
            emit activated(it.key());
            return;
        }
    }
}

} // namespace audin::gui
