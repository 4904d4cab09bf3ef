// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <cstdint>
#include <memory>

namespace webrtc {
class AudioProcessing;
class AudioFrame;
} // namespace webrtc

namespace audin::media {

struct AudioProcessorSettings
{
    enum class Level
    {
        Low,
        Moderate,
        High,
        VeryHigh, // noise suppression only; echo suppression tops out at High
    };

    // The SDK's audioConstraints: echoCancellation, noiseSuppression, autoGainControl all on.
    bool echoCancellation = true;
    bool noiseSuppression = true;
    bool autoGainControl = true;
    bool highPassFilter = true;
    /** Voice activity detection (stats().voiceActive); cheap. */
    bool voiceDetection = true;

    Level echoSuppression = Level::Moderate;
    Level noiseSuppressionLevel = Level::Moderate;
    /** AGC target level in dB below full scale (WebRTC default 3) and maximum digital gain. */
    int agcTargetLevelDbfs = 3;
    int agcCompressionGainDb = 9;
    bool agcLimiter = true;
    /**
     * The AEC estimates the render->capture delay itself instead of trusting setStreamDelayMs().
     * Measured on speech (docs/PERFORMANCE.md): with a correct hint every mode converges in ~2 s;
     * with a hint 60-250 ms off, the classic AEC never converges, the delay-agnostic one does in
     * ~17 s, and with the extended filter too often in ~2 s (errors up to ~60-100 ms). Qt device
     * latencies are only roughly known, so both are on by default; together they cost ~40 us per
     * 20 ms. Still give the best hint you can.
     */
    bool delayAgnostic = true;
    /** 128 ms AEC filter instead of 48 ms (see delayAgnostic). */
    bool extendedFilter = true;
    /**
     * Render->capture delay hint: time from analyzeRender() of a chunk until it leaves the speaker
     * (playout buffer) plus time from the mic until the chunk reaches processCapture() (capture
     * buffer).
     */
    int streamDelayMs = 40;
};

struct AudioProcessorStats
{
    /** Echo return loss enhancement of the AEC, dB (long-term average; -100 when unknown). */
    int erleDb = -100;
    /** Echo return loss (render level vs echo level at the mic), dB. */
    int erlDb = -100;
    /** AEC's delay estimate (median, ms) when delay logging is on; -1 unknown. */
    int delayMedianMs = -1;
    /** True when the AEC thinks the last capture chunk may contain echo. */
    bool echoPresent = false;
    /** Noise suppressor's speech probability for the last chunk, 0..1 (-1 when NS is off). */
    float speechProbability = -1.0f;
    bool voiceActive = false;
    /** The last capture chunk was clipped at the input (AGC). */
    bool saturated = false;
};

/**
 * WebRTC audio processing (webrtc-audio-processing 0.3) for one call: echo cancellation, noise
 * suppression, adaptive digital gain control and high-pass filter on 10 ms chunks of 48 kHz mono
 * int16. Feed every playout chunk to analyzeRender() (the far-end reference, just before it goes to
 * the device) and every mic chunk to processCapture(). Not thread-safe: call both from the audio
 * thread.
 */
class AudioProcessor
{
public:
    static constexpr int SampleRate = 48000;
    static constexpr int ChunkSamples = 480;

    explicit AudioProcessor(const AudioProcessorSettings &settings = {});
    ~AudioProcessor();
    AudioProcessor(const AudioProcessor &) = delete;
    AudioProcessor &operator=(const AudioProcessor &) = delete;

    bool isValid() const { return m_apm != nullptr; }
    QString errorString() const { return m_error; }
    const AudioProcessorSettings &settings() const { return m_settings; }

    /** Processes one 10 ms mic chunk in place. Returns false if APM rejected it (chunk left as is). */
    bool processCapture(int16_t *chunk480);
    /** Feeds one 10 ms far-end (playout) chunk as the echo reference. */
    bool analyzeRender(const int16_t *chunk480);
    void setStreamDelayMs(int delayMs);

    void setEchoCancellation(bool on);
    void setNoiseSuppression(bool on);
    void setAutoGainControl(bool on);
    void setHighPassFilter(bool on);
    /** Re-applies every setting (toggles, levels, AEC options). */
    bool applySettings(const AudioProcessorSettings &settings);

    AudioProcessorStats stats() const;

private:
    std::unique_ptr<webrtc::AudioProcessing> m_apm;
    std::unique_ptr<webrtc::AudioFrame> m_capture;
    std::unique_ptr<webrtc::AudioFrame> m_render;
    AudioProcessorSettings m_settings;
    QString m_error;
};

} // namespace audin::media
