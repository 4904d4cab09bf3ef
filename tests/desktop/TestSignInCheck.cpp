// SPDX-License-Identifier: GPL-3.0-or-later
// The sign-in check against the real simulator, a closed port, a silent server and real commands:
// one distinct outcome and a message without secrets for every way signing in can fail.
#include "SignInCheck.h"
#include "SimFixture.h"
#include "TestPrinters.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

using namespace audin;
using namespace audin::desktop;
using namespace audin::test;
using Outcome = SignInCheck::Outcome;

namespace {

constexpr int WaitMs = 20000;
const QString aliceKey = QStringLiteral("ok_alice_test");

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort(); // free again once `probe` is gone
}

struct Run
{
    bool finished = false;
    SignInCheck::Result result;
    QStringList progress;
    int finishedCount = 0;
};

Run runCheck(const SignInSettings &settings, int timeoutMs = 10000)
{
    Run run;
    SignInCheck check;
    QSignalSpy finished(&check, &SignInCheck::finished);
    QSignalSpy progress(&check, &SignInCheck::progress);
    check.start(settings, timeoutMs);
    if (!finished.isEmpty() || !progress.isEmpty()) {
        qWarning("the check emitted from inside start()");
        return run;
    }
    if (!finished.wait(WaitMs))
        qWarning("no result within %d ms", WaitMs);
    QTest::qWait(50); // a second finished() would come from the event loop
    run.finishedCount = int(finished.size());
    run.finished = run.finishedCount == 1;
    if (run.finished) {
        run.result = finished.at(0).at(0).value<SignInCheck::Result>();
        qInfo().noquote() << run.result.outcome << run.result.message; // the wording, for review
    }
    for (const QList<QVariant> &args : std::as_const(progress))
        run.progress << args.at(0).toString();
    if (check.isRunning())
        qWarning("still running after finished()");
    return run;
}

SignInSettings endpointSettings(SimFixture &sim, const QString &key = aliceKey)
{
    SignInSettings settings;
    settings.serviceUrl = sim.coreUrl();
    settings.mode = AppSettings::TokenMode::Endpoint;
    settings.endpointUrl = sim.coreUrl() + QStringLiteral("/partner/token");
    settings.operatorKey = key;
    return settings;
}

SignInSettings commandSettings(SimFixture &sim, const QString &command)
{
    SignInSettings settings;
    settings.serviceUrl = sim.coreUrl();
    settings.mode = AppSettings::TokenMode::Command;
    settings.command = command;
    return settings;
}

int tokensIssued(SimFixture &sim)
{
    return int(sim.eventsOfType(QStringLiteral("token_issued")).size());
}

} // namespace

