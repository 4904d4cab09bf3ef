// SPDX-License-Identifier: GPL-3.0-or-later
// Simulator config parsing and its HS256 tokens, without any sockets.
#include "Jwt.h"
#include "SimConfig.h"
#include "SimFixture.h"
#include "TokenIssuer.h"

#include <QJsonArray>
#include <QTest>

using namespace audin::sim;

class TestSimConfig : public QObject
{
    Q_OBJECT
private slots:
    void shippedConfigLoads()
    {
        QString error;
        const auto config = SimConfig::load(QStringLiteral(AUDIN_SOURCE_DIR "/config/simulator.json"), &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->accounts.size(), 1);
        QCOMPARE(config->accounts.at(0).id, QStringLiteral("acc_demo"));
        const SimOperator *alice = config->operatorByKey("ok_alice_demo");
        const SimOperator *bob = config->operatorByKey("ok_bob_demo");
        QVERIFY(alice && bob);
        QCOMPARE(alice->id, QStringLiteral("op_alice"));
        QCOMPARE(config->usableNumbers(QStringLiteral("op_bob")).size(), 3);
        QVERIFY(config->findNumber(QStringLiteral("pn_2"))->displayName.isNull());
        QCOMPARE(config->findNumber(QStringLiteral("pn_3"))->displayName, QStringLiteral("Sales"));
    }

    void testConfigLoads()
    {
        QString error;
        const auto config = SimConfig::fromJson(audin::test::SimFixture::testConfigJson(), &error);
        QVERIFY2(config, qPrintable(error));
        QVERIFY(config->mayUse(QStringLiteral("op_alice"), QStringLiteral("pn_1")));
        QVERIFY(!config->mayUse(QStringLiteral("op_alice"), QStringLiteral("pn_3"))); // inactive
        QVERIFY(!config->mayUse(QStringLiteral("op_alice"), QStringLiteral("pn_9"))); // other account
        QVERIFY(config->mayUse(QStringLiteral("op_dave"), QStringLiteral("pn_9")));
        QVERIFY(config->isOperatorBlocked(QStringLiteral("op_carol")));
        QVERIFY(config->isOperatorBlocked(QStringLiteral("op_nobody")));
        QVERIFY(!config->isOperatorBlocked(QStringLiteral("op_bob")));
        QCOMPARE(config->dial.busy, QStringList {"+4930555000"});
        QCOMPARE(config->numberByPhone(QStringLiteral("+1 (555) 123-0002"))->id, QStringLiteral("pn_2"));
        QVERIFY(!config->accountByApiKey(""));
    }

