// SPDX-License-Identifier: GPL-3.0-or-later
#include "AudioEngine.h"

#include "AudioLevel.h"

#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace audin::media {

namespace {
constexpr int chunkSamples = AudioProcessor::ChunkSamples; // 10 ms at 48 kHz
constexpr int frameSamples = OpusVoiceEncoder::FrameSamples; // 20 ms
} // namespace

AudioEngine::AudioEngine(AudioEngineSettings settings, AudioBackendFactory backendFactory, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_backendFactory(std::move(backendFactory))
{
    qRegisterMetaType<audin::CallStats>();
    qRegisterMetaType<audin::QualityWarning>();
    // Parented so moveToThread() takes the timers along to the media thread.
    m_stallTimer.setParent(this);
    m_statsTimer.setParent(this);
}

AudioEngine::~AudioEngine()
{
    stop();
}

void AudioEngine::start()
{
    if (m_running)
        return;
    m_clock.start();
    // Timers are created here so they belong to the engine's thread.
    m_stallTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_stallTimer, &QTimer::timeout, this, &AudioEngine::checkCaptureStall, Qt::UniqueConnection);
    connect(&m_statsTimer, &QTimer::timeout, this, &AudioEngine::publishStats, Qt::UniqueConnection);

    m_processor = std::make_unique<AudioProcessor>(m_settings.processing);
    m_encoder = std::make_unique<OpusVoiceEncoder>(m_settings.opus);
    m_decoder = std::make_unique<OpusVoiceDecoder>(48000);
    m_jitter = std::make_unique<JitterBuffer>(m_settings.jitter, m_decoder.get());
    if (!m_encoder->isValid() || !m_decoder->isValid()) {
        emit error(OperatorError {QString::fromLatin1(ErrorCode::AudioDeviceError),
                                  QStringLiteral("The audio codec could not be started: %1")
                                      .arg(m_encoder->errorString() + m_decoder->errorString()),
                                  QJsonValue()});
    }
    if (!m_settings.recordPath.isEmpty()) {
        m_recorder = std::make_unique<WavWriter>(m_settings.recordPath, 48000, 1);
        if (!m_recorder->open()) {
            emit error(OperatorError {
                QString::fromLatin1(ErrorCode::AudioDeviceError),
                QStringLiteral("Cannot record to %1: %2").arg(m_settings.recordPath, m_recorder->errorString()),
                QJsonValue()});
            m_recorder.reset();
        }
    }

    m_running = true;
    m_backend = m_backendFactory ? m_backendFactory() : nullptr;
    if (m_backend && m_requestedDevices)
        m_backend->switchDevices(m_requestedDevices->first, m_requestedDevices->second);
    QString backendError;
    if (!m_backend || !m_backend->start(this, &backendError)) {
        emit error(OperatorError {QString::fromLatin1(ErrorCode::AudioDeviceError),
                                  QStringLiteral("Audio could not be started (%1); the far end hears silence.")
                                      .arg(backendError.isEmpty() ? QStringLiteral("no backend") : backendError),
                                  QJsonValue()});
        m_backend.reset();
    } else {
        connect(m_backend.get(), &AudioBackend::devicesChanged, this, &AudioEngine::onBackendDevicesChanged);
        setupConverters();
        emit backendStarted(m_backend->describe());
        emit devicesChanged(m_backend->inputDescription(), m_backend->outputDescription());
    }
    m_stallTimer.start(20);
    m_statsTimer.start(m_settings.statsIntervalMs);
}

bool AudioEngine::setupConverters()
{
    if (!m_backend)
        return false;
    const AudioFormatSpec voice = AudioFormatSpec::voiceFormat();
    m_captureResampler = std::make_unique<Resampler>(m_backend->captureFormat(), voice, m_settings.resamplerQuality);
    m_playoutResampler = std::make_unique<Resampler>(voice, m_backend->playoutFormat(), m_settings.resamplerQuality);
    if (!m_captureResampler->isValid() || !m_playoutResampler->isValid()) {
        emit error(OperatorError {QString::fromLatin1(ErrorCode::AudioDeviceError),
                                  QStringLiteral("Unsupported audio device format: %1")
                                      .arg(m_captureResampler->errorString() + m_playoutResampler->errorString()),
                                  QJsonValue()});
        return false;
    }
    return true;
}

