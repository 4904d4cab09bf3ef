// SPDX-License-Identifier: GPL-3.0-or-later
#include "CoreUrl.h"

#include <QTest>

using namespace audin;

class TestCoreUrl : public QObject
{
    Q_OBJECT
private slots:
    void normalise_data()
    {
        QTest::addColumn<QString>("given");
        QTest::addColumn<QString>("base"); // empty = INVALID_CORE_URL
        // Every row of PROTOCOL.md section 1.
        QTest::newRow("https") << "https://core.example.com"
                               << "wss://core.example.com";
        QTest::newRow("http with port and slash") << "http://127.0.0.1:8080/"
                                                  << "ws://127.0.0.1:8080";
        QTest::newRow("wss path prefix, slashes") << "wss://core.example.com/eu///"
                                                  << "wss://core.example.com/eu";
        QTest::newRow("ws bare host") << "ws://h"
                                      << "ws://h";
        QTest::newRow("ftp") << "ftp://core.example.com"
                             << "";
        QTest::newRow("no host") << "https://"
                                 << "";
        QTest::newRow("empty") << ""
                               << "";
        // Beyond the table: what an administrator may paste.
        QTest::newRow("upper-case scheme") << "HTTPS://Core.Example.com"
                                           << "wss://core.example.com";
        QTest::newRow("surrounding spaces") << "  https://core.example.com/  "
                                            << "wss://core.example.com";
        QTest::newRow("path prefix kept") << "https://h/a/b/"
                                          << "wss://h/a/b";
        QTest::newRow("no scheme") << "core.example.com"
                                   << "";
        QTest::newRow("credentials refused") << "https://user:pw@h"
                                             << "";
        QTest::newRow("query refused") << "https://h/?x=1"
                                       << "";
        QTest::newRow("whitespace only") << "   "
                                         << "";
        QTest::newRow("mailto") << "mailto:ops@example.com"
                                << "";
    }
    void normalise()
    {
        QFETCH(QString, given);
        QFETCH(QString, base);
        const auto url = CoreUrl::parse(given);
        if (base.isEmpty()) {
            QVERIFY2(!url, qPrintable(given));
        } else {
            QVERIFY2(url, qPrintable(given));
            QCOMPARE(url->base(), base);
        }
    }
    void problems_data()
    {
        QTest::addColumn<QString>("given");
        QTest::addColumn<int>("problem");
        QTest::newRow("valid") << "https://h" << int(CoreUrl::Problem::None);
        QTest::newRow("empty") << "  " << int(CoreUrl::Problem::Empty);
        QTest::newRow("malformed") << "http://exa mple.com" << int(CoreUrl::Problem::Malformed);
        QTest::newRow("no scheme") << "core.example.com" << int(CoreUrl::Problem::NoScheme);
        QTest::newRow("ftp") << "ftp://h" << int(CoreUrl::Problem::UnsupportedScheme);
        QTest::newRow("no host") << "https://" << int(CoreUrl::Problem::NoHost);
        QTest::newRow("user info") << "https://u:p@h" << int(CoreUrl::Problem::UserInfo);
        QTest::newRow("query") << "https://h/?k=v" << int(CoreUrl::Problem::Query);
        QTest::newRow("fragment") << "https://h/#f" << int(CoreUrl::Problem::Fragment);
    }
    void problems()
    {
        QFETCH(QString, given);
        QFETCH(int, problem);
        CoreUrl::Problem why = CoreUrl::Problem::Malformed;
        const auto url = CoreUrl::parse(given, &why);
        QCOMPARE(int(why), problem);
        QCOMPARE(url.has_value(), problem == int(CoreUrl::Problem::None));
    }
    void channelUrls()
    {
        const auto url = CoreUrl::parse(QStringLiteral("https://core.example.com/eu/"));
        QVERIFY(url);
        QCOMPARE(url->presenceUrl().toString(), QStringLiteral("wss://core.example.com/eu/v1/operator/presence"));
        QCOMPARE(url->callMediaUrl(QStringLiteral("CA123")).toString(),
                 QStringLiteral("wss://core.example.com/eu/v1/operator/calls/CA123/media"));
        QCOMPARE(url->httpBase().toString(), QStringLiteral("https://core.example.com/eu"));
        QVERIFY(url->isSecure());
    }

    // A callSid is one path segment whatever it holds: it can never add, remove or climb segments,
    // or start a query or fragment.
    void hostileCallSidsStayOneSegment_data()
    {
        QTest::addColumn<QString>("callSid");
        QTest::addColumn<QString>("segment"); // as sent in the request line
        QTest::newRow("slash") << "a/b"
                               << "a%2Fb";
        QTest::newRow("climbing") << "../../presence"
                                  << "..%2F..%2Fpresence";
        QTest::newRow("percent") << "CA%2F1"
                                 << "CA%252F1";
        QTest::newRow("query") << "CA?x=1"
                               << "CA%3Fx%3D1";
        QTest::newRow("fragment") << "CA#f"
                                  << "CA%23f";
        QTest::newRow("space and backslash") << "C A\\1"
                                             << "C%20A%5C1";
        QTest::newRow("dots inside") << "a..b"
                                     << "a..b";
        QTest::newRow("unicode") << QStringLiteral("CA\u00e9\u4e2d\U0001F600") << "CA%C3%A9%E4%B8%AD%F0%9F%98%80";
        QTest::newRow("crlf") << "CA\r\nHost: x"
                              << "CA%0D%0AHost%3A%20x";
        const QString longSid(10 * 1024, QLatin1Char('/'));
        QString longSegment;
        for (int i = 0; i < longSid.size(); ++i)
            longSegment += QStringLiteral("%2F");
        QTest::newRow("10 KB of slashes") << longSid << longSegment;
    }
    void hostileCallSidsStayOneSegment()
    {
        QFETCH(QString, callSid);
        QFETCH(QString, segment);
        const auto base = CoreUrl::parse(QStringLiteral("https://core.example.com/eu"));
        QVERIFY(base);
        const QUrl url = base->callMediaUrl(callSid);
        QVERIFY(url.isValid());
        QCOMPARE(url.scheme(), QStringLiteral("wss"));
        QCOMPARE(url.host(), QStringLiteral("core.example.com"));
        QVERIFY(!url.hasQuery());
        QVERIFY(!url.hasFragment());
        // What QWebSocket puts in the request line.
        const QString path = url.path(QUrl::FullyEncoded);
        QCOMPARE(path, QStringLiteral("/eu/v1/operator/calls/") + segment + QStringLiteral("/media"));
        const QStringList segments = path.split(QLatin1Char('/'));
        QCOMPARE(segments.size(), 7);
        QCOMPARE(QUrl::fromPercentEncoding(segments.at(5).toLatin1()), callSid);
    }

    // "." and ".." cannot be a segment at all (QUrl and servers decode %2E and resolve them).
    void dotSegmentsGiveNoUrl_data()
    {
        QTest::addColumn<QString>("callSid");
        QTest::newRow("dot") << ".";
        QTest::newRow("dot dot") << "..";
        QTest::newRow("empty") << "";
    }
    void dotSegmentsGiveNoUrl()
    {
        QFETCH(QString, callSid);
        const auto base = CoreUrl::parse(QStringLiteral("https://core.example.com"));
        QVERIFY(base);
        QVERIFY(base->callMediaUrl(callSid).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCoreUrl)
#include "TestCoreUrl.moc"
