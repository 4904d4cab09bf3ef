// SPDX-License-Identifier: GPL-3.0-or-later
// Client-added audio latency, measured with sample-accurate markers (1 kHz bursts every 500 ms).
//
//   cmake --build build --target BenchLatency && build/bench/BenchLatency [--runs N] [--seconds S]
//                                              [--mode engine|sim|pulse|all]
//
// engine: the whole client pipeline (file backend → resample → APM → Opus → frames → jitter buffer
//         → decode → recording tap) with its frames looped straight back: the client's own round
//         trip, no network. The send direction is the marker's position in the decoded frames
//         (resampler + APM + Opus delay) plus 20 ms packetisation; receive = round trip - send.
// sim:    a real call against the in-process simulator's echo far end over loopback WebSockets:
//         client + network + simulator round trip, from what is spoken to what is heard.
// pulse:  PulseAudio virtual devices (null sink `spk`, mic = its monitor): the far end's marker
//         is played, captured again by the "microphone", and sent: receive + device + send path.
// Prints Markdown tables of medians over runs for docs/PERFORMANCE.md.
#include "AudioEngine.h"
#include "LatencyMarkers.h"
#include "OperatorService.h"
#include "PacedClock.h"
#include "QtAudioBackend.h"
#include "SimConfig.h"
#include "SimServer.h"
#include "StaticTokenSource.h"
#include "WavFile.h"
#include "WavFileAudioBackend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>
#include <functional>

using namespace audin;
using namespace audin::media;
using namespace audin::bench;

