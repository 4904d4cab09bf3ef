// SPDX-License-Identifier: GPL-3.0-or-later
// The call channel against a raw QWebSocketServer that stands in for the service, so every frame
// the client sends can be asserted byte for byte (PROTOCOL.md 4): start, audio framing, control
// messages, pings, `ended`, and resume with its backoff and window.
#include "CallChannel.h"
#include "CallController.h"
#include "CaptureLogger.h"
#include "MediaFrame.h"
#include "NullAudioBackend.h"
#include "OperatorService.h"
#include "OpusCodec.h"
#include "StaticTokenSource.h"
#include "TestPrinters.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>
#include <memory>
#include <vector>

using namespace audin;

namespace {

constexpr int WaitMs = 5000;
const QString Token = QStringLiteral("tok-call-1");

const QJsonObject OpusSpec {{"name", "opus"}, {"sampleRate", 48000}, {"channels", 1}, {"frameMs", 20}};

/** One connection the fake service accepted, with everything it received. */
struct Connection
{
    QWebSocket *socket = nullptr;
    QUrl requestUrl;
    qint64 openedAtMs = 0;
    qint64 closedAtMs = -1;
    QList<QJsonObject> texts;
    QList<QByteArray> binary;
    QList<qint64> binaryAtMs;

    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &text : texts) {
            if (text.value(QLatin1String("type")).toString() == type)
                out << text;
        }
        return out;
    }
};

/**
 * The service side, scripted by the test. By default it only records; `autoStart` answers `start`
 * with `started` (Opus) and `connected`; `refuse` aborts that many new connections at once.
 */
class FakeService : public QObject
{
public:
    FakeService()
        : m_server(QStringLiteral("fake-core"), QWebSocketServer::NonSecureMode)
    {
        m_clock.start();
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *socket = m_server.nextPendingConnection())
                adopt(socket);
        });
        m_listening = m_server.listen(QHostAddress::LocalHost, 0);
    }
    ~FakeService() override
    {
        for (const auto &c : m_connections) {
            if (c->socket)
                c->socket->abort();
        }
    }

    bool isListening() const { return m_listening; }
    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }
    QString coreUrl(const QString &prefix = {}) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(prefix);
    }
    qint64 now() const { return m_clock.elapsed(); }
    int count() const { return int(m_connections.size()); }
    Connection *at(int index) const { return m_connections.at(size_t(index)).get(); }
    Connection *waitConnection(int index, int timeoutMs = WaitMs)
    {
        if (!QTest::qWaitFor([&] { return count() > index; }, timeoutMs))
            return nullptr;
        return at(index);
    }
    /** The `n`-th text frame of `type` on `c` (0-based), waiting for it; {} on timeout. */
    QJsonObject waitFor(Connection *c, const QString &type, int n = 0, int timeoutMs = WaitMs)
    {
        QJsonObject found;
        (void)QTest::qWaitFor(
            [&] {
                const QList<QJsonObject> matching = c->ofType(type);
                if (matching.size() <= n)
                    return false;
                found = matching.at(n);
                return true;
            },
            timeoutMs);
        return found;
    }
    static void send(Connection *c, const QJsonObject &message)
    {
        c->socket->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }
    static void sendStarted(Connection *c, const QJsonObject &codec = OpusSpec)
    {
        send(c, {{"type", "started"}, {"codec", codec}});
    }

    bool autoStart = false;
    int refuse = 0; // abort this many of the next connections right after the handshake
    std::function<void(Connection *, const QJsonObject &)> onText;

    void pauseAccepting() { m_server.pauseAccepting(); }