bool AudioEngine::convertersStale() const
{
    return m_backend && m_captureResampler && m_playoutResampler
        && (m_captureResampler->inputFormat() != m_backend->captureFormat()
            || m_playoutResampler->outputFormat() != m_backend->playoutFormat());
}

void AudioEngine::onBackendDevicesChanged(const QString &input, const QString &output)
{
    // Another device may have another format; what was queued for the old one is dropped.
    if (convertersStale())
        setupConverters();
    emit backendStarted(m_backend->describe());
    emit devicesChanged(input, output);
}

void AudioEngine::setDevices(const QString &input, const QString &output)
{
    m_requestedDevices = std::make_pair(input, output);
    if (m_running && m_backend)
        m_backend->switchDevices(input, output); // devicesChanged follows when something moved
}

void AudioEngine::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_stallTimer.stop();
    m_statsTimer.stop();
    if (m_backend) {
        m_backend->stop();
        m_backend.reset();
    }
    if (m_recorder) {
        m_recorder->close();
        m_recorder.reset();
    }
}

// ---- Capture ----

void AudioEngine::captureAvailable(const char *data, qint64 bytes)
{
    if (!m_running || !m_captureResampler)
        return;
    // A device opened mid-call delivers before the backend reports the move.
    if (m_captureResampler->inputFormat() != m_backend->captureFormat())
        setupConverters();
    m_lastCaptureMs = m_clock.elapsed();
    m_lastDeviceCaptureMs = m_lastCaptureMs;
    m_captureStalled = false;
    m_captureResampler->push(data, bytes);
    while (m_captureResampler->availableFrames() >= chunkSamples) {
        m_captureResampler->pull(m_chunk.data(), chunkSamples);
        processCapture10ms(m_chunk.data());
    }
}

void AudioEngine::checkCaptureStall()
{
    // A dead or missing microphone must not stop the frames: the far end hears silence instead.
    const qint64 now = m_clock.elapsed();
    if (m_lastCaptureMs >= 0 && now - m_lastCaptureMs < m_settings.captureStallMs)
        return;
    if (m_lastCaptureMs < 0)
        m_lastCaptureMs = now - 20;
    if (m_lastDeviceCaptureMs >= 0 && !m_captureStalled && now - m_lastDeviceCaptureMs >= m_settings.captureLostMs) {
        // A microphone that was delivering went quiet at the device level (unplugged, or the
        // sound server moved the stream) without any error from Qt: say so, and try to recover.
        m_captureStalled = true;
        emit error(OperatorError {QString::fromLatin1(ErrorCode::MicUnavailable),
                                  QStringLiteral("The microphone stopped delivering audio; the far end hears silence "
                                                 "until it is back."),
                                  QJsonValue()});
        if (m_backend)
            m_backend->restartCapture();
    }
    while (now - m_lastCaptureMs >= 20) {
        m_lastCaptureMs += 20;
        for (int i = 0; i < 2; ++i) {
            m_chunk.fill(0);
            processCapture10ms(m_chunk.data());
        }
    }
}

void AudioEngine::processCapture10ms(int16_t *chunk)
{
    for (int i = 0; i < chunkSamples; ++i) {
        const double s = chunk[i];
        m_levelPeak = std::max(m_levelPeak, std::abs(s));
        m_levelSumSq += s * s;
    }
    m_levelSamples += chunkSamples;
    if (m_backend)
        m_processor->setStreamDelayMs(m_backend->playoutLatencyMs() + m_backend->captureLatencyMs());
    m_processor->processCapture(chunk);
    std::memcpy(m_frame.data() + m_frameFill, chunk, sizeof(int16_t) * chunkSamples);
    m_frameFill += chunkSamples;
    if (m_frameFill == frameSamples) {
        encodeFrame();
        m_frameFill = 0;
    }
}

