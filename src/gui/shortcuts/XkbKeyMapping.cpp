// SPDX-License-Identifier: GPL-3.0-or-later
#include "XkbKeyMapping.h"

#include <QStringList>

namespace audin::gui {

namespace {

struct NamedKey
{
    Qt::Key key;
    quint32 keysym;
    const char *name;
};

// Values from X11/keysymdef.h and X11/XF86keysym.h (written out: the mapping needs no X11 headers). Where
// Qt has two keys for one symbol (MediaPlay / MediaTogglePlayPause, Phone / ToggleCallHangup), both map to
// it: X11 keyboards send XF86AudioPlay and XF86Phone for either.
constexpr NamedKey NamedKeys[] = {
    {Qt::Key_Return, 0xff0d, "Return"},
    {Qt::Key_Enter, 0xff8d, "KP_Enter"},
    {Qt::Key_Space, 0x0020, "space"},
    {Qt::Key_Escape, 0xff1b, "Escape"},
    {Qt::Key_Tab, 0xff09, "Tab"},
    {Qt::Key_Backspace, 0xff08, "BackSpace"},
    {Qt::Key_Insert, 0xff63, "Insert"},
    {Qt::Key_Delete, 0xffff, "Delete"},
    {Qt::Key_Pause, 0xff13, "Pause"},
    {Qt::Key_Print, 0xff61, "Print"},
    {Qt::Key_Home, 0xff50, "Home"},
    {Qt::Key_End, 0xff57, "End"},
    {Qt::Key_Left, 0xff51, "Left"},
    {Qt::Key_Up, 0xff52, "Up"},
    {Qt::Key_Right, 0xff53, "Right"},
    {Qt::Key_Down, 0xff54, "Down"},
    {Qt::Key_PageUp, 0xff55, "Prior"},
    {Qt::Key_PageDown, 0xff56, "Next"},
    {Qt::Key_Menu, 0xff67, "Menu"},
    {Qt::Key_VolumeDown, 0x1008ff11, "XF86AudioLowerVolume"},
    {Qt::Key_VolumeMute, 0x1008ff12, "XF86AudioMute"},
    {Qt::Key_VolumeUp, 0x1008ff13, "XF86AudioRaiseVolume"},
    {Qt::Key_MediaPlay, 0x1008ff14, "XF86AudioPlay"},
    {Qt::Key_MediaTogglePlayPause, 0x1008ff14, "XF86AudioPlay"},
    {Qt::Key_MediaStop, 0x1008ff15, "XF86AudioStop"},
    {Qt::Key_MediaPrevious, 0x1008ff16, "XF86AudioPrev"},
    {Qt::Key_MediaNext, 0x1008ff17, "XF86AudioNext"},
    {Qt::Key_MediaRecord, 0x1008ff1c, "XF86AudioRecord"},
    {Qt::Key_MediaPause, 0x1008ff31, "XF86AudioPause"},
    {Qt::Key_MicMute, 0x1008ffb2, "XF86AudioMicMute"},
    {Qt::Key_Phone, 0x1008ff6e, "XF86Phone"},
    {Qt::Key_ToggleCallHangup, 0x1008ff6e, "XF86Phone"},
    // Linux 5.10 KEY_PICKUP_PHONE / KEY_HANGUP_PHONE (XF86keysym.h _EVDEVK(0x1bd), _EVDEVK(0x1be)); only newer
    // keymaps give them a keycode.
    {Qt::Key_Call, 0x100811bd, "XF86PickupPhone"},
    {Qt::Key_Hangup, 0x100811be, "XF86HangupPhone"},
};

constexpr quint32 KeysymF1 = 0xffbe;
constexpr int FunctionKeyCount = 35;

std::optional<quint32> keysymFor(Qt::Key key)
{
    if (key >= Qt::Key_A && key <= Qt::Key_Z)
        return quint32(key - Qt::Key_A) + 'a'; // lower case: the unshifted symbol on the key
    if (key >= Qt::Key_0 && key <= Qt::Key_9)
        return quint32(key);
    if (key >= Qt::Key_F1 && key <= Qt::Key_F35)
        return KeysymF1 + quint32(key - Qt::Key_F1);
    for (const NamedKey &named : NamedKeys) {
        if (named.key == key)
            return named.keysym;
    }
    return std::nullopt;
}

} // namespace

std::optional<XkbKey> xkbKeyFor(QKeyCombination combination)
{
    const Qt::KeyboardModifiers modifiers = combination.keyboardModifiers();
    if (modifiers & Qt::KeypadModifier)
        return std::nullopt;
    const std::optional<quint32> keysym = keysymFor(combination.key());
    if (!keysym)
        return std::nullopt;
    XkbKey result;
    result.keysym = *keysym;
    if (modifiers & Qt::ShiftModifier)
        result.modifiers |= XModifier::Shift;
    if (modifiers & Qt::ControlModifier)
        result.modifiers |= XModifier::Control;
    if (modifiers & Qt::AltModifier)
        result.modifiers |= XModifier::Mod1;
    if (modifiers & Qt::MetaModifier)
        result.modifiers |= XModifier::Mod4;
    return result;
}

QString xkbKeysymName(quint32 keysym)
{
    if ((keysym >= 'a' && keysym <= 'z') || (keysym >= '0' && keysym <= '9'))
        return QString(QChar(char16_t(keysym)));
    if (keysym >= KeysymF1 && keysym < KeysymF1 + FunctionKeyCount)
        return QStringLiteral("F%1").arg(keysym - KeysymF1 + 1);
    for (const NamedKey &named : NamedKeys) {
        if (named.keysym == keysym)
            return QString::fromLatin1(named.name);
    }
    return {};
}

QString xdgShortcutTrigger(QKeyCombination combination)
{
    const std::optional<XkbKey> key = xkbKeyFor(combination);
    if (!key)
        return {};
    QStringList parts;
    if (key->modifiers & XModifier::Control)
        parts << QStringLiteral("CTRL");
    if (key->modifiers & XModifier::Mod1)
        parts << QStringLiteral("ALT");
    if (key->modifiers & XModifier::Shift)
        parts << QStringLiteral("SHIFT");
    if (key->modifiers & XModifier::Mod4)
        parts << QStringLiteral("LOGO");
    parts << xkbKeysymName(key->keysym);
    return parts.join(QLatin1Char('+'));
}

} // namespace audin::gui
