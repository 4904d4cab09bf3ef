// SPDX-License-Identifier: GPL-3.0-or-later
// The presence channel against the real simulator over loopback: PROTOCOL.md sections 1-3 and 6.
#include "OperatorHarness.h"
#include "SimFixture.h"
#include "SimServer.h"
#include "StaticTokenSource.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <algorithm>

using namespace audin;
using namespace audin::test;

namespace {
const QString aliceKey = QStringLiteral("ok_alice_test");

QList<int> delays(const QSignalSpy &spy)
{
    QList<int> out;
    for (const QList<QVariant> &args : spy)
        out << args.at(0).toInt();
    return out;
}

int countAuths(SimFixture &sim, const QString &operatorId = QStringLiteral("op_alice"))
{
    return int(sim.eventsOfType(QStringLiteral("auth"), operatorId).size());
}

/** This machine's wall clock, off by an offset the test changes at will (skew, an NTP jump). */
class SkewedClock final : public Clock
{
public:
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc().addMSecs(offsetMs); }
    qint64 monotonicMs() const override { return m_system.monotonicMs(); }
    qint64 offsetMs = 0;

private:
    SystemClock m_system;
};

bool isInbound(const QJsonObject &event, const QString &type)
{
    return event.value(QLatin1String("type")).toString() == type
        && event.value(QLatin1String("dir")).toString() == QLatin1String("in");
}
} // namespace

