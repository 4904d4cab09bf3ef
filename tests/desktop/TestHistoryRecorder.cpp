// SPDX-License-Identifier: GPL-3.0-or-later
// One history row per ended call, against the real simulator over loopback: inbound answered,
// missed, taken by a colleague, declined, declined by policy, and outbound answered, busy and
// refused before anything was sent.
#include "CallController.h"
#include "CallHistory.h"
#include "CallHistoryModel.h"
#include "HistoryRecorder.h"
#include "OperatorHarness.h"
#include "SimFixture.h"
#include "SimServer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace audin;
using namespace audin::desktop;
using namespace audin::test;

namespace {
const QString aliceKey = QStringLiteral("ok_alice_test");
const QString bobKey = QStringLiteral("ok_bob_test");
const QString support = QStringLiteral("+15551230001");
const QString caller = QStringLiteral("+4930123456");

CallController *callAt(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(0).value<CallController *>();
}

// An operator online on pn_1 whose numbers are known (as the app lists them at sign-in), with a
// history file of its own and a recorder.
struct RecordedOperator
{
    RecordedOperator(SimFixture &sim, const QString &key, const QString &file)
        : op(sim, key)
        , history(file)
    {
    }

    bool start(bool online = true)
    {
        if (!history.open(nullptr) || !op.connectAndWaitOnline())
            return false;
        auto listed = std::make_shared<bool>(false);
        op.service->listPhoneNumbers(op.service.get(),
                                     [listed](const OperatorService::NumbersResult &r) { *listed = r.ok(); });
        if (!QTest::qWaitFor([&] { return *listed; }, 3000))
            return false;
        if (!online)
            return true;
        op.service->goOnline({QStringLiteral("pn_1")});
        return op.availability->wait(3000);
    }

    CallRecord onlyRow()
    {
        const QList<CallRecord> rows = history.query({});
        if (rows.size() != 1) {
            qWarning() << "expected one row, have" << rows.size();
            return {};
        }
        return rows.first();
    }

    OperatorHarness op;
    CallHistory history;
    HistoryRecorder recorder {op.service.get(), &history};
};

void verifyTimes(const CallRecord &row, const CallController *call)
{
    QCOMPARE(row.startedAt, call->createdAt());
    QCOMPARE(row.endedAt, call->endedAt());
    QCOMPARE(row.answeredAt, call->answeredAt());
    QCOMPARE(row.startedAt.timeSpec(), Qt::UTC);
    QVERIFY(row.startedAt <= row.endedAt);
}
} // namespace

