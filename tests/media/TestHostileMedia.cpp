// SPDX-License-Identifier: GPL-3.0-or-later
// Broken and hostile far-end audio: invalid Opus packets into the jitter buffer with the real
// codec, and a whole call (real CallChannel and AudioEngine, over loopback) whose service jumps its
// timestamps, sends garbage and floods frames. The call must go on and the audio come back.
#include "CallMedia.h"
#include "CaptureLogger.h"
#include "JitterBuffer.h"
#include "MediaFrame.h"
#include "NullAudioBackend.h"
#include "OpusCodec.h"
#include "StaticTokenSource.h"
#include "TestPrinters.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>
#include <cmath>
#include <random>
#include <vector>

using namespace audin;

namespace {

constexpr int Frame = 960;
constexpr double Pi = 3.14159265358979323846;

QByteArray tonePacket(media::OpusVoiceEncoder &encoder, int index)
{
    std::array<int16_t, Frame> pcm {};
    for (int i = 0; i < Frame; ++i)
        pcm[size_t(i)] = int16_t(8000 * std::sin(2 * Pi * 440.0 * (index * Frame + i) / 48000.0));
    return encoder.encode(pcm.data());
}

// Packets libopus refuses (RFC 6716 3.4): no frames in a code 3 packet, an odd length for code 1,
// a code 2 length past the end, and nothing at all.
const QList<QByteArray> InvalidOpus {QByteArray("\x03\x00", 2), QByteArray("\x01\x00", 2),
                                     QByteArray("\x02\xfc\xff", 3), QByteArray()};

/**
 * The service side of one call channel: answers `start` with `started` (Opus) and `connected`,
 * and pings with pongs; the test sends audio through socket().
 */
class FakeCallService : public QObject
{
public:
    FakeCallService()
        : m_server(QStringLiteral("fake-core"), QWebSocketServer::NonSecureMode)
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this); // Qt 6.4 hands pending connections over without a parent
                m_socket = socket;
                connect(socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
                    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
                    const QString type = message.value(QLatin1String("type")).toString();
                    if (type == QLatin1String("start")) {
                        send({{"type", "started"},
                              {"codec",
                               QJsonObject {
                                   {"name", "opus"}, {"sampleRate", 48000}, {"channels", 1}, {"frameMs", 20}}}});
                        send({{"type", "connected"}});
                    } else if (type == QLatin1String("ping")) {
                        send({{"type", "pong"}, {"ts", message.value(QLatin1String("ts"))}});
                    }
                });
            }
        });
        m_listening = m_server.listen(QHostAddress::LocalHost, 0);
    }

    bool isListening() const { return m_listening; }
    QUrl url() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/v1/operator/calls/CA1/media").arg(m_server.serverPort()));
    }
    QWebSocket *socket() const { return m_socket; }
    void send(const QJsonObject &message)
    {
        m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }

private:
    QWebSocketServer m_server;
    QWebSocket *m_socket = nullptr;
    bool m_listening = false;
};

} // namespace

