// SPDX-License-Identifier: GPL-3.0-or-later
// Jitter buffer bench: replays arrival traces through our adaptive buffer, fixed 60 ms and 120 ms
// buffers and speexdsp's jitter buffer driven the way Mumble drives it, all with the same playout
// loop, the same Opus stream and the same accounting; prints a Markdown table (docs/PERFORMANCE.md).
//
// Trace format (bench/traces/*.txt): '#' starts a comment; every other line is
// "<sequence> <arrival_ms>": a uint16 sequence number (may wrap) and its arrival time in ms on any
// clock (decimals allowed). Frame n (the unwrapped sequence number) was sent at n x 20 ms; only
// differences matter. Lines are in arrival order; a repeated sequence is a duplicate delivery;
// a missing one never arrived.

#include "AudioDecoder.h"
#include "JitterBuffer.h"
#include "SyntheticVoice.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QtEndian>
#include <QTextStream>

#include <opus.h>
#include <speex/speex_jitter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <vector>

using audin::media::AudioDecoder;
using audin::media::JitterBufferConfig;
using audin::media::JitterBufferStats;
using audin::media::SyntheticVoice;

namespace {

constexpr int Rate = 48000;
constexpr int Frame = 960;
constexpr int FrameMs = 20;
// Streams start just below both wrap points so every run crosses 65535 -> 0 and 2^32 -> 0.
constexpr quint16 SequenceOrigin = 65000;
constexpr quint32 TimestampOrigin = 0xFFFFFFFFu - 960u * 1000u;
// A source frame counts as speech above -50 dBFS RMS.
constexpr double SpeechRms = 100.0;

struct Arrival
{
    qint64 n; // frame index relative to the trace's first frame
    double ms;
};

struct Trace
{
    QString name;
    std::vector<Arrival> arrivals;
    qint64 frames = 0; // highest index + 1
    double baseMs = 0; // smallest arrival - send offset: the network, not any buffer
};

bool readTrace(const QString &path, Trace &trace, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = file.errorString();
        return false;
    }
    trace.name = QFileInfo(path).completeBaseName();
    QTextStream in(&file);
    bool first = true;
    quint16 highestSeq = 0;
    qint64 highestN = 0;
    double firstMs = 0;
    int lineNo = 0;
    while (!in.atEnd()) {
        QString line = in.readLine();
        ++lineNo;
        const int hash = line.indexOf(QLatin1Char('#'));
        if (hash >= 0)
            line.truncate(hash);
        const QStringList parts = line.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (parts.isEmpty())
            continue;
        bool okSeq = false;
        bool okMs = false;
        const uint seq = parts.value(0).toUInt(&okSeq);
        const double ms = parts.value(1).toDouble(&okMs);
        if (parts.size() != 2 || !okSeq || !okMs || seq > 65535) {
            *error = QStringLiteral("line %1: expected \"<sequence> <arrival_ms>\"").arg(lineNo);
            return false;
        }
        // Unwrap against the highest sequence so far: frame indices count from the first line.
        qint64 n = 0;
        if (first) {
            firstMs = ms;
            first = false;
            highestSeq = quint16(seq);
        } else {
            n = highestN + qint16(quint16(quint16(seq) - highestSeq));
        }
        if (n < 0) {
            *error = QStringLiteral("line %1: sequence before the first frame").arg(lineNo);
            return false;
        }
        if (n > highestN) {
            highestN = n;
            highestSeq = quint16(seq);
        }
        trace.arrivals.push_back(Arrival{n, ms - firstMs});
    }
    if (trace.arrivals.empty()) {
        *error = QStringLiteral("no frames");
        return false;
    }
    std::stable_sort(trace.arrivals.begin(), trace.arrivals.end(),
                     [](const Arrival &a, const Arrival &b) { return a.ms < b.ms; });
    trace.baseMs = 1e18;
    for (const Arrival &a : trace.arrivals) {
        trace.frames = std::max(trace.frames, a.n + 1);
        trace.baseMs = std::min(trace.baseMs, a.ms - double(a.n) * FrameMs);
    }
    return true;
}

