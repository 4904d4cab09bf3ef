// SPDX-License-Identifier: GPL-3.0-or-later
// What the dialpad makes of typed or pasted text: libphonenumber normalisation to E.164, URIs,
// regions and display formatting; and that libphonenumber stays quiet and thread-safe.
#include "PhoneNumber.h"
#include "PhoneNumberInput.h"

#include <QTest>
#include <atomic>
#include <cstdio>
#include <thread>
#include <unistd.h>

using namespace audin::desktop;

class TestPhoneNumberInput : public QObject
{
    Q_OBJECT
private slots:
    void normalize_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("e164"); // empty: expect an error
        QTest::addColumn<QString>("errorMentions");

        // Valid, in many spellings and regions.
        QTest::newRow("intl with dash") << "+49 30 1234-567"
                                        << ""
                                        << "+49301234567"
                                        << "";
        QTest::newRow("00 with region") << "0049 30 1234567"
                                        << "DE"
                                        << "+49301234567"
                                        << "";
        QTest::newRow("00 without region") << "0049 30 1234567"
                                           << ""
                                           << "+49301234567"
                                           << "";
        QTest::newRow("national DE parens") << "(030) 1234567"
                                            << "DE"
                                            << "+49301234567"
                                            << "";
        QTest::newRow("region lower case") << "030 1234567"
                                           << "de"
                                           << "+49301234567"
                                           << "";
        QTest::newRow("tel uri") << "tel:+1-555-123-0001"
                                 << ""
                                 << "+15551230001"
                                 << "";
        QTest::newRow("fictional 555 is possible") << "+1 (555) 123-0001"
                                                   << "DE"
                                                   << "+15551230001"
                                                   << "";
        QTest::newRow("vanity") << "1-800-FLOWERS"
                                << "US"
                                << "+18003569377"
                                << "";
        QTest::newRow("vanity lower glued") << "1-800-flowers"
                                            << "US"
                                            << "+18003569377"
                                            << "";
        QTest::newRow("dots") << "+33.1.23.45.67.89"
                              << ""
                              << "+33123456789"
                              << "";
        QTest::newRow("UK national") << "020 7946 0958"
                                     << "GB"
                                     << "+442079460958"
                                     << "";
        QTest::newRow("US national") << "(212) 555-0123"
                                     << "US"
                                     << "+12125550123"
                                     << "";
        QTest::newRow("US 011 prefix") << "011 49 30 1234567"
                                       << "US"
                                       << "+49301234567"
                                       << "";
        QTest::newRow("nbsp and thin space") << QString::fromUtf8("+49\u00a030\u20091234567") << ""
                                             << "+49301234567"
                                             << "";
        QTest::newRow("full-width digits")
            << QString::fromUtf8("\uff0b\uff14\uff19 \uff13\uff10 \uff11\uff12\uff13\uff14\uff15\uff16\uff17") << ""
            << "+49301234567"
            << "";
        QTest::newRow("en dash and bidi mark") << QString::fromUtf8("\u200e+49 30 123\u20134567") << ""
                                               << "+49301234567"
                                               << "";
        QTest::newRow("arabic-indic digits")
            << QString::fromUtf8("+\u0669\u0667\u0661 \u0665\u0660 \u0661\u0662\u0663 \u0664\u0665\u0666\u0667") << ""
            << "+971501234567"
            << "";
        QTest::newRow("label around number") << "Tel: +49 30 1234567 (office)"
                                             << ""
                                             << "+49301234567"
                                             << "";
        QTest::newRow("trailing word") << "+49 30 1234567 office"
                                       << ""
                                       << "+49301234567"
                                       << "";
        QTest::newRow("extension dropped") << "+49 30 123456 ext. 12"
                                           << ""
                                           << "+4930123456"
                                           << "";
        QTest::newRow("surrounding spaces") << "   +4930123456   "
                                            << ""
                                            << "+4930123456"
                                            << "";
        QTest::newRow("sip uri") << "sip:+4930123456@pbx.example;user=phone"
                                 << ""
                                 << "+4930123456"
                                 << "";
        QTest::newRow("international non-geo") << "+800 1234 5678"
                                               << ""
                                               << "+80012345678"
                                               << "";

