// SPDX-License-Identifier: GPL-3.0-or-later
// Token sources against a real loopback HTTP server and real shell commands.
#include "CommandTokenSource.h"
#include "HttpTokenSource.h"
#include "StaticTokenSource.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace audin;
using Failure = TokenResult::Failure;

namespace {

constexpr int WaitMs = 5000;

struct Outcome
{
    int calls = 0;
    TokenResult result;
};

/** Starts a fetch, checks it did not complete synchronously, and waits for the callback. */
Outcome fetchAndWait(TokenSource &source, int timeoutMs = WaitMs)
{
    Outcome outcome;
    QObject context;
    source.fetchToken(&context, [&outcome](const TokenResult &result) {
        ++outcome.calls;
        outcome.result = result;
    });
    if (outcome.calls != 0) {
        outcome.calls = -1; // delivered synchronously: a contract violation the tests flag
        return outcome;
    }
    if (!QTest::qWaitFor([&outcome]() { return outcome.calls > 0; }, timeoutMs))
        qWarning("no token result within %d ms", timeoutMs);
    return outcome;
}

} // namespace

class TestTokenSources : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void parseTokenJson_data();
    void parseTokenJson();
    void parseTokenJsonOffsetIsConvertedToUtc();
    void parseTokenJsonDoesNotEchoTheBody();

    void parseHeader_data();
    void parseHeader();

    void httpOk();
    void httpOkWithExpiry();
    void httpErrorStatus_data();
    void httpErrorStatus();
    void httpBadAnswers_data();
    void httpBadAnswers();
    void httpSendsHeadersAndBody();
    void httpWrongHeaderIsRefused();
    void httpFetchesAnewEveryCall();
    void httpConnectionRefused();
    void httpTimeout();
    void httpDescribeHidesSecrets();
    void httpContextDestroyedBeforeCompletion();

    void commandOk();
    void commandWithExpiry();
    void commandNonZeroExit();
    void commandBadJson();
    void commandNothingOnStdout();
    void commandTimeout();
    void commandCrash();
    void commandStderrIsRedacted();
    void commandFetchesAnewEveryCall();
    void commandDescribeShowsOnlyTheProgram();
    void commandContextDestroyedBeforeCompletion();
    void commandWithEndlessOutputIsStopped();
    void oversizedAnswersAreRefused();
    void commandTimeoutEndsItsChildrenToo();
    void commandDoesNotSeeTheAppsCredentials();

    void staticIsAsync();
    void staticContextDestroyedBeforeCompletion();
    void staticEmptyTokenFails();

private:
    QUrl url(const QString &path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)); }

    QHttpServer m_http;
    quint16 m_port = 0;
    int m_counterHits = 0;
    QByteArray m_lastMethodOk;
    QList<QPair<QByteArray, QByteArray>> m_lastHeaders;
    QByteArray m_lastBody;
};

