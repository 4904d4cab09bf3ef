// SPDX-License-Identifier: GPL-3.0-or-later
// audin-cli's JSON lines: exact shape, member order, timestamps.
#include "CallController.h"
#include "EventWriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace audin;
using namespace audin::cli;

namespace {

class FixedClock final : public Clock
{
public:
    QDateTime nowUtc() const override { return QDateTime(QDate(2026, 11, 23), QTime(18, 0, 1, 234), Qt::UTC); }
    qint64 monotonicMs() const override { return 0; }
};

class NullHost final : public CallHost
{
public:
    bool sendAccept(CallController *) override { return true; }
    bool sendReject(CallController *) override { return true; }
    void callDidStart(CallController *) override { }
    void callDidEnd(CallController *) override { }
    void callError(CallController *, const OperatorError &) override { }
    CallMedia *createMedia(CallController *) override { return nullptr; }
    QDateTime now() const override { return QDateTime(QDate(2026, 11, 23), QTime(18, 0, 2), Qt::UTC); }
};

struct Capture
{
    QList<QByteArray> lines;
    QList<bool> errors;
    EventWriter::Sink sink()
    {
        return [this](const QByteArray &line, bool isError) {
            lines.append(line);
            errors.append(isError);
        };
    }
};

} // namespace

class TestEventWriter : public QObject
{
    Q_OBJECT

private slots:
    void presence();
    void availability();
    void error();
    void inboundCallLifecycle();
    void outboundCallWithoutSid();
    void numbers();
    void everyLineIsOneJsonObject();
    void realClockTimestamp();
};

void TestEventWriter::presence()
{
    Capture capture;
    EventWriter writer(capture.sink(), std::make_shared<FixedClock>());
    writer.presenceStateChanged(PresenceState::Reconnecting);
    QCOMPARE(capture.lines.value(0),
             QByteArray(R"({"event":"presenceStateChanged","state":"reconnecting","ts":"2026-11-23T18:00:01.234Z"})"));
    QCOMPARE(capture.errors.value(0), false);
}

void TestEventWriter::availability()
{
    Capture capture;
    EventWriter writer(capture.sink(), std::make_shared<FixedClock>());
    writer.availabilityChanged({{QStringLiteral("pn_1")}, {QStringLiteral("pn_9"), QStringLiteral("pn_8")}});
    writer.availabilityChanged({});
    QCOMPARE(capture.lines.value(0),
             QByteArray(R"({"event":"availabilityChanged","accepted":["pn_1"],)"
                        R"("rejected":["pn_9","pn_8"],"ts":"2026-11-23T18:00:01.234Z"})"));
    QCOMPARE(capture.lines.value(1),
             QByteArray(R"({"event":"availabilityChanged","accepted":[],"rejected":[],)"
                        R"("ts":"2026-11-23T18:00:01.234Z"})"));
}

void TestEventWriter::error()
{
    Capture capture;
    EventWriter writer(capture.sink(), std::make_shared<FixedClock>());
    writer.error({QStringLiteral("INVALID_DTMF"), QStringLiteral("\"x\" is not a DTMF digit"), {}});
    QCOMPARE(capture.lines.value(0),
             QByteArray(R"({"event":"error","code":"INVALID_DTMF",)"
                        R"("message":"\"x\" is not a DTMF digit","ts":"2026-11-23T18:00:01.234Z"})"));
    QCOMPARE(capture.errors.value(0), true);
}

void TestEventWriter::inboundCallLifecycle()
{
    Capture capture;
    EventWriter writer(capture.sink(), std::make_shared<FixedClock>());
    NullHost host;
    CallController call(&host,
                        CallController::Offer {QStringLiteral("CA1"), QStringLiteral("+4930111"),
                                               QStringLiteral("+15551230001"), QStringLiteral("pn_1"), 30000},
                        QDateTime::currentDateTimeUtc());
    writer.callEvent(QStringLiteral("incomingCall"), call);
    call.end(CallEndReason::TakenByOther, QDateTime::currentDateTimeUtc());
    writer.callEvent(QStringLiteral("callEnded"), call);

    QCOMPARE(capture.lines.value(0),
             QByteArray(R"({"event":"incomingCall","callSid":"CA1","direction":"inbound","from":"+4930111",)"
                        R"("to":"+15551230001","state":"ringing","ts":"2026-11-23T18:00:01.234Z"})"));
    QCOMPARE(capture.lines.value(1),
             QByteArray(R"({"event":"callEnded","callSid":"CA1","direction":"inbound","from":"+4930111",)"
                        R"("to":"+15551230001","state":"ended","endReason":"taken_by_other",)"
                        R"("ts":"2026-11-23T18:00:01.234Z"})"));
}

void TestEventWriter::outboundCallWithoutSid()
{
    Capture capture;
    EventWriter writer(capture.sink(), std::make_shared<FixedClock>());
    NullHost host;
    CallController call(&host, QStringLiteral("12"), QStringLiteral("+15551230001"), QDateTime::currentDateTimeUtc());
    call.end(CallEndReason::Failed, QDateTime::currentDateTimeUtc());
    writer.callEvent(QStringLiteral("callEnded"), call);
    QCOMPARE(capture.lines.value(0),
             QByteArray(R"({"event":"callEnded","callSid":null,"direction":"outbound","from":"+15551230001",)"
                        R"("to":"12","state":"ended","endReason":"failed","ts":"2026-11-23T18:00:01.234Z"})"));
}

void TestEventWriter::numbers()
{
    const QList<OperatorPhoneNumber> numbers {
        {QStringLiteral("pn_1"), QStringLiteral("+15551230001"), QStringLiteral("Support")},
        {QStringLiteral("pn_2"), QStringLiteral("+15551230002"), QString()}};
    QCOMPARE(EventWriter::numbersJson(numbers),
             QByteArray(R"([{"id":"pn_1","phoneNumber":"+15551230001","displayName":"Support"},)"
                        R"({"id":"pn_2","phoneNumber":"+15551230002","displayName":null}])"));
    QCOMPARE(EventWriter::numbersJson({}), QByteArray("[]"));
}

void TestEventWriter::everyLineIsOneJsonObject()
{
    Capture capture;
    EventWriter writer(capture.sink());
    writer.error({QStringLiteral("WS_ERROR"), QStringLiteral("line one\nline \"two\" \\ ünï"), {}});
    const QByteArray line = capture.lines.value(0);
    QVERIFY(!line.contains('\n'));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(QStringLiteral("message")).toString(), QStringLiteral("line one\nline \"two\" \\ ünï"));
}

void TestEventWriter::realClockTimestamp()
{
    Capture capture;
    EventWriter writer(capture.sink());
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    writer.presenceStateChanged(PresenceState::Online);
    const QString ts = QJsonDocument::fromJson(capture.lines.value(0)).object().value(QStringLiteral("ts")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)")).match(ts).hasMatch(),
             qPrintable(ts));
    QVERIFY(QDateTime::fromString(ts, Qt::ISODateWithMs) >= before);
}

QTEST_GUILESS_MAIN(TestEventWriter)
#include "TestEventWriter.moc"