private:
    void adopt(QWebSocket *socket)
    {
        auto connection = std::make_unique<Connection>();
        Connection *c = connection.get();
        c->socket = socket;
        c->requestUrl = socket->requestUrl();
        c->openedAtMs = now();
        socket->setParent(this);
        m_connections.push_back(std::move(connection));
        connect(socket, &QWebSocket::textMessageReceived, this, [this, c](const QString &text) {
            const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
            c->texts << message;
            if (onText)
                onText(c, message);
            if (autoStart && message.value(QLatin1String("type")).toString() == QLatin1String("start")) {
                sendStarted(c);
                send(c, {{"type", "connected"}});
            }
        });
        connect(socket, &QWebSocket::binaryMessageReceived, this, [this, c](const QByteArray &data) {
            c->binary << data;
            c->binaryAtMs << now();
        });
        connect(socket, &QWebSocket::disconnected, this, [this, c] {
            c->closedAtMs = now();
            c->socket->deleteLater();
            c->socket = nullptr;
        });
        if (refuse > 0) {
            --refuse;
            c->closedAtMs = now();
            socket->abort();
        }
    }

    QWebSocketServer m_server;
    bool m_listening = false;
    QElapsedTimer m_clock;
    std::vector<std::unique_ptr<Connection>> m_connections;
};

CallChannel::Settings channelSettings(const FakeService &service)
{
    CallChannel::Settings settings;
    settings.url = service.url(QStringLiteral("/v1/operator/calls/CA123/media"));
    settings.tokenSource = std::make_shared<StaticTokenSource>(OperatorSessionToken {Token, std::nullopt});
    settings.pingIntervalMs = 60000; // pings only where a test asks for them
    return settings;
}

Log testLog(const std::shared_ptr<test::CaptureLogger> &logger)
{
    return Log(logger);
}

QByteArray frame(quint8 kind, quint8 flags, quint16 seq, quint32 ts, const QByteArray &payload)
{
    QByteArray out;
    out.append(char(kind)).append(char(flags));
    out.append(char(seq >> 8)).append(char(seq & 0xff));
    for (int shift = 24; shift >= 0; shift -= 8)
        out.append(char((ts >> shift) & 0xff));
    return out + payload;
}

quint16 seqOf(const QByteArray &f)
{
    return quint16((quint8(f.at(2)) << 8) | quint8(f.at(3)));
}

quint32 tsOf(const QByteArray &f)
{
    return (quint32(quint8(f.at(4))) << 24) | (quint32(quint8(f.at(5))) << 16) | (quint32(quint8(f.at(6))) << 8)
        | quint32(quint8(f.at(7)));
}

/** A channel that is up: connected, `auth`+`start` received, `started` and `connected` sent. */
struct UpChannel
{
    std::unique_ptr<CallChannel> channel;
    Connection *connection = nullptr;
};

UpChannel openUp(FakeService &service, CallChannel::Settings settings,
                 const std::shared_ptr<test::CaptureLogger> &logger)
{
    UpChannel up;
    up.channel = std::make_unique<CallChannel>(std::move(settings), testLog(logger));
    QSignalSpy connected(up.channel.get(), &CallChannel::connected);
    up.channel->open();
    up.connection = service.waitConnection(service.count());
    if (!up.connection || service.waitFor(up.connection, QStringLiteral("start")).isEmpty())
        return {};
    FakeService::sendStarted(up.connection);
    FakeService::send(up.connection, {{"type", "connected"}});
    if (!connected.wait(WaitMs))
        return {};
    return up;
}

} // namespace

class TestCallChannel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<CallController *>();
        qRegisterMetaType<audin::CodecSpec>();
        qRegisterMetaType<audin::CallEndReason>();
        qRegisterMetaType<audin::OperatorError>();
    }

    void wholeCallThroughTheService();
    void pingCarriesTsAndPongGivesRtt();
    void controlMessages();
    void endedWithEachReason_data();
    void endedWithEachReason();
    void binaryFramesCarriedAsIsAndBadOnesCounted();
    void hangupBeforeStartedIsSentAfterIt();
    void codecNotOfferedIsAProtocolError();
    void resumeWalksTheBackoffInOrder();
    void notResumedWithinTheWindowFails();
    void windowHoldsWhileAnAttemptHangs();
};