void AudioEngine::encodeFrame()
{
    // Muted: encoded silence, never the microphone and never a stale frame.
    const QByteArray packet = m_muted ? m_encoder->encodeSilence() : m_encoder->encode(m_frame.data());
    if (packet.isEmpty())
        return;
    if (m_settings.opus.dtx && OpusVoiceEncoder::isDtxPacket(int(packet.size()))) {
        m_sequencer.skip(frameSamples);
        return;
    }
    m_sequencer.next(m_outFrame, packet.constData(), int(packet.size()), frameSamples);
    ++m_framesSent;
    emit frameReady(m_outFrame);
}

void AudioEngine::setMuted(bool muted)
{
    m_muted = muted;
}

void AudioEngine::markDiscontinuity()
{
    m_sequencer.markDiscontinuity();
}

// ---- Receive and playout ----

void AudioEngine::receiveFrame(const QByteArray &data)
{
    if (!m_running)
        return;
    const std::optional<MediaFrame> frame = MediaFrame::parse(data);
    if (!frame)
        return;
    const qint64 now = m_clock.elapsed();
    ++m_framesReceived;
    const int resetsBefore = m_jitter->stats().timelineResets;
    m_jitter->insert(frame->sequence, frame->timestamp, frame->payload, now, frame->isFirstAfterSilence());
    // RFC 3550 interarrival jitter, in ms; a jump of the sender's clock (a new timeline) is no
    // network jitter, and counting it would sink the MOS for seconds.
    if (m_lastArrival && !frame->isFirstAfterSilence() && m_jitter->stats().timelineResets == resetsBefore) {
        const double transitDelta = double(now - m_lastArrival->first)
            - double(timestampDiff(frame->timestamp, m_lastArrival->second)) / 48.0;
        m_jitterMs += (std::abs(transitDelta) - m_jitterMs) / 16.0;
    }
    m_lastArrival = std::make_pair(now, frame->timestamp);
}

void AudioEngine::fillPlayout(char *data, qint64 bytes)
{
    if (!m_running || !m_playoutResampler) {
        std::memset(data, 0, size_t(bytes));
        return;
    }
    if (m_playoutResampler->outputFormat() != m_backend->playoutFormat())
        setupConverters(); // a device opened mid-call asks for audio before the backend reports the move
    const int bytesPerFrame = m_playoutResampler->outputFormat().bytesPerFrame();
    const int frames = int(bytes / bytesPerFrame);
    while (m_playoutResampler->availableFrames() < frames)
        renderChunk();
    m_playoutResampler->pull(data, frames);
}

void AudioEngine::renderChunk()
{
    m_jitter->pull(m_render.data(), chunkSamples, m_clock.elapsed());
    if (m_recorder)
        m_recorder->write(m_render.data(), chunkSamples);
    // The operator's own key feedback is local: never sent, mixed after the recording tap.
    while (!m_tones.empty()) {
        m_tones.front().mixInto(m_render.data(), chunkSamples);
        if (!m_tones.front().finished())
            break;
        m_tones.pop_front();
    }
    m_processor->analyzeRender(m_render.data());
    m_playoutResampler->push(m_render.data(), sizeof(int16_t) * chunkSamples);
}

void AudioEngine::playDtmfTone(const QString &digit)
{
    if (digit.size() != 1)
        return;
    DtmfTone tone(digit.at(0).toLatin1(), m_settings.dtmfToneMs);
    if (tone.isValid())
        m_tones.push_back(tone);
}

void AudioEngine::setRttMs(int rttMs)
{
    m_rttMs = rttMs;
}