// --- trace generator -----------------------------------------------------------------------------

// mt19937 is specified bit for bit; the standard distributions are not, so map by hand.
struct Rng
{
    std::mt19937 engine;
    explicit Rng(uint32_t seed)
        : engine(seed)
    {
    }
    double uniform(double lo, double hi) { return lo + (hi - lo) * (engine() / 4294967296.0); }
};

struct GeneratedTrace
{
    const char *name;
    const char *description;
};

const GeneratedTrace GeneratedTraces[] = {
    {"steady", "base 40 ms, +-2 ms jitter"},
    {"jittery", "base 40 ms, uniform +-40 ms jitter per frame"},
    {"bursty", "frames held and delivered together every 40-200 ms, +-3 ms"},
    {"stalls", "base 40 ms, +-3 ms; a 200-500 ms stall every 4-10 s, then the backlog at once"},
    {"mixed", "10 s phases of steady/jittery(+-25 ms)/bursty, base drifting +-15 ms, stalls every 8-15 s"},
};

std::vector<double> generateArrivals(const QString &name, int frames, uint32_t seed)
{
    Rng rng(seed);
    std::vector<double> wire(static_cast<size_t>(frames)); // when each frame would arrive without a stall
    double burstEnd = 0;
    for (int n = 0; n < frames; ++n) {
        const double sent = double(n) * FrameMs;
        double base = 40;
        QString regime = name;
        if (name == QLatin1String("mixed")) {
            base += 15 * std::sin(sent / 23000.0 * 2 * M_PI);
            const int phase = int(sent / 10000) % 3;
            regime = phase == 0 ? QStringLiteral("steady") : phase == 1 ? QStringLiteral("jittery-25")
                                                                         : QStringLiteral("bursty");
        }
        double at;
        if (regime == QLatin1String("steady") || regime == QLatin1String("stalls")) {
            at = sent + base + rng.uniform(-(regime == QLatin1String("steady") ? 2 : 3), 3);
        } else if (regime.startsWith(QLatin1String("jittery"))) {
            const double j = regime == QLatin1String("jittery") ? 40 : 25;
            at = sent + base + rng.uniform(-j, j);
        } else { // bursty: everything sent before the burst boundary leaves with it
            if (sent >= burstEnd)
                burstEnd = sent + rng.uniform(40, 200);
            at = burstEnd + base + rng.uniform(-3, 3);
        }
        wire[size_t(n)] = at;
    }
    // Stalls: TCP retransmission holds everything behind the lost segment.
    if (name == QLatin1String("stalls") || name == QLatin1String("mixed")) {
        const bool mixed = name == QLatin1String("mixed");
        double t = rng.uniform(mixed ? 8000 : 4000, mixed ? 15000 : 10000);
        while (t < double(frames) * FrameMs) {
            const double length = rng.uniform(200, 500);
            for (double &at : wire) {
                if (at >= t && at < t + length)
                    at = t + length;
            }
            t += length + rng.uniform(mixed ? 8000 : 4000, mixed ? 15000 : 10000);
        }
    }
    // In order, and a burst drains at ~1 ms per frame (the link is not infinitely fast).
    std::vector<double> arrivals(static_cast<size_t>(frames));
    double last = -1e9;
    for (int n = 0; n < frames; ++n) {
        const double at = std::max(wire[size_t(n)], last + (wire[size_t(n)] <= last ? 1.0 : 0.0));
        arrivals[size_t(n)] = at;
        last = at;
    }
    return arrivals;
}