void TestCallChannel::wholeCallThroughTheService()
{
    // Presence and call channel through OperatorService, with a path prefix on the core URL.
    FakeService service;
    QVERIFY(service.isListening());
    auto logger = std::make_shared<test::CaptureLogger>();
    OperatorConfig config;
    config.coreUrl = service.coreUrl(QStringLiteral("/eu/"));
    config.tokenSource = std::make_shared<StaticTokenSource>(OperatorSessionToken {Token, std::nullopt});
    config.logger = logger;
    config.media.audioBackend = [] { return std::make_unique<media::NullAudioBackend>(); };
    config.media.statsIntervalMs = 100;
    config.media.pingIntervalMs = 60000;
    OperatorService operatorService(config);
    QSignalSpy incoming(&operatorService, &OperatorService::incomingCall);
    QVERIFY(operatorService.connectToService());

    Connection *presence = service.waitConnection(0);
    QVERIFY(presence);
    QCOMPARE(presence->requestUrl.path(), QStringLiteral("/eu/v1/operator/presence"));
    QVERIFY(!service.waitFor(presence, QStringLiteral("auth")).isEmpty());
    FakeService::send(presence, {{"type", "ready"}, {"sessionId", "ps_1"}, {"operatorId", "op_1"}});
    QTRY_COMPARE_WITH_TIMEOUT(operatorService.presenceState(), PresenceState::Online, WaitMs);
    FakeService::send(presence,
                      {{"type", "call_offer"},
                       {"callSid", "CA9f00"},
                       {"from", "+4930123456"},
                       {"to", "+15551230001"},
                       {"phoneNumberId", "pn_1"},
                       {"ringTimeoutMs", 30000}});
    QVERIFY(incoming.wait(WaitMs));
    CallController *call = incoming.first().at(0).value<CallController *>();
    call->accept();
    QCOMPARE(service.waitFor(presence, QStringLiteral("accept")).value(QLatin1String("callSid")).toString(),
             QStringLiteral("CA9f00"));
    QVERIFY(service.count() == 1); // no call channel before the assignment
    FakeService::send(presence, {{"type", "call_assigned"}, {"callSid", "CA9f00"}});

    Connection *media = service.waitConnection(1);
    QVERIFY(media);
    QCOMPARE(media->requestUrl.path(), QStringLiteral("/eu/v1/operator/calls/CA9f00/media"));
    QTRY_VERIFY_WITH_TIMEOUT(media->texts.size() >= 2, WaitMs);
    // auth first, then start with the offered codecs and resume false; nothing else yet.
    QCOMPARE(media->texts.at(0), (QJsonObject {{"type", "auth"}, {"token", Token}}));
    QCOMPARE(media->texts.at(1),
             (QJsonObject {{"type", "start"}, {"codecs", QJsonArray {OpusSpec}}, {"resume", false}}));
    QTest::qWait(100);
    QCOMPARE(media->texts.size(), 2);
    QVERIFY(media->binary.isEmpty()); // no audio before `started`

    FakeService::sendStarted(media);
    QTRY_VERIFY_WITH_TIMEOUT(media->binary.size() >= 5, WaitMs);
    QCOMPARE(call->state(), CallState::Connecting); // `started` alone is not `active`
    FakeService::send(media, {{"type", "connected"}});
    QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, WaitMs);

    // Client → service frames, exactly 4.2: kind 1, flag on the first, seq +1, ts +960, an Opus packet.
    QTRY_VERIFY_WITH_TIMEOUT(media->binary.size() >= 60, WaitMs);
    media::OpusVoiceDecoder decoder;
    std::array<int16_t, 5760> pcm {};
    for (int i = 0; i < media->binary.size(); ++i) {
        const QByteArray &f = media->binary.at(i);
        QVERIFY(f.size() > 8);
        QCOMPARE(quint8(f.at(0)), quint8(0x01));
        QCOMPARE(quint8(f.at(1)) & 0x01, i == 0 ? 0x01 : 0x00);
        QCOMPARE(quint8(f.at(1)) & 0xfe, 0);
        QCOMPARE(decoder.decode(f.mid(8), pcm.data(), int(pcm.size())), 960);
        if (i > 0) {
            QCOMPARE(quint16(seqOf(f) - seqOf(media->binary.at(i - 1))), quint16(1));
            QCOMPARE(tsOf(f) - tsOf(media->binary.at(i - 1)), 960u);
        }
    }

    // Service → client: good frames are played, short and unknown-kind ones dropped and counted.
    media::OpusVoiceEncoder encoder;
    std::array<int16_t, 960> silence {};
    for (int i = 0; i < 25; ++i)
        media->socket->sendBinaryMessage(
            frame(0x01, i == 0 ? 1 : 0, quint16(65530 + i), quint32(960 * i), encoder.encode(silence.data())));
    media->socket->sendBinaryMessage(QByteArray("\x01\x00\x00", 3));
    media->socket->sendBinaryMessage(QByteArray(7, '\x01'));
    media->socket->sendBinaryMessage(frame(0x02, 0, 1, 960, QByteArray(20, '\x55')));
    QTRY_VERIFY_WITH_TIMEOUT(call->stats().framesReceived >= 25 && call->stats().droppedBinaryFrames == 3, WaitMs);
    QCOMPARE(call->stats().framesReceived, qint64(25)); // the bad ones were not counted as audio

    call->hangup();
    QCOMPARE(service.waitFor(media, QStringLiteral("hangup")), (QJsonObject {{"type", "hangup"}}));
    QCOMPARE(call->state(), CallState::Active); // until the service says `ended`
    FakeService::send(media, {{"type", "ended"}, {"reason", "hangup"}});
    media->socket->close(QWebSocketProtocol::CloseCodeNormal);
    QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Ended, WaitMs);
    QCOMPARE(call->endReason(), CallEndReason::Hangup);
}

