// SPDX-License-Identifier: GPL-3.0-or-later
// Every SDK error reaches the operator as a sentence, never as a bare code or a secret.
#include "ErrorText.h"

#include <QTest>

using namespace audin;
using namespace audin::desktop;

class TestErrorText : public QObject
{
    Q_OBJECT
private slots:
    void everyCodeHasWords_data()
    {
        QTest::addColumn<QString>("code");
        for (const char *code :
             {ErrorCode::InvalidCoreUrl, ErrorCode::TokenFetchFailed, ErrorCode::AuthFailed, ErrorCode::Forbidden,
              ErrorCode::SessionReplaced, ErrorCode::WsError, ErrorCode::TlsError, ErrorCode::ProtocolError,
              ErrorCode::InvalidNumber, ErrorCode::InvalidCallerId, ErrorCode::InvalidDtmf, ErrorCode::NotAllowed,
              ErrorCode::Busy, ErrorCode::MicUnavailable, ErrorCode::AudioDeviceError, ErrorCode::ServerError})
            QTest::newRow(code) << QString::fromLatin1(code);
    }

    void everyCodeHasWords()
    {
        QFETCH(QString, code);
        const HumanError human = ErrorText::describe({code, {}, {}});
        QVERIFY(human.text.size() > 20);
        QVERIFY2(!human.text.contains(code), qPrintable(human.text));
        QVERIFY(human.text.endsWith(QLatin1Char('.')) || human.text.endsWith(QStringLiteral("…")));
        QVERIFY(!human.key.isEmpty());
    }

    void connectionTroubleSharesOneBannerLine()
    {
        for (const char *code : {ErrorCode::WsError, ErrorCode::ProtocolError, ErrorCode::TokenFetchFailed})
            QCOMPARE(ErrorText::describe({QString::fromLatin1(code), {}, {}}).key, QStringLiteral("connection"));
        QCOMPARE(ErrorText::describe({QString::fromLatin1(ErrorCode::WsError), {}, {}}).severity,
                 HumanError::Severity::Info);
        QCOMPARE(ErrorText::describe({QString::fromLatin1(ErrorCode::SessionReplaced), {}, {}}).severity,
                 HumanError::Severity::Critical);
    }

    void deviceErrorsSayWhichDevice()
    {
        const HumanError human = ErrorText::describe(
            {QString::fromLatin1(ErrorCode::MicUnavailable),
             QStringLiteral("The microphone \"USB Headset\" is not available; using \"Built-in\" instead."),
             {}});
        QVERIFY(human.text.startsWith(QStringLiteral("The microphone \"USB Headset\" is not available")));
        QVERIFY(human.text.endsWith(QStringLiteral("Check Settings › Audio.")));
    }

    void unknownCodesStillReadAsASentence()
    {
        const HumanError human = ErrorText::describe({QStringLiteral("RATE_LIMITED"), QStringLiteral("slow down"), {}});
        QVERIFY(human.text.contains(QStringLiteral("slow down")));
    }

    void endReasons()
    {
        QCOMPARE(ErrorText::endReason(CallEndReason::TakenByOther, CallDirection::Inbound, false),
                 QStringLiteral("Answered by a colleague"));
        QCOMPARE(ErrorText::endReason(CallEndReason::RemoteHangup, CallDirection::Inbound, false),
                 QStringLiteral("The caller hung up"));
        QCOMPARE(ErrorText::endReason(CallEndReason::RemoteHangup, CallDirection::Inbound, true),
                 QStringLiteral("The other side hung up"));
        QCOMPARE(ErrorText::endReason(CallEndReason::NoAnswer, CallDirection::Outbound, false),
                 QStringLiteral("No answer"));
    }
};

QTEST_GUILESS_MAIN(TestErrorText)
#include "TestErrorText.moc"