    void badConfigsNameTheProblem_data()
    {
        QTest::addColumn<QString>("path"); // "key.key" into the test config, or a special case
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no secret") << "jwtSecret" << QJsonValue(QJsonValue::Undefined) << "jwtSecret";
        QTest::newRow("secret not string") << "jwtSecret" << QJsonValue(5) << "jwtSecret";
        QTest::newRow("negative ttl") << "tokenTtlMs" << QJsonValue(-1) << "tokenTtlMs";
        QTest::newRow("fractional timeout") << "idleTimeoutMs" << QJsonValue(1.5) << "idleTimeoutMs";
        QTest::newRow("accounts missing") << "accounts" << QJsonValue(QJsonValue::Undefined) << "accounts";
        QTest::newRow("dial not object") << "dial" << QJsonValue(1) << "dial";
        QTest::newRow("busy not E.164") << "dial" << QJsonValue(QJsonObject {{"busy", QJsonArray {"12"}}}) << "busy";
        QTest::newRow("bad phone") << "phone" << QJsonValue("555") << "phoneNumber";
        QTest::newRow("foreign number") << "opnumbers" << QJsonValue(QJsonArray {"pn_9"}) << "pn_9";
        QTest::newRow("duplicate operator") << "dupop" << QJsonValue() << "duplicate";
    }
    void badConfigsNameTheProblem()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, mentions);
        QJsonObject json = audin::test::SimFixture::testConfigJson();
        QJsonArray accounts = json.value(QLatin1String("accounts")).toArray();
        QJsonObject first = accounts.at(0).toObject();
        if (path == QLatin1String("phone") || path == QLatin1String("opnumbers") || path == QLatin1String("dupop")) {
            QJsonArray numbers = first.value(QLatin1String("numbers")).toArray();
            QJsonArray operators = first.value(QLatin1String("operators")).toArray();
            if (path == QLatin1String("phone")) {
                QJsonObject n = numbers.at(0).toObject();
                n.insert(QStringLiteral("phoneNumber"), value);
                numbers.replace(0, n);
            } else if (path == QLatin1String("opnumbers")) {
                QJsonObject o = operators.at(0).toObject();
                o.insert(QStringLiteral("numbers"), value);
                operators.replace(0, o);
            } else {
                QJsonObject o = operators.at(1).toObject();
                o.insert(QStringLiteral("id"), QStringLiteral("op_alice"));
                operators.replace(1, o);
            }
            first.insert(QStringLiteral("numbers"), numbers);
            first.insert(QStringLiteral("operators"), operators);
            accounts.replace(0, first);
            json.insert(QStringLiteral("accounts"), accounts);
        } else if (value.isUndefined()) {
            json.remove(path);
        } else {
            json.insert(path, value);
        }
        QString error;
        QVERIFY(!SimConfig::fromJson(json, &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }

    void loadReportsFileProblems()
    {
        QString error;
        QVERIFY(!SimConfig::load(QStringLiteral("/nonexistent/sim.json"), &error));
        QVERIFY(error.contains(QLatin1String("/nonexistent/sim.json")));
    }

    void settingsApplyIsAllOrNothing()
    {
        SimSettings settings;
        QString error;
        QVERIFY(settings.apply({{"ringTimeoutMs", 500}, {"tokenTtlMs", 86400000.0 * 30}}, &error));
        QCOMPARE(settings.ringTimeoutMs, 500);
        QCOMPARE(settings.tokenTtlMs, qint64(86400000) * 30);
        QVERIFY(!settings.apply({{"ringTimeoutMs", 7}, {"idleTimeoutMs", 0}}, &error));
        QVERIFY(error.contains(QLatin1String("idleTimeoutMs")));
        QCOMPARE(settings.ringTimeoutMs, 500);
    }

    void jwtRoundTripAndTampering()
    {
        const QJsonObject claims {{"sub", "op_x"}, {"n", 1}};
        const QByteArray token = Jwt::sign(claims, "secret");
        QString error;
        QCOMPARE(Jwt::verify(token, "secret", &error).value_or(QJsonObject()), claims);
        QVERIFY(!Jwt::verify(token, "other", &error));
        QVERIFY(!Jwt::verify(token + "x", "secret", &error));
        QVERIFY(!Jwt::verify("a.b", "secret", &error));
        QVERIFY(!Jwt::verify("", "secret", &error));
        QCOMPARE(Jwt::peekClaims(token).value_or(QJsonObject()), claims);
    }

    void issuedTokensAreUniqueAndExpire()
    {
        const TokenIssuer issuer("secret");
        const IssuedToken a = issuer.mint(QStringLiteral("op_a"), QStringLiteral("acc"), 1500);
        const IssuedToken b = issuer.mint(QStringLiteral("op_a"), QStringLiteral("acc"), 1500);
        QVERIFY(a.token != b.token);
        QVERIFY(a.tokenId != b.tokenId);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const TokenCheck fresh = issuer.check(a.token, now);
        QVERIFY(fresh.ok);
        QCOMPARE(fresh.operatorId, QStringLiteral("op_a"));
        QCOMPARE(fresh.accountId, QStringLiteral("acc"));
        QCOMPARE(fresh.tokenId, a.tokenId);
        QCOMPARE(fresh.expiresAtMs, a.expiresAt.toMSecsSinceEpoch());
        // Millisecond expiry, even though `exp` only has seconds.
        QVERIFY(!issuer.check(a.token, a.expiresAt.toMSecsSinceEpoch()).ok);
        QVERIFY(issuer.check(a.token, a.expiresAt.toMSecsSinceEpoch() - 1).ok);
        const TokenCheck forged = TokenIssuer("other").check(a.token, now);
        QVERIFY(!forged.ok);
        QCOMPARE(forged.tokenId, a.tokenId); // still identifiable in the log
    }
};

QTEST_GUILESS_MAIN(TestSimConfig)
#include "TestSimConfig.moc"
