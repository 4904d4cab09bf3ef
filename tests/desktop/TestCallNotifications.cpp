// SPDX-License-Identifier: GPL-3.0-or-later
// The call notification policy with a real DesktopSession on the in-process simulator: what a ringing
// offer shows, what its buttons do, what replaces it when a colleague answers, the missed-call notice,
// the fallback notifier, do not disturb; and once through FreedesktopNotifier and a test D-Bus server.
// needs: secret-service
#include "AppSettings.h"
#include "CallController.h"
#include "CallNotifications.h"
#include "DesktopSession.h"
#include "FreedesktopNotifier.h"
#include "NullAudioBackend.h"
#include "OperatorHarness.h"
#include "PhoneNumberInput.h"
#include "RecordingNotifier.h"
#include "SimFixture.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QLoggingCategory>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace audin;
using namespace audin::desktop;
using namespace audin::test;

namespace {

constexpr int WaitMs = 8000;
const QString support = QStringLiteral("+15551230001");
const QString caller = QStringLiteral("+4930123456");
const QString answerKey = QStringLiteral("answer");
const QString declineKey = QStringLiteral("decline");

using FakeNotifier = RecordingNotifier;

// An operator's desktop session on pn_1, with its own settings files and silent audio.
struct SessionUnderTest
{
    SessionUnderTest(SimFixture &sim, const QString &dir, const QString &key = QStringLiteral("ok_bob_test"))
        : settings({dir + QStringLiteral("/settings.ini"), dir + QStringLiteral("/system.ini")})
    {
        settings.setSelectedNumberIds({QStringLiteral("pn_1")});
        settings.setTakingCalls(true);
        DesktopSession::Dependencies deps;
        deps.settings = &settings;
        deps.environmentCoreUrl = sim.coreUrl();
        deps.environmentTokenSource = sim.tokenSourceFor(key);
        deps.configure = [](OperatorConfig &config) {
            config.reconnectBackoffMs = {50, 100, 200};
            config.media.audioBackend = [] { return std::make_unique<media::NullAudioBackend>(); };
        };
        session = std::make_unique<DesktopSession>(deps);
        incoming = std::make_unique<QSignalSpy>(session.get(), &DesktopSession::incomingCall);
        ended = std::make_unique<QSignalSpy>(session.get(), &DesktopSession::callEnded);
    }

    bool start()
    {
        session->start();
        // Online on pn_1, and the numbers listed (the notifications name the line).
        return QTest::qWaitFor(
            [this] {
                return session->availability().accepted.contains(QStringLiteral("pn_1"))
                    && !session->phoneNumbers().isEmpty();
            },
            WaitMs);
    }

    CallController *waitForOffer()
    {
        if (!QTest::qWaitFor([this] { return !incoming->isEmpty(); }, WaitMs))
            return nullptr;
        return incoming->constLast().at(0).value<CallController *>();
    }

    AppSettings settings;
    std::unique_ptr<DesktopSession> session;
    std::unique_ptr<QSignalSpy> incoming, ended;
};

bool waitForSimEvent(SimFixture &sim, const QString &type)
{
    return sim.waitForEvent([type](const QJsonObject &e) { return e.value(QLatin1String("type")).toString() == type; },
                            WaitMs);
}

} // namespace

// Just enough of org.freedesktop.Notifications for the end-to-end case (TestFreedesktopNotifier has
// the thorough one).
class MiniNotificationServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        QString summary;
        QStringList actions;
        QVariantMap hints;
        uint id = 0;
    };
    QList<Call> notifies;
    QList<uint> closes;

public slots:
    uint Notify(const QString &, uint replaces_id, const QString &, const QString &summary, const QString &,
                const QStringList &actions, const QVariantMap &hints, int)
    {
        const uint id = replaces_id != 0 ? replaces_id : uint(50 + notifies.size());
        notifies << Call {summary, actions, hints, id};
        return id;
    }
    void CloseNotification(uint id) { closes << id; }
    QStringList GetCapabilities() { return {QStringLiteral("actions"), QStringLiteral("body")}; }
    QString GetServerInformation(QString &vendor, QString &version, QString &spec_version)
    {
        vendor = version = spec_version = QStringLiteral("test");
        return QStringLiteral("mini");
    }