void AudioEngine::deviceError(const QString &code, const QString &message)
{
    emit error(OperatorError {code, message, QJsonValue()});
}

// ---- Statistics ----

void AudioEngine::publishStats()
{
    const JitterBufferStats jb = m_jitter->stats();
    CallStats stats;
    stats.rttMs = m_rttMs;
    stats.jitterMs = m_jitterMs;
    stats.jitterBufferDelayMs = jb.currentDelayMs;
    stats.jitterBufferTargetMs = jb.targetDelayMs;
    const qint64 total = jb.totalSamples - m_lastTotal;
    // Concealment re-labelled as a DTX pause after it was reported can make the difference negative.
    const qint64 concealed = std::clamp<qint64>(jb.concealedSamples - m_lastConcealed, 0, std::max<qint64>(0, total));
    m_lastTotal = jb.totalSamples;
    m_lastConcealed = jb.concealedSamples;
    // Concealment only counts once audio is flowing; before the first frame it is just waiting.
    stats.concealmentPercent = (total > 0 && m_framesReceived > 0) ? 100.0 * double(concealed) / double(total) : 0.0;
    stats.framesSent = m_framesSent;
    stats.framesReceived = m_framesReceived;
    stats.lateFrames = jb.lateFrames;
    stats.discardedFrames = jb.discardedFrames;
    stats.accelerateCount = jb.accelerateCount;
    stats.expandCount = jb.expandCount;
    stats.muted = m_muted;
    const double rmsLinear = m_levelSamples > 0 ? std::sqrt(m_levelSumSq / double(m_levelSamples)) : 0.0;
    stats.inputLevelDbfs = AudioLevel::toDbfs(rmsLinear);
    const double peak = m_levelPeak;
    m_levelPeak = 0;
    m_levelSumSq = 0;
    m_levelSamples = 0;
    if (m_rttMs >= 0) {
        if (const std::optional<double> mos = estimateMos(m_rttMs, m_jitterMs, stats.concealmentPercent))
            stats.mos = *mos;
    }
    emit statsUpdated(stats);

    QualitySample sample;
    if (m_rttMs >= 0)
        sample.rttMs = m_rttMs;
    if (m_framesReceived > 0)
        sample.jitterMs = m_jitterMs;
    if (stats.mos > 0)
        sample.mos = stats.mos;
    sample.inputLevel = peak;
    sample.muted = m_muted;
    for (const QualityEvent &event : m_warnings.update(sample))
        emit qualityWarning(QualityWarning {event.name, event.kind == QualityEvent::Kind::Raised, event.value});
}

} // namespace audin::media

namespace audin {

QJsonObject CallStats::toJson() const
{
    QJsonObject o {{QStringLiteral("jitterMs"), std::round(jitterMs * 10) / 10},
                   {QStringLiteral("jitterBufferDelayMs"), std::round(jitterBufferDelayMs * 10) / 10},
                   {QStringLiteral("jitterBufferTargetMs"), std::round(jitterBufferTargetMs * 10) / 10},
                   {QStringLiteral("concealmentPercent"), std::round(concealmentPercent * 100) / 100},
                   {QStringLiteral("framesSent"), framesSent},
                   {QStringLiteral("framesReceived"), framesReceived},
                   {QStringLiteral("droppedBinaryFrames"), droppedBinaryFrames},
                   {QStringLiteral("lateFrames"), lateFrames},
                   {QStringLiteral("discardedFrames"), discardedFrames},
                   {QStringLiteral("accelerateCount"), accelerateCount},
                   {QStringLiteral("expandCount"), expandCount},
                   {QStringLiteral("inputLevelDbfs"), std::round(inputLevelDbfs * 10) / 10},
                   {QStringLiteral("muted"), muted}};
    if (rttMs >= 0)
        o.insert(QStringLiteral("rttMs"), rttMs);
    if (mos > 0)
        o.insert(QStringLiteral("mos"), std::round(mos * 100) / 100);
    return o;
}

} // namespace audin
