// SPDX-License-Identifier: GPL-3.0-or-later
// Offers, accept/reject, cancellations, dialling and the call state machine against the real
// simulator over loopback (PROTOCOL.md 3.5, 3.6, 5).
#include "CallController.h"
#include "OperatorHarness.h"
#include "SimFixture.h"
#include "SimServer.h"

#include <QJsonArray>
#include <QTest>

using namespace audin;
using namespace audin::test;

namespace {
const QString aliceKey = QStringLiteral("ok_alice_test");
const QString bobKey = QStringLiteral("ok_bob_test");
const QString support = QStringLiteral("+15551230001");

CallController *callAt(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(0).value<CallController *>();
}

bool goOnline(OperatorHarness &op, const QStringList &ids = {QStringLiteral("pn_1")})
{
    if (!op.connectAndWaitOnline())
        return false;
    op.service->goOnline(ids);
    return op.availability->wait(3000);
}
} // namespace

class TestCalls : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<CallController *>(); }

    void offerAcceptAssigned()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(goOnline(op));
        const QString sid = sim.ring(support, QStringLiteral("+4930123456"));
        QVERIFY(!sid.isEmpty());
        QVERIFY(op.incoming->wait(3000));
        CallController *call = callAt(*op.incoming, 0);
        QCOMPARE(call->callSid(), sid);
        QCOMPARE(call->state(), CallState::Ringing);
        QCOMPARE(call->direction(), CallDirection::Inbound);
        QCOMPARE(call->from(), QStringLiteral("+4930123456"));
        QCOMPARE(call->to(), support);
        QCOMPARE(call->phoneNumberId(), QStringLiteral("pn_1"));

        QSignalSpy states(call, &CallController::stateChanged);
        QSignalSpy assigned(call, &CallController::assigned);
        call->accept();
        QCOMPARE(call->state(), CallState::Connecting);
        QCOMPARE(op.started->size(), 1);
        QCOMPARE(callAt(*op.started, 0), call);
        QVERIFY(assigned.wait(3000));
        QVERIFY(call->isAssigned());
        QCOMPARE(sim.eventsOfType(QStringLiteral("accept"), QStringLiteral("op_alice")).size(), 1);
        call->accept(); // no-op once not ringing
        QCOMPARE(sim.eventsOfType(QStringLiteral("accept"), QStringLiteral("op_alice")).size(), 1);
        QCOMPARE(states.size(), 1);
    }

    void takenByOther()
    {
        SimFixture sim;
        OperatorHarness alice(sim, aliceKey);
        OperatorHarness bob(sim, bobKey);
        QVERIFY(goOnline(alice));
        QVERIFY(goOnline(bob));
        sim.ring(support);
        QVERIFY(alice.incoming->wait(3000));
        QTRY_COMPARE_WITH_TIMEOUT(bob.incoming->size(), 1, 3000);
        CallController *aliceCall = callAt(*alice.incoming, 0);
        CallController *bobCall = callAt(*bob.incoming, 0);
        QSignalSpy aliceAssigned(aliceCall, &CallController::assigned);
        aliceCall->accept();
        QVERIFY(bob.ended->wait(3000));
        QCOMPARE(bobCall->state(), CallState::Ended);
        QCOMPARE(bobCall->endReason(), CallEndReason::TakenByOther);
        QVERIFY(aliceAssigned.wait(3000) || aliceCall->isAssigned());
        // The winner's call channel bridges the far end.
        QTRY_COMPARE_WITH_TIMEOUT(aliceCall->state(), CallState::Active, 5000);
    }

    void bothAcceptSecondLoses()
    {
        SimFixture sim;
        OperatorHarness alice(sim, aliceKey);
        OperatorHarness bob(sim, bobKey);
        QVERIFY(goOnline(alice));
        QVERIFY(goOnline(bob));
        sim.ring(support);
        QTRY_VERIFY_WITH_TIMEOUT(alice.incoming->size() == 1 && bob.incoming->size() == 1, 3000);
        CallController *aliceCall = callAt(*alice.incoming, 0);
        CallController *bobCall = callAt(*bob.incoming, 0);
        aliceCall->accept();
        bobCall->accept(); // both went to connecting and fired callStarted
        QCOMPARE(bob.started->size(), 1);
        QVERIFY(bob.ended->wait(3000));
        QCOMPARE(bobCall->endReason(), CallEndReason::TakenByOther);
        QTRY_VERIFY_WITH_TIMEOUT(aliceCall->isAssigned(), 3000);
    }

    void remoteHangupWhileRinging()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(goOnline(op));
        const QString sid = sim.ring(support);
        QVERIFY(op.incoming->wait(3000));
        QVERIFY(sim.server()->hangupCall(sid));
        QVERIFY(op.ended->wait(3000));
        CallController *call = callAt(*op.ended, 0);
        QCOMPARE(call->endReason(), CallEndReason::RemoteHangup);
        QVERIFY(call->endedAt().isValid());
    }

    void noAnswer()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(goOnline(op));
        sim.ring(support, QStringLiteral("+4930123456"), 200);
        QVERIFY(op.incoming->wait(3000));
        QCOMPARE(callAt(*op.incoming, 0)->ringTimeoutMs(), 200);
        QVERIFY(op.ended->wait(3000));
        QCOMPARE(callAt(*op.ended, 0)->endReason(), CallEndReason::NoAnswer);
    }

    void localRingTimeoutWhenServiceNeverCancels()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, [](OperatorConfig &c) { c.ringTimeoutGraceMs = 100; });
        QVERIFY(goOnline(op));
        // A bare offer the simulator does not track, so no cancel will ever come.
        QVERIFY(sim.server()->applyFault(
            {{"operatorId", "op_alice"},
             {"action", "send"},
             {"text",
              R"({"type":"call_offer","callSid":"CAghost","from":"+4930123456","to":"+15551230001",)"
              R"("phoneNumberId":"pn_1","ringTimeoutMs":100})"}}));
        QVERIFY(op.incoming->wait(3000));
        QVERIFY(op.ended->wait(3000));
        QCOMPARE(callAt(*op.ended, 0)->endReason(), CallEndReason::NoAnswer);
    }

    void rejectEndsLocallyAndTellsService()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(goOnline(op));
        sim.ring(support);
        QVERIFY(op.incoming->wait(3000));
        CallController *call = callAt(*op.incoming, 0);
        call->reject();
        QCOMPARE(call->state(), CallState::Ended);
        QCOMPARE(call->endReason(), CallEndReason::Rejected);
        QCOMPARE(op.ended->size(), 1);
        QVERIFY(sim.waitForEvent(
            [](const QJsonObject &e) { return e.value(QLatin1String("type")).toString() == QLatin1String("reject"); }));
        call->reject(); // no-op
        QCOMPARE(op.ended->size(), 1);
    }

    void hangupOfRingingCallDeclines()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(goOnline(op));
        sim.ring(support);
        QVERIFY(op.incoming->wait(3000));
        callAt(*op.incoming, 0)->hangup();
        QCOMPARE(callAt(*op.incoming, 0)->endReason(), CallEndReason::Rejected);
    }

    void ringingCallsEndOfflineWhenPresenceLost()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(goOnline(op, {QStringLiteral("pn_1"), QStringLiteral("pn_2")}));
        sim.ring(support);
        sim.ring(QStringLiteral("+15551230002"));
        QTRY_COMPARE_WITH_TIMEOUT(op.incoming->size(), 2, 3000);
        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "drop"}}));
        QTRY_COMPARE_WITH_TIMEOUT(op.ended->size(), 2, 3000);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(callAt(*op.ended, i)->endReason(), CallEndReason::Offline);
    }

    void ringingCallsEndOfflineOnDisconnect()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(goOnline(op));
        sim.ring(support);
        QVERIFY(op.incoming->wait(3000));
        op.service->disconnectFromService();
        QCOMPARE(op.ended->size(), 1);
        QCOMPARE(callAt(*op.ended, 0)->endReason(), CallEndReason::Offline);
    }

    void assignedCallSurvivesPresenceLoss()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(goOnline(op));
        sim.ring(support);
        QVERIFY(op.incoming->wait(3000));
        CallController *call = callAt(*op.incoming, 0);
        call->accept();
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, 5000);
        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "drop"}}));
        QVERIFY(op.waitForState(PresenceState::Reconnecting));
        QVERIFY(op.waitForState(PresenceState::Online));
        QCOMPARE(call->state(), CallState::Active); // lives on its own call channel
        QVERIFY(op.ended->isEmpty());
    }

    void dialValidationSendsNothing_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("callerId");
        QTest::addColumn<QString>("errorCode");
        QTest::newRow("not e164") << "030 123456"
                                  << "+15551230001"
                                  << "INVALID_NUMBER";
        QTest::newRow("too short") << "+1234567"
                                   << "+15551230001"
                                   << "INVALID_NUMBER";
        QTest::newRow("letters") << "+49 30 CALLME"
                                 << "+15551230001"
                                 << "INVALID_NUMBER";
        QTest::newRow("caller id not ours") << "+4930123456"
                                            << "+15559990009"
                                            << "INVALID_CALLER_ID";
        QTest::newRow("caller id garbage") << "+4930123456"
                                           << "support"
                                           << "INVALID_CALLER_ID";
        QTest::newRow("caller id empty") << "+4930123456"
                                         << ""
                                         << "INVALID_CALLER_ID";
    }
    void dialValidationSendsNothing()
    {
        QFETCH(QString, to);
        QFETCH(QString, callerId);
        QFETCH(QString, errorCode);
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        CallController *call = op.service->dial(to, callerId);
        QSignalSpy ended(call, &CallController::ended);
        QCOMPARE(call->direction(), CallDirection::Outbound);
        QVERIFY(ended.wait(3000));
        QCOMPARE(call->endReason(), CallEndReason::Failed);
        QCOMPARE(op.errorCodes(), QStringList {errorCode});
        QCOMPARE(op.ended->size(), 1);
        QVERIFY(op.started->isEmpty());
        QVERIFY(sim.eventsOfType(QStringLiteral("dial")).isEmpty());
    }

    void dialAccepted()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        CallController *call = op.service->dial(QStringLiteral("+49 (30) 123-456"), support);
        QCOMPARE(call->state(), CallState::Connecting);
        QVERIFY(call->callSid().isEmpty());
        QVERIFY(op.started->wait(3000));
        QCOMPARE(callAt(*op.started, 0), call);
        QVERIFY(call->callSid().startsWith(QStringLiteral("CA")));
        QVERIFY(call->isAssigned());
        QCOMPARE(call->to(), QStringLiteral("+49 (30) 123-456"));
        const auto dials = sim.eventsOfType(QStringLiteral("dial"), QStringLiteral("op_alice"));
        QCOMPARE(dials.size(), 1);
        QCOMPARE(dials.first().value(QLatin1String("to")).toString(), QStringLiteral("+4930123456")); // normalised
        QCOMPARE(dials.first().value(QLatin1String("callerId")).toString(), support);
        QVERIFY(op.errors->isEmpty());
    }

    void dialRefusedByService_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("errorCode");
        QTest::newRow("busy") << "+4930555000"
                              << "BUSY";
        QTest::newRow("not allowed") << "+19005550100"
                                     << "NOT_ALLOWED";
    }
    void dialRefusedByService()
    {
        QFETCH(QString, to);
        QFETCH(QString, errorCode);
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        CallController *call = op.service->dial(to, support);
        QSignalSpy ended(call, &CallController::ended);
        QVERIFY(ended.wait(3000));
        QCOMPARE(call->endReason(), CallEndReason::Failed);
        QCOMPARE(op.errorCodes(), QStringList {errorCode});
        QCOMPARE(sim.eventsOfType(QStringLiteral("dial")).size(), 1);
    }

    void dialWhileOfflineFails()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        CallController *call = op.service->dial(QStringLiteral("+4930123456"), support);
        QSignalSpy ended(call, &CallController::ended);
        QVERIFY(ended.wait(3000));
        QCOMPARE(call->endReason(), CallEndReason::Failed);
        QCOMPARE(op.errorCodes(), QStringList {QStringLiteral("WS_ERROR")});
    }

    void dtmfValidatedAndMuteTracked()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(goOnline(op));
        sim.ring(support);
        QVERIFY(op.incoming->wait(3000));
        CallController *call = callAt(*op.incoming, 0);
        call->accept();
        call->sendDtmf(QStringLiteral("A"));
        call->sendDtmf(QStringLiteral("12"));
        QCOMPARE(op.errorCodes(), (QStringList {QStringLiteral("INVALID_DTMF"), QStringLiteral("INVALID_DTMF")}));
        QSignalSpy muted(call, &CallController::mutedChanged);
        call->mute(true);
        call->mute(true);
        QVERIFY(call->muted());
        QCOMPARE(muted.size(), 1);
        call->mute(false);
        QVERIFY(!call->muted());
        QCOMPARE(muted.size(), 2);
    }

    void hangupEndsConnectingCall()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(goOnline(op));
        const QString sid = sim.ring(support);
        QVERIFY(op.incoming->wait(3000));
        CallController *call = callAt(*op.incoming, 0);
        call->accept();
        call->hangup(); // before call_assigned: the in-process service answers only on the next loop pass
        QCOMPARE(call->state(), CallState::Ended);
        QCOMPARE(call->endReason(), CallEndReason::Hangup);
        QCOMPARE(op.ended->size(), 1);
        QVERIFY(op.service->activeCalls().isEmpty());
        QCOMPARE(op.service->unsettledCalls(), 1); // the service may still assign it to us
        // The service assigned it to us anyway; the client must end it there too, not leave it assigned.
        QVERIFY(waitServiceEnded(sim, sid));
        QCOMPARE(serviceEndReason(sim, sid), QStringLiteral("hangup"));
        QVERIFY(mediaHangupSeen(sim, sid));
        QCOMPARE(call->endReason(), CallEndReason::Hangup); // unchanged locally
        QCOMPARE(op.ended->size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(op.service->unsettledCalls(), 0, 3000);
    }

    void hangupBeforeDialAcceptedEndsItOnTheService()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        CallController *call = op.service->dial(QStringLiteral("+15550100001"), support);
        // Hang up while the service is handling the dial, before its dial_accepted reaches us.
        QObject::connect(sim.server(), &sim::SimServer::eventRecorded, call, [call](const QJsonObject &e) {
            if (e.value(QLatin1String("type")).toString() == QLatin1String("dial")
                && e.value(QLatin1String("dir")).toString() == QLatin1String("in"))
                call->hangup();
        });
        QVERIFY(op.ended->wait(3000));
        QCOMPARE(call->endReason(), CallEndReason::Hangup);
        QVERIFY(op.started->isEmpty());
        const QList<QJsonObject> dialled = sim.eventsOfType(QStringLiteral("call_dialled"));
        QCOMPARE(dialled.size(), 1);
        const QString sid = dialled.first().value(QLatin1String("callSid")).toString();
        QVERIFY(waitServiceEnded(sim, sid));
        QCOMPARE(serviceEndReason(sim, sid), QStringLiteral("hangup"));
        QVERIFY(mediaHangupSeen(sim, sid));
        QVERIFY(op.errors->isEmpty());
    }

    void hangupBeforeStartedReachesTheService()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(goOnline(op));
        const QString sid = sim.ring(support);
        QVERIFY(op.incoming->wait(3000));
        CallController *call = callAt(*op.incoming, 0);
        // At `assigned` the call channel is still fetching its token: nowhere near `started`.
        QObject::connect(call, &CallController::assigned, call, [call] { call->hangup(); });
        QSignalSpy states(call, &CallController::stateChanged);
        call->accept();
        QVERIFY(op.ended->wait(5000));
        QCOMPARE(call->endReason(), CallEndReason::Hangup);
        QVERIFY(call->isAssigned());
        for (const QList<QVariant> &args : std::as_const(states))
            QVERIFY(args.at(0).value<CallState>() != CallState::Active); // hung up calls never go active
        QVERIFY(mediaHangupSeen(sim, sid));
        QVERIFY(waitServiceEnded(sim, sid));
        QCOMPARE(serviceEndReason(sim, sid), QStringLiteral("hangup"));
        // The service answered `ended`, so no drop: nothing waits in a resume window.
        QVERIFY(sim.eventsOfType(QStringLiteral("media_dropped")).isEmpty());
    }

private:
    static QJsonObject serviceCall(SimFixture &sim, const QString &sid) { return sim.server()->call(sid); }
    static bool waitServiceEnded(SimFixture &sim, const QString &sid)
    {
        // Well inside the simulator's 15 s resume window: a dropped channel would still be "assigned".
        return QTest::qWaitFor(
            [&] { return serviceCall(sim, sid).value(QLatin1String("state")).toString() == QLatin1String("ended"); },
            4000);
    }
    static QString serviceEndReason(SimFixture &sim, const QString &sid)
    {
        return serviceCall(sim, sid).value(QLatin1String("endReason")).toString();
    }
    static bool mediaHangupSeen(SimFixture &sim, const QString &sid)
    {
        return sim.waitForEvent(
            [&](const QJsonObject &e) {
                return e.value(QLatin1String("type")).toString() == QLatin1String("hangup")
                    && e.value(QLatin1String("channel")).toString() == QLatin1String("media")
                    && e.value(QLatin1String("callSid")).toString() == sid;
            },
            4000);
    }
};

QTEST_GUILESS_MAIN(TestCalls)
#include "TestCalls.moc"
