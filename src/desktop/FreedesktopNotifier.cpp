// SPDX-License-Identifier: GPL-3.0-or-later
#include "FreedesktopNotifier.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusServiceWatcher>
#include <QLoggingCategory>
#include <QVariantMap>
#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcAudinNotify, "audin.desktop.notifications")

namespace audin::desktop {

namespace {
const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString Interface = QStringLiteral("org.freedesktop.Notifications");
const QString BusService = QStringLiteral("org.freedesktop.DBus");
const QString BusPath = QStringLiteral("/org/freedesktop/DBus");

// packaging/linux/ai.audin.Softphone.desktop: its Icon= and its basename. The desktop entry lets the
// server group our notifications and apply the user's per-application notification settings.
const QString AppName = QStringLiteral("Audin Softphone");
const QString DesktopEntry = QStringLiteral("ai.audin.Softphone");

uchar urgencyByte(DesktopNotification::Urgency urgency)
{
    switch (urgency) {
    case DesktopNotification::Urgency::Low:
        return 0;
    case DesktopNotification::Urgency::Normal:
        return 1;
    case DesktopNotification::Urgency::Critical:
        return 2;
    }
    return 1;
}

// The call categories came with version 1.3 of the specification (2024); servers that predate them
// ignore a category they do not know, which is why no x-audin.* category is needed.
QString category(DesktopNotification::Kind kind)
{
    switch (kind) {
    case DesktopNotification::Kind::IncomingCall:
        return QStringLiteral("call.incoming");
    case DesktopNotification::Kind::CallTaken:
        return QStringLiteral("call.ended");
    case DesktopNotification::Kind::MissedCall:
        return QStringLiteral("call.unanswered");
    }
    return QStringLiteral("call");
}

// Only the three characters the specification's markup subset needs; toHtmlEscaped() would also turn
// quotes into &quot;, which some servers show literally.
QString escapeMarkup(QString text)
{
    text.replace(QLatin1Char('&'), QLatin1String("&amp;"));
    text.replace(QLatin1Char('<'), QLatin1String("&lt;"));
    text.replace(QLatin1Char('>'), QLatin1String("&gt;"));
    return text;
}

bool isError(const QDBusMessage &reply)
{
    return reply.type() != QDBusMessage::ReplyMessage;
}
} // namespace

FreedesktopNotifier::FreedesktopNotifier(const QDBusConnection &bus, Activation activation, QObject *parent)
    : DesktopNotifier(parent)
    , m_bus(bus)
    , m_activation(activation)
{
    auto *watcher = new QDBusServiceWatcher(Service, m_bus, QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(watcher, &QDBusServiceWatcher::serviceOwnerChanged, this,
            [this](const QString &, const QString &, const QString &newOwner) { setOwner(newOwner); });
    // No sender in the match: the owner is checked per signal (handleForSignal), which needs no blocking
    // GetNameOwner call of the kind QDBusConnection::connect() makes for a well-known name.
    const bool listening = m_bus.connect(QString(), Path, Interface, QStringLiteral("ActionInvoked"), this,
                                         SLOT(onActionInvoked(uint, QString, QDBusMessage)))
        && m_bus.connect(QString(), Path, Interface, QStringLiteral("NotificationClosed"), this,
                         SLOT(onNotificationClosed(uint, uint, QDBusMessage)));
    if (!listening && m_bus.isConnected())
        qCWarning(lcAudinNotify) << "cannot listen to the notification server's signals";
    queryNameOwner();
    if (m_activation == Activation::Allowed)
        queryActivatable();
}

FreedesktopNotifier::~FreedesktopNotifier() = default;

bool FreedesktopNotifier::isAvailable() const
{
    return m_available;
}

bool FreedesktopNotifier::supportsActions() const
{
    return m_capabilities.contains(QLatin1String("actions"));
}

QDBusMessage FreedesktopNotifier::methodCall(const QString &method) const
{
    QDBusMessage call = QDBusMessage::createMethodCall(Service, Path, Interface, method);
    call.setAutoStartService(m_activation == Activation::Allowed);
    return call;
}

void FreedesktopNotifier::callAsync(const QDBusMessage &call, std::function<void(const QDBusMessage &)> done)
{
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [done = std::move(done)](QDBusPendingCallWatcher *finished) {
                finished->deleteLater();
                done(finished->reply());
            });
}

void FreedesktopNotifier::queryNameOwner()
{
    QDBusMessage call = QDBusMessage::createMethodCall(BusService, BusPath, BusService, QStringLiteral("GetNameOwner"));
    call << Service;
    // The bus sends this reply and NameOwnerChanged in the order things happened, so whichever arrives
    // last is the current owner.
    callAsync(call, [this](const QDBusMessage &reply) {
        setOwner(isError(reply) || reply.arguments().isEmpty() ? QString() : reply.arguments().constFirst().toString());
    });
}

void FreedesktopNotifier::queryActivatable()
{
    const QDBusMessage call
        = QDBusMessage::createMethodCall(BusService, BusPath, BusService, QStringLiteral("ListActivatableNames"));
    callAsync(call, [this](const QDBusMessage &reply) {
        m_activatable = !isError(reply) && !reply.arguments().isEmpty()
            && reply.arguments().constFirst().toStringList().contains(Service);
        // Started now rather than by the first incoming call, so that call already knows whether the
        // server has buttons. Only once: a daemon that keeps crashing must not be restarted in a loop.
        if (m_activatable && m_owner.isEmpty())
            queryCapabilities();
        updateAvailability();
    });
}

void FreedesktopNotifier::queryCapabilities()
{
    const quint64 generation = m_serverGeneration;
    callAsync(methodCall(QStringLiteral("GetCapabilities")), [this, generation](const QDBusMessage &reply) {
        if (generation != m_serverGeneration)
            return; // asked a daemon that has gone since
        if (isError(reply) || reply.arguments().isEmpty()) {
            qCInfo(lcAudinNotify) << "GetCapabilities failed:" << reply.errorName() << reply.errorMessage();
            if (m_owner.isEmpty()) {
                m_activationFailed = true; // installed, but it could not be started (no display?)
                updateAvailability();
            }
            return;
        }
        m_capabilities = reply.arguments().constFirst().toStringList();
        emit capabilitiesChanged(m_capabilities);
    });
}

void FreedesktopNotifier::setOwner(const QString &owner)
{
    if (owner == m_owner)
        return;
    if (!m_owner.isEmpty())
        forgetServer();
    m_owner = owner;
    if (!m_owner.isEmpty()) {
        m_activationFailed = false;
        queryCapabilities();
    }
    updateAvailability();
}

void FreedesktopNotifier::updateAvailability()
{
    const bool startable = m_activation == Activation::Allowed && m_activatable && !m_activationFailed;
    const bool available = !m_owner.isEmpty() || startable;
    if (available == m_available)
        return;
    m_available = available;
    emit availabilityChanged(available);
}

void FreedesktopNotifier::forgetServer()
{
    // Its notifications went with it, and its ids mean nothing to the next daemon (which may well start
    // counting at 1 again). Replies still on their way are dropped by their request numbers.
    ++m_serverGeneration;
    m_capabilities.clear();
    QList<quint32> gone;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (it->live)
            gone << it.key();
    }
    m_entries.clear();
    m_handleByServerId.clear();
    std::sort(gone.begin(), gone.end());
    for (quint32 handle : std::as_const(gone))
        emit closed(handle);
}