        // Refused, with a reason the operator can act on.
        QTest::newRow("empty") << ""
                               << "DE"
                               << ""
                               << "Type a phone number";
        QTest::newRow("blank") << QString::fromUtf8(" \u00a0 ") << "DE"
                               << ""
                               << "Type a phone number";
        QTest::newRow("letters only") << "hello"
                                      << "DE"
                                      << ""
                                      << "not a phone number";
        QTest::newRow("plus only") << "+"
                                   << ""
                                   << ""
                                   << "not a phone number";
        QTest::newRow("00 only") << "00"
                                 << "DE"
                                 << ""
                                 << "too short";
        QTest::newRow("too short") << "+49 3"
                                   << ""
                                   << ""
                                   << "too short";
        QTest::newRow("local only") << "555-1234"
                                    << "US"
                                    << ""
                                    << "area code";
        QTest::newRow("too long") << "+49 30 12345678901234567"
                                  << ""
                                  << ""
                                  << "too long";
        QTest::newRow("unknown country") << "+999 1234567"
                                         << ""
                                         << ""
                                         << "country code";
        QTest::newRow("national without region") << "(030) 1234567"
                                                 << ""
                                                 << ""
                                                 << "+ and its country code";
        QTest::newRow("national, unknown region") << "030 1234567"
                                                  << "XX"
                                                  << ""
                                                  << "+ and its country code";
        QTest::newRow("national in prose without region") << "call 030 1234567"
                                                          << ""
                                                          << ""
                                                          << "+ and its country code";
        QTest::newRow("two numbers") << "+49 30 1234567 or +49 30 7654321"
                                     << ""
                                     << ""
                                     << "more than one";
        QTest::newRow("shorter than the service allows") << "+290 1234"
                                                         << ""
                                                         << ""
                                                         << "8 to 15 digits";
        QTest::newRow("sip name") << "sip:alice@pbx.example"
                                  << ""
                                  << ""
                                  << "not a phone number";
        QTest::newRow("words around digits") << "call me at +49 30 1234567 please"
                                             << ""
                                             << "+49301234567"
                                             << "";
    }
    void normalize()
    {
        QFETCH(QString, text);
        QFETCH(QString, region);
        QFETCH(QString, e164);
        QFETCH(QString, errorMentions);
        const NormalizedNumber result = PhoneNumberInput::normalize(text, region);
        if (e164.isEmpty()) {
            QVERIFY2(!result.e164, qPrintable(result.e164.value_or(QString())));
            QVERIFY2(result.error.contains(errorMentions), qPrintable(result.error));
            return;
        }
        QVERIFY2(result.e164, qPrintable(result.error));
        QCOMPARE(*result.e164, e164);
        QVERIFY(result.error.isEmpty());
        // Whatever we hand to dial() passes the SDK's own check unchanged.
        QCOMPARE(audin::normaliseE164(*result.e164), std::optional<QString>(e164));
    }

    void numberFromUri_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("number"); // empty: nullopt
        QTest::newRow("tel global") << "tel:+1-555-123-0001"
                                    << "+15551230001";
        QTest::newRow("tel params dropped") << "tel:+49-30-1234567;ext=12;isub=3"
                                            << "+49301234567";
        QTest::newRow("tel case and slashes") << "TEL://+49.30.1234567"
                                              << "+49301234567";
        QTest::newRow("tel percent-encoded") << "tel:%2B49%2030%201234567"
                                             << "+49301234567";
        QTest::newRow("tel local with global context") << "tel:30-1234567;phone-context=+49"
                                                       << "+49301234567";
        QTest::newRow("tel local with domain context") << "tel:7042;phone-context=example.com"
                                                       << "7042";
        QTest::newRow("callto") << "callto:+4930123456"
                                << "+4930123456";
        QTest::newRow("callto slashes") << "callto://+49 30 123456"
                                        << "+4930123456";
        QTest::newRow("sip") << "sip:+4930123456@pbx.example;user=phone"
                             << "+4930123456";
        QTest::newRow("sips user params") << "sips:+1-555-123-0001;isub=1@pbx.example"
                                          << "+15551230001";
        QTest::newRow("plain") << " +49 (30) 123-456 "
                               << "+4930123456";
        QTest::newRow("plain national") << "030 1234567"
                                        << "0301234567";
        QTest::newRow("sip user name") << "sip:alice@pbx.example"
                                       << "";
        QTest::newRow("callto skype name") << "callto:alice.smith"
                                           << "";
        QTest::newRow("option") << "--minimized"
                                << "";
        QTest::newRow("empty tel") << "tel:"
                                   << "";
        QTest::newRow("plus only") << "tel:+"
                                   << "";
        QTest::newRow("plus in the middle") << "49+30"
                                            << "";
        QTest::newRow("http") << "https://example.com/+4930123456"
                              << "";
    }
    void numberFromUri()
    {
        QFETCH(QString, argument);
        QFETCH(QString, number);
        const std::optional<QString> result = PhoneNumberInput::numberFromUri(argument);
        if (number.isEmpty()) {
            QVERIFY2(!result, qPrintable(result.value_or(QString())));
            return;
        }
        QCOMPARE(result, std::optional<QString>(number));
    }

    void regions()
    {
        QCOMPARE(PhoneNumberInput::regionForNumber(QStringLiteral("+4930123456")), QStringLiteral("DE"));
        QCOMPARE(PhoneNumberInput::regionForNumber(QStringLiteral("+442079460958")), QStringLiteral("GB"));
        // Fictional +1555 numbers belong to no region's plan: the country code's main region.
        QCOMPARE(PhoneNumberInput::regionForNumber(QStringLiteral("+15551230001")), QStringLiteral("US"));
        QCOMPARE(PhoneNumberInput::regionForNumber(QStringLiteral("+80012345678")), QString()); // non-geographic
        QCOMPARE(PhoneNumberInput::regionForNumber(QStringLiteral("030 123456")), QString());
        QCOMPARE(PhoneNumberInput::regionForNumber(QString()), QString());

        QCOMPARE(PhoneNumberInput::defaultRegionFromLocale(QLocale(QStringLiteral("de_DE"))), QStringLiteral("DE"));
        QCOMPARE(PhoneNumberInput::defaultRegionFromLocale(QLocale(QStringLiteral("en_GB"))), QStringLiteral("GB"));
        QCOMPARE(PhoneNumberInput::defaultRegionFromLocale(QLocale(QStringLiteral("pt_BR"))), QStringLiteral("BR"));
        QCOMPARE(PhoneNumberInput::defaultRegionFromLocale(QLocale::c()), QString());

        const QStringList supported = PhoneNumberInput::supportedRegions();
        QVERIFY(supported.size() > 200);
        for (const char *code : {"DE", "GB", "US", "FR", "BR", "AE"})
            QVERIFY(supported.contains(QString::fromLatin1(code)));
        QVERIFY(std::is_sorted(supported.cbegin(), supported.cend()));
        QVERIFY(!supported.contains(QStringLiteral("001"))); // the non-geographic pseudo-region

        // The caller ID's region makes national input work, as the dialpad uses it.
        const QString region = PhoneNumberInput::regionForNumber(QStringLiteral("+4930999999"));
        QCOMPARE(PhoneNumberInput::normalize(QStringLiteral("0151 23456789"), region).e164,
                 std::optional<QString>(QStringLiteral("+4915123456789")));
    }

    void formatForDisplay()
    {
        QCOMPARE(PhoneNumberInput::formatForDisplay(QStringLiteral("+49301234567")), QStringLiteral("+49 30 1234567"));
        QCOMPARE(PhoneNumberInput::formatForDisplay(QStringLiteral("+442079460958")),
                 QStringLiteral("+44 20 7946 0958"));
        QCOMPARE(PhoneNumberInput::formatForDisplay(QStringLiteral("+15551230001")), QStringLiteral("+1 555-123-0001"));
        QCOMPARE(PhoneNumberInput::formatForDisplay(QStringLiteral("anonymous")), QStringLiteral("anonymous"));
        QCOMPARE(PhoneNumberInput::formatForDisplay(QStringLiteral("030 123")), QStringLiteral("030 123"));
        QCOMPARE(PhoneNumberInput::formatForDisplay(QString()), QString());
    }

    // Found by fuzz/FuzzPhoneNumber: zeros read as a national number gave "+490000000000000", which
    // read again lost a 0 (libphonenumber strips a trunk prefix after the country code), so the
    // dialpad, the history and the dial would each have had a different number.
    void resultReadsBackAsItself()
    {
        for (const QString &text : {QStringLiteral("9cK5dt00000000000000\uFFFD7"), QStringLiteral("+490000000000000"),
                                    QStringLiteral("+4900000000"), QStringLiteral("+39 06 1234 5678"),
                                    QStringLiteral("+49 (0)30 1234567"), QStringLiteral("020 7946 0958")}) {
            for (const QString &region : {QStringLiteral("DE"), QStringLiteral("GB"), QString()}) {
                const NormalizedNumber first = PhoneNumberInput::normalize(text, region);
                if (!first.e164)
                    continue;
                const NormalizedNumber again = PhoneNumberInput::normalize(*first.e164, region);
                QVERIFY2(again.e164 == first.e164,
                         qPrintable(QStringLiteral("%1 (%2) -> %3 -> %4")
                                        .arg(text, region, *first.e164, again.e164.value_or(again.error))));
            }
        }
        QVERIFY(!PhoneNumberInput::normalize(QStringLiteral("+490000000000000"), QStringLiteral("DE")).e164);
        QCOMPARE(PhoneNumberInput::normalize(QStringLiteral("+39 06 1234 5678"), QString()).e164,
                 std::optional<QString>(QStringLiteral("+390612345678")));
    }

    // Four threads at once (the GUI thread and, say, an import) get the same answers.
    void concurrentUseGivesSameAnswers()
    {
        const QStringList inputs {QStringLiteral("+49 30 1234-567"), QStringLiteral("020 7946 0958"),
                                  QStringLiteral("1-800-FLOWERS"), QStringLiteral("hello"),
                                  QStringLiteral("Tel: +33 1 23 45 67 89")};
        const QStringList regions {QStringLiteral("DE"), QStringLiteral("GB"), QStringLiteral("US"), QString()};
        QStringList expected;
        for (const QString &input : inputs) {
            for (const QString &region : regions) {
                const NormalizedNumber n = PhoneNumberInput::normalize(input, region);
                expected << n.e164.value_or(QStringLiteral("error: ") + n.error);
            }
        }
        std::atomic<int> mismatches {0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&] {
                for (int round = 0; round < 50; ++round) {
                    int i = 0;
                    for (const QString &input : inputs) {
                        for (const QString &region : regions) {
                            const NormalizedNumber n = PhoneNumberInput::normalize(input, region);
                            if (n.e164.value_or(QStringLiteral("error: ") + n.error) != expected.at(i++))
                                ++mismatches;
                        }
                    }
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(mismatches.load(), 0);
    }

    // libphonenumber must not print to stderr, even for input it complains about internally.
    void libphonenumberStaysQuiet()
    {
        std::fflush(stderr);
        const int saved = dup(STDERR_FILENO);
        QVERIFY(saved >= 0);
        char path[] = "/tmp/audin-pn-stderr-XXXXXX";
        const int capture = mkstemp(path);
        QVERIFY(capture >= 0);
        dup2(capture, STDERR_FILENO);
        for (const char *text : {"+", "00", "hello", "+999 1", "030 1234567", "tel:;;", "1-800-FLOWERS"}) {
            for (const char *region : {"", "XX", "DE", "001", "ZZ"}) {
                PhoneNumberInput::normalize(QString::fromLatin1(text), QString::fromLatin1(region));
                PhoneNumberInput::formatForDisplay(QString::fromLatin1(text));
                PhoneNumberInput::regionForNumber(QString::fromLatin1(text));
            }
        }
        std::fflush(stderr);
        dup2(saved, STDERR_FILENO);
        close(saved);
        const off_t size = lseek(capture, 0, SEEK_END);
        close(capture);
        unlink(path);
        QCOMPARE(size, off_t(0));
    }
};

QTEST_GUILESS_MAIN(TestPhoneNumberInput)
#include "TestPhoneNumberInput.moc"