int generate(const QString &dir, uint32_t seed, int seconds)
{
    QDir().mkpath(dir);
    const int frames = seconds * 1000 / FrameMs;
    uint32_t traceSeed = seed;
    for (const GeneratedTrace &g : GeneratedTraces) {
        const QString name = QString::fromLatin1(g.name);
        const std::vector<double> arrivals = generateArrivals(name, frames, traceSeed++);
        QFile file(QDir(dir).filePath(name + QStringLiteral(".txt")));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
            return 1;
        }
        QTextStream out(&file);
        out << "# " << name << ": " << g.description << "\n";
        out << "# generated by: BenchJitter --generate DIR --seed " << seed << " --seconds " << seconds << "\n";
        out << "# format: <sequence uint16> <arrival_ms>; frame n is sent at n x 20 ms\n";
        for (int n = 0; n < frames; ++n)
            out << n % 65536 << ' ' << QString::number(arrivals[size_t(n)], 'f', 1) << '\n';
        std::printf("wrote %s (%d frames)\n", qPrintable(file.fileName()), frames);
    }
    return 0;
}

// --- the stream ----------------------------------------------------------------------------------

struct Source
{
    std::vector<QByteArray> packets; // 4-byte frame index, then the Opus packet
    std::vector<bool> speech;
};

Source encodeSource(qint64 frames)
{
    Source source;
    int error = 0;
    OpusEncoder *encoder = opus_encoder_create(Rate, 1, OPUS_APPLICATION_VOIP, &error);
    opus_encoder_ctl(encoder, OPUS_SET_BITRATE(24000));
    opus_encoder_ctl(encoder, OPUS_SET_COMPLEXITY(5));
    SyntheticVoice voice(7, Rate);
    std::vector<int16_t> pcm(Frame);
    unsigned char packet[1500];
    for (qint64 n = 0; n < frames; ++n) {
        voice.generate(pcm.data(), Frame);
        double energy = 0;
        for (int16_t s : pcm)
            energy += double(s) * s;
        source.speech.push_back(std::sqrt(energy / Frame) >= SpeechRms);
        const int bytes = opus_encode(encoder, pcm.data(), Frame, packet, sizeof packet);
        QByteArray payload(4, '\0');
        qToLittleEndian(quint32(n), payload.data());
        payload.append(reinterpret_cast<const char *>(packet), std::max(0, bytes));
        source.packets.push_back(payload);
    }
    opus_encoder_destroy(encoder);
    return source;
}

// Opus behind the AudioDecoder seam, recording which frames were ever decoded.
class RecordingDecoder final : public AudioDecoder
{
public:
    explicit RecordingDecoder(qint64 frames)
        : m_decoded(size_t(frames), false)
    {
        int error = 0;
        m_decoder = opus_decoder_create(Rate, 1, &error);
    }
    ~RecordingDecoder() override { opus_decoder_destroy(m_decoder); }
    int sampleRate() const override { return Rate; }
    int decode(const QByteArray &packet, int16_t *out, int maxSamples) override
    {
        if (packet.size() < 4)
            return -1;
        const quint32 n = qFromLittleEndian<quint32>(packet.constData());
        if (n < m_decoded.size())
            m_decoded[n] = true;
        return opus_decode(m_decoder, reinterpret_cast<const unsigned char *>(packet.constData() + 4),
                           packet.size() - 4, out, maxSamples, 0);
    }
    int conceal(int16_t *out, int samples) override { return opus_decode(m_decoder, nullptr, 0, out, samples, 0); }
    bool decoded(qint64 n) const { return m_decoded[size_t(n)]; }

private:
    OpusDecoder *m_decoder = nullptr;
    std::vector<bool> m_decoded;
};

// --- contenders ----------------------------------------------------------------------------------

constexpr qint64 TagConcealed = -1;
constexpr qint64 TagOther = -2;

// What one pull produced, in the bench's terms.
struct Pulled
{
    bool playing = false;
    int concealed = 0;
    int total = 0;
    bool hasPosition = false;
    double positionMs = 0; // stream time (frame index x 20 ms + offset) of the first decoded sample...
    int offset = 0; // ...at this index of the pull
    bool reachedEnd = false; // the last frame of the trace has been played
};

