// SPDX-License-Identifier: GPL-3.0-or-later
// TLS against a locally made CA (tests/data/tls): refused certificates end in TLS_ERROR naming the
// problem before any token is sent; an extra CA makes the same server trusted on every connection.
#include "CallChannel.h"
#include "CallController.h"
#include "CaptureLogger.h"
#include "HttpTokenSource.h"
#include "NullAudioBackend.h"
#include "OperatorService.h"
#include "SimFixture.h"
#include "StaticTokenSource.h"
#include "TestPrinters.h"
#include "TlsTrust.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace audin;
using namespace audin::test;

namespace {

const QString TlsDir = QStringLiteral(AUDIN_TEST_DATA_DIR "/tls/");
const QString AliceKey = QStringLiteral("ok_alice_test");

QList<QSslCertificate> testCa()
{
    return TlsTrust::loadCaFile(TlsDir + QStringLiteral("ca.pem")).certificates;
}

/** The simulator from tests/data/sim-test.json serving https and wss with tests/data/tls/<stem>.pem. */
std::unique_ptr<sim::SimServer> tlsSim(const QString &stem)
{
    QString error;
    auto config = sim::SimConfig::fromJson(SimFixture::testConfigJson(), &error);
    if (!config) {
        qWarning("sim config: %s", qPrintable(error));
        return {};
    }
    auto tls = sim::SimServer::loadTlsConfiguration(TlsDir + stem + QStringLiteral(".pem"),
                                                    TlsDir + stem + QStringLiteral(".key"), &error);
    if (!tls) {
        qWarning("sim TLS: %s", qPrintable(error));
        return {};
    }
    auto server = std::make_unique<sim::SimServer>(std::move(*config));
    server->setTlsConfiguration(*tls);
    if (!server->listen(QHostAddress::LocalHost, 0)) {
        qWarning("sim listen: %s", qPrintable(server->errorString()));
        return {};
    }
    return server;
}

QString coreUrlFor(const sim::SimServer &server, const QString &host)
{
    QUrl url = server.baseUrl();
    url.setHost(host);
    return url.toString();
}

int eventCount(const sim::SimServer &server, const QString &type)
{
    int count = 0;
    const QJsonArray events = server.events();
    for (const QJsonValue &event : events) {
        if (event.toObject().value(QLatin1String("type")).toString() == type)
            ++count;
    }
    return count;
}

struct Client
{
    Client(const QString &coreUrl, std::shared_ptr<TokenSource> tokens, const QList<QSslCertificate> &extraCas)
    {
        logger = std::make_shared<CaptureLogger>();
        OperatorConfig config;
        config.coreUrl = coreUrl;
        config.tokenSource = std::move(tokens);
        config.logger = logger;
        config.extraCaCertificates = extraCas;
        config.reconnectBackoffMs = {60000}; // one attempt is all a test looks at
        config.media.audioBackend = [] { return std::make_unique<media::NullAudioBackend>(); };
        service = std::make_unique<OperatorService>(config);
        errors = std::make_unique<QSignalSpy>(service.get(), &OperatorService::error);
    }

    OperatorError firstError() const
    {
        return errors->isEmpty() ? OperatorError {} : errors->first().at(0).value<OperatorError>();
    }

    std::shared_ptr<CaptureLogger> logger;
    std::unique_ptr<OperatorService> service;
    std::unique_ptr<QSignalSpy> errors;
};

std::shared_ptr<HttpTokenSource> tokenEndpoint(const sim::SimServer &server, const QList<QSslCertificate> &extraCas)
{
    auto source = std::make_shared<HttpTokenSource>(
        QUrl(server.baseUrl().toString() + QStringLiteral("/partner/token")),
        QList<HttpTokenSource::Header> {{QByteArrayLiteral("Authorization"), "Bearer " + AliceKey.toUtf8()}}, 5000);
    source->setExtraCaCertificates(extraCas);
    return source;
}

} // namespace

