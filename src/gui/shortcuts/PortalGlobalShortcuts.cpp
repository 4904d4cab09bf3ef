// SPDX-License-Identifier: GPL-3.0-or-later
#include "PortalGlobalShortcuts.h"

#include "XkbKeyMapping.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QMetaEnum>
#include <QTimer>
#include <atomic>
#include <utility>

namespace audin::gui {

/** One entry of BindShortcuts' a(sa{sv}): the shortcut's id and its description and preferred trigger. */
struct PortalShortcut
{
    QString id;
    QVariantMap properties;
};

QDBusArgument &operator<<(QDBusArgument &argument, const PortalShortcut &shortcut)
{
    argument.beginStructure();
    argument << shortcut.id << shortcut.properties;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, PortalShortcut &shortcut)
{
    argument.beginStructure();
    argument >> shortcut.id >> shortcut.properties;
    argument.endStructure();
    return argument;
}

} // namespace audin::gui

Q_DECLARE_METATYPE(audin::gui::PortalShortcut)

namespace audin::gui {

namespace {

const QString PortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString PortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString ShortcutsInterface = QStringLiteral("org.freedesktop.portal.GlobalShortcuts");
const QString RequestInterface = QStringLiteral("org.freedesktop.portal.Request");
const QString SessionInterface = QStringLiteral("org.freedesktop.portal.Session");
const QString Response = QStringLiteral("Response");
constexpr uint ResponseSuccess = 0;

void registerDBusTypes()
{
    static const bool registered = [] {
        qDBusRegisterMetaType<PortalShortcut>();
        qDBusRegisterMetaType<QList<PortalShortcut>>();
        return true;
    }();
    Q_UNUSED(registered);
}

QDBusMessage portalCall(const QString &method)
{
    return QDBusMessage::createMethodCall(PortalService, PortalPath, ShortcutsInterface, method);
}

} // namespace

PortalGlobalShortcuts::PortalGlobalShortcuts(QObject *parent)
    : PortalGlobalShortcuts(QDBusConnection::sessionBus(), parent)
{
}

PortalGlobalShortcuts::PortalGlobalShortcuts(const QDBusConnection &bus, QObject *parent)
    : GlobalShortcuts(parent)
    , m_bus(bus)
{
    registerDBusTypes();
    if (!m_bus.isConnected()) {
        m_support = Support::Unsupported;
        m_reason = tr("This desktop (Wayland) does not let applications use system-wide shortcuts: there is no "
                      "D-Bus session to reach its portal.");
        return;
    }
    m_bus.connect(PortalService, PortalPath, ShortcutsInterface, QStringLiteral("Activated"), this,
                  SLOT(onActivated(QDBusMessage)));
    QDBusMessage get = QDBusMessage::createMethodCall(
        PortalService, PortalPath, QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << ShortcutsInterface << QStringLiteral("version");
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(get), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, &PortalGlobalShortcuts::versionReceived);
}

PortalGlobalShortcuts::~PortalGlobalShortcuts()
{
    closeSession();
}

bool PortalGlobalShortcuts::isSupported() const
{
    return m_support == Support::Supported;
}

QString PortalGlobalShortcuts::unsupportedReason() const
{
    switch (m_support) {
    case Support::Checking:
        return tr("Checking whether this desktop offers system-wide shortcuts…");
    case Support::Supported:
        return {};
    case Support::Unsupported:
        return m_reason;
    }
    return {};
}

bool PortalGlobalShortcuts::bind(Action action, const QKeySequence &key, QString *error)
{
    if (m_support == Support::Unsupported)
        return key.isEmpty() || fail(error, m_reason);
    if (m_bindings.value(action) == key)
        return true;
    if (key.isEmpty()) {
        m_bindings.remove(action);
        scheduleSession();
        return true;
    }
    if (!checkKey(key, error))
        return false;
    const QString trigger = xdgShortcutTrigger(key[0]);
    if (trigger.isEmpty())
        return fail(error, unusableKeyError(key));
    for (auto it = m_bindings.cbegin(); it != m_bindings.cend(); ++it) {
        if (it.key() != action && xdgShortcutTrigger(it.value()[0]) == trigger)
            return fail(error, duplicateError(key, it.key()));
    }
    // While the portal has not answered yet the wish is kept; if it turns out to have no shortcuts,
    // bindingFailed() says so.
    m_bindings.insert(action, key);
    scheduleSession();
    return true;
}

QKeySequence PortalGlobalShortcuts::binding(Action action) const
{
    return m_bindings.value(action);
}

void PortalGlobalShortcuts::versionReceived(QDBusPendingCallWatcher *watcher)
{
    watcher->deleteLater();
    const QDBusPendingReply<QDBusVariant> reply = *watcher;
    if (reply.isError()) {
        const QString name = reply.error().name();
        // A portal without the interface answers with one of these (GDBus: InvalidArgs "No such interface").
        const bool noInterface = name == QLatin1String("org.freedesktop.DBus.Error.InvalidArgs")
            || name == QLatin1String("org.freedesktop.DBus.Error.UnknownInterface")
            || name == QLatin1String("org.freedesktop.DBus.Error.UnknownProperty")
            || name == QLatin1String("org.freedesktop.DBus.Error.UnknownMethod");
        setUnsupported(noInterface ? tr("This desktop (Wayland) does not let applications use system-wide shortcuts: "
                                        "its xdg-desktop-portal has no GlobalShortcuts interface.")
                                   : tr("This desktop (Wayland) does not let applications use system-wide shortcuts: "
                                        "xdg-desktop-portal is not available."));
        return;
    }
    m_support = Support::Supported;
    emit supportChanged();
    scheduleSession();
}

void PortalGlobalShortcuts::setUnsupported(const QString &reason)
{
    m_support = Support::Unsupported;
    m_reason = reason;
    const QMap<Action, QKeySequence> wished = std::exchange(m_bindings, {});
    emit supportChanged();
    for (auto it = wished.cbegin(); it != wished.cend(); ++it)
        emit bindingFailed(it.key(), reason);
}

void PortalGlobalShortcuts::scheduleSession()
{
    // Settings bind every action in a row at start-up: one session for all of them.
    if (m_support != Support::Supported || m_sessionScheduled)
        return;
    m_sessionScheduled = true;
    QTimer::singleShot(0, this, &PortalGlobalShortcuts::openSession);
}

void PortalGlobalShortcuts::openSession()
{
    m_sessionScheduled = false;
    if (!m_request.isEmpty()) {
        // One request at a time; its answer starts over with what is wished by then.
        m_sessionStale = true;
        return;
    }
    m_sessionStale = false;
    closeSession();
    if (m_bindings.isEmpty())
        return;
    const QString token = nextToken();
    const char *slot = SLOT(onSessionCreated(uint, QVariantMap));
    m_request = watchRequest(token, slot);
    QDBusMessage call = portalCall(QStringLiteral("CreateSession"));
    call << QVariantMap {{QStringLiteral("handle_token"), token},
                         {QStringLiteral("session_handle_token"), nextToken()}};
    sendRequest(call, slot);
}

void PortalGlobalShortcuts::onSessionCreated(uint response, const QVariantMap &results)
{
    unwatchRequest(SLOT(onSessionCreated(uint, QVariantMap)));
    m_request.clear();
    if (response != ResponseSuccess) {
        requestFailed(tr("the desktop did not open a session"));
        return;
    }
    // The specification says a string; some portals send an object path.
    const QVariant handle = results.value(QStringLiteral("session_handle"));
    m_session = handle.metaType() == QMetaType::fromType<QDBusObjectPath>() ? handle.value<QDBusObjectPath>().path()
                                                                            : handle.toString();
    if (m_sessionStale) {
        openSession();
        return;
    }
    bindShortcuts();
}

void PortalGlobalShortcuts::bindShortcuts()
{
    QList<PortalShortcut> shortcuts;
    for (auto it = m_bindings.cbegin(); it != m_bindings.cend(); ++it) {
        shortcuts.append({actionName(it.key()),
                          {{QStringLiteral("description"), actionText(it.key())},
                           {QStringLiteral("preferred_trigger"), xdgShortcutTrigger(it.value()[0])}}});
    }
    const QString token = nextToken();
    const char *slot = SLOT(onShortcutsBound(uint, QVariantMap));
    m_request = watchRequest(token, slot);
    QDBusMessage call = portalCall(QStringLiteral("BindShortcuts"));
    // No parent window: the portal's dialog then stands alone.
    call << QVariant::fromValue(QDBusObjectPath(m_session)) << QVariant::fromValue(shortcuts) << QString()
         << QVariantMap {{QStringLiteral("handle_token"), token}};
    sendRequest(call, slot);
}

void PortalGlobalShortcuts::onShortcutsBound(uint response, const QVariantMap &)
{
    unwatchRequest(SLOT(onShortcutsBound(uint, QVariantMap)));
    m_request.clear();
    if (m_sessionStale) {
        openSession();
        return;
    }
    // 1: the user cancelled the portal's dialog; 2: refused for another reason.
    if (response != ResponseSuccess)
        requestFailed(tr("the desktop did not accept the shortcut"));
}

void PortalGlobalShortcuts::onActivated(const QDBusMessage &message)
{
    // Activated(o session_handle, s shortcut_id, t timestamp, a{sv} options)
    const QList<QVariant> arguments = message.arguments();
    if (m_session.isEmpty() || arguments.size() < 2 || arguments.at(0).value<QDBusObjectPath>().path() != m_session)
        return;
    bool ok = false;
    const int value = QMetaEnum::fromType<Action>().keyToValue(arguments.at(1).toString().toLatin1().constData(), &ok);
    if (ok && m_bindings.contains(Action(value)))
        emit activated(Action(value));
}

void PortalGlobalShortcuts::closeSession()
{
    if (m_session.isEmpty())
        return;
    m_bus.asyncCall(
        QDBusMessage::createMethodCall(PortalService, m_session, SessionInterface, QStringLiteral("Close")));
    m_session.clear();
}

void PortalGlobalShortcuts::requestFailed(const QString &detail)
{
    m_request.clear();
    m_sessionStale = false;
    closeSession();
    const QMap<Action, QKeySequence> failed = std::exchange(m_bindings, {});
    for (auto it = failed.cbegin(); it != failed.cend(); ++it)
        emit bindingFailed(it.key(), failedError(it.value(), detail));
}

QString PortalGlobalShortcuts::watchRequest(const QString &handleToken, const char *slot)
{
    // The portal's request path is predictable (…/request/SENDER/TOKEN); subscribing before the call means
    // a quick Response cannot be missed.
    QString sender = m_bus.baseService().mid(1);
    sender.replace(QLatin1Char('.'), QLatin1Char('_'));
    const QString path = PortalPath + QStringLiteral("/request/") + sender + QLatin1Char('/') + handleToken;
    m_bus.connect(PortalService, path, RequestInterface, Response, this, slot);
    return path;
}

void PortalGlobalShortcuts::unwatchRequest(const char *slot)
{
    if (!m_request.isEmpty())
        m_bus.disconnect(PortalService, m_request, RequestInterface, Response, this, slot);
}

QString PortalGlobalShortcuts::nextToken()
{
    static std::atomic<quint32> counter {0};
    return QStringLiteral("audin_shortcuts_%1").arg(++counter);
}

void PortalGlobalShortcuts::sendRequest(const QDBusMessage &call, const char *slot)
{
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, slot](QDBusPendingCallWatcher *finished) {
        finished->deleteLater();
        const QDBusPendingReply<QDBusObjectPath> reply = *finished;
        if (reply.isError()) {
            unwatchRequest(slot);
            requestFailed(reply.error().message());
        } else if (reply.value().path() != m_request) {
            // Portals before 0.9 chose the request path themselves.
            unwatchRequest(slot);
            m_request = reply.value().path();
            m_bus.connect(PortalService, m_request, RequestInterface, Response, this, slot);
        }
    });
}

} // namespace audin::gui