void TestTokenSources::initTestCase()
{
    m_http.route(QStringLiteral("/ok"), [](const QHttpServerRequest &) {
        return QHttpServerResponse(QJsonObject {{QStringLiteral("token"), QStringLiteral("tok-plain")}});
    });
    m_http.route(QStringLiteral("/expiring"), [](const QHttpServerRequest &) {
        return QHttpServerResponse(
            QJsonObject {{QStringLiteral("token"), QStringLiteral("tok-exp")},
                         {QStringLiteral("expiresAt"), QStringLiteral("2030-01-02T03:04:05.678Z")}});
    });
    m_http.route(QStringLiteral("/counter"), [this](const QHttpServerRequest &) {
        ++m_counterHits;
        return QHttpServerResponse(
            QJsonObject {{QStringLiteral("token"), QStringLiteral("tok-%1").arg(m_counterHits)}});
    });
    m_http.route(QStringLiteral("/status/<arg>"), [](int status, const QHttpServerRequest &) {
        return QHttpServerResponse(QByteArrayLiteral("application/json"), QByteArrayLiteral("{\"token\":\"nope\"}"),
                                   QHttpServerResponse::StatusCode(status));
    });
    m_http.route(QStringLiteral("/body/<arg>"), [](const QString &which, const QHttpServerRequest &) {
        QByteArray body;
        if (which == QLatin1String("badjson"))
            body = "SECRETISH{not json";
        else if (which == QLatin1String("array"))
            body = "[\"SECRETISH\"]";
        else if (which == QLatin1String("empty"))
            body = "{\"token\":\"\"}";
        else if (which == QLatin1String("missing"))
            body = "{\"expiresAt\":\"2030-01-01T00:00:00Z\"}";
        else if (which == QLatin1String("badexp"))
            body = "{\"token\":\"SECRETISH\",\"expiresAt\":\"tomorrow\"}";
        else if (which == QLatin1String("huge"))
            body = "{\"token\":\"" + QByteArray(10 * 1024 * 1024, 'A') + "\"}";
        else if (which == QLatin1String("bigtoken"))
            body = "{\"token\":\"" + QByteArray(20 * 1024, 'A') + "\"}";
        return QHttpServerResponse(QByteArrayLiteral("application/json"), body);
    });
    m_http.route(QStringLiteral("/headers"), [this](const QHttpServerRequest &request) {
        m_lastHeaders = request.headers();
        m_lastBody = request.body();
        m_lastMethodOk = request.method() == QHttpServerRequest::Method::Post ? "POST" : "other";
        const bool authorised = request.value("Authorization") == "Bearer key-123"
            && request.value("X-Partner") == "audin" && request.value("Content-Type") == "application/json"
            && request.method() == QHttpServerRequest::Method::Post && request.body() == "{}";
        if (!authorised)
            return QHttpServerResponse(QHttpServerResponse::StatusCode::Unauthorized);
        return QHttpServerResponse(QJsonObject {{QStringLiteral("token"), QStringLiteral("tok-authorised")}});
    });
    m_port = m_http.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port != 0);
}

void TestTokenSources::parseTokenJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QDateTime>("expiresAt"); // invalid = absent

    const QDateTime plain(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC);
    const QDateTime withMs(QDate(2030, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    QTest::newRow("token only") << QByteArray(R"({"token":"abc"})") << true << "abc" << QDateTime();
    QTest::newRow("expiresAt Z") << QByteArray(R"({"token":"abc","expiresAt":"2030-01-02T03:04:05Z"})") << true << "abc"
                                 << plain;
    QTest::newRow("expiresAt ms") << QByteArray(R"({"token":"abc","expiresAt":"2030-01-02T03:04:05.678Z"})") << true
                                  << "abc" << withMs;
    QTest::newRow("expiresAt micros") << QByteArray(R"({"token":"abc","expiresAt":"2030-01-02T03:04:05.678901Z"})")
                                      << true << "abc" << withMs;
    QTest::newRow("expiresAt offset") << QByteArray(R"({"token":"abc","expiresAt":"2030-01-02T05:04:05+02:00"})")
                                      << true << "abc" << plain;
    QTest::newRow("expiresAt negative offset")
        << QByteArray(R"({"token":"abc","expiresAt":"2030-01-01T22:04:05.678-05:00"})") << true << "abc" << withMs;
    QTest::newRow("expiresAt no zone = UTC")
        << QByteArray(R"({"token":"abc","expiresAt":"2030-01-02T03:04:05"})") << true << "abc" << plain;
    QTest::newRow("expiresAt null") << QByteArray(R"({"token":"abc","expiresAt":null})") << true << "abc"
                                    << QDateTime();
    QTest::newRow("extra members") << QByteArray(R"({"token":"abc","kind":"jwt"})") << true << "abc" << QDateTime();

    QTest::newRow("bad json") << QByteArray("{token") << false << "" << QDateTime();
    QTest::newRow("empty body") << QByteArray() << false << "" << QDateTime();
    QTest::newRow("array") << QByteArray(R"(["abc"])") << false << "" << QDateTime();
    QTest::newRow("string") << QByteArray(R"("abc")") << false << "" << QDateTime();
    QTest::newRow("number") << QByteArray("42") << false << "" << QDateTime();
    QTest::newRow("missing token") << QByteArray(R"({"expiresAt":"2030-01-02T03:04:05Z"})") << false << ""
                                   << QDateTime();
    QTest::newRow("empty token") << QByteArray(R"({"token":""})") << false << "" << QDateTime();
    QTest::newRow("null token") << QByteArray(R"({"token":null})") << false << "" << QDateTime();
    QTest::newRow("numeric token") << QByteArray(R"({"token":123})") << false << "" << QDateTime();
    QTest::newRow("expiresAt garbage") << QByteArray(R"({"token":"abc","expiresAt":"soon"})") << false << ""
                                       << QDateTime();
    QTest::newRow("expiresAt date only") << QByteArray(R"({"token":"abc","expiresAt":"2030-01-02"})") << false << ""
                                         << QDateTime();
    QTest::newRow("expiresAt number") << QByteArray(R"({"token":"abc","expiresAt":1893553445})") << false << ""
                                      << QDateTime();
    QTest::newRow("expiresAt bad month") << QByteArray(R"({"token":"abc","expiresAt":"2030-13-02T03:04:05Z"})") << false
                                         << "" << QDateTime();
}

void TestTokenSources::parseTokenJson()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    QFETCH(QString, token);
    QFETCH(QDateTime, expiresAt);

    const TokenResult result = audin::parseTokenJson(json);
    QCOMPARE(result.ok(), ok);
    if (!ok) {
        QVERIFY(!result.error.isEmpty());
        QCOMPARE(result.failure, Failure::BadResponse);
        return;
    }
    QVERIFY(result.error.isEmpty());
    QCOMPARE(result.failure, Failure::None);
    QCOMPARE(result.token->token, token);
    QCOMPARE(result.token->expiresAt.has_value(), expiresAt.isValid());
    if (expiresAt.isValid()) {
        QCOMPARE(*result.token->expiresAt, expiresAt);
        QCOMPARE(result.token->expiresAt->timeSpec(), Qt::UTC);
    }
}