quint32 FreedesktopNotifier::show(const DesktopNotification &notification, quint32 replaces)
{
    // Only a handle this object gave out is kept (even if that notification has gone since), so a handle
    // never stands for two notifications at once.
    const quint32 handle = replaces != 0 && replaces < m_nextHandle ? replaces : m_nextHandle++;
    Entry &entry = m_entries[handle];
    entry.live = true;
    if (entry.request != 0) {
        // The server id to replace is not known yet: sent when the reply brings it.
        entry.next = notification;
        return handle;
    }
    sendNotify(handle, notification);
    return handle;
}

void FreedesktopNotifier::sendNotify(quint32 handle, const DesktopNotification &notification)
{
    Entry &entry = m_entries[handle];
    QStringList actions;
    if (supportsActions()) {
        for (const DesktopNotification::Action &action : notification.actions)
            actions << action.key << action.label;
    }
    QVariantMap hints;
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(urgencyByte(notification.urgency)));
    hints.insert(QStringLiteral("category"), category(notification.kind));
    hints.insert(QStringLiteral("desktop-entry"), DesktopEntry);
    if (notification.urgency == DesktopNotification::Urgency::Critical) {
        // Gone once the operator chose Answer or Decline, instead of staying until we close it.
        hints.insert(QStringLiteral("resident"), false);
    }
    if (notification.kind == DesktopNotification::Kind::IncomingCall) {
        // The ringtone already plays on the operator's chosen ringer device.
        hints.insert(QStringLiteral("suppress-sound"), true);
    }
    // Servers without body-markup show text as it is; the others would read a "<" in a name as a tag.
    const bool markup = m_capabilities.isEmpty() || m_capabilities.contains(QLatin1String("body-markup"));
    QDBusMessage call = methodCall(QStringLiteral("Notify"));
    call << AppName << entry.serverId << m_appIcon << notification.title
         << (markup ? escapeMarkup(notification.body) : notification.body) << actions << hints
         << qint32(notification.timeoutMs);
    const quint64 request = m_nextRequest++;
    entry.request = request;
    callAsync(call, [this, handle, request](const QDBusMessage &reply) { onNotifyReply(handle, request, reply); });
}