void TestCallChannel::pingCarriesTsAndPongGivesRtt()
{
    FakeService service;
    auto logger = std::make_shared<test::CaptureLogger>();
    CallChannel::Settings settings = channelSettings(service);
    settings.pingIntervalMs = 100;
    UpChannel up = openUp(service, settings, logger);
    QVERIFY(up.channel);
    QSignalSpy rtt(up.channel.get(), &CallChannel::rttMeasured);
    const QJsonObject ping = service.waitFor(up.connection, QStringLiteral("ping"));
    QCOMPARE(ping.keys(), (QStringList {QStringLiteral("ts"), QStringLiteral("type")}));
    const qint64 ts = ping.value(QLatin1String("ts")).toVariant().toLongLong();
    QVERIFY(std::abs(QDateTime::currentMSecsSinceEpoch() - ts) < 2000); // epoch milliseconds
    // Answer 80 ms late: the measured round trip includes it.
    QTest::qWait(80);
    FakeService::send(up.connection, {{"type", "pong"}, {"ts", ping.value(QLatin1String("ts"))}});
    QVERIFY(rtt.wait(WaitMs));
    QVERIFY2(rtt.first().at(0).toInt() >= 75 && rtt.first().at(0).toInt() < 1000,
             qPrintable(QString::number(rtt.first().at(0).toInt())));
    QCOMPARE(up.channel->lastRttMs(), rtt.first().at(0).toInt());
    // The service's ping is echoed with the same ts.
    FakeService::send(up.connection, {{"type", "ping"}, {"ts", 1234567}});
    QCOMPARE(service.waitFor(up.connection, QStringLiteral("pong")), (QJsonObject {{"type", "pong"}, {"ts", 1234567}}));
}

void TestCallChannel::controlMessages()
{
    FakeService service;
    auto logger = std::make_shared<test::CaptureLogger>();
    UpChannel up = openUp(service, channelSettings(service), logger);
    QVERIFY(up.channel);
    up.channel->sendMute(true);
    QCOMPARE(service.waitFor(up.connection, QStringLiteral("mute")), (QJsonObject {{"type", "mute"}, {"on", true}}));
    up.channel->sendMute(false);
    QCOMPARE(service.waitFor(up.connection, QStringLiteral("mute"), 1),
             (QJsonObject {{"type", "mute"}, {"on", false}}));
    for (const QString &bad : {QStringLiteral("A"), QStringLiteral("12"), QStringLiteral(""), QStringLiteral("x")})
        QVERIFY(!up.channel->sendDtmf(bad, 160));
    QVERIFY(up.channel->sendDtmf(QStringLiteral("#"), 160));
    QCOMPARE(service.waitFor(up.connection, QStringLiteral("dtmf")),
             (QJsonObject {{"type", "dtmf"}, {"digit", "#"}, {"durationMs", 160}}));
    QTest::qWait(50);
    QCOMPARE(up.connection->ofType(QStringLiteral("dtmf")).size(), 1); // the invalid digits never left
    up.channel->hangup();
    up.channel->hangup();
    QCOMPARE(service.waitFor(up.connection, QStringLiteral("hangup")), (QJsonObject {{"type", "hangup"}}));
    QTest::qWait(50);
    QCOMPARE(up.connection->ofType(QStringLiteral("hangup")).size(), 1);
}