class TestPresence : public QObject
{
    Q_OBJECT
private slots:
    void invalidCoreUrlOpensNothing_data()
    {
        QTest::addColumn<QString>("coreUrl");
        QTest::addColumn<QString>("says"); // what the message must explain
        QTest::addColumn<QStringList>("secrets"); // what it must never repeat
        QTest::newRow("ftp") << "ftp://127.0.0.1"
                             << "\"ftp:\"" << QStringList {QStringLiteral("127.0.0.1")};
        QTest::newRow("credentials and query")
            << "https://admin:s3cretpw@core.example.com/?key=abc123"
            << "user name or password"
            << QStringList {QStringLiteral("admin"), QStringLiteral("s3cretpw"), QStringLiteral("abc123")};
        QTest::newRow("query") << "https://core.example.com/?key=abc123"
                               << "query" << QStringList {QStringLiteral("abc123"), QStringLiteral("key=")};
        QTest::newRow("fragment") << "wss://core.example.com/#token=abc123"
                                  << "fragment" << QStringList {QStringLiteral("abc123")};
        QTest::newRow("other scheme with credentials")
            << "sftp://ops:pw123@files.example.com"
            << "\"sftp:\"" << QStringList {QStringLiteral("ops"), QStringLiteral("pw123")};
        QTest::newRow("no host") << "https://"
                                 << "no host name" << QStringList {};
        QTest::newRow("no scheme") << "core.example.com/?key=abc123"
                                   << "must start with" << QStringList {QStringLiteral("abc123")};
        QTest::newRow("empty") << ""
                               << "No service address" << QStringList {};
    }
    void invalidCoreUrlOpensNothing()
    {
        QFETCH(QString, coreUrl);
        QFETCH(QString, says);
        QFETCH(QStringList, secrets);
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, [&coreUrl](OperatorConfig &c) { c.coreUrl = coreUrl; });
        QVERIFY(!op.service->connectToService());
        QCOMPARE(op.errorCodes(), QStringList {QStringLiteral("INVALID_CORE_URL")});
        QCOMPARE(op.service->presenceState(), PresenceState::Offline);
        QCOMPARE(op.tokens->fetches(), 0);
        QCOMPARE(countAuths(sim), 0);
        const QString message = op.errors->first().at(0).value<OperatorError>().message;
        QVERIFY2(message.contains(says), qPrintable(message));
        const QStringList seen = op.logger->lines() << message;
        for (const QString &line : seen) {
            for (const QString &secret : secrets)
                QVERIFY2(!line.contains(secret), qPrintable(line));
        }
    }

    void connectsAndGetsReady()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        QCOMPARE(op.states(), (QList<PresenceState> {PresenceState::Connecting, PresenceState::Online}));
        const QList<QJsonObject> auths = sim.eventsOfType(QStringLiteral("auth"), QStringLiteral("op_alice"));
        QCOMPARE(auths.size(), 1);
        QVERIFY(op.errors->isEmpty());
    }

    void newTokenOnEveryConnect()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        for (int i = 0; i < 2; ++i) {
            QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "drop"}}));
            QVERIFY(op.waitForState(PresenceState::Reconnecting));
            QVERIFY(op.waitForState(PresenceState::Online));
        }
        const QStringList tokens = op.tokens->tokens();
        QCOMPARE(tokens.size(), 3);
        QCOMPARE(QSet<QString>(tokens.begin(), tokens.end()).size(), 3);
        QSet<QString> tokenIds;
        for (const QJsonObject &auth : sim.eventsOfType(QStringLiteral("auth"), QStringLiteral("op_alice")))
            tokenIds.insert(auth.value(QLatin1String("tokenId")).toString());
        QCOMPARE(tokenIds.size(), 3);
    }

    void heartbeatCadence()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, [](OperatorConfig &c) { c.heartbeatIntervalMs = 100; });
        QElapsedTimer clock;
        QList<qint64> pingTimes;
        QObject::connect(sim.server(), &sim::SimServer::eventRecorded, [&](const QJsonObject &e) {
            if (e.value(QLatin1String("type")).toString() == QLatin1String("ping")
                && e.value(QLatin1String("dir")).toString() == QLatin1String("in"))
                pingTimes << clock.elapsed();
        });
        clock.start();
        QVERIFY(op.connectAndWaitOnline());
        QTRY_VERIFY_WITH_TIMEOUT(pingTimes.size() >= 8, 5000);
        QList<qint64> gaps;
        for (int i = 1; i < pingTimes.size(); ++i)
            gaps << pingTimes[i] - pingTimes[i - 1];
        std::sort(gaps.begin(), gaps.end());
        const qint64 median = gaps.at(gaps.size() / 2);
        QVERIFY2(median >= 80 && median <= 160, qPrintable(QStringLiteral("median ping gap %1 ms").arg(median)));
        // Every ping is answered, so a healthy connection is never declared dead.
        QVERIFY(op.errors->isEmpty());
    }

    void serverHeartbeatAdviceUsedWhenNotConfigured()
    {
        // The advice is obeyed, but not below a ping a second: 1 ms from a broken service once gave
        // 7,311 pings in 8 s.
        SimFixture sim({{"heartbeatAdviceMs", 1}});
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        QTRY_VERIFY_WITH_TIMEOUT(sim.eventsOfType(QStringLiteral("ping"), QStringLiteral("op_alice")).size() >= 2,
                                 4000);
        QElapsedTimer window;
        window.start();
        const qsizetype before = sim.eventsOfType(QStringLiteral("ping"), QStringLiteral("op_alice")).size();
        QTRY_VERIFY_WITH_TIMEOUT(window.elapsed() >= 2500, 4000);
        const qsizetype pings = sim.eventsOfType(QStringLiteral("ping"), QStringLiteral("op_alice")).size() - before;
        QVERIFY2(pings >= 2 && pings <= 4, qPrintable(QString::number(pings)));
    }

    void deadConnectionDetected()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, [](OperatorConfig &c) {
            c.heartbeatIntervalMs = 100;
            c.deadConnectionGraceMs = 200;
        });
        QVERIFY(op.connectAndWaitOnline());
        QElapsedTimer timer;
        timer.start();
        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "stall"}}));
        QVERIFY(op.waitForState(PresenceState::Reconnecting, 3000));
        // Declared dead only after heartbeat + grace without a frame, not at the first missed pong.
        QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(op.errorCodes(), QStringList {QStringLiteral("WS_ERROR")});
        QVERIFY(op.waitForState(PresenceState::Online, 3000));
        QCOMPARE(countAuths(sim), 2);
    }

    void backoffWalksScheduleAndResetsOnReady()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, [](OperatorConfig &c) { c.reconnectBackoffMs = {30, 60, 120}; });
        QVERIFY(op.connectAndWaitOnline());
        // Four consecutive failed attempts after the loss: the schedule is walked and stays on its last step.
        QVERIFY(sim.server()->applyFault(
            {{"operatorId", "op_alice"}, {"action", "rejectAuth"}, {"count", 4}, {"code", 4008}}));
        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "drop"}}));
        QTRY_COMPARE_WITH_TIMEOUT(op.reconnects->size(), 5, 5000);
        QVERIFY(op.waitForState(PresenceState::Online));
        QCOMPARE(delays(*op.reconnects), (QList<int> {30, 60, 120, 120, 120}));
        // A connection that reached ready resets the walk.
        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "drop"}}));
        QTRY_COMPARE_WITH_TIMEOUT(op.reconnects->size(), 6, 3000);
        QCOMPARE(op.reconnects->last().at(0).toInt(), 30);
        QVERIFY(op.waitForState(PresenceState::Online));
    }

    void goingAwayRestartsAtFirstStep()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, [](OperatorConfig &c) { c.reconnectBackoffMs = {30, 60, 120}; });
        QVERIFY(op.connectAndWaitOnline());
        QVERIFY(sim.server()->applyFault(
            {{"operatorId", "op_alice"}, {"action", "rejectAuth"}, {"count", 3}, {"code", 1001}}));
        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "close"}, {"code", 1001}}));
        QTRY_COMPARE_WITH_TIMEOUT(op.reconnects->size(), 4, 5000);
        QVERIFY(op.waitForState(PresenceState::Online));
        QCOMPARE(delays(*op.reconnects), (QList<int> {30, 30, 30, 30}));
        QVERIFY(op.errors->isEmpty());
    }

    void closeCodes_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("reconnects");
        QTest::addColumn<QString>("errorCode"); // empty: none
        QTest::newRow("1000 normal") << 1000 << false << "";
        QTest::newRow("1001 going away") << 1001 << true << "";
        QTest::newRow("1009 too large") << 1009 << true << "PROTOCOL_ERROR";
        QTest::newRow("4001 auth") << 4001 << true << "";
        QTest::newRow("4003 forbidden") << 4003 << false << "FORBIDDEN";
        QTest::newRow("4008 heartbeat") << 4008 << true << "";
        QTest::newRow("4009 replaced") << 4009 << false << "SESSION_REPLACED";
        QTest::newRow("4400 protocol") << 4400 << true << "PROTOCOL_ERROR";
        QTest::newRow("4500 other") << 4500 << true << "WS_ERROR";
        QTest::newRow("1011 server error") << 1011 << true << "WS_ERROR";
    }
    void closeCodes()
    {
        QFETCH(int, code);
        QFETCH(bool, reconnects);
        QFETCH(QString, errorCode);
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QSignalSpy closes(op.service.get(), &OperatorService::closedByService);
        QVERIFY(op.connectAndWaitOnline());
        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "close"}, {"code", code}}));
        QVERIFY(closes.wait(3000));
        QCOMPARE(closes.size(), 1);
        QCOMPARE(closes.at(0).at(0).toInt(), code);
        if (reconnects) {
            QVERIFY(op.waitForState(PresenceState::Reconnecting));
            QCOMPARE(op.reconnects->size(), 1);
            QCOMPARE(op.reconnects->at(0).at(0).toInt(), 50);
            QVERIFY(op.waitForState(PresenceState::Online));
            QCOMPARE(countAuths(sim), 2);
        } else {
            QVERIFY(op.waitForState(PresenceState::Offline));
            QVERIFY(!op.reconnects->wait(300)); // and it stays there
            QCOMPARE(countAuths(sim), 1);
        }
        QCOMPARE(op.errorCodes(), errorCode.isEmpty() ? QStringList() : QStringList {errorCode});
    }

    void tcpLossReconnectsWithWsError()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QSignalSpy closes(op.service.get(), &OperatorService::closedByService);
        QVERIFY(op.connectAndWaitOnline());
        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "drop"}}));
        QVERIFY(op.waitForState(PresenceState::Reconnecting));
        QVERIFY(op.waitForState(PresenceState::Online));
        QCOMPARE(op.errorCodes(), QStringList {QStringLiteral("WS_ERROR")});
        QVERIFY(closes.isEmpty()); // no close frame, so no verdict from the service
    }

    // A refused first auth raises no error (that waits for three in a row), but the close code is
    // visible at once: the sign-in check relies on it.
    void closeCodeOfARefusedAuthIsVisibleAtOnce_data()
    {
        QTest::addColumn<QString>("operatorKey");
        QTest::addColumn<bool>("rejectAuth");
        QTest::addColumn<int>("code");
        QTest::newRow("token refused") << QStringLiteral("ok_alice_test") << true << 4001;
        QTest::newRow("operator disabled") << QStringLiteral("ok_carol_test") << false << 4003;
    }
    void closeCodeOfARefusedAuthIsVisibleAtOnce()
    {
        QFETCH(QString, operatorKey);
        QFETCH(bool, rejectAuth);
        QFETCH(int, code);
        SimFixture sim;
        if (rejectAuth)
            QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "rejectAuth"}, {"count", 1}}));
        OperatorHarness op(sim, operatorKey);
        QSignalSpy closes(op.service.get(), &OperatorService::closedByService);
        QVERIFY(op.service->connectToService());
        QVERIFY(closes.wait(3000));
        QCOMPARE(closes.at(0).at(0).toInt(), code);
        QVERIFY(!op.states().contains(PresenceState::Online));
        if (code == 4001)
            QVERIFY(op.errors->isEmpty());
    }

    void threeAuthFailuresReportOnceAndStayOnLastStep()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, [](OperatorConfig &c) { c.reconnectBackoffMs = {20, 40, 80, 160}; });
        QVERIFY(op.connectAndWaitOnline());
        QVERIFY(sim.server()->applyFault(
            {{"operatorId", "op_alice"}, {"action", "rejectAuth"}, {"count", 4}, {"code", 4001}}));
        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "close"}, {"code", 4001}}));
        QTRY_COMPARE_WITH_TIMEOUT(op.reconnects->size(), 5, 5000);
        QVERIFY(op.waitForState(PresenceState::Online));
        // 1st and 2nd 4001 walk the schedule; from the 3rd in a row on, the last step.
        QCOMPARE(delays(*op.reconnects), (QList<int> {20, 40, 160, 160, 160}));
        QCOMPARE(op.errorCodes(), QStringList {QStringLiteral("AUTH_FAILED")});
        // Each attempt fetched a new token.
        QCOMPARE(op.tokens->tokens().size(), 6);
    }

    void authFailuresCountOnlyInARow()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, [](OperatorConfig &c) { c.reconnectBackoffMs = {20, 40, 80, 160}; });
        QVERIFY(op.connectAndWaitOnline());
        // 4001, a failure of another kind (4500: WS_ERROR), 4001, 4001: never three 4001s in a row.
        QObject::connect(op.service.get(), &OperatorService::error, op.service.get(), [&sim](const OperatorError &e) {
            if (e.code == QLatin1String("WS_ERROR"))
                sim.server()->applyFault(
                    {{"operatorId", "op_alice"}, {"action", "rejectAuth"}, {"count", 2}, {"code", 4001}});
        });
        QVERIFY(sim.server()->applyFault(
            {{"operatorId", "op_alice"}, {"action", "rejectAuth"}, {"count", 1}, {"code", 4500}}));
        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "close"}, {"code", 4001}}));
        QTRY_COMPARE_WITH_TIMEOUT(op.reconnects->size(), 4, 5000);
        QVERIFY(op.waitForState(PresenceState::Online));
        QCOMPARE(countAuths(sim), 5);
        QCOMPARE(op.errorCodes(), QStringList {QStringLiteral("WS_ERROR")});
        QCOMPARE(delays(*op.reconnects), (QList<int> {20, 40, 80, 160})); // walked, never jumped to the last step
    }

    void tokenFetchFailureBacksOff()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, [](OperatorConfig &c) { c.reconnectBackoffMs = {30, 60}; });
        op.tokens->failNext(3);
        QVERIFY(op.service->connectToService());
        QVERIFY(op.waitForState(PresenceState::Online, 5000));
        QCOMPARE(op.tokens->fetches(), 4);
        QCOMPARE(delays(*op.reconnects), (QList<int> {30, 60, 60}));
        QCOMPARE(op.errorCodes(), QStringList(3, QStringLiteral("TOKEN_FETCH_FAILED")));
    }

    void unreachableServiceBacksOffWithWsError()
    {
        OperatorConfig config;
        config.coreUrl = QStringLiteral("http://127.0.0.1:1"); // nothing listens on port 1
        config.tokenSource = std::make_shared<StaticTokenSource>(OperatorSessionToken {QStringLiteral("t"), {}});
        config.reconnectBackoffMs = {20, 40};
        config.logger = std::make_shared<CaptureLogger>();
        OperatorService service(config);
        QSignalSpy errors(&service, &OperatorService::error);
        QSignalSpy reconnects(&service, &OperatorService::reconnectScheduled);
        QVERIFY(service.connectToService());
        QTRY_VERIFY_WITH_TIMEOUT(reconnects.size() >= 3, 3000);
        QCOMPARE(delays(reconnects).mid(0, 3), (QList<int> {20, 40, 40}));
        QCOMPARE(errors.first().at(0).value<OperatorError>().code, QStringLiteral("WS_ERROR"));
        QCOMPARE(service.presenceState(), PresenceState::Reconnecting);
        QVERIFY(service.msUntilReconnect() >= 0);
        service.disconnectFromService();
        QCOMPARE(service.presenceState(), PresenceState::Offline);
    }

    void liveRefreshKeepsSessionAcrossExpiries()
    {
        SimFixture sim({{"tokenTtlMs", 1000}});
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        // Three full token lifetimes on one connection.
        QTRY_VERIFY_WITH_TIMEOUT(sim.eventsOfType(QStringLiteral("refreshed"), QStringLiteral("op_alice")).size() >= 3,
                                 6000);
        QCOMPARE(countAuths(sim), 1);
        QCOMPARE(op.states(), (QList<PresenceState> {PresenceState::Connecting, PresenceState::Online}));
        QVERIFY(op.errors->isEmpty());
        // Each refresh used a new token.
        const QStringList tokens = op.tokens->tokens();
        QCOMPARE(QSet<QString>(tokens.begin(), tokens.end()).size(), tokens.size());
    }

    void refreshFailureRetriesThenServerExpiryReconnects()
    {
        SimFixture sim({{"tokenTtlMs", 600}});
        OperatorHarness op(sim, aliceKey, [](OperatorConfig &c) { c.reconnectBackoffMs = {50, 100}; });
        QVERIFY(op.connectAndWaitOnline());
        op.tokens->failNext(100); // every refresh fails from now on
        // The service closes the expired session with 4001; the client reconnects with a new token.
        QVERIFY(op.waitForState(PresenceState::Reconnecting, 3000));
        QVERIFY(op.errorCodes().contains(QStringLiteral("TOKEN_FETCH_FAILED")));
        QVERIFY(op.tokens->fetches() >= 3); // retried before expiry, at the backoff schedule
        op.tokens->failNext(0);
        QVERIFY(op.waitForState(PresenceState::Online, 3000));
        QCOMPARE(countAuths(sim), 2);
    }

    void refreshAtEightyPercentOfLifetimeCountedFromReceipt()
    {
        SimFixture sim({{"tokenTtlMs", 2000}});
        auto clock = std::make_shared<SkewedClock>();
        OperatorHarness op(sim, aliceKey, [clock](OperatorConfig &c) { c.clock = clock; });
        QElapsedTimer timer;
        qint64 issuedAt = -1;
        QList<qint64> refreshes;
        QObject::connect(sim.server(), &sim::SimServer::eventRecorded, op.service.get(), [&](const QJsonObject &e) {
            if (e.value(QLatin1String("type")).toString() == QLatin1String("token_issued") && issuedAt < 0)
                issuedAt = timer.elapsed();
            if (isInbound(e, QStringLiteral("refresh")))
                refreshes << timer.elapsed();
        });
        timer.start();
        QVERIFY(op.connectAndWaitOnline());
        clock->offsetMs = 10 * 60 * 1000; // the wall clock jumps after receipt: the refresh point stays
        QTRY_VERIFY_WITH_TIMEOUT(!refreshes.isEmpty(), 4000);
        const qint64 afterReceipt = refreshes.first() - issuedAt;
        qInfo("refresh %lld ms after the token was issued (80 %% of 2000 ms = 1600)", afterReceipt);
        QVERIFY2(afterReceipt >= 1570 && afterReceipt <= 1900, qPrintable(QString::number(afterReceipt)));
        QTRY_VERIFY_WITH_TIMEOUT(!sim.eventsOfType(QStringLiteral("refreshed"), QStringLiteral("op_alice")).isEmpty(),
                                 2000);
        // The refreshed token arrived after the jump; its lifetime is measured on the service's clock
        // (anchored at `ready`), so it does not look expired.
        QVERIFY(op.errors->isEmpty());
    }

    // This machine's clock is an hour behind the service's from the start (PROTOCOL.md 3.1 `serverTime`
    // says so): a 2 s token must still be refreshed at 80 % of its life, not an hour later, and the
    // operator's log says the clocks disagree.
    void clockBehindTheServiceStillRefreshesOnTime()
    {
        SimFixture sim({{"tokenTtlMs", 2000}});
        auto clock = std::make_shared<SkewedClock>();
        clock->offsetMs = -3600 * 1000;
        OperatorHarness op(sim, aliceKey, [clock](OperatorConfig &c) { c.clock = clock; });
        QElapsedTimer timer;
        QList<qint64> refreshes;
        QObject::connect(sim.server(), &sim::SimServer::eventRecorded, op.service.get(), [&](const QJsonObject &e) {
            if (isInbound(e, QStringLiteral("refresh")))
                refreshes << timer.elapsed();
        });
        timer.start();
        QVERIFY(op.connectAndWaitOnline());
        QTRY_VERIFY_WITH_TIMEOUT(refreshes.size() >= 2, 6000);
        QCOMPARE(countAuths(sim), 1); // never dropped at expiry
        QVERIFY(op.errors->isEmpty());
        QCOMPARE(op.logger->lines().filter(QStringLiteral("off the service's")).size(), 1);
    }

    // Every token the source hands out says it expired two hours ago (a token service writing local time
    // without a zone): the refreshes walk the backoff schedule (not the first step forever), and the
    // operator is told once.
    void expiryAlreadyPastDoesNotRefreshInALoop()
    {
        SimFixture sim; // tokens live an hour
        OperatorHarness op(sim, aliceKey, [](OperatorConfig &c) { c.reconnectBackoffMs = {100, 200, 400, 800}; });
        op.tokens->shiftExpiry(-2 * 3600 * 1000);
        QVERIFY(op.connectAndWaitOnline());
        QTest::qWait(1700); // a measurement window, not a wait for an event
        const auto refreshes = sim.eventsOfType(QStringLiteral("refresh"), QStringLiteral("op_alice"));
        qInfo("%d refreshes in 1.7 s with backoff 100/200/400/800", int(refreshes.size()));
        // At 100, 300, 700 and 1500 ms; the first step forever would have made 17.
        QVERIFY2(refreshes.size() >= 3 && refreshes.size() <= 5, qPrintable(QString::number(refreshes.size())));
        QCOMPARE(countAuths(sim), 1);
        QCOMPARE(op.errorCodes(), QStringList {QStringLiteral("TOKEN_FETCH_FAILED")}); // once, not per refresh
        QVERIFY(op.errors->first().at(0).value<OperatorError>().message.contains(QLatin1String("already expired")));
        const QStringList warnings = op.logger->lines().filter(QStringLiteral("was already past"));
        QCOMPARE(warnings.size(), 1); // said once, not per refresh
    }

    void refreshRetriedUntilExpiryCountedFromReceipt()
    {
        SimFixture sim({{"tokenTtlMs", 1500}});
        auto clock = std::make_shared<SkewedClock>();
        OperatorHarness op(sim, aliceKey, [clock](OperatorConfig &c) {
            c.clock = clock;
            c.reconnectBackoffMs = {100, 200};
        });
        QVERIFY(op.connectAndWaitOnline());
        clock->offsetMs = 3600 * 1000; // by the wall clock now the token looks long expired; it is not
        op.tokens->failNext(1); // the refresh at 1200 ms fails; the retry 100 ms later must still go out
        QTRY_VERIFY_WITH_TIMEOUT(!sim.eventsOfType(QStringLiteral("refreshed"), QStringLiteral("op_alice")).isEmpty(),
                                 4000);
        QCOMPARE(countAuths(sim), 1); // no drop at expiry, no reconnect
        // Only the failed fetch: lifetimes follow the service's clock (anchored at `ready`), so the refreshed
        // token does not look expired although this machine's clock jumped an hour ahead.
        QCOMPARE(op.errorCodes(), QStringList {QStringLiteral("TOKEN_FETCH_FAILED")});
        QCOMPARE(op.states(), (QList<PresenceState> {PresenceState::Connecting, PresenceState::Online}));
    }

    void availabilityReconfirmedAfterReconnect()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        op.service->goOnline({QStringLiteral("pn_1"), QStringLiteral("pn_9")}); // asked before connecting
        QVERIFY(op.connectAndWaitOnline());
        QVERIFY(op.availability->wait(3000));
        auto availability = op.availability->last().at(0).value<Availability>();
        QCOMPARE(availability.accepted, QStringList {QStringLiteral("pn_1")});
        QCOMPARE(availability.rejected, QStringList {QStringLiteral("pn_9")});

        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "drop"}}));
        QVERIFY(op.availability->wait(3000));
        availability = op.availability->last().at(0).value<Availability>();
        QCOMPARE(availability.accepted, QStringList {QStringLiteral("pn_1")});
        const auto goOnlines = sim.eventsOfType(QStringLiteral("go_online"), QStringLiteral("op_alice"));
        QCOMPARE(goOnlines.size(), 2);
        QCOMPARE(goOnlines.last().value(QLatin1String("phoneNumberIds")).toArray().size(), 2);
    }

    void goOfflineSendsEmptySet()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        op.service->goOnline({QStringLiteral("pn_1"), QStringLiteral("pn_2")});
        QVERIFY(op.availability->wait(3000));
        QCOMPARE(op.service->availability().accepted.size(), 2);
        op.service->goOffline();
        QVERIFY(op.availability->wait(3000));
        QVERIFY(op.service->availability().accepted.isEmpty());
        QCOMPARE(op.service->presenceState(), PresenceState::Online); // the connection stays up
    }

    void pushedAvailability()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        op.service->goOnline({QStringLiteral("pn_1"), QStringLiteral("pn_2")});
        QVERIFY(op.availability->wait(3000));
        QVERIFY(sim.server()->setNumberActive(QStringLiteral("pn_1"), false));
        QVERIFY(op.availability->wait(3000));
        const auto availability = op.availability->last().at(0).value<Availability>();
        QCOMPARE(availability.accepted, QStringList {QStringLiteral("pn_2")});
        QCOMPARE(availability.rejected, QStringList {QStringLiteral("pn_1")});
    }

    void listPhoneNumbers()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        std::optional<OperatorService::NumbersResult> result;
        QObject context;
        op.service->listPhoneNumbers(&context, [&](const OperatorService::NumbersResult &r) { result = r; });
        QVERIFY(op.connectAndWaitOnline()); // queued until ready
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 3000);
        QVERIFY(result->ok());
        const QList<OperatorPhoneNumber> numbers = *result->numbers;
        QVERIFY(numbers.size() >= 2);
        QCOMPARE(numbers.at(0).id, QStringLiteral("pn_1"));
        QCOMPARE(numbers.at(0).phoneNumber, QStringLiteral("+15551230001"));
        QCOMPARE(numbers.at(0).displayName, QStringLiteral("Support"));
        QVERIFY(numbers.at(1).displayName.isNull()); // null in JSON stays null
        QCOMPARE(op.service->phoneNumbers(), numbers);
    }

    void malformedFrames_data()
    {
        QTest::addColumn<QJsonObject>("fault");
        QTest::addColumn<int>("clientCloseCode");
        QTest::newRow("not json") << QJsonObject {{"action", "send"}, {"text", "this is not json"}} << 4400;
        QTest::newRow("json array") << QJsonObject {{"action", "send"}, {"text", "[1,2,3]"}} << 4400;
        QTest::newRow("no type") << QJsonObject {{"action", "send"}, {"text", R"({"id":"1"})"}} << 4400;
        QTest::newRow("70 KiB") << QJsonObject {{"action", "send"}, {"size", 70 * 1024}} << 1009;
    }
    void malformedFrames()
    {
        QFETCH(QJsonObject, fault);
        QFETCH(int, clientCloseCode);
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        fault.insert(QStringLiteral("operatorId"), QStringLiteral("op_alice"));
        QVERIFY(sim.server()->applyFault(fault));
        QVERIFY(op.waitForState(PresenceState::Reconnecting));
        QCOMPARE(op.errorCodes(), QStringList {QStringLiteral("PROTOCOL_ERROR")});
        // The client closed with the code of PROTOCOL.md section 2, then recovered.
        QVERIFY(sim.waitForEvent([&](const QJsonObject &e) {
            return e.value(QLatin1String("type")).toString() == QLatin1String("close")
                && e.value(QLatin1String("code")).toInt() == clientCloseCode;
        }));
        QVERIFY(op.waitForState(PresenceState::Online));
    }

    void unknownTypesAndMembersIgnored()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        QVERIFY(sim.server()->applyFault(
            {{"operatorId", "op_alice"}, {"action", "send"}, {"text", R"({"type":"future_feature","x":1})"}}));
        QVERIFY(sim.server()->applyFault(
            {{"operatorId", "op_alice"},
             {"action", "send"},
             {"text", R"({"type":"availability","accepted":["pn_1"],"rejected":[],"new":true})"}}));
        QVERIFY(op.availability->wait(3000)); // the message after the unknown one still arrives
        QCOMPARE(op.service->presenceState(), PresenceState::Online);
        QVERIFY(op.errors->isEmpty());
        QCOMPARE(countAuths(sim), 1);
    }

    void disconnectClosesNormallyAndStaysOffline()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey);
        QVERIFY(op.connectAndWaitOnline());
        op.service->disconnectFromService();
        QCOMPARE(op.service->presenceState(), PresenceState::Offline);
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) {
            return e.value(QLatin1String("type")).toString() == QLatin1String("close")
                && e.value(QLatin1String("code")).toInt() == 1000;
        }));
        QVERIFY(!op.reconnects->wait(200));
        QVERIFY(op.errors->isEmpty());
        // And it can go online again.
        QVERIFY(op.connectAndWaitOnline());
    }

    void tokenAbsentFromEveryLogLine()
    {
        QStringList qtLines;
        static QStringList *sink = nullptr;
        sink = &qtLines;
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &msg) { sink->append(msg); });
        QLoggingCategory::setFilterRules(QStringLiteral("audin.*=true"));
        {
            SimFixture sim({{"tokenTtlMs", 800}});
            // One operator logs to our capture sink, one through the default Qt category.
            OperatorHarness op(sim, aliceKey);
            OperatorHarness viaQt(sim, QStringLiteral("ok_bob_test"), [](OperatorConfig &c) { c.logger.reset(); });
            QVERIFY(op.connectAndWaitOnline());
            QVERIFY(viaQt.connectAndWaitOnline());
            QTRY_VERIFY_WITH_TIMEOUT(
                sim.eventsOfType(QStringLiteral("refreshed"), QStringLiteral("op_alice")).size() >= 1, 3000);
            QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "drop"}}));
            QVERIFY(op.waitForState(PresenceState::Online));
            op.service->disconnectFromService();

            QStringList secrets = op.tokens->tokens() + viaQt.tokens->tokens();
            secrets << aliceKey << QStringLiteral("ok_bob_test");
            QVERIFY(secrets.size() >= 5);
            QStringList all = op.logger->lines() + qtLines;
            QVERIFY2(op.logger->lines().size() > 10, "expected debug logging to be captured");
            for (const QString &line : all) {
                for (const QString &secret : secrets)
                    QVERIFY2(!line.contains(secret), qPrintable(QStringLiteral("secret in log: ") + line));
            }
        }
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
    }
};

QTEST_GUILESS_MAIN(TestPresence)
#include "TestPresence.moc"
