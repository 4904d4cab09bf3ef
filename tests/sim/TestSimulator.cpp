// SPDX-License-Identifier: GPL-3.0-or-later
// The simulator's presence channel (PROTOCOL.md sections 2 and 3), driven by raw WebSocket
// clients over loopback: no SDK code is involved, so these tests pin the service side down.
#include "Jwt.h"
#include "SimFixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimer>

using namespace audin;
using namespace audin::test;

namespace {

const QString Alice = QStringLiteral("op_alice");
const QString Bob = QStringLiteral("op_bob");

QString type(const QJsonObject &frame)
{
    return frame.value(QLatin1String("type")).toString();
}

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue item : value.toArray())
        out << item.toString();
    return out;
}

} // namespace

class TestSimulator : public QObject
{
    Q_OBJECT
private slots:
    void authGetsReady()
    {
        SimFixture sim;
        QVERIFY(sim.isListening());
        PresenceProbe probe(sim.presenceUrl());
        const QJsonObject ready = probe.authenticate(sim.server()->mintToken(Alice, 60000));
        QCOMPARE(type(ready), QStringLiteral("ready"));
        QVERIFY(ready.value(QLatin1String("sessionId")).toString().startsWith(QLatin1String("ps_")));
        QCOMPARE(ready.value(QLatin1String("operatorId")).toString(), Alice);
        QCOMPARE(ready.value(QLatin1String("heartbeatIntervalMs")).toInt(), 25000);
        const QDateTime serverTime
            = QDateTime::fromString(ready.value(QLatin1String("serverTime")).toString(), Qt::ISODateWithMs);
        QVERIFY(serverTime.isValid());
        QVERIFY(qAbs(serverTime.msecsTo(QDateTime::currentDateTimeUtc())) < 5000);
        const QJsonArray sessions = sim.server()->state().value(QLatin1String("sessions")).toArray();
        QCOMPARE(sessions.size(), 1);
        QCOMPARE(sessions.at(0)[QLatin1String("operatorId")].toString(), Alice);
        QVERIFY(!probe.isClosed());
    }

    void heartbeatAdviceFollowsSettings()
    {
        SimFixture sim({{"heartbeatAdviceMs", 1234}});
        auto probe = std::make_unique<PresenceProbe>(sim.presenceUrl());
        QCOMPARE(
            probe->authenticate(sim.server()->mintToken(Alice, 60000))[QLatin1String("heartbeatIntervalMs")].toInt(),
            1234);
    }

    void noAuthClosesWith4001()
    {
        SimFixture sim({{"authTimeoutMs", 200}});
        PresenceProbe probe(sim.presenceUrl());
        QVERIFY(probe.waitConnected());
        QElapsedTimer timer;
        timer.start();
        QVERIFY(probe.waitClosed(3000));
        QCOMPARE(probe.closeCode(), 4001);
        QVERIFY2(timer.elapsed() >= 150 && timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(sim.eventsOfType(QStringLiteral("auth_timeout")).size(), 1);
    }

    void firstFrameMustBeAuth()
    {
        SimFixture sim;
        PresenceProbe probe(sim.presenceUrl());
        QVERIFY(probe.waitConnected());
        probe.sendJson({{"type", "ping"}, {"ts", 1}});
        QVERIFY(probe.waitClosed());
        QCOMPARE(probe.closeCode(), 4001);
        QVERIFY(probe.receivedOfType(QStringLiteral("pong")).isEmpty());
    }

    void badTokensClose4001_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("garbage") << "garbage";
        QTest::newRow("empty") << "empty";
        QTest::newRow("expired") << "expired";
        QTest::newRow("forged signature") << "forged";
        QTest::newRow("tampered claims") << "tampered";
        QTest::newRow("unknown operator") << "unknown";
    }
    void badTokensClose4001()
    {
        QFETCH(QString, kind);
        SimFixture sim;
        QString token;
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        const QJsonObject claims {{"sub", Alice},
                                  {"acc", "acc_test"},
                                  {"iat", double(nowMs / 1000)},
                                  {"exp", double(nowMs / 1000 + 60)},
                                  {"expMs", double(nowMs + 60000)},
                                  {"jti", "tok_x"}};
        if (kind == QLatin1String("garbage")) {
            token = QStringLiteral("not-a-jwt");
        } else if (kind == QLatin1String("expired")) {
            token = sim.server()->mintToken(Alice, -1000);
        } else if (kind == QLatin1String("forged")) {
            token = QString::fromLatin1(sim::Jwt::sign(claims, "some other secret"));
        } else if (kind == QLatin1String("tampered")) {
            // A valid token for bob with alice's claims swapped in keeps bob's signature.
            const QStringList parts = sim.server()->mintToken(Bob, 60000).split(QLatin1Char('.'));
            const QByteArray aliceClaims
                = QJsonDocument(claims)
                      .toJson(QJsonDocument::Compact)
                      .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
            token = parts.at(0) + QLatin1Char('.') + QString::fromLatin1(aliceClaims) + QLatin1Char('.') + parts.at(2);
        } else if (kind == QLatin1String("unknown")) {
            token = sim.server()->mintToken(QStringLiteral("op_nobody"), 60000);
        }
        PresenceProbe probe(sim.presenceUrl());
        QVERIFY(probe.authenticate(token, 2000).isEmpty());
        QVERIFY(probe.waitClosed());
        QCOMPARE(probe.closeCode(), 4001);
        QCOMPARE(sim.eventsOfType(QStringLiteral("auth_failed")).size(), 1);
    }

