// SPDX-License-Identifier: GPL-3.0-or-later
#include "AudioProcessor.h"

#include <cstring>
#include <webrtc/common.h>
#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>

namespace audin::media {

namespace {

webrtc::EchoCancellation::SuppressionLevel echoLevel(AudioProcessorSettings::Level level)
{
    switch (level) {
    case AudioProcessorSettings::Level::Low:
        return webrtc::EchoCancellation::kLowSuppression;
    case AudioProcessorSettings::Level::Moderate:
        return webrtc::EchoCancellation::kModerateSuppression;
    case AudioProcessorSettings::Level::High:
    case AudioProcessorSettings::Level::VeryHigh:
        return webrtc::EchoCancellation::kHighSuppression;
    }
    return webrtc::EchoCancellation::kModerateSuppression;
}

webrtc::NoiseSuppression::Level noiseLevel(AudioProcessorSettings::Level level)
{
    switch (level) {
    case AudioProcessorSettings::Level::Low:
        return webrtc::NoiseSuppression::kLow;
    case AudioProcessorSettings::Level::Moderate:
        return webrtc::NoiseSuppression::kModerate;
    case AudioProcessorSettings::Level::High:
        return webrtc::NoiseSuppression::kHigh;
    case AudioProcessorSettings::Level::VeryHigh:
        return webrtc::NoiseSuppression::kVeryHigh;
    }
    return webrtc::NoiseSuppression::kModerate;
}

void prepareFrame(webrtc::AudioFrame &frame, const int16_t *chunk)
{
    frame.sample_rate_hz_ = AudioProcessor::SampleRate;
    frame.num_channels_ = 1;
    frame.samples_per_channel_ = AudioProcessor::ChunkSamples;
    frame.interleaved_ = true;
    std::memcpy(frame.data_, chunk, AudioProcessor::ChunkSamples * sizeof(int16_t));
}

} // namespace

AudioProcessor::AudioProcessor(const AudioProcessorSettings &settings)
    : m_capture(std::make_unique<webrtc::AudioFrame>())
    , m_render(std::make_unique<webrtc::AudioFrame>())
{
    webrtc::Config config;
    // The "experimental" AGC drives the analog mic volume; we only use the digital AGC.
    config.Set<webrtc::ExperimentalAgc>(new webrtc::ExperimentalAgc(false));
    m_apm.reset(webrtc::AudioProcessing::Create(config));
    if (!m_apm) {
        m_error = QStringLiteral("webrtc::AudioProcessing::Create failed");
        return;
    }
    const int err = m_apm->Initialize(SampleRate, SampleRate, SampleRate, webrtc::AudioProcessing::kMono,
                                      webrtc::AudioProcessing::kMono, webrtc::AudioProcessing::kMono);
    if (err != webrtc::AudioProcessing::kNoError) {
        m_error = QStringLiteral("AudioProcessing::Initialize failed (%1)").arg(err);
        m_apm.reset();
        return;
    }
    if (!applySettings(settings))
        m_apm.reset();
}

AudioProcessor::~AudioProcessor() = default;

bool AudioProcessor::applySettings(const AudioProcessorSettings &settings)
{
    if (!m_apm)
        return false;
    webrtc::Config extra;
    extra.Set<webrtc::DelayAgnostic>(new webrtc::DelayAgnostic(settings.delayAgnostic));
    extra.Set<webrtc::ExtendedFilter>(new webrtc::ExtendedFilter(settings.extendedFilter));
    m_apm->SetExtraOptions(extra);

    auto *aec = m_apm->echo_cancellation();
    auto *ns = m_apm->noise_suppression();
    auto *agc = m_apm->gain_control();
    const int results[] = {
        aec->enable_drift_compensation(false),
        aec->set_suppression_level(echoLevel(settings.echoSuppression)),
        aec->enable_metrics(true),
        aec->enable_delay_logging(true),
        aec->Enable(settings.echoCancellation),
        ns->set_level(noiseLevel(settings.noiseSuppressionLevel)),
        ns->Enable(settings.noiseSuppression),
        agc->set_mode(webrtc::GainControl::kAdaptiveDigital),
        agc->set_target_level_dbfs(settings.agcTargetLevelDbfs),
        agc->set_compression_gain_db(settings.agcCompressionGainDb),
        agc->enable_limiter(settings.agcLimiter),
        agc->Enable(settings.autoGainControl),
        m_apm->high_pass_filter()->Enable(settings.highPassFilter),
        m_apm->voice_detection()->Enable(settings.voiceDetection),
    };
    for (int r : results) {
        if (r != webrtc::AudioProcessing::kNoError) {
            m_error = QStringLiteral("AudioProcessing rejected a setting (%1)").arg(r);
            return false;
        }
    }
    m_settings = settings;
    return true;
}

void AudioProcessor::setEchoCancellation(bool on)
{
    if (m_apm && m_apm->echo_cancellation()->Enable(on) == webrtc::AudioProcessing::kNoError)
        m_settings.echoCancellation = on;
}

void AudioProcessor::setNoiseSuppression(bool on)
{
    if (m_apm && m_apm->noise_suppression()->Enable(on) == webrtc::AudioProcessing::kNoError)
        m_settings.noiseSuppression = on;
}

void AudioProcessor::setAutoGainControl(bool on)
{
    if (m_apm && m_apm->gain_control()->Enable(on) == webrtc::AudioProcessing::kNoError)
        m_settings.autoGainControl = on;
}

void AudioProcessor::setHighPassFilter(bool on)
{
    if (m_apm && m_apm->high_pass_filter()->Enable(on) == webrtc::AudioProcessing::kNoError)
        m_settings.highPassFilter = on;
}

void AudioProcessor::setStreamDelayMs(int delayMs)
{
    m_settings.streamDelayMs = delayMs < 0 ? 0 : delayMs;
}

bool AudioProcessor::analyzeRender(const int16_t *chunk480)
{
    if (!m_apm)
        return false;
    prepareFrame(*m_render, chunk480);
    return m_apm->ProcessReverseStream(m_render.get()) == webrtc::AudioProcessing::kNoError;
}

bool AudioProcessor::processCapture(int16_t *chunk480)
{
    if (!m_apm)
        return false;
    prepareFrame(*m_capture, chunk480);
    // The AEC insists on a delay for every chunk, even in delay-agnostic mode (as a starting hint).
    m_apm->set_stream_delay_ms(m_settings.streamDelayMs);
    const int err = m_apm->ProcessStream(m_capture.get());
    // Warnings (e.g. a delay out of range) still produce processed audio.
    if (err != webrtc::AudioProcessing::kNoError && err != webrtc::AudioProcessing::kBadStreamParameterWarning)
        return false;
    std::memcpy(chunk480, m_capture->data_, ChunkSamples * sizeof(int16_t));
    return true;
}

AudioProcessorStats AudioProcessor::stats() const
{
    AudioProcessorStats s;
    if (!m_apm)
        return s;
    auto *aec = m_apm->echo_cancellation();
    if (aec->is_enabled()) {
        webrtc::EchoCancellation::Metrics metrics;
        if (aec->GetMetrics(&metrics) == webrtc::AudioProcessing::kNoError) {
            s.erleDb = metrics.echo_return_loss_enhancement.average;
            s.erlDb = metrics.echo_return_loss.average;
        }
        int median = -1;
        int stddev = -1;
        float poor = 0.0f;
        if (aec->GetDelayMetrics(&median, &stddev, &poor) == webrtc::AudioProcessing::kNoError)
            s.delayMedianMs = median;
        s.echoPresent = aec->stream_has_echo();
    }
    if (m_apm->noise_suppression()->is_enabled())
        s.speechProbability = m_apm->noise_suppression()->speech_probability();
    if (m_apm->voice_detection()->is_enabled())
        s.voiceActive = m_apm->voice_detection()->stream_has_voice();
    if (m_apm->gain_control()->is_enabled())
        s.saturated = m_apm->gain_control()->stream_is_saturated();
    return s;
}

} // namespace audin::media
