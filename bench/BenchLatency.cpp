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
// pulse:  real PulseAudio virtual devices, default settings (processing on unless --processing
//         off): client A plays the far end's markers on a null sink, client B's microphone is that
//         sink's monitor (a remap source) and sends them: A's receive path + the devices + B's
//         send path, split at A's QAudioSink and B's QAudioSource by timestamped taps. The bench
//         loads its own null sinks and remap sources and unloads only those.
// Prints Markdown tables of medians over runs for docs/PERFORMANCE.md.
#include "AudioEngine.h"
#include "LatencyMarkers.h"
#include "OperatorService.h"
#include "PacedClock.h"
#include "PulseAudioFixture.h"
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
#include <QMediaDevices>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <cstdio>
#include <functional>
#include <mutex>

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

// ---- Real PulseAudio devices ----

// One timestamped chunk of audio crossing a seam (a device buffer, or a frame on the wire).
struct Stamped
{
    double ms; // on the bench clock
    QByteArray data;
};

// Everything the pulse measurement records, from the media threads and the main thread.
struct PulseLog
{
    std::mutex mutex;
    QElapsedTimer clock;
    AudioFormatSpec playoutFormat;
    AudioFormatSpec captureFormat;
    std::vector<double> farEndMs; // far-end frame n handed to the receiving client
    std::vector<Stamped> played; // receiving client → its QAudioSink, when written
    std::vector<Stamped> captured; // sending client's QAudioSource → engine, when delivered
    std::vector<Stamped> sent; // sending client's frames, when emitted
    std::vector<double> playoutLatencyMs; // what the backend itself reports (the AEC's delay hint)
    std::vector<double> captureLatencyMs;
    std::vector<double> jitterBufferMs; // the receiving client's jitter buffer delay, once a second

    double now() const { return double(clock.nsecsElapsed()) / 1e6; }
    void add(std::vector<Stamped> &to, const char *data, qint64 bytes)
    {
        const double ms = now();
        std::lock_guard<std::mutex> lock(mutex);
        to.push_back({ms, QByteArray(data, int(bytes))});
    }
};

// A QtAudioBackend with a tap on both sides: every buffer the engine writes for the speaker and
// every buffer the microphone delivers is timestamped on its way through.
class TapBackend final : public AudioBackend, private AudioIo
{
public:
    TapBackend(QtAudioBackend::Settings settings, PulseLog *log)
        : m_inner(std::move(settings))
        , m_log(log)
    {
        connect(&m_inner, &AudioBackend::devicesChanged, this, &AudioBackend::devicesChanged);
    }
    bool start(AudioIo *io, QString *error) override
    {
        m_io = io;
        return m_inner.start(this, error);
    }
    void stop() override { m_inner.stop(); }
    AudioFormatSpec captureFormat() const override { return m_inner.captureFormat(); }
    AudioFormatSpec playoutFormat() const override { return m_inner.playoutFormat(); }
    int playoutLatencyMs() const override { return m_inner.playoutLatencyMs(); }
    int captureLatencyMs() const override { return m_inner.captureLatencyMs(); }
    QString describe() const override { return m_inner.describe(); }
    void restartCapture() override { m_inner.restartCapture(); }
    bool switchDevices(const QString &input, const QString &output) override
    {
        return m_inner.switchDevices(input, output);
    }
    QString inputDescription() const override { return m_inner.inputDescription(); }
    QString outputDescription() const override { return m_inner.outputDescription(); }
    /** Which side this client's tap records: the speaker (receiving client) or the mic (sending). */
    bool recordPlayout = false;

private:
    void captureAvailable(const char *data, qint64 bytes) override
    {
        if (!recordPlayout) {
            m_log->add(m_log->captured, data, bytes);
            std::lock_guard<std::mutex> lock(m_log->mutex);
            m_log->captureFormat = m_inner.captureFormat();
            m_log->captureLatencyMs.push_back(m_inner.captureLatencyMs());
        }
        m_io->captureAvailable(data, bytes);
    }
    void fillPlayout(char *data, qint64 bytes) override
    {
        m_io->fillPlayout(data, bytes);
        if (recordPlayout) {
            m_log->add(m_log->played, data, bytes);
            std::lock_guard<std::mutex> lock(m_log->mutex);
            m_log->playoutFormat = m_inner.playoutFormat();
            m_log->playoutLatencyMs.push_back(m_inner.playoutLatencyMs());
        }
    }
    void deviceError(const QString &code, const QString &message) override { m_io->deviceError(code, message); }

    QtAudioBackend m_inner;
    PulseLog *m_log;
    AudioIo *m_io = nullptr;
};

