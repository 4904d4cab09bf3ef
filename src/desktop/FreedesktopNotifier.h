// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DesktopNotifier.h"

#include <QDBusConnection>
#include <QHash>
#include <QStringList>
#include <functional>
#include <optional>

class QDBusMessage;

namespace audin::desktop {

/**
 * Desktop notifications through the freedesktop Notifications service (org.freedesktop.Notifications
 * on the session bus: GNOME Shell, Plasma, dunst, xfce4-notifyd...). Every call to the bus is
 * asynchronous, so a hung notification daemon never blocks the caller. Availability follows the daemon
 * as it stops and starts; when it goes away, its notifications count as closed.
 */
class FreedesktopNotifier : public DesktopNotifier
{
    Q_OBJECT
public:
    /** Whether a daemon that is installed but not running counts as available (the bus starts it). */
    enum class Activation
    {
        Allowed,
        RunningOnly, ///< only a daemon that owns the name now (tests: no daemon gets started)
    };

    /** Starts watching the service on `bus` at once; isAvailable() is false until the bus has answered. */
    explicit FreedesktopNotifier(const QDBusConnection &bus = QDBusConnection::sessionBus(),
                                 Activation activation = Activation::Allowed, QObject *parent = nullptr);
    ~FreedesktopNotifier() override;

    /**
     * The icon the server shows: a theme icon name (the installed app's, by default) or an absolute
     * path to an image file (a build that is not installed, whose icon the theme does not know).
     */
    void setAppIcon(const QString &nameOrPath) { m_appIcon = nameOrPath; }
    QString appIcon() const { return m_appIcon; }

    bool isAvailable() const override;
    bool supportsActions() const override;
    quint32 show(const DesktopNotification &notification, quint32 replaces = 0) override;
    void close(quint32 handle) override;

    /** The server's capabilities (GetCapabilities), empty until it has answered. */
    QStringList capabilities() const { return m_capabilities; }

signals:
    /** isAvailable() changed. */
    void availabilityChanged(bool available);
    /** A (new) server told its capabilities. */
    void capabilitiesChanged(const QStringList &capabilities);

private slots:
    // Slots because QDBusConnection::connect() takes only SLOT() strings for bus signals.
    void onActionInvoked(uint id, const QString &actionKey, const QDBusMessage &message);
    void onNotificationClosed(uint id, uint reason, const QDBusMessage &message);

private:
    struct Entry
    {
        quint32 serverId = 0; // 0 until the Notify reply arrives
        quint64 request = 0; // the Notify in flight, 0 when none
        bool live = true; // false once close() was called: only waiting to close it on the server
        std::optional<DesktopNotification> next; // a replacement asked for while a Notify was in flight
    };

    void queryNameOwner();
    void queryActivatable();
    void queryCapabilities();
    void setOwner(const QString &owner);
    void updateAvailability();
    void forgetServer();
    void sendNotify(quint32 handle, const DesktopNotification &notification);
    void onNotifyReply(quint32 handle, quint64 request, const QDBusMessage &reply);
    void closeOnServer(quint32 serverId);
    quint32 handleForSignal(uint id, const QDBusMessage &message) const;
    QDBusMessage methodCall(const QString &method) const;
    void callAsync(const QDBusMessage &call, std::function<void(const QDBusMessage &reply)> done);

    QDBusConnection m_bus;
    Activation m_activation;
    QString m_owner; // unique bus name of the daemon, empty when none runs
    bool m_activatable = false;
    bool m_activationFailed = false;
    bool m_available = false;
    QStringList m_capabilities;
    quint64 m_serverGeneration = 1; // bumped when the daemon goes away: older replies are dropped
    quint64 m_nextRequest = 1;
    quint32 m_nextHandle = 1;
    QHash<quint32, Entry> m_entries; // by handle
    QHash<quint32, quint32> m_handleByServerId;
    QString m_appIcon = QStringLiteral("ai.audin.Softphone");
};

} // namespace audin::desktop
