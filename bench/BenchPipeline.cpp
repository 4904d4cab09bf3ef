// SPDX-License-Identifier: GPL-3.0-or-later
// CPU cost of each stage of the client audio pipeline per 20 ms frame, on speech.
//
//   cmake --build build --target BenchPipeline && build/bench/BenchPipeline [--runs N] [--frames N]
//                                                  [--engine-runs N] [--engine-seconds S]
//   build/bench/BenchPipeline --aec-convergence    (echo canceller modes vs wrong delay hints)
//
// Each stage runs on its own over the same input, `runs` times x `frames` frames, with fresh
// objects per run (construction is not timed), and is added up into a total for a 44.1 kHz stereo
// and a 48 kHz mono device. Then the whole AudioEngine runs at real-time pace against a bench
// backend of each device format (`engine-runs` calls of `engine-seconds`): the measured total.
// Time is this thread's CPU time, so other load on the machine inflates it less than wall time
// would. Prints Markdown for docs/PERFORMANCE.md.
#include "AudioEngine.h"
#include "AudioLevel.h"
#include "AudioProcessor.h"
#include "MediaFrame.h"
#include "OpusCodec.h"
#include "Resampler.h"
#include "SyntheticVoice.h"
#include "WavFile.h"
#if __has_include("JitterBuffer.h")
#include "JitterBuffer.h"
#define AUDIN_BENCH_HAVE_JITTER_BUFFER 1
#endif

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <vector>

using namespace audin::media;