class TestTls : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<CallController *>();
        QVERIFY2(QSslSocket::supportsSsl(), "Qt was built without a TLS backend");
        QCOMPARE(testCa().size(), 1);
    }

    void caFileProblemsAreErrors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << TlsDir + QStringLiteral("no-such.pem") << QStringLiteral("does not exist");
        QTest::newRow("folder") << TlsDir << QStringLiteral("is not a file");
        QTest::newRow("no certificate") << TlsDir + QStringLiteral("not-a-certificate.pem")
                                        << QStringLiteral("holds no PEM certificate");
        QTest::newRow("a key, not a certificate")
            << TlsDir + QStringLiteral("server.key") << QStringLiteral("holds no PEM certificate");
        QTest::newRow("empty name") << QString() << QStringLiteral("no CA certificate file");
    }

    void caFileProblemsAreErrors()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const TlsTrust::CaFile file = TlsTrust::loadCaFile(path);
        QVERIFY(!file.ok());
        QVERIFY(file.certificates.isEmpty());
        QVERIFY2(file.error.contains(expected), qPrintable(file.error));
        if (!path.isEmpty())
            QVERIFY2(file.error.contains(path), qPrintable(file.error));
    }

    void extraCaIsAddedToTheSystemStore()
    {
        const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
        const QList<QSslCertificate> ca = testCa();
        const QList<QSslCertificate> trusted = TlsTrust::configuration(ca).caCertificates();
        QVERIFY(trusted.contains(ca.first()));
        QCOMPARE(trusted.size(), system.size() + 1); // the system's store is kept, not replaced
        // Without extra CAs the default (the system's store, loaded on demand) is left alone.
        QCOMPARE(TlsTrust::configuration({}), QSslConfiguration::defaultConfiguration());
    }

    void refusedCertificateIsTlsErrorBeforeAuth_data()
    {
        QTest::addColumn<QString>("serverCert");
        QTest::addColumn<bool>("withExtraCa");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("unknown CA (not configured)")
            << QStringLiteral("server") << false << QStringLiteral("127.0.0.1")
            << QStringList {QStringLiteral("the certificate of 127.0.0.1 is not trusted"),
                            QStringLiteral("issued by \"Audin Test CA\""),
                            QStringLiteral("unknown certificate authority")};
        QTest::newRow("signed by another CA than the configured one")
            << QStringLiteral("rogue-server") << true << QStringLiteral("127.0.0.1")
            << QStringList {QStringLiteral("the certificate of 127.0.0.1 is not trusted"),
                            QStringLiteral("Audin Rogue CA")};
        QTest::newRow("host name mismatch (address)")
            << QStringLiteral("other-host") << true << QStringLiteral("127.0.0.1")
            << QStringList {QStringLiteral("the certificate of 127.0.0.1 is for other.example only")};
        QTest::newRow("host name mismatch (name)")
            << QStringLiteral("other-host") << true << QStringLiteral("localhost")
            << QStringList {QStringLiteral("the certificate of localhost is for other.example only")};
        QTest::newRow("expired") << QStringLiteral("expired") << true << QStringLiteral("127.0.0.1")
                                 << QStringList {
                                        QStringLiteral("the certificate of 127.0.0.1 expired on 2021-01-01 00:00 UTC")};
    }

    void refusedCertificateIsTlsErrorBeforeAuth()
    {
        QFETCH(QString, serverCert);
        QFETCH(bool, withExtraCa);
        QFETCH(QString, host);
        QFETCH(QStringList, expected);
        const auto server = tlsSim(serverCert);
        QVERIFY(server);
        // A token already in hand: the point is that it never leaves over an untrusted connection.
        const QString token = server->mintToken(QStringLiteral("op_alice"), 60000);
        Client client(coreUrlFor(*server, host),
                      std::make_shared<StaticTokenSource>(OperatorSessionToken {token, std::nullopt}),
                      withExtraCa ? testCa() : QList<QSslCertificate> {});
        QVERIFY(client.service->connectToService());
        QTRY_VERIFY_WITH_TIMEOUT(!client.errors->isEmpty(), 10000);
        const OperatorError error = client.firstError();
        qInfo().noquote() << "reported:" << error.message;
        QCOMPARE(error.code, QStringLiteral("TLS_ERROR"));
        for (const QString &part : expected)
            QVERIFY2(error.message.contains(part), qPrintable(error.message));
        QCOMPARE(client.service->presenceState(), PresenceState::Reconnecting);
        // The server saw a handshake it lost, and never a WebSocket: no `auth`, so no token.
        QTRY_VERIFY_WITH_TIMEOUT(eventCount(*server, QStringLiteral("tls_failed")) >= 1, 5000);
        QCOMPARE(eventCount(*server, QStringLiteral("open")), 0);
        QCOMPARE(eventCount(*server, QStringLiteral("auth_failed")), 0);
        QVERIFY(!client.logger->lines().join(QLatin1Char('\n')).contains(token));
    }

    void extraCaTrustsEveryConnection()
    {
        const auto server = tlsSim(QStringLiteral("server"));
        QVERIFY(server);
        QVERIFY(server->baseUrl().toString().startsWith(QLatin1String("https://")));
        // Token endpoint, presence and the call channel, all over TLS, all trusting the extra CA.
        Client client(server->baseUrl().toString(), tokenEndpoint(*server, testCa()), testCa());
        QSignalSpy incoming(client.service.get(), &OperatorService::incomingCall);
        QVERIFY(client.service->connectToService());
        QTRY_COMPARE_WITH_TIMEOUT(client.service->presenceState(), PresenceState::Online, 10000);
        QVERIFY2(client.errors->isEmpty(), qPrintable(client.firstError().message));
        client.service->goOnline({QStringLiteral("pn_1")});
        QTRY_VERIFY_WITH_TIMEOUT(client.service->availability().accepted.contains(QStringLiteral("pn_1")), 5000);

        QString why;
        const QString sid = server->ringCall(QStringLiteral("+15551230001"), QStringLiteral("+4930123456"), -1, &why);
        QVERIFY2(!sid.isEmpty(), qPrintable(why));
        QVERIFY(incoming.wait(5000));
        auto *call = incoming.first().at(0).value<CallController *>();
        call->accept();
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, 10000);
        QVERIFY2(client.errors->isEmpty(), qPrintable(client.firstError().message));
        call->hangup();
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Ended, 5000);
        QCOMPARE(call->endReason().value_or(CallEndReason::Failed), CallEndReason::Hangup);
    }

    void tokenEndpointNamesTheRefusedCertificate()
    {
        const auto server = tlsSim(QStringLiteral("expired"));
        QVERIFY(server);
        const auto source = tokenEndpoint(*server, testCa());
        std::optional<TokenResult> result;
        source->fetchToken(nullptr, [&result](const TokenResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        QVERIFY(!result->ok());
        QCOMPARE(result->failure, TokenResult::Failure::Unreachable);
        QVERIFY2(result->error.contains(QLatin1String("the certificate of 127.0.0.1 expired on 2021-01-01")),
                 qPrintable(result->error));
        // The request (and the operator key in it) never got through.
        QCOMPARE(eventCount(*server, QStringLiteral("token_issued")), 0);
        QTRY_VERIFY_WITH_TIMEOUT(eventCount(*server, QStringLiteral("tls_failed")) >= 1, 5000);
    }

    void callChannelRefusedCertificateEndsTheCall()
    {
        const auto server = tlsSim(QStringLiteral("server"));
        QVERIFY(server);
        const QString token = server->mintToken(QStringLiteral("op_alice"), 60000);
        CallChannel::Settings settings;
        QUrl url = server->baseUrl();
        url.setScheme(QStringLiteral("wss"));
        url.setPath(QStringLiteral("/v1/operator/calls/CA0123456789/media"));
        settings.url = url;
        settings.tokenSource = std::make_shared<StaticTokenSource>(OperatorSessionToken {token, std::nullopt});
        settings.resumeWindowMs = 60000; // a certificate problem must not wait out the resume window
        auto logger = std::make_shared<CaptureLogger>();
        CallChannel channel(settings, Log(logger));
        QSignalSpy errors(&channel, &CallChannel::error);
        QSignalSpy ended(&channel, &CallChannel::ended);
        channel.open();
        QVERIFY(ended.wait(10000));
        QCOMPARE(ended.first().at(0).value<CallEndReason>(), CallEndReason::Failed);
        QCOMPARE(errors.size(), 1);
        const OperatorError error = errors.first().at(0).value<OperatorError>();
        QCOMPARE(error.code, QStringLiteral("TLS_ERROR"));
        QVERIFY2(error.message.contains(QLatin1String("the certificate of 127.0.0.1 is not trusted")),
                 qPrintable(error.message));
        QCOMPARE(eventCount(*server, QStringLiteral("media_open")), 0);
    }

    void cliCaFileOption()
    {
        const auto server = tlsSim(QStringLiteral("server"));
        QVERIFY(server);
        const QString token = server->mintToken(QStringLiteral("op_alice"), 600000);
        auto run = [&](const QStringList &extra, const QHash<QString, QString> &env = {}) {
            QProcess cli;
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QStringLiteral("AUDIN_TOKEN"), token); // never on the command line
            environment.remove(QStringLiteral("AUDIN_CA_FILE"));
            for (auto it = env.cbegin(); it != env.cend(); ++it)
                environment.insert(it.key(), it.value());
            cli.setProcessEnvironment(environment);
            cli.start(QStringLiteral(AUDIN_CLI_PATH),
                      QStringList {QStringLiteral("--core-url"), server->baseUrl().toString(),
                                   QStringLiteral("--timeout-s"), QStringLiteral("3")}
                          + extra + QStringList {QStringLiteral("numbers")});
            // The CLI runs in another process: keep this event loop (the simulator) turning.
            if (!QTest::qWaitFor([&cli] { return cli.state() == QProcess::NotRunning; }, 20000)) {
                cli.kill();
                cli.waitForFinished();
                return std::make_tuple(-1, QString(), QStringLiteral("audin-cli did not exit"));
            }
            return std::make_tuple(cli.exitCode(), QString::fromUtf8(cli.readAllStandardOutput()),
                                   QString::fromUtf8(cli.readAllStandardError()));
        };
        const QString ca = TlsDir + QStringLiteral("ca.pem");
        {
            const auto [code, out, err] = run({QStringLiteral("--ca-file"), ca});
            QVERIFY2(code == 0, qPrintable(err));
            QVERIFY2(out.contains(QLatin1String("pn_1")), qPrintable(out));
        }
        {
            const auto [code, out, err] = run({}, {{QStringLiteral("AUDIN_CA_FILE"), ca}});
            QVERIFY2(code == 0, qPrintable(err));
            QVERIFY2(out.contains(QLatin1String("pn_1")), qPrintable(out));
        }
        {
            const auto [code, out, err] = run({});
            QVERIFY(code != 0);
            QVERIFY2(err.contains(QLatin1String("TLS_ERROR")), qPrintable(err));
            QVERIFY2(err.contains(QLatin1String("the certificate of 127.0.0.1 is not trusted")), qPrintable(err));
        }
        {
            const QString missing = TlsDir + QStringLiteral("no-such.pem");
            const auto [code, out, err] = run({QStringLiteral("--ca-file"), missing});
            QCOMPARE(code, 3);
            QVERIFY2(err.contains(missing) && err.contains(QLatin1String("does not exist")), qPrintable(err));
        }
        {
            const auto [code, out, err]
                = run({QStringLiteral("--ca-file"), TlsDir + QStringLiteral("not-a-certificate.pem")});
            QCOMPARE(code, 3);
            QVERIFY2(err.contains(QLatin1String("holds no PEM certificate")), qPrintable(err));
        }
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "TestTls.moc"