void TestTokenSources::parseTokenJsonOffsetIsConvertedToUtc()
{
    const TokenResult result = audin::parseTokenJson(R"({"token":"abc","expiresAt":"2030-06-30T23:30:00+01:00"})");
    QVERIFY(result.ok());
    QCOMPARE(result.token->expiresAt->toString(Qt::ISODate), QStringLiteral("2030-06-30T22:30:00Z"));
}

void TestTokenSources::parseTokenJsonDoesNotEchoTheBody()
{
    for (const QByteArray &body : {QByteArray("SECRETISH{"), QByteArray(R"(["SECRETISH"])"),
                                   QByteArray(R"({"token":"SECRETISH","expiresAt":"SECRETISH"})")}) {
        const TokenResult result = audin::parseTokenJson(body);
        QVERIFY(!result.ok());
        QVERIFY2(!result.error.contains(QLatin1String("SECRETISH")), qPrintable(result.error));
    }
}

void TestTokenSources::parseHeader_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("bearer") << "Authorization: Bearer x" << true << QByteArray("Authorization")
                            << QByteArray("Bearer x");
    QTest::newRow("spaces trimmed") << "  X-Key :   v1  " << true << QByteArray("X-Key") << QByteArray("v1");
    QTest::newRow("colon in value") << "X-Url: http://a:b" << true << QByteArray("X-Url") << QByteArray("http://a:b");
    QTest::newRow("empty value") << "X-Empty:" << true << QByteArray("X-Empty") << QByteArray();
    QTest::newRow("no colon") << "Authorization Bearer x" << false << QByteArray() << QByteArray();
    QTest::newRow("no name") << ": value" << false << QByteArray() << QByteArray();
    QTest::newRow("empty") << "" << false << QByteArray() << QByteArray();
    QTest::newRow("space in name") << "X Key: v" << false << QByteArray() << QByteArray();
    QTest::newRow("newline in value") << "X-Key: a\r\nX-Evil: b" << false << QByteArray() << QByteArray();
}