namespace {

constexpr int Frame = 960; // 20 ms at 48 kHz
constexpr int Frame44 = 882; // 20 ms at 44.1 kHz
constexpr double FramesPerSecond = 50.0;

double threadCpuUs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

struct Signals
{
    QString source;
    std::vector<int16_t> near48; // operator's voice, 48 kHz mono
    std::vector<int16_t> far48; // caller's voice, 48 kHz mono
    std::vector<int16_t> mic48; // near + far's echo 40 ms later at -10 dB
    std::vector<int16_t> capture44; // near48 as a 44.1 kHz stereo device would deliver it
    std::vector<int16_t> mic44; // mic48 likewise (the whole engine's microphone)
    std::vector<QByteArray> packets; // far48 encoded with the default settings
};

std::vector<int16_t> convert(const std::vector<int16_t> &in, const AudioFormatSpec &from, const AudioFormatSpec &to)
{
    Resampler r(from, to, 10);
    r.push(in.data(), qint64(in.size()) * 2);
    std::vector<int16_t> out(size_t(r.availableFrames()) * size_t(to.channels));
    r.pull(out.data(), r.availableFrames());
    return out;
}

// Real speech when espeak-ng is installed (22.05 kHz mono WAV), otherwise the synthetic voice.
std::vector<int16_t> speech(int samples, QString *source)
{
    const QString espeak = QStandardPaths::findExecutable(QStringLiteral("espeak-ng"));
    QTemporaryDir dir;
    if (!espeak.isEmpty() && dir.isValid()) {
        const QString wav = dir.filePath(QStringLiteral("speech.wav"));
        const QString text
            = QStringLiteral("Thank you for calling. My name is Alex, how can I help you today? "
                             "I can see your order from last Tuesday. The parcel left our warehouse yesterday "
                             "and should arrive on Friday morning. Is there anything else I can do for you? "
                             "Let me read back the number: four, seven, one, nine, two, eight. Have a good day.");
        QProcess p;
        p.start(espeak, {QStringLiteral("-w"), wav, QStringLiteral("-s"), QStringLiteral("160"), text});
        if (p.waitForFinished(30000) && p.exitCode() == 0) {
            if (auto audio = WavReader::readFile(wav)) {
                const AudioFormatSpec from {audio->info.sampleRate, audio->info.channels, SampleFormat::Int16};
                std::vector<int16_t> once = convert(audio->samples, from, AudioFormatSpec::voiceFormat());
                if (!once.empty()) {
                    std::vector<int16_t> out(static_cast<size_t>(samples));
                    for (size_t i = 0; i < out.size(); ++i)
                        out[i] = once[i % once.size()];
                    *source = QStringLiteral("espeak-ng speech (%1 s, looped)").arg(once.size() / 48000.0, 0, 'f', 1);
                    return out;
                }
            }
        }
    }
    *source = QStringLiteral("synthetic speech-like signal (SyntheticVoice)");
    std::vector<int16_t> out(static_cast<size_t>(samples));
    SyntheticVoice(5).generate(out.data(), samples);
    return out;
}

Signals makeSignals(int frames)
{
    Signals s;
    const int n = (frames + 10) * Frame;
    s.near48 = speech(n, &s.source);
    // The far end: the same speech 7.3 s further on, so the two talkers overlap irregularly.
    s.far48.resize(s.near48.size());
    for (size_t i = 0; i < s.far48.size(); ++i)
        s.far48[i] = s.near48[(i + 350400) % s.near48.size()];
    s.mic48.resize(s.near48.size());
    const size_t echoDelay = 40 * 48;
    for (size_t i = 0; i < s.mic48.size(); ++i) {
        const int echo = i >= echoDelay ? s.far48[i - echoDelay] * 10 / 32 : 0;
        s.mic48[i] = int16_t(std::clamp(s.near48[i] / 2 + echo, -32768, 32767));
    }
    s.capture44 = convert(s.near48, AudioFormatSpec::voiceFormat(), {44100, 2, SampleFormat::Int16});
    s.mic44 = convert(s.mic48, AudioFormatSpec::voiceFormat(), {44100, 2, SampleFormat::Int16});
    OpusVoiceEncoder enc;
    for (int f = 0; f < frames + 5; ++f)
        s.packets.push_back(enc.encode(s.far48.data() + f * Frame));
    return s;
}

#ifdef AUDIN_BENCH_HAVE_JITTER_BUFFER
// Keeps the jitter buffer stage about the buffer: packets carry raw PCM, "decoding" is a copy.
class PcmDecoder final : public AudioDecoder
{
public:
    int sampleRate() const override { return 48000; }
    int decode(const QByteArray &packet, int16_t *out, int maxSamples) override
    {
        const int n = std::min(maxSamples, int(packet.size() / 2));
        std::memcpy(out, packet.constData(), size_t(n) * 2);
        return n;
    }
    int conceal(int16_t *out, int samples) override
    {
        std::fill(out, out + samples, int16_t(0));
        return samples;
    }
};
#endif

using FrameFn = std::function<void(int frame)>;
// Builds fresh state for one run and returns the per-frame work.
using StageFactory = std::function<FrameFn()>;

// Which totals a stage belongs to: the stages that differ are the two format conversions.
enum Totals : unsigned
{
    Alternative = 0,
    Total44 = 1, // 44.1 kHz stereo device
    Total48 = 2, // 48 kHz mono device
    BothTotals = Total44 | Total48,
};

struct Row
{
    QString stage;
    QString settings;
    unsigned totals = Alternative;
    StageFactory make;
    double medianUs = 0;
    double minUs = 0;
    double maxUs = 0;
};

void measure(Row &row, int runs, int frames)
{
    std::vector<double> perFrame;
    for (int r = 0; r < runs; ++r) {
        FrameFn fn = row.make();
        fn(0); // first call may allocate (buffers sized lazily); steady state is what we measure
        const double t0 = threadCpuUs();
        for (int f = 1; f <= frames; ++f)
            fn(f);
        perFrame.push_back((threadCpuUs() - t0) / frames);
    }
    std::sort(perFrame.begin(), perFrame.end());
    row.medianUs = perFrame[perFrame.size() / 2];
    row.minUs = perFrame.front();
    row.maxUs = perFrame.back();
}

QString percent(double usPerFrame)
{
    // One second of call = 50 frames; % of one core = CPU µs per second / 10^6 * 100.
    return QString::number(usPerFrame * FramesPerSecond / 1e4, 'f', 3);
}

QString cpuModel()
{
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (f.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = f.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
        }
    }
    return QSysInfo::currentCpuArchitecture();
}

// The device side of the whole-engine measurement: a fixed format, latencies of 0, and the
// AudioIo the engine hands over, which the bench drives as a device would.
class BenchBackend final : public AudioBackend
{
public:
    explicit BenchBackend(AudioFormatSpec format)
        : m_format(format)
    {
    }
    bool start(AudioIo *io, QString *) override
    {
        m_io = io;
        return true;
    }
    void stop() override { m_io = nullptr; }
    AudioFormatSpec captureFormat() const override { return m_format; }
    AudioFormatSpec playoutFormat() const override { return m_format; }
    int playoutLatencyMs() const override { return 40; }
    int captureLatencyMs() const override { return 20; }
    QString describe() const override { return QStringLiteral("bench"); }
    AudioIo *io() const { return m_io; }

private:
    AudioFormatSpec m_format;
    AudioIo *m_io = nullptr;
};

