// SPDX-License-Identifier: GPL-3.0-or-later
// The simulator's call channel (PROTOCOL.md 4) seen from a raw WebSocket: no SDK logic, so every
// frame and close code is exactly what the service side does.
#include "AudioCompare.h"
#include "AudioLevel.h"
#include "MediaFrame.h"
#include "OpusCodec.h"
#include "SimFixture.h"
#include "SpeechPrompt.h"
#include "SyntheticVoice.h"
#include "WavFile.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace audin;
using namespace audin::test;

namespace {
const QJsonObject opusOffer {
    {"type", "start"},
    {"codecs", QJsonArray {QJsonObject {{"name", "opus"}, {"sampleRate", 48000}, {"channels", 1}, {"frameMs", 20}}}},
    {"resume", false}};

/** An assigned inbound call: alice went online on pn_1, the call rang, alice accepted it. */
struct AssignedCall
{
    std::unique_ptr<PresenceProbe> presence;
    QString callSid;
};

AssignedCall assign(SimFixture &sim, const QJsonObject &ring)
{
    AssignedCall call;
    call.presence = sim.connectProbe(QStringLiteral("op_alice"));
    if (!call.presence)
        return call;
    call.presence->sendJson({{"type", "go_online"}, {"id", "1"}, {"phoneNumberIds", QJsonArray {"pn_1"}}});
    call.presence->waitFor(QStringLiteral("availability"));
    QJsonObject request = ring;
    request.insert(QStringLiteral("to"), QStringLiteral("+15551230001"));
    call.callSid = sim.server()->ringCall(request);
    call.presence->waitFor(QStringLiteral("call_offer"));
    call.presence->sendJson({{"type", "accept"}, {"callSid", call.callSid}});
    if (call.presence->waitFor(QStringLiteral("call_assigned")).isEmpty())
        call.callSid.clear();
    return call;
}

QUrl mediaUrl(SimFixture &sim, const QString &callSid)
{
    QUrl url = sim.presenceUrl();
    url.setPath(QStringLiteral("/v1/operator/calls/%1/media").arg(callSid));
    return url;
}

/** Opens the call channel as `operatorId` and sends `start`; returns the probe after `started`. */
std::unique_ptr<PresenceProbe> openMedia(SimFixture &sim, const QString &callSid, bool resume = false,
                                         const QString &operatorId = QStringLiteral("op_alice"))
{
    auto probe = std::make_unique<PresenceProbe>(mediaUrl(sim, callSid));
    if (!probe->waitConnected())
        return nullptr;
    probe->sendJson({{"type", "auth"}, {"token", sim.server()->mintToken(operatorId, 60000)}});
    QJsonObject start = opusOffer;
    start.insert(QStringLiteral("resume"), resume);
    probe->sendJson(start);
    return probe;
}

std::vector<int16_t> decodeAll(const QList<QByteArray> &frames)
{
    media::OpusVoiceDecoder decoder;
    std::vector<int16_t> out;
    std::array<int16_t, 960> pcm {};
    for (const QByteArray &data : frames) {
        if (const auto frame = media::MediaFrame::parse(data)) {
            const int n = decoder.decode(frame->payload, pcm.data(), 960);
            out.insert(out.end(), pcm.begin(), pcm.begin() + std::max(0, n));
        }
    }
    return out;
}
} // namespace