void TestCallChannel::endedWithEachReason_data()
{
    QTest::addColumn<QString>("wire");
    QTest::addColumn<int>("reason");
    QTest::newRow("remote_hangup") << "remote_hangup" << int(CallEndReason::RemoteHangup);
    QTest::newRow("failed") << "failed" << int(CallEndReason::Failed);
    QTest::newRow("no_answer") << "no_answer" << int(CallEndReason::NoAnswer);
    QTest::newRow("hangup") << "hangup" << int(CallEndReason::Hangup);
    QTest::newRow("unknown reason") << "exploded" << int(CallEndReason::Failed);
}

void TestCallChannel::endedWithEachReason()
{
    QFETCH(QString, wire);
    QFETCH(int, reason);
    FakeService service;
    auto logger = std::make_shared<test::CaptureLogger>();
    UpChannel up = openUp(service, channelSettings(service), logger);
    QVERIFY(up.channel);
    QSignalSpy ended(up.channel.get(), &CallChannel::ended);
    QSignalSpy reconnecting(up.channel.get(), &CallChannel::reconnecting);
    FakeService::send(up.connection, {{"type", "ended"}, {"reason", wire}});
    up.connection->socket->close(QWebSocketProtocol::CloseCodeNormal);
    QVERIFY(ended.wait(WaitMs));
    QCOMPARE(int(ended.first().at(0).value<CallEndReason>()), reason);
    QTest::qWait(300);
    QCOMPARE(ended.size(), 1);
    QVERIFY(reconnecting.isEmpty()); // `ended` then a close is not a drop
    QCOMPARE(service.count(), 1);
}

void TestCallChannel::binaryFramesCarriedAsIsAndBadOnesCounted()
{
    FakeService service;
    auto logger = std::make_shared<test::CaptureLogger>();
    auto channel = std::make_unique<CallChannel>(channelSettings(service), testLog(logger));
    channel->open();
    Connection *c = service.waitConnection(0);
    QVERIFY(c);
    QVERIFY(!service.waitFor(c, QStringLiteral("start")).isEmpty());
    const QByteArray early = frame(0x01, 0, 7, 960 * 7, QByteArray(30, '\x11'));
    channel->sendAudioFrame(early); // before `started`: dropped, not queued
    QSignalSpy started(channel.get(), &CallChannel::started);
    FakeService::sendStarted(c);
    QVERIFY(started.wait(WaitMs));
    QCOMPARE(started.first().at(0).value<CodecSpec>(), CodecSpec {});
    QSignalSpy received(channel.get(), &CallChannel::audioFrameReceived);
    const QByteArray out = frame(0x01, 0, 65535, 0xfffffc40u, QByteArray::fromHex("78a1b2c3d4"));
    channel->sendAudioFrame(out);
    QTRY_COMPARE_WITH_TIMEOUT(c->binary.size(), 1, WaitMs);
    QCOMPARE(c->binary.first(), out); // byte for byte
    const QByteArray in = frame(0x01, 1, 0, 0, QByteArray::fromHex("0102030405"));
    c->socket->sendBinaryMessage(QByteArray(1, '\x01'));
    c->socket->sendBinaryMessage(QByteArray::fromHex("01000001000003")); // 7 bytes
    c->socket->sendBinaryMessage(frame(0x7f, 0, 1, 960, QByteArray::fromHex("aabb"))); // unknown kind
    c->socket->sendBinaryMessage(in);
    QVERIFY(received.wait(WaitMs));
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().at(0).toByteArray(), in);
    QCOMPARE(channel->droppedBinaryFrames(), 3);
    QVERIFY(channel->isUp()); // not fatal
}