namespace {

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

std::vector<int16_t> decodeFrames(const QList<QByteArray> &frames)
{
    OpusVoiceDecoder decoder;
    std::vector<int16_t> out;
    std::array<int16_t, 960> pcm {};
    for (const QByteArray &data : frames) {
        if (const auto frame = MediaFrame::parse(data)) {
            const int n = decoder.decode(frame->payload, pcm.data(), 960);
            out.insert(out.end(), pcm.begin(), pcm.begin() + std::max(0, n));
        }
    }
    return out;
}

bool writeWav(const QString &path, const std::vector<int16_t> &samples)
{
    WavWriter writer(path, 48000, 1);
    return writer.open() && writer.write(samples.data(), int(samples.size())) && writer.close();
}

std::vector<int16_t> readWav(const QString &path)
{
    std::optional<WavAudio> audio = WavReader::readFile(path);
    return audio ? audio->samples : std::vector<int16_t> {};
}

struct EngineResult
{
    double roundTripMs = -1;
    double sendMs = -1;
};

EngineResult measureEngine(const QString &markerPath, const std::vector<int16_t> &markers, const QString &dir,
                           double seconds)
{
    AudioEngineSettings settings;
    settings.recordPath = dir + QStringLiteral("/engine-heard.wav");
    AudioEngine engine(settings, [markerPath] { return std::make_unique<WavFileAudioBackend>(markerPath); });
    QList<QByteArray> sent;
    QObject::connect(&engine, &AudioEngine::frameReady, &engine, [&](const QByteArray &frame) {
        sent << frame;
        engine.receiveFrame(frame);
    });
    engine.start();
    waitFor([&] { return sent.size() >= int(seconds * 50); }, int(seconds * 1000) + 5000);
    engine.stop();
    const std::vector<long> in = onsets(markers);
    EngineResult result;
    result.roundTripMs = median(markerDelaysMs(in, onsets(readWav(settings.recordPath))));
    // A marker at input sample s shows up at p = s + (resampler, APM and codec delay) in the decoded
    // frames, and frame floor(p / 960) leaves once its last sample was captured: the marker waited
    // ((floor(p / 960) + 1) x 960 - s) samples from capture to the wire.
    const std::vector<long> sentOnsets = onsets(decodeFrames(sent));
    std::vector<double> send;
    size_t j = 0;
    for (long s : in) {
        while (j < sentOnsets.size() && sentOnsets[j] < s)
            ++j;
        if (j < sentOnsets.size() && sentOnsets[j] - s <= 48L * 450) {
            const long frameEnd = (sentOnsets[j] / 960 + 1) * 960;
            send.push_back(double(frameEnd - s) / 48.0);
        }
    }
    result.sendMs = median(send);
    return result;
}

double measureSim(const QString &markerPath, const std::vector<int16_t> &markers, const QString &dir, double seconds)
{
    QString error;
    std::optional<sim::SimConfig> config
        = sim::SimConfig::load(QStringLiteral(AUDIN_BENCH_DIR "/../tests/data/sim-test.json"), &error);
    if (!config) {
        std::fprintf(stderr, "sim config: %s\n", qPrintable(error));
        return -1;
    }
    sim::SimServer server(*config);
    if (!server.listen()) {
        std::fprintf(stderr, "sim listen failed\n");
        return -1;
    }
    const QString heardPath = dir + QStringLiteral("/sim-heard.wav");
    OperatorConfig op;
    op.coreUrl = server.baseUrl().toString();
    const QString token = server.mintToken(QStringLiteral("op_alice"), 3600 * 1000);
    op.tokenSource = std::make_shared<StaticTokenSource>(OperatorSessionToken {token, {}});
    op.media.audioBackend = [markerPath] { return std::make_unique<WavFileAudioBackend>(markerPath); };
    op.logger = std::make_shared<QtCategoryLogger>();
    OperatorService service(op);
    CallController *call = nullptr;
    QObject::connect(&service, &OperatorService::incomingCall, [&](CallController *c) {
        call = c;
        c->setRecordingPath(heardPath);
        c->accept();
    });
    service.goOnline({QStringLiteral("pn_1")});
    service.connectToService();
    if (!waitFor([&] { return service.availability().accepted.contains(QStringLiteral("pn_1")); }, 5000))
        return -1;
    server.ringCall(
        QJsonObject {{"to", "+15551230001"}, {"from", "+4930123456"}, {"farEnd", QJsonObject {{"mode", "echo"}}}});
    if (!waitFor([&] { return call && call->state() == CallState::Active; }, 5000))
        return -1;
    QPointer<CallController> guard(call);
    waitFor([&] { return !guard || guard->stats().framesSent >= qint64(seconds * 50); }, int(seconds * 1000) + 5000);
    if (guard)
        guard->hangup();
    waitFor([&] { return !guard || guard->state() == CallState::Ended; }, 3000);
    return median(markerDelaysMs(onsets(markers), onsets(readWav(heardPath))));
}

double measurePulse(const std::vector<int16_t> &markers, const QString &dir, double seconds)
{
    AudioEngineSettings settings;
    settings.processing.echoCancellation = false; // the loop through the devices is what we measure
    settings.processing.noiseSuppression = false;
    settings.processing.autoGainControl = false;
    AudioEngine engine(settings, [] { return std::make_unique<QtAudioBackend>(QtAudioBackend::Settings {}); });
    QList<QByteArray> sent;
    QObject::connect(&engine, &AudioEngine::frameReady, [&](const QByteArray &f) { sent << f; });
    OpusVoiceEncoder encoder;
    MediaFrameSequencer sequencer;
    size_t position = 0;
    PacedClock farEnd;
    engine.start();
    farEnd.start(20, [&] {
        if (position + 960 > markers.size())
            return;
        engine.receiveFrame(sequencer.next(encoder.encode(markers.data() + position), 960));
        position += 960;
    });
    waitFor([&] { return sent.size() >= int(seconds * 50); }, int(seconds * 1000) + 5000);
    farEnd.stop();
    engine.stop();
    Q_UNUSED(dir);
    // The far end's frame n is handed over at (n+1) x 20 ms; the sent stream runs on the same clock.
    return median(markerDelaysMs(onsets(markers), onsets(decodeFrames(sent))));
}

bool pulseAvailable()
{
    QProcess pactl;
    pactl.start(QStringLiteral("pactl"), {QStringLiteral("info")});
    return pactl.waitForFinished(5000) && pactl.exitCode() == 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("audin.*.debug=false\naudin.*.info=false"));
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Runs per measurement (default 5)."), QStringLiteral("N"),
                      QStringLiteral("5")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Call length per run (default 6)."),
                      QStringLiteral("S"), QStringLiteral("6")});
    parser.addOption({QStringLiteral("mode"), QStringLiteral("engine, sim, pulse or all (default all)."),
                      QStringLiteral("MODE"), QStringLiteral("all")});
    parser.process(app);
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    const double seconds = std::max(3.0, parser.value(QStringLiteral("seconds")).toDouble());
    const QString mode = parser.value(QStringLiteral("mode"));
    const bool all = mode == QLatin1String("all");

    QTemporaryDir dir;
    const std::vector<int16_t> markers = markerSignal(seconds + 2);
    const QString markerPath = dir.filePath(QStringLiteral("markers.wav"));
    writeWav(markerPath, markers);

    std::printf("| measurement | median of %d runs (ms) | runs (ms) |\n| --- | ---: | --- |\n", runs);
    auto report = [](const char *name, std::vector<double> values) {
        QStringList each;
        for (double v : values)
            each << QString::number(v, 'f', 1);
        std::printf("| %s | %.1f | %s |\n", name, median(values), qPrintable(each.join(QStringLiteral(", "))));
        std::fflush(stdout);
    };
    if (all || mode == QLatin1String("engine")) {
        std::vector<double> rtt, send, receive;
        for (int i = 0; i < runs; ++i) {
            const EngineResult r = measureEngine(markerPath, markers, dir.path(), seconds);
            rtt.push_back(r.roundTripMs);
            send.push_back(r.sendMs);
            receive.push_back(r.roundTripMs - r.sendMs);
        }
        report("client send path (capture → frame on the wire)", send);
        report("client receive path (frame in → played)", receive);
        report("client round trip, no network (engine loopback)", rtt);
    }
    if (all || mode == QLatin1String("sim")) {
        std::vector<double> rtt;
        for (int i = 0; i < runs; ++i)
            rtt.push_back(measureSim(markerPath, markers, dir.path(), seconds));
        report("round trip through the simulator's echo (loopback WebSockets)", rtt);
    }
    if (all || mode == QLatin1String("pulse")) {
        if (!pulseAvailable()) {
            std::printf("| PulseAudio device loop | skipped: no PulseAudio | |\n");
        } else {
            std::vector<double> rtt;
            for (int i = 0; i < runs; ++i)
                rtt.push_back(measurePulse(markers, dir.path(), seconds));
            report("far end → PulseAudio spk → mic → sent (receive + devices + send)", rtt);
        }
    }
    return 0;
}
