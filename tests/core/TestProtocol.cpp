// SPDX-License-Identifier: GPL-3.0-or-later
#include "CaptureLogger.h"
#include "Logger.h"
#include "PhoneNumber.h"
#include "Protocol.h"
#include "Types.h"

#include <QJsonObject>
#include <QTest>
#include <limits>

using namespace audin;
using namespace audin::protocol;

class TestProtocol : public QObject
{
    Q_OBJECT
private slots:
    void frames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("error");
        QTest::newRow("valid") << R"({"type":"pong","ts":1})" << int(FrameError::None);
        QTest::newRow("unknown members ok") << R"({"type":"x","future":[1,2]})" << int(FrameError::None);
        QTest::newRow("not json") << "hello" << int(FrameError::NotJsonObject);
        QTest::newRow("array") << "[1,2]" << int(FrameError::NotJsonObject);
        QTest::newRow("no type") << R"({"id":"1"})" << int(FrameError::MissingType);
        QTest::newRow("type not string") << R"({"type":5})" << int(FrameError::MissingType);
        QTest::newRow("empty type") << R"({"type":""})" << int(FrameError::MissingType);
        QTest::newRow("too large") << QString(R"({"type":"x","p":"%1"})").arg(QString(70 * 1024, QLatin1Char('a')))
                                   << int(FrameError::TooLarge);
    }
    void frames()
    {
        QFETCH(QString, text);
        QFETCH(int, error);
        const ParsedFrame frame = parseTextFrame(text, 64 * 1024);
        QCOMPARE(int(frame.error), error);
        QCOMPARE(closeCodeFor(frame.error), frame.error == FrameError::TooLarge ? 1009 : 4400);
    }
    void limitIsInBytesNotCharacters()
    {
        // 30,000 three-byte characters are 90,000 bytes: over the limit even though under 64 Ki chars.
        const QString text = QStringLiteral(R"({"type":"x","p":"%1"})").arg(QString(30000, QChar(0x20AC)));
        QCOMPARE(parseTextFrame(text, 64 * 1024).error, FrameError::TooLarge);
    }
    void summarizeHidesToken()
    {
        const QJsonObject auth {{"type", "auth"}, {"token", "eyJhbGciOi.secret.sig"}};
        QVERIFY(!summarize(auth).contains(QStringLiteral("secret")));
        QVERIFY(summarize(auth).contains(QStringLiteral("auth")));
    }
    void redaction()
    {
        QCOMPARE(redactSecrets(QStringLiteral("t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcCJ9.abc_-1 ok")),
                 QStringLiteral("t=<redacted> ok"));
        QCOMPARE(redactSecrets(QStringLiteral("Authorization: Bearer ok_alice")),
                 QStringLiteral("Authorization: Bearer <redacted>"));
    }
    void logLinesCannotBeForged()
    {
        // A callSid or number from the service goes into log lines: it must not start a new line, drive
        // the terminal or turn the text around for the reader.
        auto capture = std::make_shared<test::CaptureLogger>();
        Log log(capture);
        log.info(QStringLiteral(
            "incoming call CA1\r\n2026-12-02 audin.core: presence state: online\x1b[2J\u202e on pn_1\x7f"));
        const QStringList lines = capture->lines();
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first().section(QLatin1Char(' '), 1),
                 QStringLiteral("incoming call CA1\\r\\n2026-12-02 audin.core: presence state: "
                                "online\\x1b[2J\\u202e on pn_1\\x7f"));
        QCOMPARE(neutraliseControls(QStringLiteral("+49 30 123456 ünïcödé")), QStringLiteral("+49 30 123456 ünïcödé"));
    }
    void e164_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("normalised"); // empty = invalid
        QTest::newRow("plain") << "+4930123456"
                               << "+4930123456";
        QTest::newRow("spaces dashes dots parens") << "+49 (30) 123-45.6"
                                                   << "+4930123456";
        QTest::newRow("8 digits") << "+12345678"
                                  << "+12345678";
        QTest::newRow("7 digits") << "+1234567"
                                  << "";
        QTest::newRow("15 digits") << "+123456789012345"
                                   << "+123456789012345";
        QTest::newRow("16 digits") << "+1234567890123456"
                                   << "";
        QTest::newRow("no plus") << "4930123456"
                                 << "";
        QTest::newRow("letters") << "+4930ABC456"
                                 << "";
        QTest::newRow("two plus") << "++4930123456"
                                  << "";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("slash not stripped") << "+49/30123456"
                                            << "";
    }
    void e164()
    {
        QFETCH(QString, input);
        QFETCH(QString, normalised);
        const auto result = normaliseE164(input);
        QCOMPARE(result.value_or(QString()), normalised);
    }
    void dtmf()
    {
        for (const char *ok : {"0", "5", "9", "*", "#"})
            QVERIFY2(isValidDtmfDigit(QString::fromLatin1(ok)), ok);
        for (const char *bad : {"", "A", "12", " ", "a", "+", "D"})
            QVERIFY2(!isValidDtmfDigit(QString::fromLatin1(bad)), bad);
    }
    void endReasonsRoundTrip()
    {
        for (auto reason :
             {CallEndReason::Hangup, CallEndReason::RemoteHangup, CallEndReason::TakenByOther, CallEndReason::Rejected,
              CallEndReason::NoAnswer, CallEndReason::Failed, CallEndReason::Offline})
            QCOMPARE(callEndReasonFromString(wireName(reason)), reason);
        QVERIFY(!callEndReasonFromString(QStringLiteral("exploded")));
        QCOMPARE(wireName(CallEndReason::TakenByOther), QStringLiteral("taken_by_other"));
    }

    void serverHeartbeatAdviceIsBounded_data()
    {
        QTest::addColumn<double>("advice");
        QTest::addColumn<int>("obeyed");
        QTest::newRow("usual") << 25000.0 << 25000;
        QTest::newRow("1 ms: one ping a second, not a thousand") << 1.0 << 1000;
        QTest::newRow("int max: a dead connection is still found") << 2147483647.0 << 60000;
        QTest::newRow("past int") << 1e12 << 60000;
        QTest::newRow("zero: the default") << 0.0 << 0;
        QTest::newRow("negative") << -5.0 << 0;
        QTest::newRow("not a number") << std::numeric_limits<double>::quiet_NaN() << 0;
    }

    void serverHeartbeatAdviceIsBounded()
    {
        QFETCH(double, advice);
        QFETCH(int, obeyed);
        QCOMPARE(protocol::boundedHeartbeatAdviceMs(advice), obeyed);
    }

    void ringGuardNeverOverflowsOrDisappears_data()
    {
        QTest::addColumn<double>("ring");
        QTest::addColumn<int>("guard");
        QTest::newRow("usual") << 30000.0 << 35000;
        QTest::newRow("int max + grace used to wrap negative") << 2147483647.0 << 605000;
        QTest::newRow("past int") << 1e15 << 605000;
        QTest::newRow("negative") << -1.0 << 5000;
        QTest::newRow("not a number") << std::numeric_limits<double>::quiet_NaN() << 5000;
    }

    void ringGuardNeverOverflowsOrDisappears()
    {
        QFETCH(double, ring);
        QFETCH(int, guard);
        QCOMPARE(protocol::ringGuardMs(ring, 5000), guard);
        QVERIFY(protocol::ringGuardMs(ring, std::numeric_limits<int>::max()) > 0);
    }
};

QTEST_GUILESS_MAIN(TestProtocol)
#include "TestProtocol.moc"