signals:
    void NotificationClosed(uint id, uint reason);
    void ActionInvoked(uint id, const QString &action_key);
};

class TestCallNotifications : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<CallController *>();
        // The SDK's protocol trace would bury a failure's own message.
        QLoggingCategory::setFilterRules(QStringLiteral("audin.core.debug=false\naudin.core.info=false"));
    }
    void init() { QVERIFY(m_dir.isValid()); }

    void ringingShowsCriticalNotificationWithButtons()
    {
        SimFixture sim;
        SessionUnderTest bob(sim, path("ring"));
        FakeNotifier primary;
        CallNotifications notifications(bob.session.get(), &primary, nullptr);
        QVERIFY(bob.start());
        sim.ring(support, caller);
        CallController *call = bob.waitForOffer();
        QVERIFY(call);
        QCOMPARE(primary.shown.size(), 1);
        const DesktopNotification n = primary.shown.at(0).notification;
        QCOMPARE(n.kind, DesktopNotification::Kind::IncomingCall);
        QCOMPARE(n.urgency, DesktopNotification::Urgency::Critical);
        QCOMPARE(n.title, QStringLiteral("Incoming call"));
        QCOMPARE(n.body, QStringLiteral("%1 is calling Support").arg(PhoneNumberInput::formatForDisplay(caller)));
        QVERIFY(n.body.startsWith(QStringLiteral("+49 30"))); // formatted, not the bare E.164
        QCOMPARE(n.timeoutMs, 0);
        QCOMPARE(primary.actionKeys(0), (QStringList {answerKey, declineKey, QStringLiteral("default")}));
        QCOMPARE(n.actions.at(0).label, QStringLiteral("Answer"));
        QCOMPARE(n.actions.at(1).label, QStringLiteral("Decline"));
        QCOMPARE(notifications.handleFor(call), primary.shown.at(0).handle);

        QSignalSpy showWindow(&notifications, &CallNotifications::showWindowRequested);
        primary.invoke(primary.shown.at(0).handle, QStringLiteral("default"));
        QCOMPARE(showWindow.size(), 1);
        QCOMPARE(call->state(), CallState::Ringing);
    }

    void answerActionAnswers()
    {
        SimFixture sim;
        SessionUnderTest bob(sim, path("answer"));
        FakeNotifier primary;
        CallNotifications notifications(bob.session.get(), &primary, nullptr);
        QVERIFY(bob.start());
        sim.ring(support, caller);
        CallController *call = bob.waitForOffer();
        QVERIFY(call);
        const quint32 handle = notifications.handleFor(call);
        QVERIFY(handle != 0);

        primary.invoke(handle, answerKey);
        QVERIFY(waitForSimEvent(sim, QStringLiteral("accept")));
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, WaitMs);
        QCOMPARE(primary.closedHandles, QList<quint32> {handle});
        QCOMPARE(notifications.handleFor(call), 0u);

        // A second offer during the call: call waiting, and answering it ends the first call.
        sim.ring(support, QStringLiteral("+4940987654"));
        QTRY_COMPARE_WITH_TIMEOUT(bob.incoming->size(), 2, WaitMs);
        CallController *waiting = bob.incoming->at(1).at(0).value<CallController *>();
        QCOMPARE(bob.incoming->at(1).at(1).toBool(), true);
        QCOMPARE(primary.shown.size(), 2);
        QCOMPARE(primary.shown.at(1).notification.title, QStringLiteral("Call waiting"));
        QCOMPARE(primary.shown.at(1).notification.actions.at(0).key, answerKey);
        QCOMPARE(primary.shown.at(1).notification.actions.at(0).label, QStringLiteral("End call & answer"));
        primary.invoke(primary.shown.at(1).handle, answerKey);
        QTRY_COMPARE_WITH_TIMEOUT(waiting->state(), CallState::Active, WaitMs);
        QCOMPARE(call->state(), CallState::Ended);
        QCOMPARE(call->endReason(), std::optional<CallEndReason>(CallEndReason::Hangup));
        QVERIFY(primary.open.isEmpty());

        waiting->hangup();
        QTRY_COMPARE_WITH_TIMEOUT(bob.ended->size(), 2, WaitMs);
        QCOMPARE(primary.shown.size(), 2); // answered calls are not missed
    }

    void declineActionDeclines()
    {
        SimFixture sim;
        SessionUnderTest bob(sim, path("decline"));
        FakeNotifier primary;
        CallNotifications notifications(bob.session.get(), &primary, nullptr);
        QVERIFY(bob.start());
        sim.ring(support, caller);
        CallController *call = bob.waitForOffer();
        QVERIFY(call);
        const quint32 handle = notifications.handleFor(call);

        primary.invoke(handle, declineKey);
        QCOMPARE(call->state(), CallState::Ended);
        QCOMPARE(call->endReason(), std::optional<CallEndReason>(CallEndReason::Rejected));
        QVERIFY(waitForSimEvent(sim, QStringLiteral("reject")));
        QCOMPARE(primary.closedHandles, QList<quint32> {handle});
        QCOMPARE(bob.ended->size(), 1);
        QCOMPARE(primary.shown.size(), 1); // declined is not missed

        // A late click on a notification that is gone does nothing.
        primary.invoke(handle, answerKey);
        QCOMPARE(call->state(), CallState::Ended);
    }

    void takenByColleagueReplacesIt()
    {
        SimFixture sim;
        SessionUnderTest bob(sim, path("taken"));
        FakeNotifier primary;
        CallNotifications notifications(bob.session.get(), &primary, nullptr);
        QVERIFY(bob.start());
        OperatorHarness alice(sim, QStringLiteral("ok_alice_test"));
        QVERIFY(alice.connectAndWaitOnline());
        alice.service->goOnline({QStringLiteral("pn_1")});
        QVERIFY(alice.availability->wait(WaitMs));

        sim.ring(support, caller);
        CallController *call = bob.waitForOffer();
        QVERIFY(call);
        QTRY_COMPARE_WITH_TIMEOUT(alice.incoming->size(), 1, WaitMs);
        const quint32 handle = notifications.handleFor(call);
        alice.incoming->at(0).at(0).value<CallController *>()->accept();

        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Ended, WaitMs);
        QCOMPARE(call->endReason(), std::optional<CallEndReason>(CallEndReason::TakenByOther));
        QCOMPARE(primary.shown.size(), 2);
        const FakeNotifier::Shown replacement = primary.shown.at(1);
        QCOMPARE(replacement.replaces, handle);
        QCOMPARE(replacement.notification.kind, DesktopNotification::Kind::CallTaken);
        QCOMPARE(replacement.notification.urgency, DesktopNotification::Urgency::Low);
        QCOMPARE(replacement.notification.title, QStringLiteral("Answered by a colleague"));
        QVERIFY(replacement.notification.body.contains(QStringLiteral("Support")));
        QVERIFY(replacement.notification.actions.isEmpty());
        QCOMPARE(replacement.notification.timeoutMs, 5000);
        QVERIFY(primary.closedHandles.isEmpty()); // replaced, not closed
        QCOMPARE(notifications.handleFor(call), handle);

        QTRY_COMPARE_WITH_TIMEOUT(bob.ended->size(), 1, WaitMs);
        QCOMPARE(bob.ended->at(0).at(1).toBool(), false);
        QCOMPARE(primary.shown.size(), 2); // not missed
    }

    void missedCallAfterTheCallerGaveUp()
    {
        SimFixture sim;
        SessionUnderTest bob(sim, path("missed"));
        FakeNotifier primary;
        CallNotifications notifications(bob.session.get(), &primary, nullptr);
        QVERIFY(bob.start());
        const QString sid = sim.ring(support, caller);
        CallController *call = bob.waitForOffer();
        QVERIFY(call);
        const quint32 ringing = notifications.handleFor(call);

        QVERIFY(sim.server()->hangupCall(sid));
        QTRY_COMPARE_WITH_TIMEOUT(bob.ended->size(), 1, WaitMs);
        QCOMPARE(bob.ended->at(0).at(1).toBool(), true);
        QCOMPARE(primary.closedHandles, QList<quint32> {ringing});
        QCOMPARE(primary.shown.size(), 2);
        const FakeNotifier::Shown missed = primary.shown.at(1);
        QCOMPARE(missed.replaces, 0u); // a new notification
        QVERIFY(missed.handle != ringing);
        QCOMPARE(missed.notification.kind, DesktopNotification::Kind::MissedCall);
        QCOMPARE(missed.notification.urgency, DesktopNotification::Urgency::Normal);
        QCOMPARE(missed.notification.title, QStringLiteral("Missed call"));
        QCOMPARE(missed.notification.body,
                 QStringLiteral("From %1 on Support").arg(PhoneNumberInput::formatForDisplay(caller)));
        QCOMPARE(missed.notification.timeoutMs, -1);
        QCOMPARE(primary.actionKeys(1), (QStringList {QStringLiteral("call-back"), QStringLiteral("default")}));
        QCOMPARE(missed.notification.actions.at(0).label, QStringLiteral("Call back"));
        QCOMPARE(notifications.handleFor(call), missed.handle);

        QSignalSpy callBack(&notifications, &CallNotifications::callBackRequested);
        primary.invoke(missed.handle, QStringLiteral("call-back"));
        QCOMPARE(callBack.size(), 1);
        QCOMPARE(callBack.at(0).at(0).toString(), caller);
        QCOMPARE(callBack.at(0).at(1).toString(), support);
        QVERIFY(!primary.open.contains(missed.handle));
    }

    void missedCallNobodyAnswered()
    {
        SimFixture sim;
        SessionUnderTest bob(sim, path("noanswer"));
        FakeNotifier primary;
        CallNotifications notifications(bob.session.get(), &primary, nullptr);
        QVERIFY(bob.start());
        sim.ring(support, caller, 300);
        QVERIFY(bob.waitForOffer());
        QTRY_COMPARE_WITH_TIMEOUT(bob.ended->size(), 1, WaitMs);
        QCOMPARE(primary.shown.size(), 2);
        QCOMPARE(primary.shown.at(1).notification.kind, DesktopNotification::Kind::MissedCall);
    }

    void fallbackWhenPrimaryUnavailable()
    {
        SimFixture sim;
        SessionUnderTest bob(sim, path("fallback"));
        FakeNotifier primary;
        primary.available = false;
        FakeNotifier fallback;
        CallNotifications notifications(bob.session.get(), &primary, &fallback);
        QVERIFY(bob.start());
        sim.ring(support, caller);
        CallController *call = bob.waitForOffer();
        QVERIFY(call);
        QVERIFY(primary.shown.isEmpty());
        QCOMPARE(fallback.shown.size(), 1);
        const quint32 handle = fallback.shown.at(0).handle;
        QCOMPARE(notifications.handleFor(call), handle);

        // The primary comes back: the offer's notification stays where it is, and is closed there.
        primary.available = true;
        primary.invoke(handle, declineKey); // the same number on the other notifier is not this one
        QCOMPARE(call->state(), CallState::Ringing);
        fallback.invoke(handle, declineKey);
        QCOMPARE(call->state(), CallState::Ended);
        QCOMPARE(fallback.closedHandles, QList<quint32> {handle});
        QVERIFY(primary.shown.isEmpty());

        // Neither available: nothing shown, nothing breaks.
        primary.available = false;
        fallback.available = false;
        sim.ring(support, caller);
        QTRY_COMPARE_WITH_TIMEOUT(bob.incoming->size(), 2, WaitMs);
        QCOMPARE(fallback.shown.size(), 1);
        QCOMPARE(notifications.handleFor(bob.incoming->at(1).at(0).value<CallController *>()), 0u);
    }

    void nothingWhileDoNotDisturb()
    {
        SimFixture sim;
        SessionUnderTest bob(sim, path("dnd"));
        FakeNotifier primary;
        CallNotifications notifications(bob.session.get(), &primary, nullptr);
        QVERIFY(bob.start());
        bob.session->setDoNotDisturb(true);
        sim.ring(support, caller);
        // The session declines it at once, so colleagues get it; it counts as missed, quietly.
        QTRY_COMPARE_WITH_TIMEOUT(bob.ended->size(), 1, WaitMs);
        QCOMPARE(bob.ended->at(0).at(1).toBool(), true);
        QVERIFY(bob.incoming->isEmpty());
        QVERIFY(primary.shown.isEmpty());

        // Turned on while an offer rings: its notification goes, and no missed-call notice follows.
        bob.session->setDoNotDisturb(false);
        sim.ring(support, caller);
        CallController *call = bob.waitForOffer();
        QVERIFY(call);
        QCOMPARE(primary.shown.size(), 1);
        bob.session->setDoNotDisturb(true);
        QTRY_COMPARE_WITH_TIMEOUT(bob.ended->size(), 2, WaitMs);
        QCOMPARE(primary.closedHandles, QList<quint32> {primary.shown.at(0).handle});
        QCOMPARE(primary.shown.size(), 1);
    }

    void callDestroyedClosesItsNotification()
    {
        SimFixture sim;
        SessionUnderTest bob(sim, path("destroyed"));
        FakeNotifier primary;
        CallNotifications notifications(bob.session.get(), &primary, nullptr);
        QVERIFY(bob.start());
        sim.ring(support, caller);
        QVERIFY(bob.waitForOffer());
        const quint32 handle = primary.shown.at(0).handle;
        // Connecting again rebuilds the OperatorService, and its calls go with it.
        bob.session->start();
        QCOMPARE(primary.closedHandles, QList<quint32> {handle});
        QCOMPARE(primary.shown.size(), 1); // gone with the connection, not missed
        QVERIFY(primary.open.isEmpty());
    }

    void endToEndThroughFreedesktopNotifier()
    {
        const QString clientName = QStringLiteral("call-notifications-client");
        QDBusConnection clientBus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, clientName);
        QVERIFY(clientBus.isConnected());
        QDBusConnection serverBus = QDBusConnection::sessionBus();
        MiniNotificationServer server;
        QVERIFY(serverBus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &server,
                                         QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals));
        QVERIFY(serverBus.registerService(QStringLiteral("org.freedesktop.Notifications")));
        {
            SimFixture sim;
            SessionUnderTest bob(sim, path("dbus"));
            FreedesktopNotifier notifier(clientBus, FreedesktopNotifier::Activation::RunningOnly);
            FakeNotifier fallback;
            CallNotifications notifications(bob.session.get(), &notifier, &fallback);
            QTRY_VERIFY_WITH_TIMEOUT(notifier.isAvailable() && notifier.supportsActions(), WaitMs);
            QVERIFY(bob.start());
            sim.ring(support, caller);
            CallController *call = bob.waitForOffer();
            QVERIFY(call);
            QTRY_COMPARE_WITH_TIMEOUT(server.notifies.size(), 1, WaitMs);
            QVERIFY(fallback.shown.isEmpty());
            QCOMPARE(server.notifies.at(0).summary, QStringLiteral("Incoming call"));
            QCOMPARE(server.notifies.at(0).hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(2));
            QVERIFY(server.notifies.at(0).actions.contains(answerKey));

            emit server.ActionInvoked(server.notifies.at(0).id, answerKey);
            QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, WaitMs);
            QTRY_COMPARE_WITH_TIMEOUT(server.closes, QList<uint> {server.notifies.at(0).id}, WaitMs);
        }
        serverBus.unregisterService(QStringLiteral("org.freedesktop.Notifications"));
        serverBus.unregisterObject(QStringLiteral("/org/freedesktop/Notifications"));
        QDBusConnection::disconnectFromBus(clientName);
    }

private:
    QString path(const char *name) const
    {
        const QString dir = m_dir.filePath(QString::fromLatin1(name));
        QDir().mkpath(dir);
        return dir;
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCallNotifications)
#include "TestCallNotifications.moc"
