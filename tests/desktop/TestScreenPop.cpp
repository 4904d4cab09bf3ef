// SPDX-License-Identifier: GPL-3.0-or-later
// The screen-pop URL template: placeholders, encoding, and what is refused.
#include "ScreenPop.h"

#include <QTest>

using namespace audin::desktop;

class TestScreenPop : public QObject
{
    Q_OBJECT
private slots:
    void expandsAndEncodes()
    {
        const ScreenPop::Result result
            = ScreenPop::expand(QStringLiteral("https://crm.example/lookup?number={from}&line={lineName}&id={callSid}"),
                                {{QStringLiteral("from"), QStringLiteral("+4930123456")},
                                 {QStringLiteral("lineName"), QStringLiteral("Support & Sales")},
                                 {QStringLiteral("callSid"), QStringLiteral("CA1")}});
        QVERIFY2(result.url, qPrintable(result.error));
        QCOMPARE(result.url->toString(QUrl::FullyEncoded),
                 QStringLiteral("https://crm.example/lookup?number=%2B4930123456&line=Support%20%26%20Sales&id=CA1"));
        QCOMPARE(result.url->query(QUrl::FullyDecoded),
                 QStringLiteral("number=+4930123456&line=Support & Sales&id=CA1"));
    }

    void aCallerCannotChangeTheUrlsShape()
    {
        const ScreenPop::Result result
            = ScreenPop::expand(QStringLiteral("https://crm.example/c/{from}"),
                                {{QStringLiteral("from"), QStringLiteral("x/../../admin?y=1#z")}});
        QVERIFY(result.url);
        QCOMPARE(result.url->host(), QStringLiteral("crm.example"));
        QCOMPARE(result.url->path(QUrl::FullyEncoded), QStringLiteral("/c/x%2F..%2F..%2Fadmin%3Fy%3D1%23z"));
        QVERIFY(!result.url->hasQuery());
        QVERIFY(!result.url->hasFragment());
    }

    void missingValuesBecomeEmpty()
    {
        const ScreenPop::Result result = ScreenPop::expand(QStringLiteral("https://crm.example/?n={to}"), {});
        QVERIFY(result.url);
        QCOMPARE(result.url->toString(), QStringLiteral("https://crm.example/?n="));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("urlTemplate");
        QTest::addColumn<QString>("errorMentions");
        QTest::newRow("typo") << QStringLiteral("https://crm.example/?n={frm}") << QStringLiteral("{frm}");
        QTest::newRow("scheme") << QStringLiteral("file:///etc/passwd?{from}") << QStringLiteral("https://");
        QTest::newRow("javascript") << QStringLiteral("javascript:alert({from})") << QStringLiteral("https://");
        QTest::newRow("no host") << QStringLiteral("https:///lookup?{from}") << QStringLiteral("host");
    }

    void refusals()
    {
        QFETCH(QString, urlTemplate);
        QFETCH(QString, errorMentions);
        const QString error = ScreenPop::validate(urlTemplate);
        QVERIFY2(error.contains(errorMentions), qPrintable(error));
        QVERIFY(!ScreenPop::expand(urlTemplate, {{QStringLiteral("from"), QStringLiteral("+1")}}).url);
    }

    void emptyTemplateMeansNoScreenPop()
    {
        QVERIFY(ScreenPop::validate(QString()).isEmpty());
        QVERIFY(ScreenPop::validate(QStringLiteral("https://crm.example/?n={from}")).isEmpty());
        QVERIFY(!ScreenPop::expand(QString(), {}).url);
    }
};

QTEST_GUILESS_MAIN(TestScreenPop)
#include "TestScreenPop.moc"