void TestCallChannel::hangupBeforeStartedIsSentAfterIt()
{
    FakeService service;
    auto logger = std::make_shared<test::CaptureLogger>();
    auto channel = std::make_unique<CallChannel>(channelSettings(service), testLog(logger));
    QSignalSpy started(channel.get(), &CallChannel::started);
    QSignalSpy connected(channel.get(), &CallChannel::connected);
    QSignalSpy ended(channel.get(), &CallChannel::ended);
    channel->open();
    channel->hangup();
    Connection *c = service.waitConnection(0);
    QVERIFY(c);
    QVERIFY(!service.waitFor(c, QStringLiteral("start")).isEmpty());
    QTest::qWait(100);
    QVERIFY(c->ofType(QStringLiteral("hangup")).isEmpty()); // not before `started`
    FakeService::sendStarted(c);
    FakeService::send(c, {{"type", "connected"}});
    QCOMPARE(service.waitFor(c, QStringLiteral("hangup")), (QJsonObject {{"type", "hangup"}}));
    QCOMPARE(c->texts.size(), 3); // auth, start, hangup
    QVERIFY(ended.isEmpty()); // it waits for the service's answer, socket open
    QVERIFY(c->socket);
    FakeService::send(c, {{"type", "ended"}, {"reason", "hangup"}});
    QVERIFY(ended.wait(WaitMs));
    QCOMPARE(ended.first().at(0).value<CallEndReason>(), CallEndReason::Hangup);
    QVERIFY(started.isEmpty());
    QVERIFY(connected.isEmpty());
}

void TestCallChannel::codecNotOfferedIsAProtocolError()
{
    FakeService service;
    auto logger = std::make_shared<test::CaptureLogger>();
    CallChannel::Settings settings = channelSettings(service);
    settings.hangupTimeoutMs = 400;
    auto channel = std::make_unique<CallChannel>(settings, testLog(logger));
    QSignalSpy started(channel.get(), &CallChannel::started);
    QSignalSpy errors(channel.get(), &CallChannel::error);
    QSignalSpy ended(channel.get(), &CallChannel::ended);
    channel->open();
    Connection *c = service.waitConnection(0);
    QVERIFY(c);
    QVERIFY(!service.waitFor(c, QStringLiteral("start")).isEmpty());
    FakeService::sendStarted(c, {{"name", "pcmu"}, {"sampleRate", 8000}, {"channels", 1}, {"frameMs", 20}});
    // The service is told to stop too, then the call ends `failed` whatever it answers.
    QCOMPARE(service.waitFor(c, QStringLiteral("hangup")), (QJsonObject {{"type", "hangup"}}));
    QCOMPARE(errors.size(), 1);
    const OperatorError error = errors.first().at(0).value<OperatorError>();
    QCOMPARE(error.code, QStringLiteral("PROTOCOL_ERROR"));
    QVERIFY2(error.message.contains(QLatin1String("pcmu")), qPrintable(error.message));
    FakeService::send(c, {{"type", "ended"}, {"reason", "hangup"}});
    QVERIFY(ended.wait(WaitMs));
    QCOMPARE(ended.first().at(0).value<CallEndReason>(), CallEndReason::Failed);
    QVERIFY(started.isEmpty()); // no audio engine for a codec it cannot speak
}

