// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioEngine.h"
#include "AudioLevel.h"
#include "MediaFrame.h"
#include "OpusCodec.h"
#include "PacedClock.h"
#include "QtAudioBackend.h"
#include "Resampler.h"

#include <QStringList>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

namespace audin::test {

/** `samples` of a sine at `frequency`, `amplitude` a fraction of full scale, 48 kHz. */
inline std::vector<int16_t> sine(double frequency, double amplitude, int samples, int sampleRate = 48000)
{
    std::vector<int16_t> out(size_t(std::max(0, samples)));
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = int16_t(std::lround(amplitude * 32767.0 * std::sin(2.0 * M_PI * frequency * double(i) / sampleRate)));
    return out;
}

/** Level of `frequency` in `samples` (48 kHz) over [from, from + count), dBFS; MinDbfs if out of range. */
inline double toneDbfs(const std::vector<int16_t> &samples, size_t from, size_t count, double frequency)
{
    if (from + count > samples.size() || count == 0)
        return media::AudioLevel::MinDbfs;
    return media::AudioLevel::goertzelDbfs(samples.data() + from, int(count), frequency, 48000);
}

/** The same over the last `ms` of `samples`. */
inline double recentToneDbfs(const std::vector<int16_t> &samples, int ms, double frequency)
{
    const size_t count = size_t(ms) * 48;
    return samples.size() < count ? media::AudioLevel::MinDbfs
                                  : toneDbfs(samples, samples.size() - count, count, frequency);
}

inline double recentRmsDbfs(const std::vector<int16_t> &samples, int ms)
{
    const size_t count = size_t(ms) * 48;
    if (samples.size() < count)
        return media::AudioLevel::MinDbfs;
    return media::AudioLevel::rmsDbfs(samples.data() + samples.size() - count, int(count));
}

/**
 * A test's own ear on one input device: a capture-only QtAudioBackend whose audio is kept at 48 kHz
 * mono, so a test can tell which device a sound really came out of.
 */
class Ear final : private media::AudioIo
{
public:
    explicit Ear(const QString &inputDevice)
    {
        media::QtAudioBackend::Settings settings;
        settings.inputDevice = inputDevice;
        settings.playout = false;
        m_backend = std::make_unique<media::QtAudioBackend>(settings);
    }
    ~Ear() override { m_backend->stop(); }

    bool start()
    {
        QString error;
        return m_backend->start(this, &error) && errors.isEmpty();
    }
    QString description() const { return m_backend->inputDescription(); }
    const std::vector<int16_t> &heard() const { return m_heard; }
    void clear() { m_heard.clear(); }
    double recentTone(int ms, double frequency) const { return recentToneDbfs(m_heard, ms, frequency); }

    QStringList errors;

private:
    void captureAvailable(const char *data, qint64 bytes) override
    {
        const media::AudioFormatSpec format = m_backend->captureFormat();
        if (!m_resampler || m_resampler->inputFormat() != format)
            m_resampler = std::make_unique<media::Resampler>(format, media::AudioFormatSpec::voiceFormat());
        m_resampler->push(data, bytes);
        const size_t old = m_heard.size();
        m_heard.resize(old + size_t(m_resampler->availableFrames()));
        m_heard.resize(old + size_t(m_resampler->pull(m_heard.data() + old, int(m_heard.size() - old))));
    }
    void fillPlayout(char *data, qint64 bytes) override { std::memset(data, 0, size_t(bytes)); }
    void deviceError(const QString &, const QString &message) override { errors << message; }

    std::unique_ptr<media::QtAudioBackend> m_backend;
    std::unique_ptr<media::Resampler> m_resampler;
    std::vector<int16_t> m_heard;
};

/** A far end that says one steady tone: 20 ms Opus frames into an engine, in real time. */
class ToneFarEnd
{
public:
    ToneFarEnd(media::AudioEngine *engine, double frequency, double amplitude)
        : m_engine(engine)
        , m_frequency(frequency)
        , m_amplitude(amplitude)
    {
    }
    void start()
    {
        m_clock.start(20, [this] {
            std::array<int16_t, 960> pcm {};
            for (int16_t &s : pcm) {
                s = int16_t(std::lround(m_amplitude * 32767.0 * std::sin(m_phase)));
                m_phase = std::fmod(m_phase + 2.0 * M_PI * m_frequency / 48000.0, 2.0 * M_PI);
            }
            m_engine->receiveFrame(m_sequencer.next(m_encoder.encode(pcm.data()), 960));
        });
    }
    void stop() { m_clock.stop(); }

private:
    media::AudioEngine *m_engine;
    double m_frequency;
    double m_amplitude;
    double m_phase = 0;
    media::PacedClock m_clock;
    media::OpusVoiceEncoder m_encoder;
    media::MediaFrameSequencer m_sequencer;
};

/** What an engine sends, decoded as it goes (48 kHz mono). */
class SentAudio
{
public:
    explicit SentAudio(media::AudioEngine *engine)
    {
        m_connection
            = QObject::connect(engine, &media::AudioEngine::frameReady, engine, [this](const QByteArray &data) {
                  ++frames;
                  const std::optional<media::MediaFrame> frame = media::MediaFrame::parse(data);
                  if (!frame)
                      return;
                  std::array<int16_t, 960> pcm {};
                  const int n = m_decoder.decode(frame->payload, pcm.data(), 960);
                  samples.insert(samples.end(), pcm.begin(), pcm.begin() + std::max(0, n));
              });
    }
    ~SentAudio() { QObject::disconnect(m_connection); }
    double recentTone(int ms, double frequency) const { return recentToneDbfs(samples, ms, frequency); }

    std::vector<int16_t> samples;
    int frames = 0;

private:
    media::OpusVoiceDecoder m_decoder;
    QMetaObject::Connection m_connection;
};

} // namespace audin::test