class TestHistoryRecorder : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<CallController *>(); }
    void init() { QVERIFY(m_dir.isValid()); }

    void answeredInbound()
    {
        SimFixture sim;
        RecordedOperator alice(sim, aliceKey, m_dir.filePath(QStringLiteral("answered.sqlite")));
        QVERIFY(alice.start());
        const QString sid = sim.ring(support, caller);
        QVERIFY(alice.op.incoming->wait(3000));
        CallController *call = callAt(*alice.op.incoming, 0);
        // A row as soon as it rings.
        QCOMPARE(alice.history.query({}).size(), 1);
        QCOMPARE(alice.history.query({}).first().status, CallRecord::Status::InProgress);
        QVERIFY(!alice.history.query({}).first().answeredAt.isValid());
        call->accept();
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, 5000);
        // In the history while it goes on (a crash now would leave it there, see TestKillInCall).
        QTRY_VERIFY(alice.history.query({}).size() == 1 && alice.history.query({}).first().answeredAt.isValid());
        CallRecord during = alice.history.query({}).first();
        QCOMPARE(during.status, CallRecord::Status::InProgress);
        QCOMPARE(during.callSid, sid);
        QVERIFY(!during.endedAt.isValid());
        QVERIFY(!during.endReason);
        QVERIFY(sim.server()->hangupCall(sid));
        QVERIFY(alice.op.ended->wait(5000));
        const CallRecord row = alice.onlyRow();
        QCOMPARE(row.callSid, sid);
        QCOMPARE(row.direction, CallDirection::Inbound);
        QCOMPARE(row.remoteNumber, caller);
        QCOMPARE(row.localNumber, support);
        QCOMPARE(row.lineId, QStringLiteral("pn_1"));
        QCOMPARE(row.lineName, QStringLiteral("Support"));
        QCOMPARE(row.endReason, std::optional<CallEndReason>(CallEndReason::RemoteHangup));
        QVERIFY(row.answeredAt.isValid());
        verifyTimes(row, call);
        QVERIFY(!row.missed);
        QVERIFY(row.seen);
        QVERIFY(row.errorCode.isEmpty());
        QCOMPARE(row.status, CallRecord::Status::Ended);
        QCOMPARE(row.id, during.id); // the same row, finished
        QCOMPARE(alice.history.unseenMissedCount(), 0);
    }

    void noAnswerIsMissedAndUnseen()
    {
        SimFixture sim;
        RecordedOperator alice(sim, aliceKey, m_dir.filePath(QStringLiteral("noanswer.sqlite")));
        QVERIFY(alice.start());
        QSignalSpy unseen(&alice.history, &CallHistory::unseenMissedCountChanged);
        const QString sid = sim.ring(support, caller, 200);
        QVERIFY(alice.op.ended->wait(5000));
        const CallRecord row = alice.onlyRow();
        QCOMPARE(row.callSid, sid);
        QCOMPARE(row.endReason, std::optional<CallEndReason>(CallEndReason::NoAnswer));
        QVERIFY(row.answeredAt.isNull());
        QCOMPARE(row.durationS(), 0);
        QVERIFY(row.missed);
        QVERIFY(!row.seen);
        verifyTimes(row, callAt(*alice.op.ended, 0));
        QCOMPARE(alice.history.unseenMissedCount(), 1);
        QCOMPARE(unseen.size(), 1);
    }

    void takenByOtherIsNotMissed()
    {
        SimFixture sim;
        RecordedOperator alice(sim, aliceKey, m_dir.filePath(QStringLiteral("taken-alice.sqlite")));
        RecordedOperator bob(sim, bobKey, m_dir.filePath(QStringLiteral("taken-bob.sqlite")));
        QVERIFY(alice.start());
        QVERIFY(bob.start());
        const QString sid = sim.ring(support, caller);
        QTRY_VERIFY_WITH_TIMEOUT(alice.op.incoming->size() == 1 && bob.op.incoming->size() == 1, 3000);
        CallController *aliceCall = callAt(*alice.op.incoming, 0);
        aliceCall->accept();
        QVERIFY(bob.op.ended->wait(3000));
        const CallRecord row = bob.onlyRow();
        QCOMPARE(row.callSid, sid);
        QCOMPARE(row.endReason, std::optional<CallEndReason>(CallEndReason::TakenByOther));
        QVERIFY(!row.missed);
        QVERIFY(row.seen);
        QCOMPARE(bob.history.unseenMissedCount(), 0);
        QCOMPARE(CallHistoryModel::resultText(row), QStringLiteral("Taken by a colleague"));

        // The winner's row is written when her call ends.
        QTRY_COMPARE_WITH_TIMEOUT(aliceCall->state(), CallState::Active, 5000);
        aliceCall->hangup();
        QVERIFY(alice.op.ended->wait(5000));
        const CallRecord won = alice.onlyRow();
        QCOMPARE(won.endReason, std::optional<CallEndReason>(CallEndReason::Hangup));
        QVERIFY(won.answeredAt.isValid());
        QCOMPARE(bob.history.query({}).size(), 1);
    }

    void rejectedIsNotMissed()
    {
        SimFixture sim;
        RecordedOperator alice(sim, aliceKey, m_dir.filePath(QStringLiteral("rejected.sqlite")));
        QVERIFY(alice.start());
        sim.ring(support, caller);
        QVERIFY(alice.op.incoming->wait(3000));
        CallController *call = callAt(*alice.op.incoming, 0);
        call->reject();
        const CallRecord row = alice.onlyRow();
        QCOMPARE(row.endReason, std::optional<CallEndReason>(CallEndReason::Rejected));
        QVERIFY(!row.missed);
        QVERIFY(row.seen);
        QVERIFY(row.note.isEmpty());
        QCOMPARE(CallHistoryModel::resultText(row), QStringLiteral("Declined"));
        // The service hears of it; still one row.
        QVERIFY(sim.waitForEvent(
            [](const QJsonObject &e) { return e.value(QLatin1String("type")).toString() == QLatin1String("reject"); }));
        QCOMPARE(alice.history.query({}).size(), 1);
    }

    void declinedByPolicyIsMissedWithNote()
    {
        SimFixture sim;
        RecordedOperator alice(sim, aliceKey, m_dir.filePath(QStringLiteral("dnd.sqlite")));
        QVERIFY(alice.start());
        const QString note = QStringLiteral("declined: do not disturb");
        sim.ring(support, caller);
        QVERIFY(alice.op.incoming->wait(3000));
        CallController *first = callAt(*alice.op.incoming, 0);
        alice.recorder.noteDeclinedByPolicy(first, note);
        first->reject();
        CallRecord row = alice.onlyRow();
        QCOMPARE(row.endReason, std::optional<CallEndReason>(CallEndReason::Rejected));
        QVERIFY(row.missed);
        QVERIFY(!row.seen);
        QCOMPARE(row.note, note);
        QCOMPARE(alice.history.unseenMissedCount(), 1);

        // Said after the call was already declined: the row written is amended, not duplicated.
        sim.ring(support, QStringLiteral("+4930777777"));
        QVERIFY(alice.op.incoming->wait(3000));
        CallController *second = callAt(*alice.op.incoming, 1);
        second->reject();
        alice.recorder.noteDeclinedByPolicy(second, note);
        const QList<CallRecord> rows = alice.history.query({});
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.first().remoteNumber, QStringLiteral("+4930777777"));
        QVERIFY(rows.first().missed);
        QCOMPARE(rows.first().note, note);
        QCOMPARE(alice.history.unseenMissedCount(), 2);
    }

    void outboundAnswered()
    {
        SimFixture sim;
        RecordedOperator alice(sim, aliceKey, m_dir.filePath(QStringLiteral("out.sqlite")));
        QVERIFY(alice.start(false));
        CallController *call = alice.op.service->dial(QStringLiteral("+1 555 010 0001"), support);
        QVERIFY(alice.op.started->wait(3000));
        // Placed by the service: in the history already, ringing at the other end.
        QCOMPARE(alice.history.query({}).size(), 1);
        QCOMPARE(alice.history.query({}).first().status, CallRecord::Status::InProgress);
        QCOMPARE(alice.history.query({}).first().callSid, call->callSid());
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, 5000); // the simulator answers after 1 s
        QTRY_VERIFY(alice.history.query({}).first().answeredAt.isValid());
        call->hangup();
        QVERIFY(alice.op.ended->wait(5000));
        const CallRecord row = alice.onlyRow();
        QCOMPARE(row.direction, CallDirection::Outbound);
        QCOMPARE(row.callSid, call->callSid());
        QVERIFY(row.callSid.startsWith(QLatin1String("CA")));
        QCOMPARE(row.remoteNumber, QStringLiteral("+15550100001")); // as dialled, normalised
        QCOMPARE(row.localNumber, support);
        QCOMPARE(row.lineId, QStringLiteral("pn_1")); // found by caller ID
        QCOMPARE(row.lineName, QStringLiteral("Support"));
        QCOMPARE(row.endReason, std::optional<CallEndReason>(CallEndReason::Hangup));
        QVERIFY(row.answeredAt.isValid());
        QVERIFY(row.answeredAt >= row.startedAt.addMSecs(900)); // it rang first
        verifyTimes(row, call);
        QVERIFY(!row.missed);
        QVERIFY(row.seen);
    }

    void outboundBusyKeepsTheReason()
    {
        SimFixture sim;
        RecordedOperator alice(sim, aliceKey, m_dir.filePath(QStringLiteral("busy.sqlite")));
        QVERIFY(alice.start(false));
        CallController *call = alice.op.service->dial(QStringLiteral("+4930555000"), QStringLiteral("+15551230002"));
        QVERIFY(alice.op.ended->wait(3000));
        const CallRecord row = alice.onlyRow();
        QCOMPARE(row.endReason, std::optional<CallEndReason>(CallEndReason::Failed));
        QCOMPARE(row.errorCode, QStringLiteral("BUSY"));
        QVERIFY(!row.note.isEmpty());
        QCOMPARE(row.lineId, QStringLiteral("pn_2"));
        QVERIFY(row.lineName.isEmpty()); // pn_2 has no display name
        QCOMPARE(row.localNumber, QStringLiteral("+15551230002"));
        QVERIFY(row.callSid.isEmpty());
        verifyTimes(row, call);
        CallHistoryModel model(&alice.history);
        QCOMPARE(model.data(model.index(0, CallHistoryModel::ResultColumn)).toString(), QStringLiteral("Busy"));
        QCOMPARE(model.data(model.index(0, CallHistoryModel::LineColumn)).toString(),
                 QStringLiteral("+1 555-123-0002"));
    }

    void outboundRefusedByValidation()
    {
        SimFixture sim;
        RecordedOperator alice(sim, aliceKey, m_dir.filePath(QStringLiteral("refused.sqlite")));
        QVERIFY(alice.start(false));
        CallController *call = alice.op.service->dial(QStringLiteral("030 123456"), support);
        QVERIFY(alice.op.ended->wait(3000));
        const CallRecord row = alice.onlyRow();
        QCOMPARE(row.direction, CallDirection::Outbound);
        QVERIFY(row.callSid.isEmpty());
        QCOMPARE(row.remoteNumber, QStringLiteral("030 123456")); // not E.164: kept as typed
        QCOMPARE(row.localNumber, support);
        QCOMPARE(row.lineName, QStringLiteral("Support"));
        QCOMPARE(row.endReason, std::optional<CallEndReason>(CallEndReason::Failed));
        QCOMPARE(row.errorCode, QStringLiteral("INVALID_NUMBER"));
        QVERIFY(row.answeredAt.isNull());
        QVERIFY(!row.missed);
        verifyTimes(row, call);
        QVERIFY(sim.eventsOfType(QStringLiteral("dial")).isEmpty());

        // The next refusal carries its own reason, not the one before.
        CallController *second = alice.op.service->dial(QStringLiteral("+4930123456"), QStringLiteral("+15559990009"));
        QVERIFY(alice.op.ended->wait(3000));
        QCOMPARE(second->endReason(), CallEndReason::Failed);
        QCOMPARE(alice.history.query({}).first().errorCode, QStringLiteral("INVALID_CALLER_ID"));
        QCOMPARE(alice.history.query({}).size(), 2);
    }

    void closedHistoryRecordsNothingAndDoesNotCrash()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        CallHistory history(m_dir.filePath(QStringLiteral("not-opened.sqlite")));
        HistoryRecorder recorder(op.service.get(), &history);
        QVERIFY(op.connectAndWaitOnline());
        op.service->dial(QStringLiteral("nope"), support);
        QVERIFY(op.ended->wait(3000));
        QVERIFY(history.query({}).isEmpty());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestHistoryRecorder)
#include "TestHistoryRecorder.moc"
