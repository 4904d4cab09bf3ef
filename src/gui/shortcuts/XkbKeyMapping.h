// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QKeyCombination>
#include <QString>
#include <QtGlobal>
#include <optional>

namespace audin::gui {

/** The core X11 modifier bits a shortcut can use (X11/X.h: ShiftMask, ControlMask, Mod1Mask, Mod4Mask). */
namespace XModifier {
constexpr quint16 Shift = 0x0001;
constexpr quint16 Lock = 0x0002;
constexpr quint16 Control = 0x0004;
constexpr quint16 Mod1 = 0x0008; ///< Alt
constexpr quint16 Mod2 = 0x0010; ///< Num Lock on usual keymaps
constexpr quint16 Mod4 = 0x0040; ///< Super, Qt's Meta
/** The modifiers a shortcut is made of; everything else (locks, Mod5, buttons) is ignored when matching. */
constexpr quint16 ShortcutMask = Shift | Control | Mod1 | Mod4;
} // namespace XModifier

/** A key combination as X11 sees it: which symbol, with which modifiers held. */
struct XkbKey
{
    quint32 keysym = 0; ///< X keysym (X11/keysymdef.h, XF86keysym.h)
    quint16 modifiers = 0; ///< XModifier bits
};

/**
 * The keysym and X modifier mask of `combination` (Ctrl+Alt+A → `a`, Control|Mod1). Covers letters,
 * digits, F1–F35, Return, Enter (keypad), Space, editing and arrow keys, and the media and phone keys
 * Qt knows (MicMute → XF86AudioMicMute, Phone, Call/Hangup → XF86PickupPhone/XF86HangupPhone). Empty
 * for other keys and for keypad combinations. Pure: no display needed.
 */
std::optional<XkbKey> xkbKeyFor(QKeyCombination combination);

/** The xkb name of a keysym xkbKeyFor() returns ("a", "Return", "XF86AudioMicMute"); empty otherwise. */
QString xkbKeysymName(quint32 keysym);

/**
 * `combination` as a trigger of the XDG shortcuts specification, which the portal takes as
 * "preferred_trigger": "CTRL+ALT+a", "LOGO+SHIFT+F5". Empty when the key has no keysym here.
 */
QString xdgShortcutTrigger(QKeyCombination combination);

} // namespace audin::gui