class Contender
{
public:
    virtual ~Contender() = default;
    virtual void insert(qint64 n, const QByteArray &payload, qint64 nowMs) = 0;
    virtual Pulled pull(int16_t *out, int samples, qint64 nowMs) = 0;
};

// Decoded audio tagged with its position (frame index x 960 + sample) for the contenders that
// do not report one themselves.
class TaggedFifo
{
public:
    void push(const int16_t *pcm, int count, qint64 firstTag, bool stepTag)
    {
        for (int i = 0; i < count; ++i) {
            m_samples.push_back(pcm[i]);
            m_tags.push_back(stepTag ? firstTag + i : firstTag);
        }
    }
    int size() const { return int(m_samples.size()); }
    Pulled pop(int16_t *out, int samples, qint64 lastTag)
    {
        Pulled p;
        p.playing = true;
        p.total = samples;
        for (int i = 0; i < samples; ++i) {
            out[i] = m_samples.front();
            const qint64 tag = m_tags.front();
            m_samples.pop_front();
            m_tags.pop_front();
            if (tag == TagConcealed)
                ++p.concealed;
            if (tag >= 0 && !p.hasPosition) {
                p.hasPosition = true;
                p.positionMs = double(tag) * 1000.0 / Rate;
                p.offset = i;
            }
            if (tag >= lastTag)
                p.reachedEnd = true;
        }
        return p;
    }

private:
    std::deque<int16_t> m_samples;
    std::deque<qint64> m_tags;
};

class OurContender final : public Contender
{
public:
    OurContender(qint64 frames, const JitterBufferConfig &config)
        : m_decoder(frames)
        , m_buffer(config, &m_decoder)
        , m_lastTag(qint64(frames - 1) * Frame)
    {
    }
    void insert(qint64 n, const QByteArray &payload, qint64 nowMs) override
    {
        m_buffer.insert(quint16(SequenceOrigin + n), quint32(TimestampOrigin + quint32(n) * Frame), payload, nowMs,
                        n == 0);
    }
    Pulled pull(int16_t *out, int samples, qint64 nowMs) override
    {
        const audin::media::JitterBuffer::PullResult r = m_buffer.pull(out, samples, nowMs);
        Pulled p;
        p.playing = m_buffer.stats().totalSamples > 0;
        p.total = samples;
        p.concealed = r.concealedSamples;
        if (r.hasTimestamp) {
            const qint64 tag = qint64(quint32(r.timestamp - TimestampOrigin));
            p.hasPosition = true;
            p.positionMs = double(tag) * 1000.0 / Rate;
            p.offset = r.timestampOffset;
            p.reachedEnd = tag + (samples - r.timestampOffset) > m_lastTag;
        }
        return p;
    }
    RecordingDecoder &decoder() { return m_decoder; }
    JitterBufferStats stats() const { return m_buffer.stats(); }

private:
    RecordingDecoder m_decoder;
    audin::media::JitterBuffer m_buffer;
    qint64 m_lastTag;
};

// Plays frame k at (first arrival + delay + k x 20 ms); what is not there by then is concealed
// and discarded when it comes.
class FixedContender final : public Contender
{
public:
    FixedContender(qint64 frames, int delayMs)
        : m_decoder(frames)
        , m_delayMs(delayMs)
        , m_lastTag(qint64(frames - 1) * Frame)
    {
    }
    void insert(qint64 n, const QByteArray &payload, qint64 nowMs) override
    {
        if (!m_haveFirst) {
            m_haveFirst = true;
            m_startMs = nowMs + m_delayMs;
            m_next = n;
        }
        if (n >= m_next)
            m_packets.emplace(n, payload);
    }
    Pulled pull(int16_t *out, int samples, qint64 nowMs) override
    {
        if (!m_haveFirst || nowMs < m_startMs) {
            std::fill(out, out + samples, int16_t(0));
            return Pulled();
        }
        while (m_fifo.size() < samples) {
            int16_t pcm[Frame];
            auto it = m_packets.find(m_next);
            if (it != m_packets.end()) {
                const int n = m_decoder.decode(it->second, pcm, Frame);
                m_fifo.push(pcm, std::max(0, n), m_next * Frame, true);
            } else {
                m_fifo.push(pcm, m_decoder.conceal(pcm, Frame), TagConcealed, false);
            }
            m_packets.erase(m_packets.begin(), m_packets.upper_bound(m_next));
            ++m_next;
        }
        return m_fifo.pop(out, samples, m_lastTag);
    }
    RecordingDecoder &decoder() { return m_decoder; }

private:
    RecordingDecoder m_decoder;
    int m_delayMs;
    qint64 m_lastTag;
    bool m_haveFirst = false;
    qint64 m_startMs = 0;
    qint64 m_next = 0;
    std::map<qint64, QByteArray> m_packets;
    TaggedFifo m_fifo;
};

