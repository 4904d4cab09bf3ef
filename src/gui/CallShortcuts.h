// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "GlobalShortcuts.h"

#include <QHash>
#include <QObject>
#include <memory>

namespace audin {
class CallController;
namespace desktop {
class AppSettings;
class DesktopSession;
} // namespace desktop
} // namespace audin

namespace audin::gui {

/**
 * The system-wide call shortcuts: binds the keys in the settings (again whenever they change), turns a
 * press into the session's call action, and keeps what went wrong per action (a key another program
 * holds) for the settings page and the banner. While a call is in progress it also takes the keyboard's
 * microphone-mute key, so that key mutes the call; it gives it back to the desktop afterwards.
 */
class CallShortcuts : public QObject
{
    Q_OBJECT
public:
    using Action = GlobalShortcuts::Action;

    /** `keys` and `micMuteKey` come from GlobalShortcuts::create() (tests pass their own). */
    CallShortcuts(desktop::DesktopSession *session, desktop::AppSettings *settings,
                  std::unique_ptr<GlobalShortcuts> keys, std::unique_ptr<GlobalShortcuts> micMuteKey,
                  QObject *parent = nullptr);
    ~CallShortcuts() override;

    /** The actions whose key can be chosen, in the order the settings page lists them. */
    static QList<Action> configurableActions();
    /** The settings key that stores `action`'s shortcut. */
    static const char *settingsKey(Action action);

    bool isSupported() const;
    QString unsupportedReason() const;
    /** Why `action`'s configured key does not work now; empty when it does (or none is set). */
    QString problem(Action action) const;
    /** Checks a key the operator is about to choose, without keeping it: empty, or why not. */
    QString tryKey(Action action, const QKeySequence &key);
    /** Whether the microphone-mute key is held now (only during a call, when no one else holds it). */
    bool holdsMicMuteKey() const;
    GlobalShortcuts *keys() const { return m_keys.get(); }

    /** Binds every configured key again (after the settings changed, or a program let a key go). */
    void apply();

signals:
    /** A configured key does not work (or works again: text empty), for the banner. */
    void problemChanged(audin::gui::GlobalShortcuts::Action action, const QString &text);

private:
    void trigger(Action action);
    void updateMicMuteKey();
    void setProblem(Action action, const QString &text);

    desktop::DesktopSession *m_session;
    desktop::AppSettings *m_settings;
    std::unique_ptr<GlobalShortcuts> m_keys;
    std::unique_ptr<GlobalShortcuts> m_micMute;
    QHash<int, QString> m_problems;
    bool m_holdsMicMute = false;
};

} // namespace audin::gui
