// SPDX-License-Identifier: GPL-3.0-or-later
// The operator key must never follow a redirect to another server: two real loopback HTTP servers,
// one redirecting to the other, and a look at what the second one received.
#include "HttpTokenSource.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QTest>

using namespace audin;

namespace {

constexpr int WaitMs = 5000;
const QByteArray OperatorKey = QByteArrayLiteral("Bearer ok-secret-789");

TokenResult fetchAndWait(TokenSource &source)
{
    std::optional<TokenResult> outcome;
    QObject context;
    source.fetchToken(&context, [&outcome](const TokenResult &result) { outcome = result; });
    if (!QTest::qWaitFor([&outcome] { return outcome.has_value(); }, WaitMs))
        return TokenResult {std::nullopt, QStringLiteral("no answer within the test's wait")};
    return *outcome;
}

QHttpServerResponse redirectTo(const QUrl &target, QHttpServerResponse::StatusCode status)
{
    QHttpServerResponse response(status);
    response.addHeader(QByteArrayLiteral("Location"), target.toEncoded());
    return response;
}

} // namespace

class TestTokenRedirect : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_elsewhere.route(QStringLiteral("/token"), [this](const QHttpServerRequest &request) {
            ++m_elsewhereHits;
            m_elsewhereAuthorization += request.value("Authorization");
            return QHttpServerResponse(QJsonObject {{QStringLiteral("token"), QStringLiteral("tok-elsewhere")}});
        });
        m_elsewherePort = m_elsewhere.listen(QHostAddress::LocalHost, 0);
        QVERIFY(m_elsewherePort > 0);

        m_origin.route(QStringLiteral("/cross/<arg>"), [this](int status, const QHttpServerRequest &) {
            return redirectTo(url(m_elsewherePort, QStringLiteral("/token")),
                              static_cast<QHttpServerResponse::StatusCode>(status));
        });
        m_origin.route(QStringLiteral("/same"), [this](const QHttpServerRequest &) {
            return redirectTo(url(m_originPort, QStringLiteral("/token")),
                              QHttpServerResponse::StatusCode::TemporaryRedirect);
        });
        m_origin.route(QStringLiteral("/token"), [](const QHttpServerRequest &request) {
            if (request.value("Authorization") != OperatorKey)
                return QHttpServerResponse(QHttpServerResponse::StatusCode::Unauthorized);
            return QHttpServerResponse(QJsonObject {{QStringLiteral("token"), QStringLiteral("tok-origin")}});
        });
        m_originPort = m_origin.listen(QHostAddress::LocalHost, 0);
        QVERIFY(m_originPort > 0);
    }

    void init()
    {
        m_elsewhereHits = 0;
        m_elsewhereAuthorization.clear();
    }

    void redirectToAnotherServerIsNotFollowed_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("301") << 301;
        QTest::newRow("302") << 302;
        QTest::newRow("307") << 307;
        QTest::newRow("308") << 308;
    }
    void redirectToAnotherServerIsNotFollowed()
    {
        QFETCH(int, status);
        HttpTokenSource source(url(m_originPort, QStringLiteral("/cross/%1").arg(status)),
                               {{QByteArrayLiteral("Authorization"), OperatorKey}});
        const TokenResult result = fetchAndWait(source);
        QVERIFY(!result.ok());
        QCOMPARE(m_elsewhereHits, 0);
        QVERIFY(!m_elsewhereAuthorization.contains("ok-secret-789"));
        QVERIFY2(result.error.contains(QString::number(status)), qPrintable(result.error));
        QVERIFY(!result.error.contains(QLatin1String("ok-secret-789")));
    }

    void redirectOnTheSameServerIsFollowed()
    {
        HttpTokenSource source(url(m_originPort, QStringLiteral("/same")),
                               {{QByteArrayLiteral("Authorization"), OperatorKey}});
        const TokenResult result = fetchAndWait(source);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.token->token, QStringLiteral("tok-origin"));
        QCOMPARE(m_elsewhereHits, 0);
    }

private:
    static QUrl url(quint16 port, const QString &path)
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path));
    }

    QHttpServer m_origin;
    QHttpServer m_elsewhere;
    quint16 m_originPort = 0;
    quint16 m_elsewherePort = 0;
    int m_elsewhereHits = 0;
    QByteArray m_elsewhereAuthorization;
};

QTEST_GUILESS_MAIN(TestTokenRedirect)
#include "TestTokenRedirect.moc"