void TestTokenSources::parseHeader()
{
    QFETCH(QString, line);
    QFETCH(bool, ok);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);

    const auto header = HttpTokenSource::parseHeader(line);
    QCOMPARE(header.has_value(), ok);
    if (ok) {
        QCOMPARE(header->first, name);
        QCOMPARE(header->second, value);
    }
}

void TestTokenSources::httpOk()
{
    HttpTokenSource source(url(QStringLiteral("/ok")));
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY2(outcome.result.ok(), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.token->token, QStringLiteral("tok-plain"));
    QVERIFY(!outcome.result.token->expiresAt.has_value());
    QCOMPARE(outcome.result.failure, Failure::None);
    QCOMPARE(outcome.result.httpStatus, 200);
}

void TestTokenSources::httpOkWithExpiry()
{
    HttpTokenSource source(url(QStringLiteral("/expiring")));
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY2(outcome.result.ok(), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.token->token, QStringLiteral("tok-exp"));
    QCOMPARE(*outcome.result.token->expiresAt, QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5, 678), Qt::UTC));
}

void TestTokenSources::httpErrorStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("401") << 401;
    QTest::newRow("403") << 403;
    QTest::newRow("404") << 404;
    QTest::newRow("500") << 500;
    QTest::newRow("503") << 503;
}

void TestTokenSources::httpErrorStatus()
{
    QFETCH(int, status);
    HttpTokenSource source(url(QStringLiteral("/status/%1").arg(status)));
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QVERIFY2(outcome.result.error.contains(QStringLiteral("answered %1").arg(status)),
             qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.httpStatus, status);
    // 401 and 403 mean the credentials were refused; any other status is the endpoint's own trouble.
    QCOMPARE(outcome.result.failure, status == 401 || status == 403 ? Failure::Refused : Failure::HttpStatus);
}

void TestTokenSources::httpBadAnswers_data()
{
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad json") << "badjson"
                              << "not valid JSON";
    QTest::newRow("not an object") << "array"
                                   << "not a JSON object";
    QTest::newRow("empty token") << "empty"
                                 << "empty \"token\"";
    QTest::newRow("missing token") << "missing"
                                   << "no \"token\"";
    QTest::newRow("bad expiresAt") << "badexp"
                                   << "expiresAt";
}

void TestTokenSources::httpBadAnswers()
{
    QFETCH(QString, which);
    QFETCH(QString, expected);
    HttpTokenSource source(url(QStringLiteral("/body/") + which));
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QVERIFY2(outcome.result.error.contains(expected), qPrintable(outcome.result.error));
    QVERIFY2(!outcome.result.error.contains(QLatin1String("SECRETISH")), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.failure, Failure::BadResponse);
    QCOMPARE(outcome.result.httpStatus, 200);
}

void TestTokenSources::httpSendsHeadersAndBody()
{
    const auto auth = HttpTokenSource::parseHeader(QStringLiteral("Authorization: Bearer key-123"));
    const auto partner = HttpTokenSource::parseHeader(QStringLiteral("X-Partner: audin"));
    QVERIFY(auth && partner);
    HttpTokenSource source(url(QStringLiteral("/headers")), {*auth, *partner});
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY2(outcome.result.ok(), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.token->token, QStringLiteral("tok-authorised"));
    QCOMPARE(m_lastMethodOk, QByteArray("POST"));
    QCOMPARE(m_lastBody, QByteArray("{}"));
}

void TestTokenSources::httpWrongHeaderIsRefused()
{
    const auto auth = HttpTokenSource::parseHeader(QStringLiteral("Authorization: Bearer wrong-key-456"));
    HttpTokenSource source(url(QStringLiteral("/headers")), {*auth});
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QVERIFY2(outcome.result.error.contains(QLatin1String("answered 401")), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.failure, Failure::Refused);
    QCOMPARE(outcome.result.httpStatus, 401);
    QVERIFY(!outcome.result.error.contains(QLatin1String("wrong-key-456")));
    QVERIFY(!source.describe().contains(QLatin1String("wrong-key-456")));
}

