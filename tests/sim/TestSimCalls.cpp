// SPDX-License-Identifier: GPL-3.0-or-later
// Calls on the simulator's presence channel (PROTOCOL.md sections 3.5 and 3.6): offers,
// first-accept-wins, rejects, ring timeouts, remote hangups and dialling, with raw clients.
#include "SimFixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

using namespace audin;
using namespace audin::test;

namespace {

const QString Alice = QStringLiteral("op_alice");
const QString Bob = QStringLiteral("op_bob");

QString type(const QJsonObject &frame)
{
    return frame.value(QLatin1String("type")).toString();
}

QJsonObject dial(PresenceProbe &probe, const QString &to, const QString &callerId, const QString &id)
{
    probe.sendJson({{"type", "dial"}, {"id", id}, {"to", to}, {"callerId", callerId}});
    QJsonObject answer;
    [[maybe_unused]] const bool answered = QTest::qWaitFor(
        [&] {
            for (const QJsonObject &frame : probe.received()) {
                if (frame.value(QLatin1String("id")).toString() == id
                    && (type(frame) == QLatin1String("dial_accepted") || type(frame) == QLatin1String("error"))) {
                    answer = frame;
                    return true;
                }
            }
            return false;
        },
        5000);
    return answer;
}

} // namespace

class TestSimCalls : public QObject
{
    Q_OBJECT
private slots:
    void firstAcceptWins()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        auto bob = sim.connectProbe(Bob);
        QVERIFY(alice && bob);
        alice->goOnline({"pn_1"});
        bob->goOnline({"pn_1"});
        const QString callSid = sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930123456"), 5000);
        QVERIFY(callSid.startsWith(QLatin1String("CA")));
        const QJsonObject offer = alice->waitFor(QStringLiteral("call_offer"));
        QCOMPARE(offer,
                 (QJsonObject {{"type", "call_offer"},
                               {"callSid", callSid},
                               {"from", "+4930123456"},
                               {"to", "+15551230001"},
                               {"phoneNumberId", "pn_1"},
                               {"ringTimeoutMs", 5000}}));
        QCOMPARE(bob->waitFor(QStringLiteral("call_offer"))[QLatin1String("callSid")].toString(), callSid);

        alice->sendJson({{"type", "accept"}, {"callSid", callSid}});
        QCOMPARE(alice->waitFor(QStringLiteral("call_assigned"))[QLatin1String("callSid")].toString(), callSid);
        const QJsonObject cancelled = bob->waitFor(QStringLiteral("call_cancelled"));
        QCOMPARE(cancelled[QLatin1String("reason")].toString(), QStringLiteral("taken_by_other"));
        // Too late: bob's accept is answered with the same cancel.
        bob->sendJson({{"type", "accept"}, {"callSid", callSid}});
        QCOMPARE(bob->waitFor(QStringLiteral("call_cancelled"))[QLatin1String("reason")].toString(),
                 QStringLiteral("taken_by_other"));
        QVERIFY(alice->receivedOfType(QStringLiteral("call_cancelled")).isEmpty());

