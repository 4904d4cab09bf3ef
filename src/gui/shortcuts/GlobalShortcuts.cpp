// SPDX-License-Identifier: GPL-3.0-or-later
#include "GlobalShortcuts.h"

#include <QGuiApplication>
#include <QMetaEnum>

#if defined(AUDIN_HAVE_X11_SHORTCUTS)
#include "X11GlobalShortcuts.h"
#endif
#if defined(AUDIN_HAVE_PORTAL_SHORTCUTS)
#include "PortalGlobalShortcuts.h"
#endif
#if defined(AUDIN_HAVE_WIN_SHORTCUTS)
#include "WinGlobalShortcuts.h"
#endif
#if defined(AUDIN_HAVE_MAC_SHORTCUTS)
#include "MacGlobalShortcuts.h"
#endif

namespace audin::gui {

namespace {

/** Where the platform has no way to grab keys: every bind() explains why. */
class UnsupportedGlobalShortcuts final : public GlobalShortcuts
{
public:
    UnsupportedGlobalShortcuts(QString reason, QObject *parent)
        : GlobalShortcuts(parent)
        , m_reason(std::move(reason))
    {
    }

    bool isSupported() const override { return false; }
    QString unsupportedReason() const override { return m_reason; }
    bool bind(Action, const QKeySequence &key, QString *error) override
    {
        // Removing a key that cannot have been bound is not an error: settings clear keys unconditionally.
        return key.isEmpty() || fail(error, m_reason);
    }
    QKeySequence binding(Action) const override { return {}; }

private:
    QString m_reason;
};

} // namespace

GlobalShortcuts::GlobalShortcuts(QObject *parent)
    : QObject(parent)
{
}

GlobalShortcuts::~GlobalShortcuts() = default;

std::unique_ptr<GlobalShortcuts> GlobalShortcuts::create(QObject *parent)
{
    return createFor(QGuiApplication::platformName(), parent);
}

std::unique_ptr<GlobalShortcuts> GlobalShortcuts::createFor(const QString &platformName, QObject *parent)
{
#if defined(AUDIN_HAVE_WIN_SHORTCUTS)
    if (platformName == QLatin1String("windows"))
        return std::make_unique<WinGlobalShortcuts>(parent);
#endif
#if defined(AUDIN_HAVE_MAC_SHORTCUTS)
    if (platformName == QLatin1String("cocoa"))
        return std::make_unique<MacGlobalShortcuts>(parent);
#endif
    if (platformName == QLatin1String("xcb")) {
#if defined(AUDIN_HAVE_X11_SHORTCUTS)
        return std::make_unique<X11GlobalShortcuts>(parent);
#else
        return std::make_unique<UnsupportedGlobalShortcuts>(
            tr("This build of Audin cannot use system-wide shortcuts on X11 (it was built without libxcb-keysyms)."),
            parent);
#endif
    }
    // "wayland", or "wayland-egl" and the like when chosen explicitly.
    if (platformName.startsWith(QLatin1String("wayland"))) {
#if defined(AUDIN_HAVE_PORTAL_SHORTCUTS)
        return std::make_unique<PortalGlobalShortcuts>(parent);
#else
        return std::make_unique<UnsupportedGlobalShortcuts>(
            tr("This desktop (Wayland) does not let applications use system-wide shortcuts."), parent);
#endif
    }
    return std::make_unique<UnsupportedGlobalShortcuts>(
        tr("This platform (%1) does not let applications use system-wide shortcuts.").arg(platformName), parent);
}

QString GlobalShortcuts::actionText(Action action)
{
    switch (action) {
    case Action::Answer:
        return tr("Answer the ringing call");
    case Action::Decline:
        return tr("Decline the ringing call");
    case Action::HangUp:
        return tr("Hang up");
    case Action::ToggleMute:
        return tr("Mute or unmute the microphone");
    case Action::AnswerOrHangUp:
        return tr("Answer or hang up");
    case Action::SilenceRinger:
        return tr("Silence the ringer");
    }
    return {};
}

QString GlobalShortcuts::actionName(Action action)
{
    return QString::fromLatin1(QMetaEnum::fromType<Action>().valueToKey(int(action)));
}

bool GlobalShortcuts::checkKey(const QKeySequence &key, QString *error)
{
    if (key.count() != 1)
        return fail(error,
                    tr("%1 is more than one key combination; a system-wide shortcut must be a single "
                       "combination such as Ctrl+Alt+A.")
                        .arg(keyText(key)));
    const QKeyCombination combination = key[0];
    const Qt::KeyboardModifiers modifiers = combination.keyboardModifiers();
    // Keypad keys change meaning with Num Lock; none of the platforms grabs them reliably.
    if (modifiers & Qt::KeypadModifier)
        return fail(error, unusableKeyError(key));
    // Below Key_F1 are the keys that type or edit (letters, digits, Space, Return, arrows…). Grabbed bare,
    // they would stop working in every other program; function, media and phone keys are fine alone.
    const bool typingKey = combination.key() < Qt::Key_F1;
    if (typingKey && !(modifiers & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)))
        return fail(error,
                    tr("%1 needs Ctrl, Alt or Meta: on its own it would take the key away from every other "
                       "application.")
                        .arg(keyText(key)));
    return true;
}

QString GlobalShortcuts::keyText(const QKeySequence &key)
{
    return key.toString(QKeySequence::NativeText);
}

QString GlobalShortcuts::takenError(const QKeySequence &key)
{
    return tr("%1 is already used by another application.").arg(keyText(key));
}

QString GlobalShortcuts::unusableKeyError(const QKeySequence &key)
{
    return tr("%1 cannot be used as a system-wide shortcut.").arg(keyText(key));
}

QString GlobalShortcuts::notOnKeyboardError(const QKeySequence &key)
{
    return tr("%1 cannot be used as a system-wide shortcut: that key is not on this keyboard.").arg(keyText(key));
}

QString GlobalShortcuts::duplicateError(const QKeySequence &key, Action owner)
{
    return tr("%1 is already the shortcut for “%2”.").arg(keyText(key), actionText(owner));
}

QString GlobalShortcuts::failedError(const QKeySequence &key, const QString &detail)
{
    return tr("%1 could not be set up as a system-wide shortcut (%2).").arg(keyText(key), detail);
}

bool GlobalShortcuts::fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace audin::gui
