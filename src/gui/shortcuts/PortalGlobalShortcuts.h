// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "GlobalShortcuts.h"

#include <QDBusConnection>
#include <QMap>
#include <QVariantMap>

class QDBusMessage;
class QDBusPendingCallWatcher;

namespace audin::gui {

/**
 * System-wide shortcuts on Wayland, where applications cannot grab keys: the xdg-desktop-portal
 * GlobalShortcuts interface (org.freedesktop.portal.GlobalShortcuts). Whether the portal has it is asked
 * once, asynchronously, at construction (its `version` property); until the answer isSupported() is false
 * and supportChanged() follows. Portals before 1.17, Debian 12's among them, do not have it.
 *
 * The portal, not the application, decides: bind() only records the wish and returns true; the keys are
 * handed over in one session (a new one whenever they change, since a session binds once), the desktop may
 * ask the user to confirm or pick other keys, and a refusal arrives as bindingFailed(). Nothing blocks.
 */
class PortalGlobalShortcuts : public GlobalShortcuts
{
    Q_OBJECT
public:
    /** Talks to the portal on the session bus. */
    explicit PortalGlobalShortcuts(QObject *parent = nullptr);
    /** Talks to the portal on `bus` (tests may pass a private bus). */
    explicit PortalGlobalShortcuts(const QDBusConnection &bus, QObject *parent = nullptr);
    ~PortalGlobalShortcuts() override;

    /** True until the portal answered whether it offers global shortcuts. */
    bool isChecking() const { return m_support == Support::Checking; }

    bool isSupported() const override;
    QString unsupportedReason() const override;
    bool bind(Action action, const QKeySequence &key, QString *error) override;
    QKeySequence binding(Action action) const override;

private slots:
    // QtDBus connects D-Bus signals to slots by signature only (no pointer-to-member form in Qt 6.4).
    void onSessionCreated(uint response, const QVariantMap &results);
    void onShortcutsBound(uint response, const QVariantMap &results);
    void onActivated(const QDBusMessage &message);

private:
    enum class Support
    {
        Checking,
        Supported,
        Unsupported
    };

    void versionReceived(QDBusPendingCallWatcher *watcher);
    void setUnsupported(const QString &reason);
    void scheduleSession();
    void openSession();
    void bindShortcuts();
    void closeSession();
    void requestFailed(const QString &error);
    /** Subscribes `slot` to the Response of the request `handleToken` will create, before it is made. */
    QString watchRequest(const QString &handleToken, const char *slot);
    void unwatchRequest(const char *slot);
    /** Sends a portal request and follows its Response to `slot`, also when the portal picks the path. */
    void sendRequest(const QDBusMessage &call, const char *slot);
    static QString nextToken();

    QDBusConnection m_bus;
    Support m_support = Support::Checking;
    QString m_reason;
    QMap<Action, QKeySequence> m_bindings;
    QString m_session; ///< object path of the open session; empty when none
    QString m_request; ///< object path of the request whose Response is awaited; empty when none
    bool m_sessionScheduled = false;
    bool m_sessionStale = false; ///< bindings changed while a request was under way
};

} // namespace audin::gui
