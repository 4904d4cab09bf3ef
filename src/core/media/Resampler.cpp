// SPDX-License-Identifier: GPL-3.0-or-later
#include "Resampler.h"

#include <QAudioFormat>
#include <algorithm>
#include <cstring>
#include <speex/speex_resampler.h>

namespace audin::media {

AudioFormatSpec AudioFormatSpec::fromQAudioFormat(const QAudioFormat &format)
{
    AudioFormatSpec spec;
    spec.sampleRate = format.sampleRate();
    spec.channels = format.channelCount();
    switch (format.sampleFormat()) {
    case QAudioFormat::UInt8:
        spec.format = SampleFormat::UInt8;
        break;
    case QAudioFormat::Int16:
        spec.format = SampleFormat::Int16;
        break;
    case QAudioFormat::Int32:
        spec.format = SampleFormat::Int32;
        break;
    case QAudioFormat::Float:
        spec.format = SampleFormat::Float32;
        break;
    default:
        spec.channels = 0;
        break;
    }
    return spec;
}

namespace {

template<typename T> T readSample(const char *p)
{
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}

inline float sampleToFloat(const char *p, SampleFormat format)
{
    switch (format) {
    case SampleFormat::UInt8:
        return (float(*reinterpret_cast<const uint8_t *>(p)) - 128.0f) * (1.0f / 128.0f);
    case SampleFormat::Int16:
        return float(readSample<int16_t>(p)) * (1.0f / 32768.0f);
    case SampleFormat::Int32:
        return float(readSample<int32_t>(p)) * (1.0f / 2147483648.0f);
    case SampleFormat::Float32:
        return readSample<float>(p);
    }
    return 0.0f;
}

inline int16_t floatToInt16(float x)
{
    float v = x * 32768.0f;
    v = std::clamp(v, -32768.0f, 32767.0f);
    return int16_t(v >= 0.0f ? v + 0.5f : v - 0.5f);
}

void writeFrame(char *p, float x, const AudioFormatSpec &spec)
{
    switch (spec.format) {
    case SampleFormat::UInt8: {
        const float v = std::clamp(x * 128.0f + 128.0f, 0.0f, 255.0f);
        std::memset(p, int(v + 0.5f), size_t(spec.channels));
        return;
    }
    case SampleFormat::Int16: {
        const int16_t s = floatToInt16(x);
        for (int c = 0; c < spec.channels; ++c)
            std::memcpy(p + 2 * c, &s, 2);
        return;
    }
    case SampleFormat::Int32: {
        const double v = std::clamp(double(x) * 2147483648.0, -2147483648.0, 2147483647.0);
        const int32_t s = int32_t(v >= 0 ? v + 0.5 : v - 0.5);
        for (int c = 0; c < spec.channels; ++c)
            std::memcpy(p + 4 * c, &s, 4);
        return;
    }
    case SampleFormat::Float32:
        for (int c = 0; c < spec.channels; ++c)
            std::memcpy(p + 4 * c, &x, 4);
        return;
    }
}

} // namespace

Resampler::Resampler(const AudioFormatSpec &input, const AudioFormatSpec &output, int quality)
    : m_in(input)
    , m_out(output)
    , m_quality(std::clamp(quality, SPEEX_RESAMPLER_QUALITY_MIN, SPEEX_RESAMPLER_QUALITY_MAX))
{
    if (!input.isValid() || !output.isValid()) {
        m_error = QStringLiteral("unsupported format: %1 Hz x %2 ch -> %3 Hz x %4 ch")
                      .arg(input.sampleRate)
                      .arg(input.channels)
                      .arg(output.sampleRate)
                      .arg(output.channels);
        return;
    }
    if (input.sampleRate != output.sampleRate) {
        int err = RESAMPLER_ERR_SUCCESS;
        m_speex
            = speex_resampler_init(1, spx_uint32_t(input.sampleRate), spx_uint32_t(output.sampleRate), m_quality, &err);
        if (!m_speex || err != RESAMPLER_ERR_SUCCESS) {
            m_error = QStringLiteral("speex_resampler_init: %1").arg(QString::fromUtf8(speex_resampler_strerror(err)));
            m_speex = nullptr;
            return;
        }
    }
    m_carry.resize(size_t(m_in.bytesPerFrame()));
    // 100 ms of room up front so that typical 10-50 ms device chunks never allocate.
    m_mono.resize(size_t(m_in.sampleRate / 10));
    m_fifo.resize(size_t(m_out.sampleRate / 5));
    m_valid = true;
}

Resampler::~Resampler()
{
    if (m_speex)
        speex_resampler_destroy(m_speex);
}

void Resampler::convertToMono(const char *data, int frames)
{
    if (m_mono.size() < size_t(frames))
        m_mono.resize(size_t(frames));
    const int channels = m_in.channels;
    const int bps = bytesPerSample(m_in.format);
    const int stride = m_in.bytesPerFrame();
    const float scale = 1.0f / float(channels);
    float *dst = m_mono.data();
    if (m_in.format == SampleFormat::Int16 && channels == 1) {
        for (int i = 0; i < frames; ++i)
            dst[i] = float(readSample<int16_t>(data + 2 * i)) * (1.0f / 32768.0f);
        return;
    }
    for (int i = 0; i < frames; ++i) {
        const char *frame = data + i * stride;
        float sum = 0.0f;
        for (int c = 0; c < channels; ++c)
            sum += sampleToFloat(frame + c * bps, m_in.format);
        dst[i] = sum * scale;
    }
}

void Resampler::ensureTail(size_t frames)
{
    if (m_fifo.size() - m_tail >= frames)
        return;
    if (m_head > 0) {
        std::memmove(m_fifo.data(), m_fifo.data() + m_head, (m_tail - m_head) * sizeof(float));
        m_tail -= m_head;
        m_head = 0;
    }
    if (m_fifo.size() - m_tail < frames)
        m_fifo.resize(std::max(m_fifo.size() * 2, m_tail + frames));
}

void Resampler::appendMono(const float *mono, int frames)
{
    m_framesIn += frames;
    if (!m_speex) {
        ensureTail(size_t(frames));
        std::memcpy(m_fifo.data() + m_tail, mono, size_t(frames) * sizeof(float));
        m_tail += size_t(frames);
        m_framesOut += frames;
        return;
    }
    spx_uint32_t remaining = spx_uint32_t(frames);
    const float *in = mono;
    while (remaining > 0) {
        const size_t room = size_t(double(remaining) * m_out.sampleRate / m_in.sampleRate) + 16;
        ensureTail(room);
        spx_uint32_t inLen = remaining;
        spx_uint32_t outLen = spx_uint32_t(m_fifo.size() - m_tail);
        speex_resampler_process_float(m_speex, 0, in, &inLen, m_fifo.data() + m_tail, &outLen);
        m_tail += outLen;
        m_framesOut += outLen;
        in += inLen;
        remaining -= inLen;
        if (inLen == 0 && outLen == 0)
            break; // cannot happen with enough room; guards against a spin
    }
}

void Resampler::push(const void *data, qint64 bytes)
{
    if (!m_valid || bytes <= 0)
        return;
    const char *p = static_cast<const char *>(data);
    const int frameBytes = m_in.bytesPerFrame();
    if (m_carryBytes > 0) {
        const int need = frameBytes - m_carryBytes;
        const int take = int(std::min<qint64>(need, bytes));
        std::memcpy(m_carry.data() + m_carryBytes, p, size_t(take));
        m_carryBytes += take;
        p += take;
        bytes -= take;
        if (m_carryBytes < frameBytes)
            return;
        convertToMono(m_carry.data(), 1);
        appendMono(m_mono.data(), 1);
        m_carryBytes = 0;
    }
    // Bounded chunks keep the scratch buffer (and the FIFO growth per call) small.
    const int maxChunkFrames = std::max(1, m_in.sampleRate / 10);
    while (bytes >= frameBytes) {
        const int frames = int(std::min<qint64>(bytes / frameBytes, maxChunkFrames));
        convertToMono(p, frames);
        appendMono(m_mono.data(), frames);
        p += qint64(frames) * frameBytes;
        bytes -= qint64(frames) * frameBytes;
    }
    if (bytes > 0) {
        std::memcpy(m_carry.data(), p, size_t(bytes));
        m_carryBytes = int(bytes);
    }
}

int Resampler::pull(void *out, int frames)
{
    if (!m_valid || frames <= 0)
        return 0;
    const int n = std::min(frames, availableFrames());
    const float *src = m_fifo.data() + m_head;
    char *dst = static_cast<char *>(out);
    if (m_out.format == SampleFormat::Int16 && m_out.channels == 1) {
        auto *d = reinterpret_cast<int16_t *>(dst);
        for (int i = 0; i < n; ++i)
            d[i] = floatToInt16(src[i]);
    } else {
        const int stride = m_out.bytesPerFrame();
        for (int i = 0; i < n; ++i)
            writeFrame(dst + i * stride, src[i], m_out);
    }
    m_head += size_t(n);
    if (m_head == m_tail)
        m_head = m_tail = 0;
    return n;
}

void Resampler::reset()
{
    m_head = m_tail = 0;
    m_carryBytes = 0;
    m_framesIn = m_framesOut = 0;
    if (m_speex)
        speex_resampler_reset_mem(m_speex);
}

int Resampler::inputLatencyFrames() const
{
    return m_speex ? speex_resampler_get_input_latency(m_speex) : 0;
}

int Resampler::outputLatencyFrames() const
{
    return m_speex ? speex_resampler_get_output_latency(m_speex) : 0;
}

double Resampler::latencyMs() const
{
    return 1000.0 * outputLatencyFrames() / m_out.sampleRate;
}

} // namespace audin::media