        const QJsonObject call = sim.server()->call(callSid);
        QCOMPARE(call[QLatin1String("state")].toString(), QStringLiteral("assigned"));
        QCOMPARE(call[QLatin1String("assignedTo")].toString(), Alice);
        QCOMPARE(call[QLatin1String("offeredTo")].toArray().size(), 2);
    }

    void lateJoinerIsOfferedRingingCall()
    {
        SimFixture sim;
        const QString callSid = sim.ring(QStringLiteral("+15551230002"));
        QVERIFY(!callSid.isEmpty());
        auto bob = sim.connectProbe(Bob);
        QVERIFY(bob);
        bob->goOnline({"pn_2"});
        QCOMPARE(bob->waitFor(QStringLiteral("call_offer"))[QLatin1String("callSid")].toString(), callSid);
    }

    void rejectLeavesCallRingingForOthers()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        auto bob = sim.connectProbe(Bob);
        QVERIFY(alice && bob);
        alice->goOnline({"pn_1"});
        bob->goOnline({"pn_1"});
        const QString callSid = sim.ring(QStringLiteral("+15551230001"));
        QVERIFY(!alice->waitFor(QStringLiteral("call_offer")).isEmpty());
        QVERIFY(!bob->waitFor(QStringLiteral("call_offer")).isEmpty());
        alice->sendJson({{"type", "reject"}, {"callSid", callSid}});
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) { return type(e) == QLatin1String("call_rejected"); }));
        QCOMPARE(sim.server()->call(callSid)[QLatin1String("state")].toString(), QStringLiteral("ringing"));
        // Going online again does not re-offer a call the session declined.
        alice->goOnline({"pn_1"}, QStringLiteral("again"));
        bob->sendJson({{"type", "accept"}, {"callSid", callSid}});
        QVERIFY(!bob->waitFor(QStringLiteral("call_assigned")).isEmpty());
        QCOMPARE(alice->receivedOfType(QStringLiteral("call_offer")).size(), 1);
        QVERIFY(alice->receivedOfType(QStringLiteral("call_cancelled")).isEmpty());
    }

    void ringTimeoutCancelsWithNoAnswer()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        auto bob = sim.connectProbe(Bob);
        QVERIFY(alice && bob);
        alice->goOnline({"pn_1"});
        bob->goOnline({"pn_1"});
        QElapsedTimer timer;
        timer.start();
        const QString callSid = sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930123456"), 300);
        QCOMPARE(alice->waitFor(QStringLiteral("call_cancelled"))[QLatin1String("reason")].toString(),
                 QStringLiteral("no_answer"));
        QVERIFY(timer.elapsed() >= 250);
        QCOMPARE(bob->waitFor(QStringLiteral("call_cancelled"))[QLatin1String("reason")].toString(),
                 QStringLiteral("no_answer"));
        const QJsonObject call = sim.server()->call(callSid);
        QCOMPARE(call[QLatin1String("state")].toString(), QStringLiteral("ended"));
        QCOMPARE(call[QLatin1String("endReason")].toString(), QStringLiteral("no_answer"));
        alice->sendJson({{"type", "accept"}, {"callSid", callSid}});
        QCOMPARE(alice->waitFor(QStringLiteral("call_cancelled"))[QLatin1String("reason")].toString(),
                 QStringLiteral("no_answer"));
    }

    void ringTimeoutDefaultsToSetting()
    {
        SimFixture sim({{"ringTimeoutMs", 250}});
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        alice->goOnline({"pn_1"});
        sim.ring(QStringLiteral("+15551230001"));
        QCOMPARE(alice->waitFor(QStringLiteral("call_offer"))[QLatin1String("ringTimeoutMs")].toInt(), 250);
        QCOMPARE(alice->waitFor(QStringLiteral("call_cancelled"), 3000)[QLatin1String("reason")].toString(),
                 QStringLiteral("no_answer"));
    }

    void remoteHangupWhileRinging()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        alice->goOnline({"pn_1"});
        const QString callSid = sim.ring(QStringLiteral("+15551230001"));
        QVERIFY(!alice->waitFor(QStringLiteral("call_offer")).isEmpty());
        QVERIFY(sim.server()->hangupCall(callSid));
        const QJsonObject cancelled = alice->waitFor(QStringLiteral("call_cancelled"));
        QCOMPARE(cancelled[QLatin1String("callSid")].toString(), callSid);
        QCOMPARE(cancelled[QLatin1String("reason")].toString(), QStringLiteral("remote_hangup"));
        QCOMPARE(sim.server()->call(callSid)[QLatin1String("endReason")].toString(), QStringLiteral("remote_hangup"));
        QVERIFY(!sim.server()->hangupCall(QStringLiteral("CAnope")));
    }

    void closedSessionLeavesOffers()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        alice->goOnline({"pn_1"});
        const QString callSid = sim.ring(QStringLiteral("+15551230001"));
        QVERIFY(!alice->waitFor(QStringLiteral("call_offer")).isEmpty());
        QCOMPARE(sim.server()->call(callSid)[QLatin1String("pending")].toArray().size(), 1);
        alice->close();
        QTRY_COMPARE_WITH_TIMEOUT(sim.server()->call(callSid)[QLatin1String("pending")].toArray().size(), 0, 3000);
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) {
            return type(e) == QLatin1String("close") && e[QLatin1String("by")].toString() == QLatin1String("client")
                && e[QLatin1String("code")].toInt() == 1000;
        }));
    }

    void dialOutcomes_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("callerId");
        QTest::addColumn<QString>("code"); // empty: accepted
        QTest::newRow("accepted") << "+4930123456"
                                  << "+15551230001"
                                  << "";
        QTest::newRow("accepted, punctuated") << "+49 (30) 123-45.6"
                                              << "+15551230002"
                                              << "";
        QTest::newRow("no plus") << "4930123456"
                                 << "+15551230001"
                                 << "INVALID_NUMBER";
        QTest::newRow("too short") << "+1234567"
                                   << "+15551230001"
                                   << "INVALID_NUMBER";
        QTest::newRow("letters") << "+4930abc456"
                                 << "+15551230001"
                                 << "INVALID_NUMBER";
        QTest::newRow("other account's number") << "+4930123456"
                                                << "+15559990009"
                                                << "INVALID_CALLER_ID";
        QTest::newRow("inactive caller id") << "+4930123456"
                                            << "+15551230003"
                                            << "INVALID_CALLER_ID";
        QTest::newRow("unknown caller id") << "+4930123456"
                                           << "+15550000000"
                                           << "INVALID_CALLER_ID";
        QTest::newRow("not allowed") << "+19005551234"
                                     << "+15551230001"
                                     << "NOT_ALLOWED";
        QTest::newRow("busy") << "+49 30 555 000"
                              << "+15551230001"
                              << "BUSY";
    }
    void dialOutcomes()
    {
        QFETCH(QString, to);
        QFETCH(QString, callerId);
        QFETCH(QString, code);
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        const QJsonObject answer = dial(*alice, to, callerId, QStringLiteral("d1"));
        if (code.isEmpty()) {
            QCOMPARE(type(answer), QStringLiteral("dial_accepted"));
            const QString callSid = answer[QLatin1String("callSid")].toString();
            QVERIFY(callSid.startsWith(QLatin1String("CA")));
            const QJsonObject call = sim.server()->call(callSid);
            QCOMPARE(call[QLatin1String("direction")].toString(), QStringLiteral("outbound"));
            QCOMPARE(call[QLatin1String("state")].toString(), QStringLiteral("assigned"));
            QCOMPARE(call[QLatin1String("assignedTo")].toString(), Alice);
            QCOMPARE(call[QLatin1String("from")].toString(), callerId);
            QCOMPARE(call[QLatin1String("to")].toString(), QStringLiteral("+4930123456"));
        } else {
            QCOMPARE(type(answer), QStringLiteral("error"));
            QCOMPARE(answer[QLatin1String("code")].toString(), code);
            QVERIFY(!answer[QLatin1String("message")].toString().isEmpty());
            QVERIFY(sim.server()->calls().isEmpty());
        }
        QVERIFY(!alice->isClosed());
    }
};

QTEST_GUILESS_MAIN(TestSimCalls)
#include "TestSimCalls.moc"