    void disabledOperatorGets4003()
    {
        SimFixture sim;
        PresenceProbe carol(sim.presenceUrl());
        QVERIFY(carol.authenticate(sim.server()->mintToken(QStringLiteral("op_carol"), 60000), 2000).isEmpty());
        QVERIFY(carol.waitClosed());
        QCOMPARE(carol.closeCode(), 4003);

        // Disabling a live operator closes it, and keeps refusing it until enabled again.
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        QVERIFY(sim.server()->setOperatorDisabled(Alice, true));
        QVERIFY(alice->waitClosed());
        QCOMPARE(alice->closeCode(), 4003);
        PresenceProbe again(sim.presenceUrl());
        QVERIFY(again.authenticate(sim.server()->mintToken(Alice, 60000), 2000).isEmpty());
        QCOMPARE(again.closeCode(), 4003);
        QVERIFY(sim.server()->setOperatorDisabled(Alice, false));
        QVERIFY(sim.connectProbe(Alice));
        QVERIFY(!sim.server()->setOperatorDisabled(QStringLiteral("op_nobody"), true));
    }

    void tokenExpiryClosesSession()
    {
        SimFixture sim;
        QElapsedTimer timer;
        timer.start();
        auto probe = sim.connectProbe(Alice, 400);
        QVERIFY(probe);
        QVERIFY(probe->waitClosed(3000));
        QCOMPARE(probe->closeCode(), 4001);
        QVERIFY2(timer.elapsed() >= 350, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(sim.eventsOfType(QStringLiteral("token_expired"), Alice).size(), 1);
    }

    void refreshKeepsSessionAliveAcrossExpiries()
    {
        SimFixture sim;
        auto probe = sim.connectProbe(Alice, 400);
        QVERIFY(probe);
        int sent = 0;
        QTimer refresher;
        QObject::connect(&refresher, &QTimer::timeout, [&] {
            probe->sendJson({{"type", "refresh"},
                             {"id", QStringLiteral("r%1").arg(++sent)},
                             {"token", sim.server()->mintToken(Alice, 400)}});
        });
        refresher.start(150);
        // Several lifetimes of 400 ms pass; each refresh moves the deadline.
        QVERIFY(!probe->waitClosed(1500));
        QVERIFY(sent >= 5);
        QVERIFY(probe->receivedOfType(QStringLiteral("refreshed")).size() >= 5);
        QCOMPARE(probe->waitFor(QStringLiteral("refreshed"))[QLatin1String("id")].toString(), QStringLiteral("r1"));

        // A token of another operator is refused, and the connection stays until the old expiry.
        refresher.stop();
        probe->sendJson({{"type", "refresh"}, {"id", "bad"}, {"token", sim.server()->mintToken(Bob, 60000)}});
        const QJsonObject error = probe->waitFor(QStringLiteral("error"));
        QCOMPARE(error[QLatin1String("id")].toString(), QStringLiteral("bad"));
        QCOMPARE(error[QLatin1String("code")].toString(), QStringLiteral("AUTH_FAILED"));
        QVERIFY(!probe->isClosed());
        QVERIFY(probe->waitClosed(2000));
        QCOMPARE(probe->closeCode(), 4001);
    }

    void pingPong()
    {
        SimFixture sim;
        auto probe = sim.connectProbe(Alice);
        QVERIFY(probe);
        probe->sendJson({{"type", "ping"}, {"ts", 1795463150123.0}});
        QCOMPARE(probe->waitFor(QStringLiteral("pong"))[QLatin1String("ts")].toDouble(), 1795463150123.0);
        probe->sendJson({{"type", "ping"}, {"ts", 7}});
        QCOMPARE(probe->waitFor(QStringLiteral("pong"))[QLatin1String("ts")].toInt(), 7);
    }

    void idleReaperCloses4008()
    {
        SimFixture sim({{"idleTimeoutMs", 300}});
        auto quiet = sim.connectProbe(Alice);
        auto chatty = sim.connectProbe(Bob);
        QVERIFY(quiet && chatty);
        QTimer pinger;
        QObject::connect(&pinger, &QTimer::timeout, [&] { chatty->sendJson({{"type", "ping"}, {"ts", 1}}); });
        pinger.start(100);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(quiet->waitClosed(3000));
        QCOMPARE(quiet->closeCode(), 4008);
        QVERIFY2(timer.elapsed() >= 200, qPrintable(QString::number(timer.elapsed())));
        // Activity keeps a session alive well past the idle timeout.
        QVERIFY(!chatty->waitClosed(700));
        QCOMPARE(sim.eventsOfType(QStringLiteral("idle_timeout")).size(), 1);
    }

    void newerSessionReplacesOlder()
    {
        SimFixture sim;
        auto first = sim.connectProbe(Alice);
        QVERIFY(first);
        auto second = sim.connectProbe(Alice);
        QVERIFY(second);
        QVERIFY(first->waitClosed());
        QCOMPARE(first->closeCode(), 4009);
        QVERIFY(!second->waitClosed(200));
        // Another operator is not affected.
        auto bob = sim.connectProbe(Bob);
        QVERIFY(bob);
        QVERIFY(!second->waitClosed(200));
    }

    void listNumbers()
    {
        SimFixture sim;
        auto probe = sim.connectProbe(Alice);
        QVERIFY(probe);
        probe->sendJson({{"type", "list_numbers"}, {"id", "1"}});
        const QJsonObject numbers = probe->waitFor(QStringLiteral("numbers"));
        QCOMPARE(numbers[QLatin1String("id")].toString(), QStringLiteral("1"));
        const QJsonArray list = numbers[QLatin1String("numbers")].toArray();
        // pn_3 is listed on alice but inactive: not offered.
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).toObject(),
                 (QJsonObject {{"id", "pn_1"}, {"phoneNumber", "+15551230001"}, {"displayName", "Support"}}));
        QCOMPARE(list.at(1).toObject(),
                 (QJsonObject {{"id", "pn_2"}, {"phoneNumber", "+15551230002"}, {"displayName", QJsonValue::Null}}));
        QVERIFY(list.at(1).toObject().value(QLatin1String("displayName")).isNull());
    }

    void goOnlineAcceptsAndRejects()
    {
        SimFixture sim;
        auto probe = sim.connectProbe(Alice);
        QVERIFY(probe);
        const QJsonObject availability
            = probe->goOnline({"pn_1", "pn_3", "pn_9", "pn_unknown", "pn_1", "pn_2"}, QStringLiteral("2"));
        QCOMPARE(availability[QLatin1String("id")].toString(), QStringLiteral("2"));
        QCOMPARE(strings(availability[QLatin1String("accepted")]), (QStringList {"pn_1", "pn_2"}));
        QCOMPARE(strings(availability[QLatin1String("rejected")]), (QStringList {"pn_3", "pn_9", "pn_unknown"}));

        const QJsonObject offline = probe->goOnline({}, QStringLiteral("3"));
        QVERIFY(strings(offline[QLatin1String("accepted")]).isEmpty());
        QVERIFY(strings(offline[QLatin1String("rejected")]).isEmpty());

        auto dave = sim.connectProbe(QStringLiteral("op_dave"));
        QVERIFY(dave);
        QCOMPARE(strings(dave->goOnline({"pn_9", "pn_1"})[QLatin1String("accepted")]), QStringList {"pn_9"});

        probe->sendJson({{"type", "go_online"}, {"id", "4"}, {"phoneNumberIds", "pn_1"}});
        const QJsonObject error = probe->waitFor(QStringLiteral("error"));
        QCOMPARE(error[QLatin1String("id")].toString(), QStringLiteral("4"));
        QCOMPARE(error[QLatin1String("code")].toString(), QStringLiteral("INVALID_REQUEST"));
    }

    void deactivationPushesAvailability()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        auto bob = sim.connectProbe(Bob);
        QVERIFY(alice && bob);
        alice->goOnline({"pn_1", "pn_2"});
        bob->goOnline({"pn_2"});
        QVERIFY(sim.server()->setNumberActive(QStringLiteral("pn_1"), false));
        const QJsonObject push = alice->waitFor(QStringLiteral("availability"));
        QVERIFY(!push.contains(QLatin1String("id")));
        QCOMPARE(strings(push[QLatin1String("accepted")]), QStringList {"pn_2"});
        QCOMPARE(strings(push[QLatin1String("rejected")]), QStringList {"pn_1"});
        // Bob was not online on pn_1: nothing for him beyond his own reply.
        bob->sendJson({{"type", "ping"}, {"ts", 1}});
        QVERIFY(!bob->waitFor(QStringLiteral("pong")).isEmpty());
        QCOMPARE(bob->receivedOfType(QStringLiteral("availability")).size(), 1);
        // An inactive number can be neither joined nor rung.
        QCOMPARE(strings(bob->goOnline({"pn_1"})[QLatin1String("rejected")]), QStringList {"pn_1"});
        QString error;
        QVERIFY(sim.server()->ringCall(QStringLiteral("+15551230001"), {}, -1, &error).isEmpty());
        QVERIFY(!error.isEmpty());
        QVERIFY(sim.server()->setNumberActive(QStringLiteral("pn_1"), true));
        QCOMPARE(strings(bob->goOnline({"pn_1"})[QLatin1String("accepted")]), QStringList {"pn_1"});
        QVERIFY(!sim.server()->setNumberActive(QStringLiteral("pn_nope"), false));
    }

    void framingErrors_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<bool>("binary");
        QTest::addColumn<int>("code");
        QTest::newRow("not json") << QByteArray("this is not json") << false << 4400;
        QTest::newRow("json array") << QByteArray("[1,2,3]") << false << 4400;
        QTest::newRow("no type") << QByteArray(R"({"id":"1"})") << false << 4400;
        QTest::newRow("numeric type") << QByteArray(R"({"type":5})") << false << 4400;
        QTest::newRow("binary") << QByteArray("\x01\x02\x03", 3) << true << 4400;
        // (Plain literals here: moc mis-reads raw strings that contain `")`.)
        const QByteArray big = "{\"type\":\"ping\",\"pad\":\"" + QByteArray(70 * 1024, 'x') + "\"}";
        QTest::newRow("70 KiB") << big << false << 1009;
    }
    void framingErrors()
    {
        QFETCH(QByteArray, frame);
        QFETCH(bool, binary);
        QFETCH(int, code);
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        if (binary)
            alice->sendBinary(frame);
        else
            alice->sendText(QString::fromUtf8(frame));
        QVERIFY(alice->waitClosed());
        QCOMPARE(alice->closeCode(), code);
        QVERIFY(sim.waitForEvent([&](const QJsonObject &e) {
            return type(e) == QLatin1String("close") && e[QLatin1String("code")].toInt() == code
                && e[QLatin1String("by")].toString() == QLatin1String("server");
        }));
    }

    void largeButLegalFrameAccepted()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        alice->sendJson({{"type", "ping"}, {"ts", 3}, {"pad", QString(60 * 1024, QLatin1Char('x'))}});
        QCOMPARE(alice->waitFor(QStringLiteral("pong"))[QLatin1String("ts")].toInt(), 3);
    }

    void unknownTypesIgnored()
    {
        SimFixture sim;
        auto alice = sim.connectProbe(Alice);
        QVERIFY(alice);
        alice->sendJson({{"type", "future_feature"}, {"x", 1}});
        alice->sendJson({{"type", "ping"}, {"ts", 9}, {"extra", true}});
        QCOMPARE(alice->waitFor(QStringLiteral("pong"))[QLatin1String("ts")].toInt(), 9);
        QVERIFY(!alice->isClosed());
    }

    void otherPathsRejected()
    {
        SimFixture sim;
        QUrl url = sim.presenceUrl();
        url.setPath(QStringLiteral("/v1/operator/elsewhere"));
        PresenceProbe elsewhere(url);
        QVERIFY(elsewhere.waitClosed());
        QCOMPARE(elsewhere.closeCode(), 4400);
        // A call channel for a call that does not exist: authenticated, then refused with 4400.
        url.setPath(QStringLiteral("/v1/operator/calls/CA123/media"));
        PresenceProbe media(url);
        QVERIFY(media.waitConnected());
        media.sendJson({{"type", "auth"}, {"token", sim.server()->mintToken(QStringLiteral("op_alice"), 60000)}});
        QVERIFY(media.waitClosed());
        QCOMPARE(media.closeCode(), 4400);
    }

    void eventLogRecordsFramesWithoutSecrets()
    {
        SimFixture sim;
        PresenceProbe probe(sim.presenceUrl());
        const QString token = sim.server()->mintToken(Alice, 60000);
        QVERIFY(!probe.authenticate(token).isEmpty());
        const QString refreshToken = sim.server()->mintToken(Alice, 60000);
        probe.sendJson({{"type", "refresh"}, {"id", "r"}, {"token", refreshToken}});
        QVERIFY(!probe.waitFor(QStringLiteral("refreshed")).isEmpty());
        probe.sendJson({{"type", "ping"}, {"ts", 5}});
        QVERIFY(!probe.waitFor(QStringLiteral("pong")).isEmpty());

        const QByteArray log = QJsonDocument(sim.server()->events()).toJson();
        QVERIFY(!log.contains(token.toUtf8()));
        QVERIFY(!log.contains(refreshToken.toUtf8()));
        QVERIFY(!log.contains("eyJ"));
        QVERIFY(!log.contains("ok_alice_test"));

        const auto auths = sim.eventsOfType(QStringLiteral("auth"), Alice);
        QCOMPARE(auths.size(), 1);
        QCOMPARE(auths.at(0)[QLatin1String("dir")].toString(), QStringLiteral("in"));
        QVERIFY(auths.at(0)[QLatin1String("tokenId")].toString().startsWith(QLatin1String("tok_")));
        QVERIFY(!auths.at(0).contains(QLatin1String("token")));
        QCOMPARE(auths.at(0)[QLatin1String("client")].toObject()[QLatin1String("name")].toString(),
                 QStringLiteral("probe"));
        const auto refreshes = sim.eventsOfType(QStringLiteral("refresh"), Alice);
        QCOMPARE(refreshes.size(), 1);
        QVERIFY(refreshes.at(0)[QLatin1String("tokenId")].toString()
                != auths.at(0)[QLatin1String("tokenId")].toString());
        const auto pings = sim.eventsOfType(QStringLiteral("ping"), Alice);
        QCOMPARE(pings.size(), 1);
        QCOMPARE(pings.at(0)[QLatin1String("frameTs")].toInt(), 5); // the frame's ts, renamed
        const auto pongs = sim.eventsOfType(QStringLiteral("pong"), Alice);
        QCOMPARE(pongs.at(0)[QLatin1String("dir")].toString(), QStringLiteral("out"));
        const auto ready = sim.eventsOfType(QStringLiteral("ready"), Alice);
        QCOMPARE(ready.size(), 1);
        QVERIFY(ready.at(0)[QLatin1String("sessionId")].toString().startsWith(QLatin1String("ps_")));

        // Sequence numbers are strictly increasing, and `since` returns only newer events.
        const QJsonArray all = sim.server()->events();
        for (int i = 1; i < all.size(); ++i)
            QVERIFY(all.at(i)[QLatin1String("seq")].toInteger() > all.at(i - 1)[QLatin1String("seq")].toInteger());
        const qint64 middle = all.at(all.size() / 2)[QLatin1String("seq")].toInteger();
        const QJsonArray later = sim.server()->events(middle);
        QCOMPARE(later.size(), all.size() - all.size() / 2 - 1);
        QCOMPARE(later.at(0)[QLatin1String("seq")].toInteger(), middle + 1);
    }
};

QTEST_GUILESS_MAIN(TestSimulator)
#include "TestSimulator.moc"