struct EngineRun
{
    double usPerFrame = -1; // the whole thread: engine, its timers, the event loop
    double tickUsPerFrame = -1; // only the device's and the network's calls into the engine
    qint64 framesSent = 0;
    qint64 ticks = 0;
};

// One call's AudioEngine at default settings, on this thread's event loop like on its media
// thread: every 20 ms the "device" delivers 20 ms of microphone audio, a far-end frame arrives and
// the "device" asks for 20 ms to play. The thread's CPU time over the run after the first second
// (start-up) covers everything the engine does, its timers and statistics included; not the
// device I/O (Qt, PulseAudio) or the WebSocket.
// spin: wait for the next 20 ms by polling instead of sleeping, so the core never idles between
// frames; only the calls into the engine are timed then (the polling is the thread's own).
EngineRun measureEngineRun(const Signals &sig, const AudioFormatSpec &device, int seconds, bool spin)
{
    const std::vector<int16_t> &mic = device == AudioFormatSpec::voiceFormat() ? sig.mic48 : sig.mic44;
    const int deviceFrames = device.sampleRate / 50;
    const int bytes = deviceFrames * device.bytesPerFrame();
    const qint64 available = qint64(mic.size()) * 2 / bytes;
    const int ticks = int(std::min<qint64>({qint64(seconds) * 50, available, qint64(sig.packets.size())}));
    const int warmup = std::min(50, ticks / 2);

    BenchBackend *backend = nullptr;
    AudioEngine engine(AudioEngineSettings {}, [&backend, device] {
        auto b = std::make_unique<BenchBackend>(device);
        backend = b.get();
        return b;
    });
    EngineRun result;
    QObject::connect(&engine, &AudioEngine::frameReady, [&result] { ++result.framesSent; });
    engine.start();
    if (!backend || !backend->io())
        return result;

    MediaFrameSequencer far;
    QByteArray frame;
    std::vector<char> playout(static_cast<size_t>(bytes));
    const char *capture = reinterpret_cast<const char *>(mic.data());
    QEventLoop loop;
    QTimer clock;
    clock.setTimerType(Qt::PreciseTimer);
    int tick = 0;
    double cpuStart = 0;
    qint64 sentAtStart = 0;
    double inTicks = 0;
    auto onTick = [&] {
        if (tick == warmup) {
            cpuStart = threadCpuUs();
            sentAtStart = result.framesSent;
            inTicks = 0;
        }
        const double t0 = threadCpuUs();
        backend->io()->captureAvailable(capture + qint64(tick) * bytes, bytes);
        const QByteArray &packet = sig.packets[size_t(tick)];
        far.next(frame, packet.constData(), int(packet.size()), Frame);
        engine.receiveFrame(frame);
        backend->io()->fillPlayout(playout.data(), bytes);
        inTicks += threadCpuUs() - t0;
        if (++tick == ticks)
            loop.quit();
    };
    if (spin) {
        QElapsedTimer wall;
        wall.start();
        while (tick < ticks) {
            while (wall.nsecsElapsed() < qint64(tick + 1) * 20000000)
                QCoreApplication::processEvents();
            onTick();
        }
    } else {
        QObject::connect(&clock, &QTimer::timeout, onTick);
        clock.start(20);
        loop.exec();
    }
    result.usPerFrame = spin ? -1 : (threadCpuUs() - cpuStart) / (ticks - warmup);
    result.tickUsPerFrame = inTicks / (ticks - warmup);
    result.framesSent -= sentAtStart;
    result.ticks = ticks - warmup;
    engine.stop();
    return result;
}