// speexdsp's jitter buffer as Mumble 1.3's AudioOutputSpeech::prepareSampleBuffer drives it:
// 10 ms steps, margin of one step (iJitterBufferSize = 1), a delay update after each miss and
// after each quiet frame (its power tracker), one tick per 10 ms produced, the prefill wait at a
// fresh start, and a fresh jitter buffer after more than 10 misses in a row (Mumble drops the
// speaker's output and builds a new one on the next packet).
class SpeexContender final : public Contender
{
public:
    explicit SpeexContender(qint64 frames)
        : m_decoder(frames)
        , m_lastTag(qint64(frames - 1) * Frame)
    {
    }
    ~SpeexContender() override
    {
        if (m_jitter)
            jitter_buffer_destroy(m_jitter);
    }
    void insert(qint64 n, const QByteArray &payload, qint64) override
    {
        if (!m_jitter) {
            m_jitter = jitter_buffer_init(Step);
            int margin = Step;
            jitter_buffer_ctl(m_jitter, JITTER_BUFFER_SET_MARGIN, &margin);
            m_alive = true;
            m_missCount = 0;
        }
        JitterBufferPacket packet;
        packet.data = const_cast<char *>(payload.constData());
        packet.len = spx_uint32_t(payload.size());
        packet.timestamp = spx_uint32_t(n * Frame);
        packet.span = Frame;
        packet.sequence = quint16(SequenceOrigin + n);
        packet.user_data = spx_uint32_t(n);
        jitter_buffer_put(m_jitter, &packet);
    }
    Pulled pull(int16_t *out, int samples, qint64) override
    {
        if (!m_jitter && !m_started) {
            std::fill(out, out + samples, int16_t(0));
            return Pulled();
        }
        m_started = true;
        while (m_fifo.size() < samples)
            step();
        return m_fifo.pop(out, samples, m_lastTag);
    }
    RecordingDecoder &decoder() { return m_decoder; }

private:
    static constexpr int Step = 480;