void TestTokenSources::httpFetchesAnewEveryCall()
{
    HttpTokenSource source(url(QStringLiteral("/counter")));
    const int before = m_counterHits;
    const Outcome first = fetchAndWait(source);
    const Outcome second = fetchAndWait(source);
    QVERIFY(first.result.ok() && second.result.ok());
    QCOMPARE(m_counterHits, before + 2);
    QVERIFY(first.result.token->token != second.result.token->token);
}

void TestTokenSources::httpConnectionRefused()
{
    // Bind a port, then free it: nothing listens there any more.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    HttpTokenSource source(QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(port)));
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QVERIFY2(outcome.result.error.contains(QLatin1String("connection refused")), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.failure, Failure::Unreachable);
    QCOMPARE(outcome.result.httpStatus, 0);
}

void TestTokenSources::httpTimeout()
{
    // Accepts connections and never answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    HttpTokenSource source(QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(silent.serverPort())), {}, 300);
    QElapsedTimer elapsed;
    elapsed.start();
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QVERIFY2(outcome.result.error.contains(QLatin1String("timed out")), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.failure, Failure::Timeout);
    QVERIFY(elapsed.elapsed() >= 250);
    QVERIFY(elapsed.elapsed() < 4000);
}

void TestTokenSources::httpDescribeHidesSecrets()
{
    const auto auth = HttpTokenSource::parseHeader(QStringLiteral("Authorization: Bearer hdr-secret"));
    HttpTokenSource source(QUrl(QStringLiteral("https://user:pw-secret@partner.example.com/token?key=q-secret#frag")),
                           {*auth});
    const QString text = source.describe();
    QCOMPARE(text, QStringLiteral("token endpoint https://partner.example.com/token"));
}

void TestTokenSources::httpContextDestroyedBeforeCompletion()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    HttpTokenSource source(QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(silent.serverPort())), {}, 300);
    int calls = 0;
    auto context = std::make_unique<QObject>();
    source.fetchToken(context.get(), [&calls](const TokenResult &) { ++calls; });
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), WaitMs);
    QTcpSocket *serverSide = silent.nextPendingConnection();
    context.reset();
    // The transfer is abandoned (the socket closes) and the callback never runs, not even at the timeout.
    QTRY_COMPARE_WITH_TIMEOUT(serverSide->state(), QAbstractSocket::UnconnectedState, WaitMs);
    // Once the reply object is gone nothing can call back any more.
    QTRY_VERIFY_WITH_TIMEOUT(source.findChildren<QNetworkReply *>().isEmpty(), WaitMs);
    QCOMPARE(calls, 0);
}

void TestTokenSources::commandOk()
{
    CommandTokenSource source(QStringLiteral(R"(printf '{"token":"abc"}')"));
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY2(outcome.result.ok(), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.token->token, QStringLiteral("abc"));
    QVERIFY(!outcome.result.token->expiresAt.has_value());
}

void TestTokenSources::commandWithExpiry()
{
    CommandTokenSource source(QStringLiteral(R"(echo '{"token":"abc","expiresAt":"2030-01-02T03:04:05Z"}')"));
    const Outcome outcome = fetchAndWait(source);
    QVERIFY2(outcome.result.ok(), qPrintable(outcome.result.error));
    QCOMPARE(*outcome.result.token->expiresAt, QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC));
}

void TestTokenSources::commandNonZeroExit()
{
    CommandTokenSource source(QStringLiteral(R"(printf '{"token":"abc"}'; exit 3)"));
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QVERIFY2(outcome.result.error.contains(QLatin1String("exited with code 3")), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.failure, Failure::CommandFailed);
}

void TestTokenSources::commandBadJson()
{
    CommandTokenSource source(QStringLiteral("echo 'SECRETISH{'"));
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QVERIFY2(outcome.result.error.contains(QLatin1String("not valid JSON")), qPrintable(outcome.result.error));
    QVERIFY(!outcome.result.error.contains(QLatin1String("SECRETISH")));
    QCOMPARE(outcome.result.failure, Failure::BadResponse);
}

void TestTokenSources::commandNothingOnStdout()
{
    CommandTokenSource source(QStringLiteral("true"));
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QVERIFY(!outcome.result.error.isEmpty());
    QCOMPARE(outcome.result.failure, Failure::BadResponse);
}

