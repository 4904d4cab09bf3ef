// SPDX-License-Identifier: GPL-3.0-or-later
// The simulator's HTTP side over real loopback HTTP: token endpoints, the /sim control API,
// fault injection, and the audin-core-sim executable itself.
#include "SimFixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

using namespace audin;
using namespace audin::test;

namespace {

const QString Alice = QStringLiteral("op_alice");

HttpHeaders bearer(const QByteArray &key)
{
    return {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + key}};
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString sessionIdOf(SimFixture &sim, const QString &operatorId)
{
    for (const QJsonValue session : sim.server()->state().value(QLatin1String("sessions")).toArray()) {
        if (session[QLatin1String("operatorId")].toString() == operatorId
            && !session[QLatin1String("closing")].toBool())
            return session[QLatin1String("sessionId")].toString();
    }
    return {};
}

} // namespace

class TestSimControl : public QObject
{
    Q_OBJECT
private slots:
    void healthAndUnknownRoutes()
    {
        SimFixture sim;
        const HttpResult health = sim.http("GET", QStringLiteral("/healthz"));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json[QLatin1String("status")].toString(), QStringLiteral("ok"));
        QCOMPARE(sim.http("GET", QStringLiteral("/nope")).status, 404);
        QCOMPARE(sim.http("GET", QStringLiteral("/sim/nope")).status, 404);
        const HttpResult wrongMethod = sim.http("GET", QStringLiteral("/sim/faults"));
        QCOMPARE(wrongMethod.status, 405);
        QVERIFY(!wrongMethod.json[QLatin1String("error")].toString().isEmpty());
    }

    void partnerTokenEndpoint()
    {
        SimFixture sim;
        const HttpResult first = sim.http("POST", QStringLiteral("/partner/token"), "{}", bearer("ok_alice_test"));
        QCOMPARE(first.status, 200);
        const QString token = first.json[QLatin1String("token")].toString();
        QCOMPARE(token.count(QLatin1Char('.')), 2);
        const QString expiresAtText = first.json[QLatin1String("expiresAt")].toString();
        QVERIFY2(expiresAtText.endsWith(QLatin1Char('Z')) && expiresAtText.contains(QLatin1Char('.')),
                 qPrintable(expiresAtText));
        const QDateTime expiresAt = QDateTime::fromString(expiresAtText, Qt::ISODateWithMs);
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().msecsTo(expiresAt) - 3600000) < 10000);
        // Every token is new.
        const HttpResult second = sim.http("POST", QStringLiteral("/partner/token"), "{}", bearer("ok_alice_test"));
        QVERIFY(second.json[QLatin1String("token")].toString() != token);
        // And it authenticates as the operator the key belongs to.
        PresenceProbe probe(sim.presenceUrl());
        QCOMPARE(probe.authenticate(token)[QLatin1String("operatorId")].toString(), Alice);

        const HttpResult bad = sim.http("POST", QStringLiteral("/partner/token"), "{}", bearer("ok_wrong"));
        QCOMPARE(bad.status, 401);
        QVERIFY(!bad.json[QLatin1String("error")].toString().isEmpty());
        QCOMPARE(sim.http("POST", QStringLiteral("/partner/token"), "{}").status, 401);
        QCOMPARE(
            sim.http("POST", QStringLiteral("/partner/token"), "{}", {{"Authorization", "Basic ok_alice_test"}}).status,
            401);

        // The lifetime follows tokenTtlMs at run time.
        QVERIFY(sim.server()->applySettings({{"tokenTtlMs", 2000}}));
        const HttpResult shortLived = sim.http("POST", QStringLiteral("/partner/token"), "{}", bearer("ok_bob_test"));
        const QDateTime shortExpiry
            = QDateTime::fromString(shortLived.json[QLatin1String("expiresAt")].toString(), Qt::ISODateWithMs);
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().msecsTo(shortExpiry) - 2000) < 1000);
    }

    void accountTokenEndpoint()
    {
        SimFixture sim;
        const auto post = [&](const QByteArray &body, const QByteArray &key) {
            return sim.http("POST", QStringLiteral("/operator-sessions/token"), body, bearer(key));
        };
        const HttpResult ok = post(json({{"operatorId", "op_bob"}}), "ak_test");
        QCOMPARE(ok.status, 200);
        QVERIFY(!ok.json[QLatin1String("expiresAt")].toString().isEmpty());
        PresenceProbe probe(sim.presenceUrl());
        QCOMPARE(probe.authenticate(ok.json[QLatin1String("token")].toString())[QLatin1String("operatorId")].toString(),
                 QStringLiteral("op_bob"));

        QCOMPARE(post(json({{"operatorId", "op_bob"}}), "ak_wrong").status, 401);
        QCOMPARE(post(json({{"operatorId", "op_dave"}}), "ak_test").status, 404); // another account's operator
        QCOMPARE(post(json({{"operatorId", "op_nobody"}}), "ak_test").status, 404);
        QCOMPARE(post("{}", "ak_test").status, 400);
        QCOMPARE(post("not json", "ak_test").status, 400);
        QCOMPARE(post(json({{"operatorId", "op_dave"}}), "ak_other").status, 200);
    }

    void ringOverHttp()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        QVERIFY(!alice->goOnline({"pn_1"}).isEmpty());
        const HttpResult ring
            = sim.http("POST", QStringLiteral("/sim/calls"),
                       json({{"to", "+1 555 123 0001"}, {"from", "+4930999"}, {"ringTimeoutMs", 4000}}));
        QCOMPARE(ring.status, 201);
        const QString callSid = ring.json[QLatin1String("callSid")].toString();
        QVERIFY(callSid.startsWith(QLatin1String("CA")));
        QCOMPARE(ring.json[QLatin1String("offeredTo")].toArray(), QJsonArray {sessionIdOf(sim, Alice)});
        const QJsonObject offer = alice->waitFor(QStringLiteral("call_offer"));
        QCOMPARE(offer[QLatin1String("from")].toString(), QStringLiteral("+4930999"));
        QCOMPARE(offer[QLatin1String("ringTimeoutMs")].toInt(), 4000);

        const HttpResult list = sim.http("GET", QStringLiteral("/sim/calls"));
        QCOMPARE(list.status, 200);
        const QJsonObject call = list.json[QLatin1String("calls")].toArray().at(0).toObject();
        QCOMPARE(call[QLatin1String("callSid")].toString(), callSid);
        QCOMPARE(call[QLatin1String("state")].toString(), QStringLiteral("ringing"));
        QCOMPARE(call[QLatin1String("to")].toString(), QStringLiteral("+15551230001"));
        QCOMPARE(call[QLatin1String("phoneNumberId")].toString(), QStringLiteral("pn_1"));
        QVERIFY(call[QLatin1String("assignedTo")].isNull());

        const HttpResult hangup = sim.http("POST", QStringLiteral("/sim/calls/%1/hangup").arg(callSid));
        QCOMPARE(hangup.status, 200);
        QCOMPARE(hangup.json[QLatin1String("endReason")].toString(), QStringLiteral("remote_hangup"));
        QCOMPARE(alice->waitFor(QStringLiteral("call_cancelled"))[QLatin1String("reason")].toString(),
                 QStringLiteral("remote_hangup"));
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/calls/CAnope/hangup")).status, 404);

        // Nobody online: the call still rings, offered to no one. Unknown and inactive numbers: 404.
        const HttpResult lonely = sim.http("POST", QStringLiteral("/sim/calls"), json({{"to", "+15551230002"}}));
        QCOMPARE(lonely.status, 201);
        QVERIFY(lonely.json[QLatin1String("offeredTo")].toArray().isEmpty());
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/calls"), json({{"to", "+15550000000"}})).status, 404);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/calls"), json({{"to", "+15551230003"}})).status, 404);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/calls"), "{\"to\":").status, 400);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/calls"), json({{"from", "+4930"}})).status, 400);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/calls"), json({{"to", "+15551230001"}, {"ringTimeoutMs", "x"}}))
                     .status,
                 400);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/calls"), "[1]").status, 400);
    }

    void stateAndEventsOverHttp()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        QVERIFY(!alice->goOnline({"pn_2"}).isEmpty());
        const HttpResult state = sim.http("GET", QStringLiteral("/sim/state"));
        QCOMPARE(state.status, 200);
        const QJsonObject session = state.json[QLatin1String("sessions")].toArray().at(0).toObject();
        QCOMPARE(session[QLatin1String("operatorId")].toString(), Alice);
        QCOMPARE(session[QLatin1String("accepted")].toArray(), QJsonArray {"pn_2"});
        QVERIFY(QDateTime::fromString(session[QLatin1String("connectedAt")].toString(), Qt::ISODateWithMs).isValid());
        QVERIFY(QDateTime::fromString(session[QLatin1String("lastFrameAt")].toString(), Qt::ISODateWithMs).isValid());
        QVERIFY(state.json[QLatin1String("calls")].isArray());

        const HttpResult all = sim.http("GET", QStringLiteral("/sim/events"));
        QCOMPARE(all.status, 200);
        const QJsonArray events = all.json[QLatin1String("events")].toArray();
        QVERIFY(events.size() >= 4);
        const qint64 lastSeq = all.json[QLatin1String("lastSeq")].toInteger();
        QCOMPARE(events.last()[QLatin1String("seq")].toInteger(), lastSeq);
        alice->sendJson({{"type", "ping"}, {"ts", 42}});
        QVERIFY(!alice->waitFor(QStringLiteral("pong")).isEmpty());
        const HttpResult fresh = sim.http("GET", QStringLiteral("/sim/events?since=%1").arg(lastSeq));
        const QJsonArray freshEvents = fresh.json[QLatin1String("events")].toArray();
        QCOMPARE(freshEvents.size(), 2);
        QCOMPARE(freshEvents.at(0)[QLatin1String("type")].toString(), QStringLiteral("ping"));
        QCOMPARE(freshEvents.at(0)[QLatin1String("dir")].toString(), QStringLiteral("in"));
        QCOMPARE(freshEvents.at(1)[QLatin1String("type")].toString(), QStringLiteral("pong"));
        QCOMPARE(freshEvents.at(1)[QLatin1String("operatorId")].toString(), Alice);
        QCOMPARE(sim.http("GET", QStringLiteral("/sim/events?since=abc")).status, 400);
        QCOMPARE(sim.http("GET", QStringLiteral("/sim/events?since=-1")).status, 400);
    }

    void settingsOverHttp()
    {
        SimFixture sim;
        const HttpResult ok = sim.http("POST", QStringLiteral("/sim/settings"),
                                       json({{"ringTimeoutMs", 1234}, {"idleTimeoutMs", 5000}}));
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json[QLatin1String("ringTimeoutMs")].toInt(), 1234);
        QCOMPARE(ok.json[QLatin1String("idleTimeoutMs")].toInt(), 5000);
        QCOMPARE(ok.json[QLatin1String("tokenTtlMs")].toInteger(), 3600000);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/settings"), json({{"bogus", 1}})).status, 400);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/settings"), json({{"idleTimeoutMs", -5}})).status, 400);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/settings"), json({{"idleTimeoutMs", 1.5}})).status, 400);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/settings"), json({{"authTimeoutMs", "10"}})).status, 400);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/settings"), "{oops").status, 400);
        // A rejected request changes nothing, not even its valid parts.
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/settings"), json({{"ringTimeoutMs", 99}, {"bogus", 1}})).status,
                 400);
        QCOMPARE(sim.http("GET", QStringLiteral("/sim/settings")).json[QLatin1String("ringTimeoutMs")].toInt(), 1234);
    }

    void numbersAndOperatorsOverHttp()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        QVERIFY(!alice->goOnline({"pn_1", "pn_2"}).isEmpty());
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/numbers/pn_2/deactivate")).status, 200);
        const QJsonObject push = alice->waitFor(QStringLiteral("availability"));
        QCOMPARE(push[QLatin1String("accepted")].toArray(), QJsonArray {"pn_1"});
        QCOMPARE(push[QLatin1String("rejected")].toArray(), QJsonArray {"pn_2"});
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/numbers/pn_2/activate")).status, 200);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/numbers/pn_nope/deactivate")).status, 404);
        QCOMPARE(sim.http("GET", QStringLiteral("/sim/numbers/pn_2/deactivate")).status, 405);

        QCOMPARE(sim.http("POST", QStringLiteral("/sim/operators/op_alice/disable")).status, 200);
        QVERIFY(alice->waitClosed());
        QCOMPARE(alice->closeCode(), 4003);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/operators/op_alice/enable")).status, 200);
        QVERIFY(sim.connectProbe(Alice));
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/operators/op_nobody/disable")).status, 404);
    }

    void faultCloseDropSend()
    {
        SimFixture sim;
        auto fault = [&](QJsonObject body) {
            body.insert(QStringLiteral("operatorId"), Alice);
            return sim.http("POST", QStringLiteral("/sim/faults"), json(body)).status;
        };
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        QCOMPARE(fault({{"action", "send"}, {"text", "not json at all"}}), 200);
        QTRY_VERIFY_WITH_TIMEOUT(alice->receivedText().contains(QStringLiteral("not json at all")), 3000);
        QCOMPARE(fault({{"action", "send"}, {"size", 71680}}), 200);
        QTRY_VERIFY_WITH_TIMEOUT(alice->receivedOfType(QStringLiteral("padding")).size() == 1, 3000);
        QCOMPARE(alice->receivedText().last().toUtf8().size(), 71680);
        QCOMPARE(fault({{"action", "send"}, {"binary", QString::fromLatin1(QByteArray("\x01\x00\xff", 3).toBase64())}}),
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(alice->receivedBinary().size(), 1, 3000);
        QCOMPARE(alice->receivedBinary().at(0), QByteArray("\x01\x00\xff", 3));
        QCOMPARE(fault({{"action", "close"}, {"code", 4321}, {"reason", "because"}}), 200);
        QVERIFY(alice->waitClosed());
        QCOMPARE(alice->closeCode(), 4321);
        QCOMPARE(alice->closeReason(), QStringLiteral("because"));
        // No live session any more.
        QCOMPARE(fault({{"action", "close"}, {"code", 4001}}), 404);

        auto again = sim.connectProbe(Alice);
        QVERIFY(again);
        QVERIFY(sim.server()->applyFault({{"operatorId", Alice}, {"action", "drop"}}));
        QVERIFY(again->waitClosed());
        QCOMPARE(again->closeCode(), 1006);

        QCOMPARE(fault({{"action", "explode"}}), 400);
        QCOMPARE(fault({{"action", "close"}, {"code", 1005}}), 400);
        QCOMPARE(fault({{"action", "send"}, {"size", 3}}), 400);
        QCOMPARE(fault({{"action", "send"}, {"text", "a"}, {"size", 100}}), 400);
        QCOMPARE(fault({{"action", "send"}, {"binary", "***"}}), 400);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/faults"), json({{"action", "drop"}})).status, 400);
        QCOMPARE(
            sim.http("POST", QStringLiteral("/sim/faults"), json({{"action", "drop"}, {"operatorId", "op_nobody"}}))
                .status,
            404);
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/faults"), "nope").status, 400);
        QString error;
        bool notFound = false;
        QVERIFY(!sim.server()->applyFault({{"operatorId", Alice}, {"action", "stall"}}, &error, &notFound));
        QVERIFY(notFound);
        QVERIFY(!error.isEmpty());
    }

    void faultRejectAuth()
    {
        SimFixture sim;
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/faults"),
                          json({{"operatorId", Alice}, {"action", "rejectAuth"}, {"count", 2}, {"code", 4008}}))
                     .status,
                 200);
        for (int i = 0; i < 2; ++i) {
            PresenceProbe probe(sim.presenceUrl());
            QVERIFY(probe.authenticate(sim.server()->mintToken(Alice, 60000)).isEmpty());
            QCOMPARE(probe.closeCode(), 4008);
        }
        QVERIFY(sim.connectProbe(Alice));

        // `clear` drops what is still pending.
        QVERIFY(sim.server()->applyFault({{"operatorId", Alice}, {"action", "rejectAuth"}, {"count", 5}}));
        QVERIFY(sim.server()->applyFault({{"action", "clear"}}));
        QVERIFY(sim.connectProbe(Alice));
    }

    void faultIgnoreRefreshAndStall()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        QVERIFY(sim.server()->applyFault({{"operatorId", Alice}, {"action", "ignoreRefresh"}, {"on", true}}));
        alice->sendJson({{"type", "refresh"}, {"id", "r1"}, {"token", sim.server()->mintToken(Alice, 60000)}});
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) {
            return e[QLatin1String("type")].toString() == QLatin1String("refresh_ignored");
        }));
        QVERIFY(alice->waitFor(QStringLiteral("refreshed"), 200).isEmpty());
        QVERIFY(sim.server()->applyFault({{"operatorId", Alice}, {"action", "clear"}}));
        alice->sendJson({{"type", "refresh"}, {"id", "r2"}, {"token", sim.server()->mintToken(Alice, 60000)}});
        QCOMPARE(alice->waitFor(QStringLiteral("refreshed"))[QLatin1String("id")].toString(), QStringLiteral("r2"));

        // A stalled session neither answers nor sends, like a half-open TCP link.
        QVERIFY(sim.server()->applyFault({{"operatorId", Alice}, {"action", "stall"}}));
        alice->sendJson({{"type", "ping"}, {"ts", 1}});
        QVERIFY(alice->waitFor(QStringLiteral("pong"), 300).isEmpty());
        QVERIFY(!alice->isClosed());
        QVERIFY(sim.server()->setNumberActive(QStringLiteral("pn_1"), false)); // no push escapes either
        QVERIFY(sim.server()->applySettings({{"idleTimeoutMs", 200}}));
        // The reaper still ends it, and without a close frame: the link is "dead".
        QVERIFY(alice->waitClosed(3000));
        QCOMPARE(alice->closeCode(), 1006);
        QCOMPARE(alice->receivedOfType(QStringLiteral("pong")).size(), 0);
    }

    void executablePrintsListeningLine()
    {
        QProcess process;
        process.setProgram(QStringLiteral(AUDIN_SIM_PATH));
        process.setArguments({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--config"),
                              QStringLiteral(AUDIN_TEST_DATA_DIR "/sim-test.json")});
        process.start();
        QVERIFY2(process.waitForStarted(5000), qPrintable(process.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 10000);
        const QJsonObject line = QJsonDocument::fromJson(process.readLine()).object();
        QCOMPARE(line[QLatin1String("event")].toString(), QStringLiteral("listening"));
        const int port = line[QLatin1String("port")].toInt();
        QVERIFY(port > 0);
        QCOMPARE(line[QLatin1String("url")].toString(), QStringLiteral("http://127.0.0.1:%1").arg(port));
        const HttpResult health
            = httpRequest("GET", QUrl(line[QLatin1String("url")].toString() + QStringLiteral("/healthz")));
        QCOMPARE(health.status, 200);
        const HttpResult token
            = httpRequest("POST", QUrl(line[QLatin1String("url")].toString() + QStringLiteral("/partner/token")), "{}",
                          bearer("ok_alice_test"));
        QCOMPARE(token.status, 200);

        process.terminate(); // SIGTERM: a clean exit
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().trimmed().isEmpty()); // exactly one stdout line
        const QByteArray log = process.readAllStandardError();
        QVERIFY(log.contains("token_issued"));
        QVERIFY(!log.contains(token.json[QLatin1String("token")].toString().toUtf8()));
        QVERIFY(!log.contains("ok_alice_test"));
    }

    void executableRejectsBadConfigAndBusyPort()
    {
        QProcess process;
        process.start(QStringLiteral(AUDIN_SIM_PATH),
                      {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--config"),
                       QStringLiteral(AUDIN_TEST_DATA_DIR "/does-not-exist.json")});
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("does-not-exist.json"));
        QVERIFY(process.readAllStandardOutput().isEmpty());

        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        process.start(QStringLiteral(AUDIN_SIM_PATH),
                      {QStringLiteral("--port"), QString::number(occupier.serverPort()), QStringLiteral("--config"),
                       QStringLiteral(AUDIN_TEST_DATA_DIR "/sim-test.json")});
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(process.readAllStandardOutput().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSimControl)
#include "TestSimControl.moc"