void FreedesktopNotifier::onNotifyReply(quint32 handle, quint64 request, const QDBusMessage &reply)
{
    auto it = m_entries.find(handle);
    if (it == m_entries.end() || it->request != request)
        return; // the server went away meanwhile
    it->request = 0;
    if (isError(reply) || reply.arguments().isEmpty()) {
        qCWarning(lcAudinNotify) << "Notify failed:" << reply.errorName() << reply.errorMessage();
        if (m_owner.isEmpty() && !m_activationFailed) {
            m_activationFailed = true;
            updateAvailability();
        }
        const bool live = it->live;
        m_handleByServerId.remove(it->serverId);
        m_entries.erase(it);
        if (live)
            emit closed(handle); // never shown: for the caller it is gone
        return;
    }
    const quint32 serverId = reply.arguments().constFirst().toUInt();
    if (it->serverId != 0 && it->serverId != serverId)
        m_handleByServerId.remove(it->serverId);
    it->serverId = serverId;
    m_handleByServerId.insert(serverId, handle);
    if (it->next) {
        const DesktopNotification next = *it->next;
        it->next.reset();
        sendNotify(handle, next);
    } else if (!it->live) {
        m_handleByServerId.remove(serverId);
        m_entries.erase(it);
        closeOnServer(serverId);
    }
}

void FreedesktopNotifier::close(quint32 handle)
{
    auto it = m_entries.find(handle);
    if (it == m_entries.end() || !it->live)
        return;
    it->live = false;
    it->next.reset();
    if (it->request == 0) {
        const quint32 serverId = it->serverId;
        m_handleByServerId.remove(serverId);
        m_entries.erase(it);
        if (serverId != 0)
            closeOnServer(serverId);
    } // else closed on the server when the Notify reply tells its id
    emit closed(handle);
}

void FreedesktopNotifier::closeOnServer(quint32 serverId)
{
    QDBusMessage call = methodCall(QStringLiteral("CloseNotification"));
    call << serverId;
    callAsync(call, [](const QDBusMessage &reply) {
        if (isError(reply))
            qCInfo(lcAudinNotify) << "CloseNotification failed:" << reply.errorName() << reply.errorMessage();
    });
}

quint32 FreedesktopNotifier::handleForSignal(uint id, const QDBusMessage &message) const
{
    // The signals are broadcast: other applications' notifications, and a daemon that is not the one
    // we talk to, must not reach our handles.
    if (m_owner.isEmpty() || message.service() != m_owner)
        return 0;
    return m_handleByServerId.value(id);
}

void FreedesktopNotifier::onActionInvoked(uint id, const QString &actionKey, const QDBusMessage &message)
{
    const quint32 handle = handleForSignal(id, message);
    if (handle == 0 || !m_entries.value(handle).live)
        return;
    emit actionInvoked(handle, actionKey);
}

void FreedesktopNotifier::onNotificationClosed(uint id, uint reason, const QDBusMessage &message)
{
    Q_UNUSED(reason) // expired, dismissed or closed by us: all the same to the caller
    const quint32 handle = handleForSignal(id, message);
    if (handle == 0)
        return;
    m_handleByServerId.remove(id);
    auto it = m_entries.find(handle);
    if (it == m_entries.end())
        return;
    if (it->request != 0) {
        // A replacement is on its way; the server shows it as a new notification.
        it->serverId = 0;
        return;
    }
    const bool live = it->live;
    m_entries.erase(it);
    if (live)
        emit closed(handle);
}

} // namespace audin::desktop