void TestTokenSources::commandTimeout()
{
    CommandTokenSource source(QStringLiteral("sleep 5"), 200);
    QElapsedTimer elapsed;
    elapsed.start();
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QVERIFY2(outcome.result.error.contains(QLatin1String("timed out after 200 ms")), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.failure, Failure::Timeout);
    QVERIFY(elapsed.elapsed() < 3000);
    // The process was killed and cleaned up, not left behind.
    QTRY_VERIFY_WITH_TIMEOUT(source.findChildren<QProcess *>().isEmpty(), WaitMs);
}

void TestTokenSources::commandCrash()
{
    CommandTokenSource source(QStringLiteral("kill -9 $$"));
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QVERIFY2(outcome.result.error.contains(QLatin1String("crashed")), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.failure, Failure::CommandFailed);
}

void TestTokenSources::commandStderrIsRedacted()
{
    const QString jwt = QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcF9hbGljZSJ9.c2lnbmF0dXJl");
    CommandTokenSource source(
        QStringLiteral("echo 'vault: denied, had %1 and {\"token\":\"plainsecret\"}' >&2; exit 1").arg(jwt));
    const Outcome outcome = fetchAndWait(source);
    QVERIFY(!outcome.result.ok());
    QVERIFY2(outcome.result.error.contains(QLatin1String("vault: denied")), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.failure, Failure::CommandFailed);
    QVERIFY2(!outcome.result.error.contains(jwt), qPrintable(outcome.result.error));
    QVERIFY2(!outcome.result.error.contains(QLatin1String("plainsecret")), qPrintable(outcome.result.error));
}

void TestTokenSources::commandFetchesAnewEveryCall()
{
    // Each run prints a different token: the source must not cache.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString counter = dir.filePath(QStringLiteral("n"));
    CommandTokenSource source(
        QStringLiteral(
            R"(n=$(cat '%1' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '%1'; printf '{"token":"t%s"}' $n)")
            .arg(counter));
    const Outcome first = fetchAndWait(source);
    const Outcome second = fetchAndWait(source);
    QVERIFY2(first.result.ok(), qPrintable(first.result.error));
    QVERIFY2(second.result.ok(), qPrintable(second.result.error));
    QCOMPARE(first.result.token->token, QStringLiteral("t1"));
    QCOMPARE(second.result.token->token, QStringLiteral("t2"));
}

void TestTokenSources::commandDescribeShowsOnlyTheProgram()
{
    CommandTokenSource source(QStringLiteral("get-token --key sk-secret"));
    QCOMPARE(source.describe(), QStringLiteral("token command \"get-token\""));
}

void TestTokenSources::commandContextDestroyedBeforeCompletion()
{
    CommandTokenSource source(QStringLiteral("sleep 5"), 10000);
    int calls = 0;
    auto context = std::make_unique<QObject>();
    source.fetchToken(context.get(), [&calls](const TokenResult &) { ++calls; });
    QTRY_VERIFY_WITH_TIMEOUT(!source.findChildren<QProcess *>().isEmpty()
                                 && source.findChildren<QProcess *>().first()->state() == QProcess::Running,
                             WaitMs);
    context.reset();
    // The command is killed at once (not left for its 10 s timeout) and the callback never runs.
    QTRY_VERIFY_WITH_TIMEOUT(source.findChildren<QProcess *>().isEmpty(), 3000);
    QCOMPARE(calls, 0);
}

void TestTokenSources::staticIsAsync()
{
    StaticTokenSource source({QStringLiteral("fixed-jwt"), std::nullopt});
    const Outcome first = fetchAndWait(source);
    QCOMPARE(first.calls, 1); // -1 would mean it was delivered synchronously
    QVERIFY(first.result.ok());
    QCOMPARE(first.result.token->token, QStringLiteral("fixed-jwt"));
    QVERIFY(source.describe().indexOf(QLatin1String("fixed-jwt")) < 0);
}