class TestSignInCheck : public QObject
{
    Q_OBJECT

private slots:
    void okListsTheNumbersAndClosesNormally()
    {
        SimFixture sim;
        const Run run = runCheck(endpointSettings(sim));
        QVERIFY(run.finished);
        QVERIFY2(run.result.outcome == Outcome::Ok, qPrintable(run.result.message));
        QCOMPARE(run.progress,
                 (QStringList {QStringLiteral("Checking the service address…"), QStringLiteral("Fetching a token…"),
                               QStringLiteral("Connecting…")}));
        QStringList ids;
        for (const OperatorPhoneNumber &number : run.result.numbers)
            ids << number.id;
        QCOMPARE(ids, (QStringList {QStringLiteral("pn_1"), QStringLiteral("pn_2")})); // pn_3 is inactive
        QCOMPARE(run.result.numbers.at(0).phoneNumber, QStringLiteral("+15551230001"));
        QVERIFY(run.result.message.contains(QLatin1String("available to you: 2")));
        // One token for the whole check, and the session ends with a normal close.
        QCOMPARE(tokensIssued(sim), 1);
        QCOMPARE(sim.eventsOfType(QStringLiteral("auth"), QStringLiteral("op_alice")).size(), 1);
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) {
            return e.value(QLatin1String("type")).toString() == QLatin1String("close")
                && e.value(QLatin1String("code")).toInt() == 1000;
        }));
    }

    void okWithATokenCommand()
    {
        SimFixture sim;
        // A token command as a partner would write one: here it asks the simulator's endpoint.
        const QString command
            = QStringLiteral("curl -sf -X POST -H 'Authorization: Bearer ok_bob_test' %1/partner/token")
                  .arg(sim.coreUrl());
        if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
            QSKIP("curl is not installed");
        // The simulator runs in this process: the command's request is served while we wait.
        const Run run = runCheck(commandSettings(sim, command));
        QVERIFY(run.finished);
        QVERIFY2(run.result.outcome == Outcome::Ok, qPrintable(run.result.message));
        QCOMPARE(run.result.numbers.size(), 2);
    }

    void offlineFailures_data()
    {
        QTest::addColumn<QString>("serviceUrl");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("endpointUrl");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("command");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("mustNotContain");
        const int endpoint = int(AppSettings::TokenMode::Endpoint);
        const int command = int(AppSettings::TokenMode::Command);
        const QString good = QStringLiteral("SIM");
        const QString token = QStringLiteral("SIM/partner/token");
        QTest::newRow("no service url") << "" << endpoint << token << aliceKey << "" << Outcome::InvalidServiceUrl
                                        << "";
        QTest::newRow("ftp service url") << "ftp://core.example.com" << endpoint << token << aliceKey << ""
                                         << Outcome::InvalidServiceUrl << "";
        QTest::newRow("service url without host")
            << "https://" << endpoint << token << aliceKey << "" << Outcome::InvalidServiceUrl << "";
        QTest::newRow("service url with a password") << "https://op:s3cret-pw@core.example.com" << endpoint << token
                                                     << aliceKey << "" << Outcome::InvalidServiceUrl << "s3cret-pw";
        QTest::newRow("words") << "core example" << endpoint << token << aliceKey << "" << Outcome::InvalidServiceUrl
                               << "";
        QTest::newRow("no endpoint") << good << endpoint << "" << aliceKey << "" << Outcome::InvalidEndpointUrl << "";
        QTest::newRow("ftp endpoint") << good << endpoint << "ftp://partner.example.com/token" << aliceKey << ""
                                      << Outcome::InvalidEndpointUrl << "";
        QTest::newRow("relative endpoint")
            << good << endpoint << "/partner/token" << aliceKey << "" << Outcome::InvalidEndpointUrl << "";
        QTest::newRow("endpoint with a password")
            << good << endpoint << "https://user:s3cret-pw@partner.example.com/token" << aliceKey << ""
            << Outcome::InvalidEndpointUrl << "s3cret-pw";
        QTest::newRow("no key") << good << endpoint << token << ""
                                << "" << Outcome::MissingOperatorKey << "";
        QTest::newRow("blank key") << good << endpoint << token << "   "
                                   << "" << Outcome::MissingOperatorKey << "";
        QTest::newRow("key with a line break") << good << endpoint << token << "ok_alice\ntest"
                                               << "" << Outcome::MissingOperatorKey << "ok_alice";
        QTest::newRow("no command") << good << command << ""
                                    << ""
                                    << "  " << Outcome::MissingCommand << "";
    }
    void offlineFailures()
    {
        QFETCH(QString, serviceUrl);
        QFETCH(int, mode);
        QFETCH(QString, endpointUrl);
        QFETCH(QString, key);
        QFETCH(QString, command);
        QFETCH(Outcome, outcome);
        QFETCH(QString, mustNotContain);
        SimFixture sim;
        SignInSettings settings;
        settings.serviceUrl = QString(serviceUrl).replace(QLatin1String("SIM"), sim.coreUrl());
        settings.mode = AppSettings::TokenMode(mode);
        settings.endpointUrl = QString(endpointUrl).replace(QLatin1String("SIM"), sim.coreUrl());
        settings.operatorKey = key;
        settings.command = command;

        QCOMPARE(SignInCheck::checkOffline(settings).value_or(SignInCheck::Result {}).outcome, outcome);
        const Run run = runCheck(settings);
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, outcome);
        QVERIFY(!run.result.message.isEmpty());
        if (!mustNotContain.isEmpty())
            QVERIFY2(!run.result.message.contains(mustNotContain), qPrintable(run.result.message));
        QCOMPARE(run.progress, QStringList {QStringLiteral("Checking the service address…")});
        QCOMPARE(tokensIssued(sim), 0); // nothing went over the network
        QVERIFY(sim.eventsOfType(QStringLiteral("auth")).isEmpty());
    }

    void endpointUnreachable()
    {
        SimFixture sim;
        SignInSettings settings = endpointSettings(sim);
        settings.endpointUrl = QStringLiteral("http://127.0.0.1:%1/token?tenant=t-secret").arg(closedPort());
        const Run run = runCheck(settings);
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::EndpointUnreachable);
        QVERIFY2(run.result.message.contains(QLatin1String("connection refused")), qPrintable(run.result.message));
        QVERIFY2(!run.result.message.contains(QLatin1String("t-secret")), qPrintable(run.result.message));
    }

    void endpointTimeout()
    {
        SimFixture sim;
        QTcpServer silent; // accepts, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        SignInSettings settings = endpointSettings(sim);
        settings.endpointUrl = QStringLiteral("http://127.0.0.1:%1/token").arg(silent.serverPort());
        QElapsedTimer elapsed;
        elapsed.start();
        const Run run = runCheck(settings, 700);
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::EndpointTimeout);
        QVERIFY(elapsed.elapsed() >= 600);
        QVERIFY(elapsed.elapsed() < 5000);
    }

    void keyRejected()
    {
        SimFixture sim;
        const Run run = runCheck(endpointSettings(sim, QStringLiteral("ok_wrong_key_123")));
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::KeyRejected);
        QVERIFY2(run.result.message.contains(QLatin1String("401")), qPrintable(run.result.message));
        QVERIFY(!run.result.message.contains(QLatin1String("ok_wrong_key_123")));
        QVERIFY(sim.eventsOfType(QStringLiteral("auth")).isEmpty());
    }

    void endpointError()
    {
        SimFixture sim;
        SignInSettings settings = endpointSettings(sim);
        settings.endpointUrl = sim.coreUrl() + QStringLiteral("/partner/no-such-endpoint");
        const Run run = runCheck(settings);
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::EndpointError);
        QVERIFY2(run.result.message.contains(QLatin1String("404")), qPrintable(run.result.message));
    }

    void badTokenResponse()
    {
        SimFixture sim;
        const Run run = runCheck(commandSettings(sim, QStringLiteral("echo 'this is not json'")));
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::BadTokenResponse);
        QVERIFY2(run.result.message.contains(QLatin1String("not valid JSON")), qPrintable(run.result.message));
    }

    void commandFailed()
    {
        SimFixture sim;
        const Run run = runCheck(commandSettings(sim, QStringLiteral("echo 'vault is locked' >&2; exit 3")));
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::CommandFailed);
        QVERIFY2(run.result.message.contains(QLatin1String("vault is locked")), qPrintable(run.result.message));
        QVERIFY2(run.result.message.contains(QLatin1String("code 3")), qPrintable(run.result.message));
    }

    void commandTimeout()
    {
        SimFixture sim;
        const Run run = runCheck(commandSettings(sim, QStringLiteral("sleep 10")), 500);
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::CommandFailed);
        QVERIFY2(run.result.message.contains(QLatin1String("did not finish in time")), qPrintable(run.result.message));
    }

    void tokenRefusedByTheService()
    {
        SimFixture sim;
        const QString jwt = QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcF9hbGljZSJ9.bm90LXNpZ25lZA");
        const Run run = runCheck(commandSettings(sim, QStringLiteral("printf '{\"token\":\"%1\"}'").arg(jwt)));
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::TokenRefused);
        QVERIFY(!run.result.message.contains(jwt));
        QVERIFY(!run.result.message.contains(QLatin1String("eyJ")));
        QCOMPARE(sim.eventsOfType(QStringLiteral("auth")).size(), 1); // tried once, no retry
    }

    void disabledOperator()
    {
        SimFixture sim;
        const Run run = runCheck(endpointSettings(sim, QStringLiteral("ok_carol_test")));
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::AccountDisabled);
        QVERIFY(run.result.message.contains(QLatin1String("disabled")));
        QVERIFY(!run.result.message.contains(QLatin1String("ok_carol_test")));
    }

    void serviceUnreachable()
    {
        SimFixture sim;
        SignInSettings settings = endpointSettings(sim); // the token comes from the simulator
        settings.serviceUrl = QStringLiteral("http://127.0.0.1:%1").arg(closedPort());
        QElapsedTimer elapsed;
        elapsed.start();
        const Run run = runCheck(settings);
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::ServiceUnreachable);
        QVERIFY2(run.result.message.contains(QLatin1String("could not be reached")), qPrintable(run.result.message));
        QVERIFY(elapsed.elapsed() < 5000); // no retries
        QCOMPARE(tokensIssued(sim), 1);
    }

    void serviceSilent()
    {
        SimFixture sim;
        QTcpServer silent; // takes the connection, never upgrades it
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        SignInSettings settings = endpointSettings(sim);
        settings.serviceUrl = QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort());
        const Run run = runCheck(settings, 1500);
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::ServiceUnreachable);
        QVERIFY2(run.result.message.contains(QLatin1String("did not answer in time")), qPrintable(run.result.message));
    }

    void otherCloseCodeIsAServiceError()
    {
        SimFixture sim;
        QVERIFY(sim.server()->applyFault({{"operatorId", "op_alice"}, {"action", "rejectAuth"}, {"code", 4400}}));
        const Run run = runCheck(endpointSettings(sim));
        QVERIFY(run.finished);
        QCOMPARE(run.result.outcome, Outcome::ServiceError);
        QVERIFY2(run.result.message.contains(QLatin1String("4400")), qPrintable(run.result.message));
    }

    void cancelAndRestart()
    {
        SimFixture sim;
        SignInCheck check;
        QSignalSpy finished(&check, &SignInCheck::finished);
        check.start(commandSettings(sim, QStringLiteral("sleep 10")));
        QVERIFY(check.isRunning());
        QTest::qWait(100); // let the command start
        check.cancel();
        QVERIFY(!check.isRunning());
        QVERIFY(!finished.wait(700));

        // A second start() replaces a running one: only the second reports.
        check.start(commandSettings(sim, QStringLiteral("sleep 10")));
        check.start(endpointSettings(sim));
        QVERIFY(finished.wait(WaitMs));
        QTest::qWait(100);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).value<SignInCheck::Result>().outcome, Outcome::Ok);
    }

    void makeTokenSourceIsWhatTheAppUses()
    {
        SimFixture sim;
        const std::shared_ptr<TokenSource> source = SignInCheck::makeTokenSource(endpointSettings(sim));
        QVERIFY(source->describe().contains(QLatin1String("/partner/token")));
        QVERIFY(!source->describe().contains(aliceKey));
        bool done = false;
        TokenResult token;
        QObject context;
        source->fetchToken(&context, [&](const TokenResult &result) {
            token = result;
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, WaitMs);
        QVERIFY2(token.ok(), qPrintable(token.error)); // the simulator accepted "Authorization: Bearer <key>"

        const std::shared_ptr<TokenSource> command
            = SignInCheck::makeTokenSource(commandSettings(sim, QStringLiteral("get-token --key sk-secret")));
        QCOMPARE(command->describe(), QStringLiteral("token command \"get-token\""));
    }
};

QTEST_GUILESS_MAIN(TestSignInCheck)
#include "TestSignInCheck.moc"