// Onsets in device buffers, each with the time its buffer crossed the seam: when the engine wrote
// it for the speaker, or when the microphone's buffer reached the engine. No model of what happens
// inside a buffer: every segment is one observed event to the next.
std::vector<double> onsetTimes(const std::vector<Stamped> &chunks, const AudioFormatSpec &format)
{
    std::vector<int16_t> mono;
    std::vector<double> times;
    const int frameBytes = format.bytesPerFrame();
    for (const Stamped &c : chunks) {
        const int n = int(c.data.size()) / std::max(1, frameBytes);
        for (int k = 0; k < n; ++k) {
            const char *frame = c.data.constData() + qint64(k) * frameBytes;
            double v = 0;
            if (format.format == SampleFormat::Float32)
                v = double(reinterpret_cast<const float *>(frame)[0]) * 32767.0;
            else if (format.format == SampleFormat::Int32)
                v = double(reinterpret_cast<const qint32 *>(frame)[0]) / 65536.0;
            else if (format.format == SampleFormat::UInt8)
                v = (double(reinterpret_cast<const quint8 *>(frame)[0]) - 128.0) * 256.0;
            else
                v = reinterpret_cast<const int16_t *>(frame)[0];
            mono.push_back(int16_t(std::clamp(v, -32768.0, 32767.0)));
            times.push_back(c.ms);
        }
    }
    // onsets() counts in 48 kHz samples: scale its quiet window for other rates.
    std::vector<int16_t> at48;
    std::vector<double> out;
    const std::vector<long> found = onsets(format.sampleRate == 48000 ? mono : [&] {
        std::vector<int16_t> r;
        for (size_t i = 0; i < size_t(double(mono.size()) * 48000.0 / format.sampleRate); ++i)
            r.push_back(mono[std::min(mono.size() - 1, size_t(double(i) * format.sampleRate / 48000.0))]);
        return r;
    }());
    for (long i : found)
        out.push_back(times[std::min(times.size() - 1, size_t(double(i) * format.sampleRate / 48000.0))]);
    return out;
}

// The first time in `times` at or after `from` and within `maxMs` of it, or -1.
double firstAfter(const std::vector<double> &times, double from, double maxMs = 450)
{
    for (double t : times) {
        if (t >= from)
            return t - from <= maxMs ? t : -1;
    }
    return -1;
}

struct PulseResult
{
    double totalMs = -1; // far-end frame in → frame out, through both clients and the devices
    double receiveMs = -1; // frame in → written to the speaker (jitter buffer, rendering)
    double devicesMs = -1; // written to the speaker → delivered by the microphone (Qt + PulseAudio)
    double sendMs = -1; // delivered by the microphone → frame out (APM, Opus, packetisation)
    double reportedMs = -1; // the backends' own playout + capture latency estimate (AEC delay hint)
    double jitterBufferMs = -1; // the receiving client's jitter buffer delay (its statistics)
    std::vector<double> totals; // each marker's round trip
    int markers = 0;
};

