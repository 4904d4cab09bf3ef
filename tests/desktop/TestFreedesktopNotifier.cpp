// SPDX-License-Identifier: GPL-3.0-or-later
// FreedesktopNotifier against a Notifications server of the test's own, on a private D-Bus session bus:
// the arguments of Notify, id mapping (also before the replies arrive), actions and closing, and a
// daemon that goes away and comes back.
// needs: secret-service
#include "FreedesktopNotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusContext>
#include <QDBusMessage>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace audin::desktop;

namespace {

constexpr int WaitMs = 5000;
const QString ServiceName = QStringLiteral("org.freedesktop.Notifications");
const QString ObjectPath = QStringLiteral("/org/freedesktop/Notifications");

struct NotifyCall
{
    QString appName;
    uint replacesId = 0;
    QString appIcon;
    QString summary;
    QString body;
    QStringList actions;
    QVariantMap hints;
    int expireTimeout = 0;
    uint returnedId = 0;
};

} // namespace

// The server side of the specification, recording what it is asked. Ids start at `firstId`, so tests
// tell them from the notifier's own handles. With holdReplies, Notify answers only on releaseReplies().
class TestNotificationServer : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    TestNotificationServer(QDBusConnection bus, uint firstId, QStringList capabilities)
        : m_bus(std::move(bus))
        , m_nextId(firstId)
        , m_capabilities(std::move(capabilities))
    {
    }
    ~TestNotificationServer() override { unregister(); }

    bool registerOnBus()
    {
        return m_bus.registerObject(ObjectPath, this,
                                    QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals)
            && m_bus.registerService(ServiceName);
    }
    /** The daemon "goes away" as far as the bus name goes; its object can still send signals. */
    void releaseName() { m_bus.unregisterService(ServiceName); }
    void unregister()
    {
        m_bus.unregisterService(ServiceName);
        m_bus.unregisterObject(ObjectPath);
    }
    void releaseReplies()
    {
        for (const auto &held : std::as_const(m_held))
            m_bus.send(held.first.createReply(QVariant::fromValue(held.second)));
        m_held.clear();
    }

    bool holdReplies = false;
    QList<NotifyCall> notifies;
    QList<uint> closes;
    int capabilityQueries = 0;

public slots:
    uint Notify(const QString &app_name, uint replaces_id, const QString &app_icon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int expire_timeout)
    {
        const uint id = replaces_id != 0 && m_open.contains(replaces_id) ? replaces_id : m_nextId++;
        m_open.insert(id);
        notifies << NotifyCall {app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout, id};
        if (holdReplies) {
            setDelayedReply(true);
            m_held << qMakePair(message(), id);
        }
        return id;
    }
    void CloseNotification(uint id)
    {
        closes << id;
        if (m_open.remove(id))
            emit NotificationClosed(id, 3);
    }
    QStringList GetCapabilities()
    {
        ++capabilityQueries;
        return m_capabilities;
    }
    QString GetServerInformation(QString &vendor, QString &version, QString &spec_version)
    {
        vendor = QStringLiteral("Audin tests");
        version = QStringLiteral("1");
        spec_version = QStringLiteral("1.3");
        return QStringLiteral("test-notifications");
    }

signals:
    void NotificationClosed(uint id, uint reason);
    void ActionInvoked(uint id, const QString &action_key);

private:
    QDBusConnection m_bus;
    uint m_nextId;
    QStringList m_capabilities;
    QSet<uint> m_open;
    QList<QPair<QDBusMessage, uint>> m_held;
};

namespace {

const QStringList fullCapabilities {QStringLiteral("actions"), QStringLiteral("body"), QStringLiteral("body-markup"),
                                    QStringLiteral("persistence")};

DesktopNotification ringing()
{
    DesktopNotification n;
    n.kind = DesktopNotification::Kind::IncomingCall;
    n.urgency = DesktopNotification::Urgency::Critical;
    n.title = QStringLiteral("Incoming call");
    n.body = QStringLiteral("+49 30 123456 is calling <Sales & Support>");
    n.actions = {{QStringLiteral("answer"), QStringLiteral("Answer")},
                 {QStringLiteral("decline"), QStringLiteral("Decline")},
                 {QStringLiteral("default"), QStringLiteral("Show")}};
    n.timeoutMs = 0;
    return n;
}

DesktopNotification taken()
{
    DesktopNotification n;
    n.kind = DesktopNotification::Kind::CallTaken;
    n.urgency = DesktopNotification::Urgency::Low;
    n.title = QStringLiteral("Answered by a colleague");
    n.body = QStringLiteral("From +49 30 123456 on Support");
    n.timeoutMs = 5000;
    return n;
}

} // namespace