// Synthetic speech as the far end, mic = far end x 0.5 after the true delay + -60 dBFS noise, AEC
// only: seconds until every following second has >= 25 dB less echo, and the reduction over
// seconds 20-30, for each AEC mode and delay hint.
void aecConvergence()
{
    const int seconds = 30;
    const int n = 48000 * seconds;
    std::vector<int16_t> far(static_cast<size_t>(n));
    SyntheticVoice(7).generate(far.data(), n);
    std::vector<int16_t> noise(static_cast<size_t>(n));
    uint32_t state = 1;
    for (auto &x : noise) {
        // Sum of 4 uniforms: close enough to Gaussian; RMS ~33 (-60 dBFS).
        double sum = 0;
        for (int k = 0; k < 4; ++k) {
            state = state * 1664525u + 1013904223u;
            sum += (state >> 8) / 16777216.0 - 0.5;
        }
        x = int16_t(std::lround(sum * 57.0));
    }
    printf("| true delay | hint | classic | delay-agnostic | delay-agnostic + extended (default) |\n");
    printf("| ---: | ---: | --- | --- | --- |\n");
    for (int trueDelay : {40, 100, 160, 250}) {
        for (int hint : {0, 40, 100, 160}) {
            printf("| %d ms | %d ms |", trueDelay, hint);
            for (int mode = 0; mode < 3; ++mode) {
                AudioProcessorSettings s;
                s.noiseSuppression = s.autoGainControl = false;
                s.delayAgnostic = mode >= 1;
                s.extendedFilter = mode == 2;
                s.streamDelayMs = hint;
                AudioProcessor ap(s);
                const int delay = trueDelay * 48;
                std::vector<int16_t> mic(static_cast<size_t>(n));
                for (int i = 0; i < n; ++i) {
                    const double echo = i >= delay ? far[size_t(i - delay)] * 0.5 : 0.0;
                    mic[size_t(i)] = int16_t(std::clamp(std::lround(echo + noise[size_t(i)]), -32768L, 32767L));
                }
                std::vector<int16_t> out = mic;
                for (int c = 0; c + 480 <= n; c += 480) {
                    ap.analyzeRender(far.data() + c);
                    ap.processCapture(out.data() + c);
                }
                auto reduction = [&](int from, int count) {
                    return AudioLevel::rmsDbfs(mic.data() + from, count)
                        - AudioLevel::rmsDbfs(out.data() + from, count);
                };
                int converged = -1;
                for (int sec = seconds - 1; sec >= 0 && reduction(sec * 48000, 48000) >= 25.0; --sec)
                    converged = sec;
                const double late = reduction(20 * 48000, 10 * 48000);
                if (converged >= 0)
                    printf(" %d s (%.0f dB) |", converged + 1, late);
                else
                    printf(" not in %d s (%.0f dB) |", seconds, late);
                fflush(stdout);
            }
            printf("\n");
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int runs = 5;
    int frames = 3000;
    const QStringList args = app.arguments();
    if (args.contains(QLatin1String("--aec-convergence"))) {
        aecConvergence();
        return 0;
    }
    int engineRuns = 3;
    int engineSeconds = 10;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--runs"))
            runs = std::max(1, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--frames"))
            frames = std::max(10, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--engine-runs"))
            engineRuns = std::max(0, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--engine-seconds"))
            engineSeconds = std::max(3, args[i + 1].toInt());
    }
    // The engine runs in real time on the same signals: make them long enough for it too.
    frames = std::max(frames, engineSeconds * 50 + 10);

    const auto sig = std::make_shared<const Signals>(makeSignals(frames));
    const AudioFormatSpec dev44 {44100, 2, SampleFormat::Int16};
    const AudioFormatSpec voice = AudioFormatSpec::voiceFormat();

    auto captureResample = [sig, dev44, voice](int quality) -> StageFactory {
        return [=] {
            auto r = std::make_shared<Resampler>(dev44, voice, quality);
            auto out = std::make_shared<std::vector<int16_t>>(Frame);
            return [=](int f) {
                r->push(sig->capture44.data() + f * Frame44 * 2, Frame44 * 4);
                while (r->availableFrames() >= Frame)
                    r->pull(out->data(), Frame);
            };
        };
    };
    auto playoutResample = [sig, dev44, voice](int quality) -> StageFactory {
        return [=] {
            auto r = std::make_shared<Resampler>(voice, dev44, quality);
            auto out = std::make_shared<std::vector<int16_t>>(2 * Frame44 + 8);
            return [=](int f) {
                r->push(sig->far48.data() + f * Frame, Frame * 2);
                r->pull(out->data(), std::min(r->availableFrames(), Frame44 + 4));
            };
        };
    };
    auto processing = [sig](AudioProcessorSettings settings) -> StageFactory {
        return [=] {
            auto ap = std::make_shared<AudioProcessor>(settings);
            auto chunk = std::make_shared<std::vector<int16_t>>(Frame);
            return [=](int f) {
                std::memcpy(chunk->data(), sig->mic48.data() + f * Frame, Frame * 2);
                for (int half = 0; half < 2; ++half) {
                    ap->analyzeRender(sig->far48.data() + f * Frame + half * 480);
                    ap->processCapture(chunk->data() + half * 480);
                }
            };
        };
    };
    auto encode = [sig](OpusEncoderSettings settings) -> StageFactory {
        return [=] {
            auto enc = std::make_shared<OpusVoiceEncoder>(settings);
            auto buf = std::make_shared<std::vector<unsigned char>>(OpusVoiceEncoder::MaxPacketBytes);
            return [=](int f) { enc->encode(sig->near48.data() + f * Frame, buf->data(), int(buf->size())); };
        };
    };
    auto decode = [sig](bool lossEveryTenth) -> StageFactory {
        return [=] {
            auto dec = std::make_shared<OpusVoiceDecoder>();
            auto out = std::make_shared<std::vector<int16_t>>(Frame);
            return [=](int f) {
                if (lossEveryTenth && f % 10 == 0)
                    dec->conceal(out->data(), Frame);
                else
                    dec->decode(sig->packets[size_t(f)], out->data(), Frame);
            };
        };
    };

    std::vector<Row> rows;
    AudioProcessorSettings apmDefault;
    rows.push_back({QStringLiteral("Capture resample 44.1 kHz stereo → 48 kHz mono"),
                    QStringLiteral("speexdsp quality %1 (default)").arg(Resampler::DefaultQuality), Total44,
                    captureResample(Resampler::DefaultQuality)});
    rows.push_back({QStringLiteral("Audio processing: AEC + NS + AGC (+ HPF, VAD)"),
                    QStringLiteral("2 × (render + capture) 10 ms; delay-agnostic, extended filter (default)"),
                    BothTotals, processing(apmDefault)});
    rows.push_back({QStringLiteral("Opus encode"), QStringLiteral("32 kb/s, complexity 5, VOIP (default)"), BothTotals,
                    encode({})});
    rows.push_back(
        {QStringLiteral("Framing: encode header + parse"), QStringLiteral("PROTOCOL.md 4.2"), BothTotals, [sig] {
             auto seq = std::make_shared<MediaFrameSequencer>();
             auto buf = std::make_shared<QByteArray>();
             buf->reserve(1600);
             return [=](int f) {
                 const QByteArray &p = sig->packets[size_t(f)];
                 seq->next(*buf, p.constData(), int(p.size()), Frame);
                 const auto parsed = MediaFrame::parse(*buf);
                 Q_UNUSED(parsed);
             };
         }});
#ifdef AUDIN_BENCH_HAVE_JITTER_BUFFER
    rows.push_back({QStringLiteral("Jitter buffer insert + pull"),
                    QStringLiteral("default config, 0-15 ms arrival jitter, PCM stub decoder"), BothTotals, [sig] {
                        auto dec = std::make_shared<PcmDecoder>();
                        auto jb = std::make_shared<JitterBuffer>(JitterBufferConfig {}, dec.get());
                        auto out = std::make_shared<std::vector<int16_t>>(Frame);
                        return [=](int f) {
                            const QByteArray pcm(reinterpret_cast<const char *>(sig->far48.data() + f * Frame),
                                                 Frame * 2);
                            const qint64 jitter = (qint64(f) * 7919) % 16; // deterministic 0-15 ms
                            jb->insert(quint16(f), quint32(f) * Frame, pcm, qint64(f) * 20 + jitter, f == 0);
                            jb->pull(out->data(), Frame, qint64(f) * 20 + 16);
                            Q_UNUSED(dec);
                        };
                    }});
#else
    // JitterBuffer.h not present: add its insert + pull stage here when it lands.
#endif
    rows.push_back({QStringLiteral("Opus decode"), QStringLiteral("48 kHz mono"), BothTotals, decode(false)});
    rows.push_back({QStringLiteral("Playout resample 48 kHz mono → 44.1 kHz stereo"),
                    QStringLiteral("speexdsp quality %1 (default)").arg(Resampler::DefaultQuality), Total44,
                    playoutResample(Resampler::DefaultQuality)});
    // A 48 kHz mono int16 device (what the Qt backend asks for first): both conversions are copies.
    rows.push_back({QStringLiteral("Capture 48 kHz mono int16 device"), QStringLiteral("pass-through (no resampling)"),
                    Total48, [sig, voice] {
                        auto r = std::make_shared<Resampler>(voice, voice);
                        auto out = std::make_shared<std::vector<int16_t>>(Frame);
                        return [=](int f) {
                            r->push(sig->near48.data() + f * Frame, Frame * 2);
                            r->pull(out->data(), Frame);
                        };
                    }});
    rows.push_back({QStringLiteral("Playout 48 kHz mono int16 device"), QStringLiteral("pass-through (no resampling)"),
                    Total48, [sig, voice] {
                        auto r = std::make_shared<Resampler>(voice, voice);
                        auto out = std::make_shared<std::vector<int16_t>>(Frame);
                        return [=](int f) {
                            r->push(sig->far48.data() + f * Frame, Frame * 2);
                            r->pull(out->data(), Frame);
                        };
                    }});

    // Alternatives, for choosing the defaults (not in the total).
    for (int q : {0, 5, 8, 10})
        rows.push_back({QStringLiteral("Capture resample 44.1 kHz stereo → 48 kHz mono"),
                        QStringLiteral("speexdsp quality %1").arg(q), Alternative, captureResample(q)});
    {
        AudioProcessorSettings s;
        s.delayAgnostic = false;
        s.extendedFilter = false;
        rows.push_back({QStringLiteral("Audio processing: AEC + NS + AGC"),
                        QStringLiteral("classic AEC (48 ms filter, trusts the delay hint)"), Alternative,
                        processing(s)});
        s.delayAgnostic = true;
        rows.push_back({QStringLiteral("Audio processing: AEC + NS + AGC"),
                        QStringLiteral("delay-agnostic, 48 ms filter"), Alternative, processing(s)});
        AudioProcessorSettings aec;
        aec.noiseSuppression = aec.autoGainControl = false;
        rows.push_back({QStringLiteral("Audio processing: AEC only"), QStringLiteral("delay-agnostic, extended"),
                        Alternative, processing(aec)});
        AudioProcessorSettings ns;
        ns.echoCancellation = ns.autoGainControl = false;
        rows.push_back(
            {QStringLiteral("Audio processing: NS only"), QStringLiteral("moderate"), Alternative, processing(ns)});
        AudioProcessorSettings agc;
        agc.echoCancellation = agc.noiseSuppression = false;
        rows.push_back({QStringLiteral("Audio processing: AGC only"), QStringLiteral("adaptive digital"), Alternative,
                        processing(agc)});
        AudioProcessorSettings off;
        off.echoCancellation = off.noiseSuppression = off.autoGainControl = false;
        off.highPassFilter = off.voiceDetection = false;
        rows.push_back({QStringLiteral("Audio processing: all off"), QStringLiteral("APM pass-through overhead"),
                        Alternative, processing(off)});
    }
    for (int c : {0, 3, 8, 10}) {
        OpusEncoderSettings s;
        s.complexity = c;
        rows.push_back(
            {QStringLiteral("Opus encode"), QStringLiteral("32 kb/s, complexity %1").arg(c), Alternative, encode(s)});
    }
    {
        OpusEncoderSettings s;
        s.inbandFec = true;
        s.packetLossPercent = 10;
        rows.push_back({QStringLiteral("Opus encode"), QStringLiteral("complexity 5 + in-band FEC (10 % loss)"),
                        Alternative, encode(s)});
    }
    rows.push_back(
        {QStringLiteral("Opus decode"), QStringLiteral("with 10 % concealment (PLC)"), Alternative, decode(true)});
    rows.push_back({QStringLiteral("Playout resample 48 kHz mono → 44.1 kHz stereo"),
                    QStringLiteral("speexdsp quality 5"), Alternative, playoutResample(5)});

    for (auto &row : rows) {
        measure(row, runs, frames);
        fprintf(stderr, "  %s (%s): %.1f us\n", qPrintable(row.stage), qPrintable(row.settings), row.medianUs);
    }

    printf("Machine: %s, %d logical CPUs, %s; Qt %s. Input: %s.\n", qPrintable(cpuModel()), QThread::idealThreadCount(),
           qPrintable(QSysInfo::prettyProductName()), qVersion(), qPrintable(sig->source));
    printf("Median of %d runs × %d frames (thread CPU time); %% of one core = µs per frame × 50 frames/s.\n\n", runs,
           frames);
    const double target = 0.02 * 1e6 / FramesPerSecond; // 2 % of one core = 400 µs per 20 ms
    auto verdict = [target](double us) {
        return QStringLiteral("%1 (%2 % of the budget)")
            .arg(us < target ? QStringLiteral("met") : QStringLiteral("NOT met"))
            .arg(100.0 * us / target, 0, 'f', 0);
    };
    for (const unsigned which : {unsigned(Total44), unsigned(Total48)}) {
        printf("Default settings, %s device:\n\n",
               which == Total44 ? "44.1 kHz stereo int16" : "48 kHz mono int16 (asked for first)");
        printf("| Stage | Settings | µs / 20 ms frame (median) | min – max | %% of one core |\n");
        printf("| --- | --- | ---: | ---: | ---: |\n");
        double total = 0;
        for (const auto &row : rows) {
            if (!(row.totals & which))
                continue;
            total += row.medianUs;
            printf("| %s | %s | %.1f | %.1f – %.1f | %s |\n", qPrintable(row.stage), qPrintable(row.settings),
                   row.medianUs, row.minUs, row.maxUs, qPrintable(percent(row.medianUs)));
        }
        printf("| **Total (sum of the stages)** | | **%.1f** | | **%s** |\n", total, qPrintable(percent(total)));
        printf("\nTarget: whole client pipeline under 2 %% of one core (%.0f µs per frame): %s.\n\n", target,
               qPrintable(verdict(total)));
    }

    if (engineRuns > 0) {
        printf("Whole AudioEngine at default settings, real-time pace (a 20 ms timer), %d runs × %d s, thread CPU "
               "time after the first second:\n\n",
               engineRuns, engineSeconds);
        printf("| Device format | between frames | whole thread: µs / 20 ms frame (median) | min – max | %% of one "
               "core | calls into the engine only: µs / 20 ms | frames sent / ticks | target < 2 %% |\n");
        printf("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (const bool spin : {false, true}) {
            for (const AudioFormatSpec &device : {voice, dev44}) {
                std::vector<double> us;
                std::vector<double> tickUs;
                EngineRun last;
                for (int r = 0; r < engineRuns; ++r) {
                    last = measureEngineRun(*sig, device, engineSeconds, spin);
                    us.push_back(last.usPerFrame);
                    tickUs.push_back(last.tickUsPerFrame);
                    fprintf(stderr, "  engine %d Hz x %d%s: %.1f us, in calls %.1f us (%lld frames / %lld ticks)\n",
                            device.sampleRate, device.channels, spin ? " (spinning)" : "", last.usPerFrame,
                            last.tickUsPerFrame, last.framesSent, last.ticks);
                }
                std::sort(us.begin(), us.end());
                std::sort(tickUs.begin(), tickUs.end());
                const double median = us[us.size() / 2];
                const double tickMedian = tickUs[tickUs.size() / 2];
                const char *format = device == voice ? "48 kHz mono int16" : "44.1 kHz stereo int16";
                if (spin) {
                    printf("| %s | polls (core never idles) | – | – | – | %.1f (%.1f – %.1f) | %lld / %lld | %s "
                           "(calls only) |\n",
                           format, tickMedian, tickUs.front(), tickUs.back(), last.framesSent, last.ticks,
                           qPrintable(verdict(tickMedian)));
                } else {
                    printf(
                        "| %s | sleeps (as in a call) | **%.1f** | %.1f – %.1f | **%s** | %.1f (%.1f – %.1f) | %lld / "
                        "%lld | %s |\n",
                        format, median, us.front(), us.back(), qPrintable(percent(median)), tickMedian, tickUs.front(),
                        tickUs.back(), last.framesSent, last.ticks, qPrintable(verdict(median)));
                }
            }
        }
        printf("\n");
    }

    printf("Alternatives (not in the totals):\n\n");
    printf("| Stage | Settings | µs / 20 ms frame (median) | min – max | %% of one core |\n");
    printf("| --- | --- | ---: | ---: | ---: |\n");
    for (const auto &row : rows) {
        if (row.totals != Alternative)
            continue;
        printf("| %s | %s | %.1f | %.1f – %.1f | %s |\n", qPrintable(row.stage), qPrintable(row.settings), row.medianUs,
               row.minUs, row.maxUs, qPrintable(percent(row.medianUs)));
    }
    return 0;
}