class TestSimMedia : public QObject
{
    Q_OBJECT
private slots:
    void startedConnectedAndSpeech()
    {
        SimFixture sim;
        AssignedCall call = assign(sim, {{"farEnd", QJsonObject {{"mode", "speech"}}}});
        QVERIFY(!call.callSid.isEmpty());
        auto media = openMedia(sim, call.callSid);
        QVERIFY(media);
        const QJsonObject started = media->waitFor(QStringLiteral("started"));
        QCOMPARE(started.value(QLatin1String("codec")).toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("opus"));
        QVERIFY(!media->waitFor(QStringLiteral("connected")).isEmpty()); // inbound: at once
        QElapsedTimer timer;
        timer.start();
        QTRY_VERIFY_WITH_TIMEOUT(media->receivedBinary().size() >= 100, 5000);
        const double perSecond = 1000.0 * media->receivedBinary().size() / double(timer.elapsed());
        QVERIFY2(perSecond > 40 && perSecond < 60, qPrintable(QString::number(perSecond)));
        // What it says is the shipped spoken prompt, from its start, not the synthetic fallback voice.
        const std::vector<int16_t> heard = decodeAll(media->receivedBinary());
        const std::vector<int16_t> prompt = sim::loadSpeechPrompt(QString::fromLatin1(sim::DefaultSpeechPromptPath));
        QVERIFY(prompt.size() > 48000 * 3);
        std::vector<int16_t> synthetic(prompt.size());
        media::SyntheticVoice(5).generate(synthetic.data(), int(synthetic.size()));
        const CorrelationPeak peak = medianCorrelation(prompt, heard, 100, 1900, 300, 100);
        const CorrelationPeak control = medianCorrelation(synthetic, heard, 100, 1900, 300, 100);
        qInfo("speech far end vs the prompt: correlation %.3f at %d ms (synthetic voice %.3f)", peak.value, peak.lagMs,
              control.value);
        QVERIFY(peak.value > 0.7);
        QVERIFY(control.value < 0.3);
        QVERIFY(sim.eventsOfType(QStringLiteral("speech_fallback")).isEmpty());
        // Sequence numbers run on by one.
        const auto a = media::MediaFrame::parse(media->receivedBinary().at(10));
        const auto b = media::MediaFrame::parse(media->receivedBinary().at(11));
        QCOMPARE(quint16(b->sequence - a->sequence), quint16(1));
        QCOMPARE(b->timestamp - a->timestamp, 960u);
    }