// Client A plays the far end's markers on its speaker (null sink 1); client B's microphone is that
// sink's monitor (remap source 1) and sends what it hears; A's microphone is B's speaker's monitor.
// Both at default settings, processing on: neither client's echo canceller sees the markers in its
// own playout, so they pass as the near end's voice would. A's receive path + the devices + B's
// send path is one client's round trip through real devices.
PulseResult measurePulse(const std::vector<int16_t> &markers, const QStringList &devices, double seconds,
                         bool processing)
{
    PulseLog log;
    log.clock.start();
    AudioEngineSettings settings;
    if (!processing) {
        settings.processing.echoCancellation = false;
        settings.processing.noiseSuppression = false;
        settings.processing.autoGainControl = false;
    }
    auto factory = [&log](const QString &input, const QString &output, bool receiving) {
        return [&log, input, output, receiving] {
            QtAudioBackend::Settings s;
            s.inputDevice = input;
            s.outputDevice = output;
            auto b = std::make_unique<TapBackend>(s, &log);
            b->recordPlayout = receiving;
            return b;
        };
    };
    // devices: spk1, mic1 (= spk1's monitor), spk2, mic2 (= spk2's monitor).
    auto *receiving = new AudioEngine(settings, factory(devices[3], devices[0], true));
    auto *sending = new AudioEngine(settings, factory(devices[1], devices[2], false));
    QThread threadA;
    QThread threadB;
    receiving->moveToThread(&threadA);
    sending->moveToThread(&threadB);
    QObject::connect(&threadA, &QThread::finished, receiving, &QObject::deleteLater);
    QObject::connect(&threadB, &QThread::finished, sending, &QObject::deleteLater);
    QObject::connect(
        sending, &AudioEngine::frameReady, sending,
        [&log](const QByteArray &f) { log.add(log.sent, f.constData(), f.size()); }, Qt::DirectConnection);
    QObject::connect(
        receiving, &AudioEngine::statsUpdated, receiving,
        [&log](const CallStats &stats) {
            std::lock_guard<std::mutex> lock(log.mutex);
            if (stats.framesReceived > 50)
                log.jitterBufferMs.push_back(stats.jitterBufferDelayMs);
        },
        Qt::DirectConnection);
    QStringList errors;
    for (AudioEngine *e : {receiving, sending})
        QObject::connect(e, &AudioEngine::error, qApp, [&errors](const OperatorError &err) { errors << err.message; });
    threadA.start(QThread::TimeCriticalPriority);
    threadB.start(QThread::TimeCriticalPriority);
    QMetaObject::invokeMethod(receiving, &AudioEngine::start, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(sending, &AudioEngine::start, Qt::BlockingQueuedConnection);

    OpusVoiceEncoder encoder;
    MediaFrameSequencer sequencer;
    size_t position = 0;
    PacedClock farEnd;
    farEnd.start(20, [&] {
        if (position + 960 > markers.size())
            return;
        const QByteArray frame = sequencer.next(encoder.encode(markers.data() + position), 960);
        {
            std::lock_guard<std::mutex> lock(log.mutex);
            log.farEndMs.push_back(log.now());
        }
        QMetaObject::invokeMethod(
            receiving, [receiving, frame] { receiving->receiveFrame(frame); }, Qt::QueuedConnection);
        position += 960;
    });
    waitFor([&] { return position + 960 > markers.size() || position >= size_t(seconds * 48000); },
            int(seconds * 1000) + 5000);
    waitFor([] { return false; }, 600); // the last markers cross the devices
    farEnd.stop();
    QMetaObject::invokeMethod(receiving, &AudioEngine::stop, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(sending, &AudioEngine::stop, Qt::BlockingQueuedConnection);
    threadA.quit();
    threadB.quit();
    threadA.wait();
    threadB.wait();
    for (const QString &e : std::as_const(errors))
        std::fprintf(stderr, "  audio: %s\n", qPrintable(e));

    // Where each stage saw each marker.
    std::vector<double> heard = onsetTimes(log.played, log.playoutFormat);
    std::vector<double> captured = onsetTimes(log.captured, log.captureFormat);
    std::vector<double> sentTimes;
    {
        OpusVoiceDecoder decoder;
        std::vector<int16_t> pcm;
        std::vector<double> frameMs;
        std::array<int16_t, 960> out {};
        for (const Stamped &s : log.sent) {
            if (const auto frame = MediaFrame::parse(s.data)) {
                const int n = decoder.decode(frame->payload, out.data(), 960);
                for (int i = 0; i < n; ++i) {
                    pcm.push_back(out[size_t(i)]);
                    frameMs.push_back(s.ms); // a sample leaves with its frame
                }
            }
        }
        for (long i : onsets(pcm))
            sentTimes.push_back(frameMs[size_t(i)]);
    }
    std::vector<double> total, receive, device, send;
    for (long s : onsets(markers)) {
        const size_t n = size_t(s / 960);
        if (n >= log.farEndMs.size())
            break;
        const double in = log.farEndMs[n];
        const double h = firstAfter(heard, in);
        const double c = h < 0 ? -1 : firstAfter(captured, h);
        const double w = c < 0 ? -1 : firstAfter(sentTimes, c);
        if (w < 0)
            continue;
        total.push_back(w - in);
        receive.push_back(h - in);
        device.push_back(c - h);
        send.push_back(w - c);
    }
    // Markers fall at every phase of the 20 ms frames and device buffers (see pulseMarkerPeriodMs),
    // and each stage moves in steps of those: the mean over markers is the expected latency.
    auto mean = [](const std::vector<double> &v) {
        double sum = 0;
        for (double x : v)
            sum += x;
        return v.empty() ? -1 : sum / double(v.size());
    };
    PulseResult r;
    r.markers = int(total.size());
    r.totalMs = mean(total);
    r.receiveMs = mean(receive);
    r.devicesMs = mean(device);
    r.sendMs = mean(send);
    r.totals = total;
    r.reportedMs = median(log.playoutLatencyMs) + median(log.captureLatencyMs);
    r.jitterBufferMs = median(log.jitterBufferMs);
    return r;
}

// 503 ms: each marker sits 3 ms further into its 20 ms frame than the one before, so 20 markers
// cover every phase against the frames and the device buffers instead of always the same one.
constexpr int pulseMarkerPeriodMs = 503;

bool pulseAvailable()
{
    QString why;
    if (!test::PulseAudioFixture::ensure(&why)) {
        std::fprintf(stderr, "%s\n", qPrintable(why));
        return false;
    }
    return true;
}

// The bench's own devices, so tests playing on `spk` meanwhile neither hear it nor disturb it:
// two null sinks and a remap source of each one's monitor. Unloads only what it loaded.
class BenchDevices
{
public:
    static constexpr const char *Names[4]
        = {"audin_bench_spk1", "audin_bench_mic1", "audin_bench_spk2", "audin_bench_mic2"};
    bool load()
    {
        using test::PulseAudioFixture;
        for (int pair = 0; pair < 2; ++pair) {
            const QString sink = QString::fromLatin1(Names[pair * 2]);
            const QString source = QString::fromLatin1(Names[pair * 2 + 1]);
            if (!PulseAudioFixture::hasDevice(QStringLiteral("sinks"), sink)) {
                const int index = PulseAudioFixture::loadModule(
                    {QStringLiteral("module-null-sink"), QStringLiteral("sink_name=") + sink});
                if (index < 0)
                    return false;
                m_loaded << index;
            }
            if (!PulseAudioFixture::hasDevice(QStringLiteral("sources"), source)) {
                const int index = PulseAudioFixture::loadModule({QStringLiteral("module-remap-source"),
                                                                 QStringLiteral("master=%1.monitor").arg(sink),
                                                                 QStringLiteral("source_name=") + source});
                if (index < 0)
                    return false;
                m_loaded << index;
            }
        }
        // Qt learns about new devices from PulseAudio's events.
        return waitFor(
            [] {
                auto has = [](const QList<QAudioDevice> &list, const char *name) {
                    return std::any_of(list.begin(), list.end(),
                                       [name](const QAudioDevice &d) { return d.id() == QByteArray(name); });
                };
                return has(QMediaDevices::audioOutputs(), Names[0]) && has(QMediaDevices::audioOutputs(), Names[2])
                    && has(QMediaDevices::audioInputs(), Names[1]) && has(QMediaDevices::audioInputs(), Names[3]);
            },
            5000);
    }
    ~BenchDevices()
    {
        for (auto it = m_loaded.rbegin(); it != m_loaded.rend(); ++it)
            test::PulseAudioFixture::unloadModule(*it);
    }
    QStringList names() const
    {
        QStringList out;
        for (const char *n : Names)
            out << QString::fromLatin1(n);
        return out;
    }

private:
    QList<int> m_loaded;
};

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
    parser.addOption({QStringLiteral("processing"),
                      QStringLiteral("pulse: echo cancellation, noise suppression and gain on (default) or off."),
                      QStringLiteral("on|off"), QStringLiteral("on")});
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
        BenchDevices devices;
        if (!pulseAvailable() || !devices.load()) {
            std::printf("| PulseAudio devices | skipped: PulseAudio or its virtual devices are not available | |\n");
        } else {
            const bool processing = parser.value(QStringLiteral("processing")) != QLatin1String("off");
            const std::vector<int16_t> pulseMarkers = markerSignal(seconds + 2, pulseMarkerPeriodMs);
            std::vector<double> total, receive, device, send, reported, jitter, everyMarker;
            int markerCount = 0;
            for (int i = 0; i < runs; ++i) {
                const PulseResult r = measurePulse(pulseMarkers, devices.names(), seconds, processing);
                everyMarker.insert(everyMarker.end(), r.totals.begin(), r.totals.end());
                total.push_back(r.totalMs);
                receive.push_back(r.receiveMs);
                device.push_back(r.devicesMs);
                send.push_back(r.sendMs);
                reported.push_back(r.reportedMs);
                jitter.push_back(r.jitterBufferMs);
                markerCount += r.markers;
            }
            std::sort(everyMarker.begin(), everyMarker.end());
            std::printf("| **PulseAudio devices, processing %s:** %d markers; each run's mean over its markers; one "
                        "marker's round trip %.1f – %.1f ms | | |\n",
                        processing ? "on" : "off", markerCount, everyMarker.empty() ? -1.0 : everyMarker.front(),
                        everyMarker.empty() ? -1.0 : everyMarker.back());
            report("receiving client: frame in → written to its QAudioSink", receive);
            report("devices: QAudioSink → null sink → monitor → remap source → QAudioSource", device);
            report("sending client: delivered by QAudioSource → frame out", send);
            report("round trip through real devices: frame in → frame out", total);
            report("(in the receive path: the jitter buffer's delay, from its statistics)", jitter);
            report("(the backends' own estimate of their device latency, playout + capture)", reported);
        }
    }
    return 0;
}