void TestTokenSources::staticContextDestroyedBeforeCompletion()
{
    StaticTokenSource source({QStringLiteral("fixed-jwt"), std::nullopt});
    int calls = 0;
    auto context = std::make_unique<QObject>();
    source.fetchToken(context.get(), [&calls](const TokenResult &) { ++calls; });
    context.reset();
    // A second fetch with a live context proves the event loop ran past the first delivery.
    const Outcome later = fetchAndWait(source);
    QCOMPARE(later.calls, 1);
    QCOMPARE(calls, 0);
}

void TestTokenSources::staticEmptyTokenFails()
{
    StaticTokenSource source({QString(), std::nullopt});
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QCOMPARE(outcome.result.failure, Failure::BadResponse);
}

void TestTokenSources::commandWithEndlessOutputIsStopped()
{
    // `yes` would fill memory until the timeout (2.3 GB in 10 s once); it is stopped at 64 KiB instead.
    CommandTokenSource source(QStringLiteral("yes"), 10000);
    QElapsedTimer elapsed;
    elapsed.start();
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result.ok());
    QVERIFY2(outcome.result.error.contains(QLatin1String("printed more than 64 KiB")),
             qPrintable(outcome.result.error));
    QVERIFY2(elapsed.elapsed() < 5000, qPrintable(QString::number(elapsed.elapsed())));
    QTRY_VERIFY_WITH_TIMEOUT(source.findChildren<QProcess *>().isEmpty(), WaitMs);
}

void TestTokenSources::commandTimeoutEndsItsChildrenToo()
{
    // A marker no other process has, to find what the command started.
    const QString marker = QStringLiteral("1%1").arg(QCoreApplication::applicationPid() % 100000 + 100000);
    auto running = [&marker] {
        QProcess pgrep;
        pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-f"), QStringLiteral("sleep %1").arg(marker)});
        pgrep.waitForFinished(5000);
        return !pgrep.readAllStandardOutput().trimmed().isEmpty();
    };
    CommandTokenSource source(QStringLiteral("sleep %1; echo late").arg(marker), 300);
    const Outcome outcome = fetchAndWait(source);
    QCOMPARE(outcome.result.failure, Failure::Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!running(), WaitMs);
}

void TestTokenSources::commandDoesNotSeeTheAppsCredentials()
{
    // The operator key the app got from its environment is not handed on to the token command.
    qputenv("AUDIN_TOKEN_HEADER", "Authorization: Bearer ok_secret_key");
    qputenv("AUDIN_TOKEN", "tok_secret");
    CommandTokenSource source(QStringLiteral(
        R"(if [ -z "${AUDIN_TOKEN_HEADER-}${AUDIN_TOKEN-}" ]; then printf '{"token":"clean"}'; else exit 7; fi)"));
    const Outcome outcome = fetchAndWait(source);
    qunsetenv("AUDIN_TOKEN_HEADER");
    qunsetenv("AUDIN_TOKEN");
    QVERIFY2(outcome.result.ok(), qPrintable(outcome.result.error));
    QCOMPARE(outcome.result.token->token, QStringLiteral("clean"));
}

void TestTokenSources::oversizedAnswersAreRefused()
{
    // A 10 MB token was accepted and sent to the service; a 20 KiB one fits the answer but not a token.
    HttpTokenSource huge(url(QStringLiteral("/body/huge")));
    Outcome outcome = fetchAndWait(huge);
    QCOMPARE(outcome.result.failure, Failure::BadResponse);
    QVERIFY2(outcome.result.error.contains(QLatin1String("more than 64 KiB")), qPrintable(outcome.result.error));
    HttpTokenSource big(url(QStringLiteral("/body/bigtoken")));
    outcome = fetchAndWait(big);
    QCOMPARE(outcome.result.failure, Failure::BadResponse);
    QVERIFY2(outcome.result.error.contains(QLatin1String("at most 16 KiB")), qPrintable(outcome.result.error));
    QVERIFY(!outcome.result.error.contains(QLatin1String("AAAA")));
}

QTEST_GUILESS_MAIN(TestTokenSources)
#include "TestTokenSources.moc"