    void speechPromptIsResampledOrReportedMissing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("tone.wav"));
        {
            media::WavWriter writer(path, 22050, 2);
            QVERIFY(writer.open());
            std::vector<int16_t> stereo(22050 * 2);
            for (int i = 0; i < 22050; ++i)
                stereo[size_t(2 * i)] = stereo[size_t(2 * i + 1)]
                    = int16_t(8000 * std::sin(2 * M_PI * 1000 * i / 22050.0));
            QVERIFY(writer.write(stereo.data(), 22050));
            QVERIFY(writer.close());
        }
        const std::vector<int16_t> voice = sim::loadSpeechPrompt(path);
        QVERIFY2(std::abs(int(voice.size()) - 48000) <= 48, qPrintable(QString::number(voice.size())));
        QVERIFY(media::AudioLevel::goertzelDbfs(voice.data() + 4800, 38400, 1000, 48000) > -16);
        QString error;
        QVERIFY(sim::loadSpeechPrompt(dir.filePath(QStringLiteral("missing.wav")), &error).empty());
        QVERIFY2(error.contains(QLatin1String("missing.wav")), qPrintable(error));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("operatorId");
        QTest::addColumn<bool>("badToken");
        QTest::addColumn<bool>("noOpus");
        QTest::addColumn<int>("code");
        QTest::newRow("bad token") << "op_alice" << true << false << 4001;
        QTest::newRow("another operator's call") << "op_bob" << false << false << 4003;
        QTest::newRow("no opus offered") << "op_alice" << false << true << 4400;
    }
    void refusals()
    {
        QFETCH(QString, operatorId);
        QFETCH(bool, badToken);
        QFETCH(bool, noOpus);
        QFETCH(int, code);
        SimFixture sim;
        AssignedCall call = assign(sim, {});
        QVERIFY(!call.callSid.isEmpty());
        PresenceProbe media(mediaUrl(sim, call.callSid));
        QVERIFY(media.waitConnected());
        media.sendJson(
            {{"type", "auth"},
             {"token", badToken ? QStringLiteral("not.a.token") : sim.server()->mintToken(operatorId, 60000)}});
        media.sendJson(noOpus
                           ? QJsonObject {{"type", "start"},
                                          {"codecs", QJsonArray {QJsonObject {{"name", "pcmu"}, {"sampleRate", 8000}}}}}
                           : opusOffer);
        QVERIFY(media.waitClosed());
        QCOMPARE(media.closeCode(), code);
    }

    void controlMessagesAndBadInput()
    {
        SimFixture sim;
        AssignedCall call = assign(sim, {{"farEnd", QJsonObject {{"mode", "silence"}}}});
        auto media = openMedia(sim, call.callSid);
        QVERIFY(media && !media->waitFor(QStringLiteral("connected")).isEmpty());
        media->sendJson({{"type", "mute"}, {"on", true}});
        media->sendJson({{"type", "dtmf"}, {"digit", "7"}, {"durationMs", 160}});
        media->sendJson({{"type", "dtmf"}, {"digit", "A"}, {"durationMs", 160}});
        QCOMPARE(media->waitFor(QStringLiteral("error")).value(QLatin1String("code")).toString(),
                 QStringLiteral("INVALID_DTMF"));
        media->sendBinary(QByteArray("\x01\x00", 2)); // too short
        media->sendBinary(QByteArray(12, '\x07')); // unknown kind
        media->sendJson({{"type", "ping"}, {"ts", 42}});
        QCOMPARE(media->waitFor(QStringLiteral("pong")).value(QLatin1String("ts")).toInt(), 42);
        media->sendJson({{"type", "future_thing"}}); // ignored
        QTRY_COMPARE_WITH_TIMEOUT(sim.server()
                                      ->call(call.callSid)
                                      .value(QLatin1String("media"))
                                      .toObject()
                                      .value(QLatin1String("droppedBinary"))
                                      .toInt(),
                                  2, 3000);
        const QJsonObject state = sim.server()->call(call.callSid).value(QLatin1String("media")).toObject();
        QCOMPARE(state.value(QLatin1String("dtmf")).toArray(), QJsonArray {"7"});
        QVERIFY(state.value(QLatin1String("muted")).toBool());
        QVERIFY(!media->isClosed());
        media->sendText(QStringLiteral("not json"));
        QVERIFY(media->waitClosed());
        QCOMPARE(media->closeCode(), 4400);
    }

    void hangupEndsWithHangup()
    {
        SimFixture sim;
        AssignedCall call = assign(sim, {});
        auto media = openMedia(sim, call.callSid);
        QVERIFY(media && !media->waitFor(QStringLiteral("connected")).isEmpty());
        media->sendJson({{"type", "hangup"}});
        QCOMPARE(media->waitFor(QStringLiteral("ended")).value(QLatin1String("reason")).toString(),
                 QStringLiteral("hangup"));
        QVERIFY(media->waitClosed());
        QCOMPARE(media->closeCode(), 1000);
        QCOMPARE(sim.server()->call(call.callSid).value(QLatin1String("state")).toString(), QStringLiteral("ended"));
    }

    void remoteHangupAfterMs()
    {
        SimFixture sim;
        AssignedCall call = assign(sim, {{"hangupAfterMs", 300}});
        auto media = openMedia(sim, call.callSid);
        QVERIFY(media && !media->waitFor(QStringLiteral("connected")).isEmpty());
        QCOMPARE(media->waitFor(QStringLiteral("ended")).value(QLatin1String("reason")).toString(),
                 QStringLiteral("remote_hangup"));
        QVERIFY(media->waitClosed());
    }

    void stallsHoldFramesInOrderThenBurst()
    {
        SimFixture sim;
        AssignedCall call
            = assign(sim,
                     {{"farEnd", QJsonObject {{"mode", "speech"}}},
                      {"impairment", QJsonObject {{"stallEveryMs", 1000}, {"stallMinMs", 300}, {"stallMaxMs", 300}}}});
        auto media = openMedia(sim, call.callSid);
        QVERIFY(media);
        QElapsedTimer clock;
        clock.start();
        QList<qint64> arrivals;
        QObject::connect(media->socket(), &QWebSocket::binaryMessageReceived,
                         [&](const QByteArray &) { arrivals << clock.elapsed(); });
        QTRY_VERIFY_WITH_TIMEOUT(arrivals.size() >= 160, 6000);
        int stalls = 0;
        for (int i = 1; i < arrivals.size(); ++i)
            stalls += arrivals[i] - arrivals[i - 1] >= 250 ? 1 : 0;
        QVERIFY2(stalls >= 2, qPrintable(QString::number(stalls)));
        // Nothing lost, nothing reordered: TCP only delays.
        const QList<QByteArray> frames = media->receivedBinary();
        for (int i = 1; i < frames.size(); ++i) {
            const auto a = media::MediaFrame::parse(frames.at(i - 1));
            const auto b = media::MediaFrame::parse(frames.at(i));
            QCOMPARE(quint16(b->sequence - a->sequence), quint16(1));
        }
        // The rate over the whole stretch is still 50 frames per second.
        const double perSecond = 1000.0 * arrivals.size() / double(arrivals.last());
        QVERIFY2(perSecond > 40 && perSecond < 62, qPrintable(QString::number(perSecond)));
    }

    void resumeWithinTheWindow()
    {
        SimFixture sim;
        AssignedCall call = assign(sim, {{"farEnd", QJsonObject {{"mode", "recorder"}}}});
        auto first = openMedia(sim, call.callSid);
        QVERIFY(first && !first->waitFor(QStringLiteral("connected")).isEmpty());
        first->abort(); // the operator's network drops
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) {
            return e.value(QLatin1String("type")).toString() == QLatin1String("media_dropped");
        }));
        auto second = openMedia(sim, call.callSid, true);
        QVERIFY(second);
        QVERIFY(!second->waitFor(QStringLiteral("started")).isEmpty());
        QVERIFY(!second->waitFor(QStringLiteral("connected")).isEmpty());
        const QJsonObject state = sim.server()->call(call.callSid);
        QCOMPARE(state.value(QLatin1String("state")).toString(), QStringLiteral("assigned"));
        QCOMPARE(state.value(QLatin1String("media")).toObject().value(QLatin1String("resumes")).toInt(), 1);
    }

    void restartWithoutResumeIsRefused()
    {
        SimFixture sim;
        AssignedCall call = assign(sim, {{"farEnd", QJsonObject {{"mode", "recorder"}}}});
        auto first = openMedia(sim, call.callSid);
        QVERIFY(first && !first->waitFor(QStringLiteral("connected")).isEmpty());
        first->abort();
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) {
            return e.value(QLatin1String("type")).toString() == QLatin1String("media_dropped");
        }));
        // Coming back to a started call without "resume":true breaks PROTOCOL.md 4.4.
        auto fresh = openMedia(sim, call.callSid, false);
        QVERIFY(fresh);
        QVERIFY(fresh->waitClosed());
        QCOMPARE(fresh->closeCode(), 4400);
        QVERIFY(fresh->receivedOfType(QStringLiteral("started")).isEmpty());
        QCOMPARE(sim.eventsOfType(QStringLiteral("start_refused")).size(), 1);
        // The call is still in its resume window: a proper resume gets it back.
        auto resumed = openMedia(sim, call.callSid, true);
        QVERIFY(resumed && !resumed->waitFor(QStringLiteral("connected")).isEmpty());
        const QJsonObject state = sim.server()->call(call.callSid);
        QCOMPARE(state.value(QLatin1String("state")).toString(), QStringLiteral("assigned"));
        QCOMPARE(state.value(QLatin1String("media")).toObject().value(QLatin1String("resumes")).toInt(), 1);
    }

    void notResumedInTimeEndsFailed()
    {
        SimFixture sim({{"resumeWindowMs", 300}});
        AssignedCall call = assign(sim, {});
        auto media = openMedia(sim, call.callSid);
        QVERIFY(media && !media->waitFor(QStringLiteral("connected")).isEmpty());
        media->abort();
        QTRY_COMPARE_WITH_TIMEOUT(sim.server()->call(call.callSid).value(QLatin1String("endReason")).toString(),
                                  QStringLiteral("failed"), 3000);
        auto late = openMedia(sim, call.callSid, true);
        QVERIFY(late);
        QVERIFY(late->waitClosed());
        QCOMPARE(late->closeCode(), 4400);
    }
};

QTEST_GUILESS_MAIN(TestSimMedia)
#include "TestSimMedia.moc"