void TestCallChannel::resumeWalksTheBackoffInOrder()
{
    FakeService service;
    auto logger = std::make_shared<test::CaptureLogger>();
    CallChannel::Settings settings = channelSettings(service);
    settings.resumeBackoffMs = {100, 200, 400, 800};
    settings.resumeWindowMs = 5000;
    UpChannel up = openUp(service, settings, logger);
    QVERIFY(up.channel);
    QSignalSpy reconnecting(up.channel.get(), &CallChannel::reconnecting);
    QSignalSpy reconnected(up.channel.get(), &CallChannel::reconnected);
    QSignalSpy ended(up.channel.get(), &CallChannel::ended);
    service.refuse = 4; // the first four resumes are cut at once; the fifth gets through
    service.autoStart = true;
    up.connection->closedAtMs = service.now();
    up.connection->socket->abort(); // dropped without `ended`
    QVERIFY(reconnected.wait(WaitMs));
    QCOMPARE(reconnecting.size(), 1);
    QVERIFY(ended.isEmpty());
    QCOMPARE(service.count(), 6);
    QList<qint64> gaps;
    for (int i = 1; i < service.count(); ++i)
        gaps << service.at(i)->openedAtMs - service.at(i - 1)->closedAtMs;
    qInfo() << "gaps between a drop and the next attempt (ms):" << gaps;
    const QList<int> expected {100, 200, 400, 800, 800};
    for (int i = 0; i < expected.size(); ++i)
        QVERIFY2(gaps.at(i) >= expected.at(i) - 5 && gaps.at(i) < expected.at(i) + 150,
                 qPrintable(QStringLiteral("attempt %1 after %2 ms").arg(i + 1).arg(gaps.at(i))));
    // The attempt that got through asked to resume.
    Connection *resumed = service.at(5);
    QCOMPARE(resumed->texts.at(0), (QJsonObject {{"type", "auth"}, {"token", Token}}));
    QCOMPARE(resumed->texts.at(1),
             (QJsonObject {{"type", "start"}, {"codecs", QJsonArray {OpusSpec}}, {"resume", true}}));
    // The first frame after the resume carries flag bit 0; the next one as given.
    up.channel->sendAudioFrame(frame(0x01, 0, 100, 96000, QByteArray(10, '\x22')));
    up.channel->sendAudioFrame(frame(0x01, 0, 101, 96960, QByteArray(10, '\x22')));
    QTRY_COMPARE_WITH_TIMEOUT(resumed->binary.size(), 2, WaitMs);
    QCOMPARE(resumed->binary.at(0), frame(0x01, 1, 100, 96000, QByteArray(10, '\x22')));
    QCOMPARE(resumed->binary.at(1), frame(0x01, 0, 101, 96960, QByteArray(10, '\x22')));
    // The schedule starts over after a successful resume.
    service.refuse = 0;
    resumed->closedAtMs = service.now();
    resumed->socket->abort();
    QVERIFY(reconnected.wait(WaitMs));
    const qint64 again = service.at(6)->openedAtMs - resumed->closedAtMs;
    QVERIFY2(again >= 95 && again < 250, qPrintable(QString::number(again)));
}

void TestCallChannel::notResumedWithinTheWindowFails()
{
    FakeService service;
    auto logger = std::make_shared<test::CaptureLogger>();
    CallChannel::Settings settings = channelSettings(service);
    settings.resumeBackoffMs = {100, 200};
    settings.resumeWindowMs = 600;
    UpChannel up = openUp(service, settings, logger);
    QVERIFY(up.channel);
    QSignalSpy ended(up.channel.get(), &CallChannel::ended);
    service.refuse = 100;
    QElapsedTimer sinceDrop;
    sinceDrop.start();
    up.connection->socket->abort();
    QVERIFY(ended.wait(WaitMs));
    const qint64 at = sinceDrop.elapsed();
    QCOMPARE(ended.first().at(0).value<CallEndReason>(), CallEndReason::Failed);
    QVERIFY2(at >= 595 && at < 800, qPrintable(QString::number(at)));
    // Attempts at about 100, 300 and 500 ms; the next would land past the window, so it is not made.
    QVERIFY2(service.count() == 1 + 3, qPrintable(QString::number(service.count())));
}

void TestCallChannel::windowHoldsWhileAnAttemptHangs()
{
    // A resume attempt whose handshake never finishes must not stretch the window (before: it
    // ended only when the silent attempt was declared dead, deadAfterMs later).
    FakeService service;
    auto logger = std::make_shared<test::CaptureLogger>();
    CallChannel::Settings settings = channelSettings(service);
    settings.resumeBackoffMs = {50};
    settings.resumeWindowMs = 800;
    settings.deadAfterMs = 10000;
    UpChannel up = openUp(service, settings, logger);
    QVERIFY(up.channel);
    QSignalSpy ended(up.channel.get(), &CallChannel::ended);
    service.pauseAccepting(); // TCP connects, the WebSocket handshake is never answered
    QElapsedTimer sinceDrop;
    sinceDrop.start();
    up.connection->socket->abort();
    QVERIFY(ended.wait(WaitMs));
    const qint64 at = sinceDrop.elapsed();
    QCOMPARE(ended.first().at(0).value<CallEndReason>(), CallEndReason::Failed);
    QVERIFY2(at >= 790 && at < 1100, qPrintable(QString::number(at)));
}

QTEST_GUILESS_MAIN(TestCallChannel)
#include "TestCallChannel.moc"
