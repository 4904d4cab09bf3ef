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
};

QTEST_GUILESS_MAIN(TestCoreUrl)
#include "TestCoreUrl.moc"