    void step()
    {
        int16_t pcm[Frame];
        if (!m_jitter || !m_alive) {
            // Mumble has dropped this speaker's output: silence until the next packet.
            if (m_jitter && !m_alive) {
                jitter_buffer_destroy(m_jitter);
                m_jitter = nullptr;
            }
            std::fill(pcm, pcm + Step, int16_t(0));
            m_fifo.push(pcm, Step, TagConcealed, false);
            return;
        }
        const int pointer = jitter_buffer_get_pointer_timestamp(m_jitter);
        spx_int32_t available = 0;
        jitter_buffer_ctl(m_jitter, JITTER_BUFFER_GET_AVAILABLE_COUNT, &available);
        if (pointer == 0 && available < std::lround(m_averageAvailable)) {
            if (++m_missCount < 20) {
                std::fill(pcm, pcm + Step, int16_t(0));
                m_fifo.push(pcm, Step, TagConcealed, false);
                return;
            }
        }
        char data[4096];
        JitterBufferPacket packet;
        packet.data = data;
        packet.len = sizeof data;
        spx_int32_t startOffset = 0;
        const int result = jitter_buffer_get(m_jitter, &packet, Step, &startOffset);
        const bool deliberate = result == JITTER_BUFFER_INSERTION && m_interpolationRequested;
        m_interpolationRequested = false;
        if (result == JITTER_BUFFER_OK) {
            m_missCount = 0;
            const QByteArray payload(packet.data, int(packet.len));
            const qint64 n = qFromLittleEndian<quint32>(payload.constData());
            const int decoded = std::max(0, m_decoder.decode(payload, pcm, Frame));
            m_fifo.push(pcm, decoded, n * Frame, true);
            const double a = available;
            m_averageAvailable = a >= m_averageAvailable ? a : m_averageAvailable * 0.99;
            if (quiet(pcm, decoded))
                m_interpolationRequested = jitter_buffer_update_delay(m_jitter, nullptr, nullptr) < 0;
            for (int i = decoded / Step; i > 0; --i)
                jitter_buffer_tick(m_jitter);
        } else {
            m_interpolationRequested = jitter_buffer_update_delay(m_jitter, &packet, nullptr) < 0;
            if (++m_missCount > 10)
                m_alive = false;
            const int n = std::max(0, m_decoder.conceal(pcm, Step));
            m_fifo.push(pcm, n, deliberate ? TagOther : TagConcealed, false);
            jitter_buffer_tick(m_jitter);
        }
    }

    // Mumble's per-speaker power tracker: update the delay only in the quietest ~1 % of the range.
    bool quiet(const int16_t *pcm, int count)
    {
        if (count <= 0)
            return false;
        double energy = 0;
        for (int i = 0; i < count; ++i)
            energy += (pcm[i] / 32768.0) * (pcm[i] / 32768.0);
        const double power = std::sqrt(energy / count);
        if (power >= m_powerMax) {
            m_powerMax = power;
        } else if (power <= m_powerMin) {
            m_powerMin = power;
        } else {
            m_powerMax *= 0.99;
            m_powerMin += 0.0001 * power;
        }
        return power < m_powerMin + 0.01 * (m_powerMax - m_powerMin);
    }

    RecordingDecoder m_decoder;
    qint64 m_lastTag;
    ::JitterBuffer *m_jitter = nullptr;
    bool m_started = false;
    bool m_alive = true;
    bool m_interpolationRequested = false;
    int m_missCount = 0;
    double m_averageAvailable = 0;
    double m_powerMax = 0;
    double m_powerMin = 0;
    TaggedFifo m_fifo;
};

// --- measurement ---------------------------------------------------------------------------------

struct Outcome
{
    QString buffer;
    qint64 total = 0;
    qint64 concealed = 0;
    std::vector<double> delays;
    qint64 speechFrames = 0;
    qint64 lostSpeech = 0;
    double cpuMs = 0;

    double concealmentPercent() const { return total ? 100.0 * concealed / total : 0; }
    double lostSpeechPercent() const { return total ? 100.0 * lostSpeech * Frame / total : 0; }
    double meanDelay() const
    {
        double sum = 0;
        for (double d : delays)
            sum += d;
        return delays.empty() ? 0 : sum / double(delays.size());
    }
    double p95Delay() const
    {
        if (delays.empty())
            return 0;
        std::vector<double> sorted = delays;
        const size_t k = std::min(sorted.size() - 1, size_t(std::ceil(0.95 * double(sorted.size()))) - 1);
        std::nth_element(sorted.begin(), sorted.begin() + qint64(k), sorted.end());
        return sorted[k];
    }
    // ITU-T G.107 E-model (Cole & Rosenbluth's simplification), see docs/PERFORMANCE.md:
    // mouth-to-ear delay = 100 ms for the rest of the path + mean added delay; loss = what the
    // listener does not get in order: concealed time plus speech frames that were never played.
    double score() const
    {
        const double d = 100.0 + meanDelay();
        const double id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0.0);
        const double ppl = concealmentPercent() + lostSpeechPercent();
        const double ie = 95.0 * ppl / (ppl + 25.1);
        return 93.2 - id - ie;
    }
};

