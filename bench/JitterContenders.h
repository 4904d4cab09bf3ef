// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The contenders of BenchJitter behind one interface: our JitterBuffer, fixed-delay buffers and
// speexdsp's jitter buffer driven as Mumble drives it; plus the Opus stream they all play.

#include "AudioDecoder.h"
#include "JitterBuffer.h"
#include "SyntheticVoice.h"

#include <QByteArray>
#include <QtEndian>
#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <opus.h>
#include <speex/speex_jitter.h>
#include <vector>

namespace audin::bench {

using media::AudioDecoder;
using media::JitterBufferConfig;
using media::JitterBufferStats;
using media::SyntheticVoice;

constexpr int Rate = 48000;
constexpr int Frame = 960;
// Streams start just below both wrap points so every run crosses 65535 -> 0 and 2^32 -> 0.
constexpr quint16 SequenceOrigin = 65000;
constexpr quint32 TimestampOrigin = 0xFFFFFFFFu - 960u * 1000u;
// A source frame counts as speech above -50 dBFS RMS.
constexpr double SpeechRms = 100.0;

struct Source
{
    std::vector<QByteArray> packets; // 4-byte frame index, then the Opus packet
    std::vector<bool> speech;
};

inline Source encodeSource(qint64 frames)
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

} // namespace audin::bench