class TestHostileMedia : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qRegisterMetaType<audin::CallStats>();
        qRegisterMetaType<audin::CallEndReason>();
    }

    void invalidOpusPacketsAreConcealedAndCounted()
    {
        media::OpusVoiceEncoder encoder;
        media::OpusVoiceDecoder decoder;
        QVERIFY(encoder.isValid() && decoder.isValid());
        media::JitterBuffer buffer(media::JitterBufferConfig(), &decoder);
        std::vector<int16_t> out(Frame);
        int invalid = 0;
        for (int n = 0; n < 300; ++n) {
            const QByteArray payload
                = n % 10 == 5 ? InvalidOpus.at(invalid++ % InvalidOpus.size()) : tonePacket(encoder, n);
            buffer.insert(quint16(n), quint32(n) * Frame, payload, n * 20 + 30, n == 0);
            buffer.pull(out.data(), Frame, n * 20 + 30);
        }
        const media::JitterBufferStats s = buffer.stats();
        QCOMPARE(s.decodeErrors, invalid);
        QCOMPARE(s.discardedFrames, invalid);
        QCOMPARE(s.lateFrames, 0); // one bad packet costs its own 20 ms, not its neighbours'
        const int held = 300 - invalid - s.decodedFrames; // the newest are still buffered
        QVERIFY2(held >= 0 && held <= 3, qPrintable(QString::number(held)));
        QVERIFY2(s.concealedSamples <= qint64(invalid + 1) * Frame, qPrintable(QString::number(s.concealedSamples)));
    }

    void randomPayloadsCannotEatTheirNeighbours()
    {
        // Random bytes often decode as valid Opus, up to 120 ms long: a packet may not reach into
        // the next one's time, or that one (the real audio) would be thrown away as late.
        media::OpusVoiceEncoder encoder;
        media::OpusVoiceDecoder decoder;
        media::JitterBuffer buffer(media::JitterBufferConfig(), &decoder);
        std::mt19937 rng(77);
        std::vector<int16_t> out(Frame);
        int garbage = 0;
        for (int n = 0; n < 600; ++n) {
            QByteArray payload = tonePacket(encoder, n);
            if (n % 5 == 2) {
                payload = QByteArray(int(1 + rng() % 400), '\0');
                for (char &c : payload)
                    c = char(rng());
                ++garbage;
            }
            buffer.insert(quint16(n), quint32(n) * Frame, payload, n * 20 + 30, n == 0);
            buffer.pull(out.data(), Frame, n * 20 + 30);
        }
        const media::JitterBufferStats s = buffer.stats();
        QCOMPARE(s.lateFrames, 0);
        const int held = 600 - s.decodedFrames - s.decodeErrors; // the newest are still buffered
        QVERIFY2(held >= 0 && held <= 3, qPrintable(QString::number(held)));
        QVERIFY(s.decodeErrors < garbage);
    }

    void callSurvivesAHostileStream()
    {
        FakeCallService service;
        QVERIFY(service.isListening());
        auto logger = std::make_shared<test::CaptureLogger>();
        CallChannel::Settings channel;
        channel.url = service.url();
        channel.tokenSource
            = std::make_shared<StaticTokenSource>(OperatorSessionToken {QStringLiteral("tok-hostile"), std::nullopt});
        channel.pingIntervalMs = 100;
        media::AudioEngineSettings engine;
        engine.statsIntervalMs = 200;
        CallMedia call(
            channel, engine, [] { return std::make_unique<media::NullAudioBackend>(); }, Log(logger));
        QSignalSpy connected(&call, &CallMedia::connected);
        QSignalSpy ended(&call, &CallMedia::ended);
        QList<CallStats> stats;
        connect(&call, &CallMedia::statsUpdated, this, [&stats](const CallStats &s) { stats << s; });
        call.start();
        QVERIFY(connected.wait(5000));

        // The far end talks every 20 ms; `timestampShift` moves its clock, `sequence` runs on.
        media::OpusVoiceEncoder encoder;
        const QByteArray packet = tonePacket(encoder, 0);
        quint16 sequence = 100;
        quint32 timestamp = 50000000;
        quint32 timestampShift = 0;
        QTimer talk;
        talk.setTimerType(Qt::PreciseTimer);
        connect(&talk, &QTimer::timeout, this, [&] {
            QByteArray frame;
            const quint8 flags = sequence == 100 ? media::MediaFrame::FlagFirstAfterSilence : 0;
            media::MediaFrame::encodeInto(frame, sequence, timestamp + timestampShift, packet.constData(),
                                          int(packet.size()), flags);
            ++sequence;
            timestamp += Frame;
            service.socket()->sendBinaryMessage(frame);
        });
        talk.start(20);

        const auto dump = [&] {
            for (const CallStats &x : stats)
                qInfo().noquote() << QJsonDocument(x.toJson()).toJson(QJsonDocument::Compact);
            return false;
        };
        // Waits for a statistics report, made after `since`, saying the audio plays cleanly again.
        const auto recovered = [&](int since) {
            return QTest::qWaitFor(
                       [&] {
                           for (int i = since; i < stats.size(); ++i) {
                               if (stats.at(i).concealmentPercent < 5 && stats.at(i).mos > 4.0)
                                   return true;
                           }
                           return false;
                       },
                       10000)
                || dump();
        };
        QVERIFY(recovered(0));

        // 1. The far end's clock jumps 10 s back; a little later, ahead by more than 2^31.
        QTest::qWait(200);
        timestampShift = quint32(-480000);
        QTest::qWait(1000);
        QVERIFY2(recovered(int(stats.size())), "no clean audio after a 10 s jump back");
        timestampShift += 0x80000000u + 480000;
        QTest::qWait(1000);
        QVERIFY2(recovered(stats.size()), "no clean audio after a jump ahead of 2^31");

        // 2. Garbage: short, unknown kind, 1 MiB, invalid Opus, duplicates, sequence jumps.
        QWebSocket *socket = service.socket();
        socket->sendBinaryMessage(QByteArray("\x01\x00\x00", 3));
        socket->sendBinaryMessage(media::MediaFrame {0, 1, 2, packet}.encode().replace(0, 1, "\x07"));
        socket->sendBinaryMessage(media::MediaFrame {0, sequence, timestamp, QByteArray((1 << 20) - 8, 'x')}.encode());
        for (const QByteArray &bad : InvalidOpus)
            socket->sendBinaryMessage(media::MediaFrame {0, sequence++, timestamp + timestampShift, bad}.encode());
        timestamp += Frame * quint32(InvalidOpus.size());
        const QByteArray repeated = media::MediaFrame {0, sequence++, timestamp + timestampShift, packet}.encode();
        timestamp += Frame;
        for (int i = 0; i < 20; ++i)
            socket->sendBinaryMessage(repeated);
        sequence += 40000;
        // 3. 10,000 frames at once, then the far end carries on where it was.
        for (int i = 0; i < 10000; ++i)
            socket->sendBinaryMessage(
                media::MediaFrame {0, quint16(sequence + i), timestamp + timestampShift + quint32(i) * Frame, packet}
                    .encode());
        sequence += 10000;
        QTRY_VERIFY_WITH_TIMEOUT(!stats.isEmpty() && stats.last().framesReceived > 10000 + 24, 30000);
        QVERIFY2(recovered(int(stats.size())), "no clean audio after garbage and a flood");

        QCOMPARE(ended.size(), 0); // the call goes on
        QVERIFY(call.channel()->isUp());
        const CallStats last = stats.last();
        QCOMPARE(last.droppedBinaryFrames, qint64(3)); // short, unknown kind, oversized
        QVERIFY2(last.discardedFrames >= 9000, qPrintable(QString::number(last.discardedFrames)));
        QVERIFY(last.framesReceived > 10000);
        for (const CallStats &s : stats) {
            QVERIFY2(s.jitterBufferDelayMs >= 0, qPrintable(QString::number(s.jitterBufferDelayMs)));
            QVERIFY(s.concealmentPercent >= 0 && s.concealmentPercent <= 100);
        }
        talk.stop();
    }
};

QTEST_GUILESS_MAIN(TestHostileMedia)
#include "TestHostileMedia.moc"