Outcome run(const Trace &trace, const Source &source, int which, int pullMs, const JitterBufferConfig &config,
            bool timeline)
{
    std::unique_ptr<Contender> contender;
    RecordingDecoder *decoder = nullptr;
    Outcome outcome;
    switch (which) {
    case 0: {
        auto c = std::make_unique<OurContender>(trace.frames, config);
        decoder = &c->decoder();
        contender = std::move(c);
        outcome.buffer = QStringLiteral("**audin adaptive**");
        break;
    }
    case 1:
    case 2: {
        auto c = std::make_unique<FixedContender>(trace.frames, which == 1 ? 60 : 120);
        decoder = &c->decoder();
        contender = std::move(c);
        outcome.buffer = which == 1 ? QStringLiteral("fixed 60 ms") : QStringLiteral("fixed 120 ms");
        break;
    }
    default: {
        auto c = std::make_unique<SpeexContender>(trace.frames);
        decoder = &c->decoder();
        contender = std::move(c);
        outcome.buffer = QStringLiteral("speexdsp (Mumble)");
        break;
    }
    }

    const int samples = Rate / 1000 * pullMs;
    std::vector<int16_t> out(static_cast<size_t>(samples));
    size_t next = 0;
    const qint64 lastArrival = qint64(std::ceil(trace.arrivals.back().ms));
    bool counting = true;
    QElapsedTimer timer;
    timer.start();
    for (qint64 now = 0; now <= lastArrival + 2000; now += pullMs) {
        while (next < trace.arrivals.size() && trace.arrivals[next].ms <= double(now)) {
            const Arrival &a = trace.arrivals[next++];
            contender->insert(a.n, source.packets[size_t(a.n)], qint64(std::llround(a.ms)));
        }
        const Pulled p = contender->pull(out.data(), samples, now);
        if (!counting || !p.playing)
            continue;
        outcome.total += p.total;
        outcome.concealed += p.concealed;
        if (p.hasPosition) {
            const double playedAt = double(now) + p.offset * 1000.0 / Rate;
            outcome.delays.push_back(playedAt - p.positionMs - trace.baseMs);
        }
        if (p.reachedEnd)
            counting = false; // what comes after the last frame is not the buffer's doing
        if (timeline && which == 0 && now % 1000 == 0) {
            const JitterBufferStats s = static_cast<OurContender *>(contender.get())->stats();
            std::fprintf(stderr, "%s t=%lld target=%.1f current=%.1f buffered=%.1f concealed=%lld accel=%d pexp=%d exp=%d late=%d disc=%d\n",
                         qPrintable(trace.name), now, s.targetDelayMs, s.currentDelayMs, s.bufferedMs, s.concealedSamples,
                         s.accelerateCount, s.preemptiveExpandCount, s.expandCount, s.lateFrames, s.discardedFrames);
        }
    }
    outcome.cpuMs = double(timer.nsecsElapsed()) / 1e6;

    std::vector<bool> present(size_t(trace.frames), false);
    for (const Arrival &a : trace.arrivals)
        present[size_t(a.n)] = true;
    for (qint64 n = 0; n < trace.frames; ++n) {
        if (!present[size_t(n)] || !source.speech[size_t(n)])
            continue;
        ++outcome.speechFrames;
        if (!decoder->decoded(n))
            ++outcome.lostSpeech;
    }
    return outcome;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Replays arrival traces through the jitter buffers and prints a Markdown table."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("traces"), QStringLiteral("Trace files or directories (default: ")
                                                               + QStringLiteral(AUDIN_BENCH_DIR "/traces)."));
    const QCommandLineOption generateOption(QStringLiteral("generate"),
                                            QStringLiteral("Write the named traces into <dir> and exit."),
                                            QStringLiteral("dir"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Generator seed."),
                                        QStringLiteral("n"), QStringLiteral("20240611"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("Generated trace length."),
                                           QStringLiteral("s"), QStringLiteral("120"));
    const QCommandLineOption pullOption(QStringLiteral("pull-ms"), QStringLiteral("Playout period (10 or 20)."),
                                        QStringLiteral("ms"), QStringLiteral("20"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Repeat for CPU time medians."),
                                        QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption percentileOption(QStringLiteral("percentile"),
                                              QStringLiteral("Our target percentile (default: the config's)."),
                                              QStringLiteral("q"));
    const QCommandLineOption timelineOption(QStringLiteral("timeline"),
                                            QStringLiteral("Print our buffer's state every second (stderr)."));
    parser.addOptions({generateOption, seedOption, secondsOption, pullOption, runsOption, percentileOption,
                       timelineOption});
    parser.process(app);

    if (parser.isSet(generateOption))
        return generate(parser.value(generateOption), parser.value(seedOption).toUInt(),
                        parser.value(secondsOption).toInt());

    const int pullMs = parser.value(pullOption).toInt() == 10 ? 10 : 20;
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const bool timeline = parser.isSet(timelineOption);
    JitterBufferConfig config;
    if (parser.isSet(percentileOption))
        config.percentile = parser.value(percentileOption).toDouble();

    QStringList paths = parser.positionalArguments();
    if (paths.isEmpty())
        paths << QStringLiteral(AUDIN_BENCH_DIR "/traces");
    QStringList files;
    for (const QString &path : paths) {
        if (QFileInfo(path).isDir()) {
            const QDir dir(path);
            for (const QString &f : dir.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name))
                files << dir.filePath(f);
        } else {
            files << path;
        }
    }
    if (files.isEmpty()) {
        std::fprintf(stderr, "no traces found\n");
        return 1;
    }

    std::vector<Trace> traces;
    qint64 longest = 0;
    for (const QString &file : files) {
        Trace trace;
        QString error;
        if (!readTrace(file, trace, &error)) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(file), qPrintable(error));
            return 1;
        }
        longest = std::max(longest, trace.frames);
        traces.push_back(std::move(trace));
    }
    const Source source = encodeSource(longest);

    std::printf("| trace | buffer | concealment %% | lost speech %% | mean added delay (ms) | p95 added delay (ms) "
                "| score (R) | CPU ms per minute |\n");
    std::printf("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    int failures = 0;
    for (const Trace &trace : traces) {
        std::vector<Outcome> outcomes;
        for (int which = 0; which < 4; ++which) {
            std::vector<double> cpu;
            Outcome o;
            for (int r = 0; r < runs; ++r) {
                o = run(trace, source, which, pullMs, config, timeline && r == 0);
                cpu.push_back(o.cpuMs);
            }
            std::sort(cpu.begin(), cpu.end());
            o.cpuMs = cpu[cpu.size() / 2];
            outcomes.push_back(o);
        }
        const double minutes = double(trace.frames) * FrameMs / 60000.0;
        bool wins = true;
        for (size_t i = 1; i < outcomes.size(); ++i)
            wins = wins && outcomes[0].score() > outcomes[i].score();
        failures += wins ? 0 : 1;
        for (const Outcome &o : outcomes) {
            std::printf("| %s | %s | %.2f | %.2f | %.1f | %.1f | %.1f | %.1f |\n", qPrintable(trace.name),
                        qPrintable(o.buffer), o.concealmentPercent(), o.lostSpeechPercent(), o.meanDelay(),
                        o.p95Delay(), o.score(), o.cpuMs / minutes);
        }
    }
    std::printf("\nplayout period %d ms; score = E-model R (higher is better); %s\n", pullMs,
                failures == 0 ? "ours has the best score on every trace"
                              : qPrintable(QStringLiteral("ours is NOT best on %1 trace(s)").arg(failures)));
    return 0;
}