class TestFreedesktopNotifier : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        // The notifier gets a connection of its own, so its calls to the server cross the bus (one
        // connection calling itself is answered in-process, at once).
        m_clientName = QStringLiteral("notifier-%1").arg(++m_connections);
        QVERIFY(QDBusConnection::connectToBus(QDBusConnection::SessionBus, m_clientName).isConnected());
        QVERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(ServiceName));
    }
    void cleanup()
    {
        m_server.reset();
        QDBusConnection::disconnectFromBus(m_clientName);
    }

    void notAvailableWithoutServerThenAvailable()
    {
        FreedesktopNotifier notifier(client(), FreedesktopNotifier::Activation::RunningOnly);
        QSignalSpy available(&notifier, &FreedesktopNotifier::availabilityChanged);
        QSignalSpy closed(&notifier, &DesktopNotifier::closed);
        // The bus answers in order: once this Notify has failed, GetNameOwner (asked first) has been
        // answered too, and nobody owned the name.
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Notify failed")));
        notifier.show(ringing());
        QVERIFY(closed.wait(WaitMs));
        QCOMPARE(available.size(), 0);
        QVERIFY(!notifier.isAvailable());
        QVERIFY(!notifier.supportsActions());

        startServer(100, fullCapabilities);
        QVERIFY(available.wait(WaitMs));
        QCOMPARE(available.constLast().at(0).toBool(), true);
        QVERIFY(notifier.isAvailable());
        QTRY_VERIFY_WITH_TIMEOUT(notifier.supportsActions(), WaitMs);
    }

    void notifyArguments()
    {
        startServer(100, fullCapabilities);
        FreedesktopNotifier notifier(client(), FreedesktopNotifier::Activation::RunningOnly);
        QTRY_VERIFY_WITH_TIMEOUT(notifier.isAvailable() && notifier.supportsActions(), WaitMs);

        const quint32 handle = notifier.show(ringing());
        QVERIFY(handle != 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->notifies.size(), 1, WaitMs);
        const NotifyCall call = m_server->notifies.at(0);
        QCOMPARE(call.appName, QStringLiteral("Audin Softphone"));
        QCOMPARE(call.replacesId, 0u);
        QCOMPARE(call.appIcon, QStringLiteral("ai.audin.Softphone"));
        QCOMPARE(call.summary, QStringLiteral("Incoming call"));
        QCOMPARE(call.body, QStringLiteral("+49 30 123456 is calling &lt;Sales &amp; Support&gt;"));
        QCOMPARE(call.actions,
                 (QStringList {QStringLiteral("answer"), QStringLiteral("Answer"), QStringLiteral("decline"),
                               QStringLiteral("Decline"), QStringLiteral("default"), QStringLiteral("Show")}));
        QCOMPARE(call.expireTimeout, 0);
        const QVariant urgency = call.hints.value(QStringLiteral("urgency"));
        QCOMPARE(urgency.metaType(), QMetaType::fromType<uchar>()); // a byte, as the specification says
        QCOMPARE(urgency.value<uchar>(), uchar(2));
        QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("ai.audin.Softphone"));
        QCOMPARE(call.hints.value(QStringLiteral("category")).toString(), QStringLiteral("call.incoming"));
        QVERIFY(call.hints.contains(QStringLiteral("resident")));
        QCOMPARE(call.hints.value(QStringLiteral("resident")).toBool(), false);

        notifier.show(taken());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->notifies.size(), 2, WaitMs);
        const NotifyCall low = m_server->notifies.at(1);
        QCOMPARE(low.hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(0));
        QVERIFY(!low.hints.contains(QStringLiteral("resident")));
        QCOMPARE(low.expireTimeout, 5000);
        QVERIFY(low.actions.isEmpty());
    }

    void noActionsOrMarkupWithoutCapabilities()
    {
        startServer(100, {QStringLiteral("body")});
        FreedesktopNotifier notifier(client(), FreedesktopNotifier::Activation::RunningOnly);
        QTRY_VERIFY_WITH_TIMEOUT(!notifier.capabilities().isEmpty(), WaitMs);
        QVERIFY(notifier.isAvailable());
        QVERIFY(!notifier.supportsActions());
        notifier.show(ringing());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->notifies.size(), 1, WaitMs);
        QVERIFY(m_server->notifies.at(0).actions.isEmpty());
        // Without body-markup the server shows text as it is, so escaping would show "&amp;".
        QCOMPARE(m_server->notifies.at(0).body, ringing().body);
    }

    void replacingKeepsTheHandleAndUsesTheServerId()
    {
        startServer(100, fullCapabilities);
        FreedesktopNotifier notifier(client(), FreedesktopNotifier::Activation::RunningOnly);
        QTRY_VERIFY_WITH_TIMEOUT(notifier.supportsActions(), WaitMs);
        const quint32 first = notifier.show(ringing());
        const quint32 other = notifier.show(ringing());
        QVERIFY(first != other);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->notifies.size(), 2, WaitMs);
        const uint firstId = m_server->notifies.at(0).returnedId;
        QCOMPARE(firstId, 100u);

        QSignalSpy closed(&notifier, &DesktopNotifier::closed);
        QCOMPARE(notifier.show(taken(), first), first);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->notifies.size(), 3, WaitMs);
        QCOMPARE(m_server->notifies.at(2).replacesId, firstId);
        QCOMPARE(m_server->notifies.at(2).summary, taken().title);
        QCOMPARE(closed.size(), 0);

        // A handle that was never given out is not reused.
        const quint32 fresh = notifier.show(taken(), 999);
        QVERIFY(fresh != 999 && fresh != first && fresh != other);
    }

    void replacingAndClosingBeforeTheReply()
    {
        startServer(100, fullCapabilities);
        FreedesktopNotifier notifier(client(), FreedesktopNotifier::Activation::RunningOnly);
        QTRY_VERIFY_WITH_TIMEOUT(notifier.supportsActions(), WaitMs);
        m_server->holdReplies = true;
        QSignalSpy closed(&notifier, &DesktopNotifier::closed);

        // Replaced before the server said its id: sent once the id is known, with that id.
        const quint32 replaced = notifier.show(ringing());
        QCOMPARE(notifier.show(taken(), replaced), replaced);
        // Closed before the server said its id: closed on the server once it is known.
        const quint32 gone = notifier.show(ringing());
        notifier.close(gone);
        QCOMPARE(closed.size(), 1);
        QCOMPARE(closed.at(0).at(0).value<quint32>(), gone);
        notifier.close(gone); // no-op: already closed
        QCOMPARE(closed.size(), 1);

        QTRY_COMPARE_WITH_TIMEOUT(m_server->notifies.size(), 2, WaitMs);
        QVERIFY(m_server->closes.isEmpty());
        m_server->holdReplies = false;
        m_server->releaseReplies();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->notifies.size(), 3, WaitMs);
        QCOMPARE(m_server->notifies.at(2).replacesId, m_server->notifies.at(0).returnedId);
        QCOMPARE(m_server->notifies.at(2).summary, taken().title);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->closes, QList<uint> {m_server->notifies.at(1).returnedId}, WaitMs);
        QCOMPARE(closed.size(), 1);
    }

    void signalsMapToHandles()
    {
        startServer(100, fullCapabilities);
        FreedesktopNotifier notifier(client(), FreedesktopNotifier::Activation::RunningOnly);
        QTRY_VERIFY_WITH_TIMEOUT(notifier.supportsActions(), WaitMs);
        QSignalSpy actions(&notifier, &DesktopNotifier::actionInvoked);
        QSignalSpy closed(&notifier, &DesktopNotifier::closed);
        notifier.show(taken()); // takes server id 100, so the handle and the id differ below
        const quint32 handle = notifier.show(ringing());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->notifies.size(), 2, WaitMs);
        const uint id = m_server->notifies.at(1).returnedId;
        QVERIFY(id != handle);

        emit m_server->ActionInvoked(4242, QStringLiteral("answer")); // another application's
        emit m_server->ActionInvoked(id, QStringLiteral("answer"));
        QVERIFY(actions.wait(WaitMs));
        QCOMPARE(actions.size(), 1);
        QCOMPARE(actions.at(0).at(0).value<quint32>(), handle);
        QCOMPARE(actions.at(0).at(1).toString(), QStringLiteral("answer"));

        emit m_server->NotificationClosed(4242, 2);
        emit m_server->NotificationClosed(id, 2);
        QVERIFY(closed.wait(WaitMs));
        QCOMPARE(closed.size(), 1);
        QCOMPARE(closed.at(0).at(0).value<quint32>(), handle);

        // Closing it from our side goes to the server with its id.
        const quint32 second = notifier.show(ringing());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->notifies.size(), 3, WaitMs);
        notifier.close(second);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->closes, QList<uint> {m_server->notifies.at(2).returnedId}, WaitMs);
        QCOMPARE(closed.size(), 2);
        QCOMPARE(closed.at(1).at(0).value<quint32>(), second);
    }

    void serverRestartForgetsIds()
    {
        startServer(1, fullCapabilities);
        FreedesktopNotifier notifier(client(), FreedesktopNotifier::Activation::RunningOnly);
        QTRY_VERIFY_WITH_TIMEOUT(notifier.supportsActions(), WaitMs);
        QSignalSpy available(&notifier, &FreedesktopNotifier::availabilityChanged);
        QSignalSpy actions(&notifier, &DesktopNotifier::actionInvoked);
        QSignalSpy closed(&notifier, &DesktopNotifier::closed);
        const quint32 before = notifier.show(ringing());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->notifies.size(), 1, WaitMs);
        QCOMPARE(m_server->notifies.at(0).returnedId, 1u);

        // The daemon goes: its notifications are gone, and so is availability.
        m_server->releaseName();
        QVERIFY(available.wait(WaitMs));
        QVERIFY(!notifier.isAvailable());
        QVERIFY(!notifier.supportsActions());
        QCOMPARE(closed.size(), 1);
        QCOMPARE(closed.at(0).at(0).value<quint32>(), before);

        // Another daemon on another connection, counting from 1 again.
        const QString secondName = QStringLiteral("second-server-%1").arg(m_connections);
        QDBusConnection secondBus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, secondName);
        auto second = std::make_unique<TestNotificationServer>(secondBus, 1, fullCapabilities);
        QVERIFY(second->registerOnBus());
        QTRY_VERIFY_WITH_TIMEOUT(notifier.isAvailable() && notifier.supportsActions(), WaitMs);
        QCOMPARE(second->capabilityQueries, 1);
        const quint32 after = notifier.show(ringing());
        QVERIFY(after != before);
        QTRY_COMPARE_WITH_TIMEOUT(second->notifies.size(), 1, WaitMs);
        QCOMPARE(second->notifies.at(0).returnedId, 1u);
        QCOMPARE(second->notifies.at(0).replacesId, 0u);

        // The old daemon's connection is still there, and its id 1 is not ours any more.
        emit m_server->ActionInvoked(1, QStringLiteral("decline"));
        emit second->ActionInvoked(1, QStringLiteral("answer"));
        QVERIFY(actions.wait(WaitMs));
        QCOMPARE(actions.size(), 1);
        QCOMPARE(actions.at(0).at(0).value<quint32>(), after);
        QCOMPARE(actions.at(0).at(1).toString(), QStringLiteral("answer"));

        // Replacing the forgotten one makes a new notification rather than pointing at the new daemon's id 1.
        QCOMPARE(notifier.show(taken(), before), before);
        QTRY_COMPARE_WITH_TIMEOUT(second->notifies.size(), 2, WaitMs);
        QCOMPARE(second->notifies.at(1).replacesId, 0u);
        QCOMPARE(second->notifies.at(1).returnedId, 2u);

        second.reset();
        QDBusConnection::disconnectFromBus(secondName);
    }

    void failedNotifyCountsAsClosed()
    {
        // Nobody owns the name and it is not started on demand: the call fails, and says so.
        FreedesktopNotifier notifier(client(), FreedesktopNotifier::Activation::RunningOnly);
        QSignalSpy closed(&notifier, &DesktopNotifier::closed);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Notify failed")));
        const quint32 handle = notifier.show(ringing());
        QVERIFY(handle != 0);
        QCOMPARE(closed.size(), 0); // never synchronously
        QVERIFY(closed.wait(WaitMs));
        QCOMPARE(closed.at(0).at(0).value<quint32>(), handle);
    }

private:
    QDBusConnection client() const { return QDBusConnection(m_clientName); }
    void startServer(uint firstId, const QStringList &capabilities)
    {
        m_server = std::make_unique<TestNotificationServer>(QDBusConnection::sessionBus(), firstId, capabilities);
        QVERIFY(m_server->registerOnBus());
    }

    QString m_clientName;
    int m_connections = 0;
    std::unique_ptr<TestNotificationServer> m_server;
};

QTEST_GUILESS_MAIN(TestFreedesktopNotifier)
#include "TestFreedesktopNotifier.moc"
