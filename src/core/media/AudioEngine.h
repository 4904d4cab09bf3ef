// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioBackend.h"
#include "AudioProcessor.h"
#include "CallQuality.h"
#include "CallStats.h"
#include "DtmfTone.h"
#include "JitterBuffer.h"
#include "MediaFrame.h"
#include "OpusCodec.h"
#include "Resampler.h"
#include "Types.h"
#include "WavFile.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <deque>
#include <memory>
#include <optional>

namespace audin::media {

struct AudioEngineSettings
{
    AudioProcessorSettings processing;
    OpusEncoderSettings opus;
    JitterBufferConfig jitter;
    int resamplerQuality = Resampler::DefaultQuality;
    /** When set, what the operator hears (the far end, 48 kHz mono) is also written here. */
    QString recordPath;
    int statsIntervalMs = 1000;
    int dtmfToneMs = 160;
    /** No capture for this long: feed silence so the far end keeps getting frames. */
    int captureStallMs = 60;
    /** A microphone that delivered and then went silent at the device for this long is lost. */
    int captureLostMs = 1000;
};

/**
 * One call's audio, on its own thread: capture → resample to 48 kHz mono → echo cancellation,
 * noise suppression, gain (10 ms) → Opus (20 ms) → frames; frames → jitter buffer → Opus decode /
 * concealment → local DTMF tone → echo reference → resample → playout. Statistics once a second.
 * Every public slot must be invoked on the engine's thread (queued).
 */
class AudioEngine : public QObject, private AudioIo
{
    Q_OBJECT
public:
    AudioEngine(AudioEngineSettings settings, AudioBackendFactory backendFactory, QObject *parent = nullptr);
    ~AudioEngine() override;

    /** Creates the backend and starts audio. */
    Q_INVOKABLE void start();
    Q_INVOKABLE void stop();
    /** A binary frame from the call channel (PROTOCOL.md 4.2). */
    Q_INVOKABLE void receiveFrame(const QByteArray &frame);
    Q_INVOKABLE void setMuted(bool muted);
    Q_INVOKABLE void playDtmfTone(const QString &digit);
    Q_INVOKABLE void setRttMs(int rttMs);
    /** The call channel resumed: the next frame starts a new run for the far end. */
    Q_INVOKABLE void markDiscontinuity();
    /**
     * Moves the call to other devices (ids or descriptions; empty = system default); before
     * start() it chooses the devices the backend opens. Backends without devices ignore it.
     */
    Q_INVOKABLE void setDevices(const QString &input, const QString &output);

signals:
    void frameReady(const QByteArray &frame);
    void statsUpdated(const audin::CallStats &stats);
    void qualityWarning(const audin::QualityWarning &warning);
    void error(const audin::OperatorError &error);
    void backendStarted(const QString &description);
    /** The devices in use, once audio starts and whenever the backend moves (descriptions). */
    void devicesChanged(const QString &inputDescription, const QString &outputDescription);

private:
    // AudioIo
    void captureAvailable(const char *data, qint64 bytes) override;
    void fillPlayout(char *data, qint64 bytes) override;
    void deviceError(const QString &code, const QString &message) override;

    void processCapture10ms(int16_t *chunk);
    void encodeFrame();
    void renderChunk();
    void checkCaptureStall();
    void publishStats();
    bool setupConverters();
    bool convertersStale() const;
    void onBackendDevicesChanged(const QString &input, const QString &output);

    AudioEngineSettings m_settings;
    AudioBackendFactory m_backendFactory;
    std::unique_ptr<AudioBackend> m_backend;
    std::optional<std::pair<QString, QString>> m_requestedDevices; // input, output
    QElapsedTimer m_clock;

    // Capture side
    std::unique_ptr<Resampler> m_captureResampler;
    std::unique_ptr<AudioProcessor> m_processor;
    std::unique_ptr<OpusVoiceEncoder> m_encoder;
    MediaFrameSequencer m_sequencer;
    std::array<int16_t, 960> m_frame {};
    int m_frameFill = 0;
    std::array<int16_t, 480> m_chunk {};
    QByteArray m_outFrame;
    bool m_muted = false;
    qint64 m_lastCaptureMs = -1;
    qint64 m_lastDeviceCaptureMs = -1; // last audio from the device itself (not the silence filler)
    bool m_captureStalled = false;
    QTimer m_stallTimer;
    double m_levelPeak = 0; // linear, this interval, before mute
    double m_levelSumSq = 0;
    qint64 m_levelSamples = 0;

    // Playout side
    std::unique_ptr<OpusVoiceDecoder> m_decoder;
    std::unique_ptr<JitterBuffer> m_jitter;
    std::unique_ptr<Resampler> m_playoutResampler;
    std::deque<DtmfTone> m_tones;
    std::unique_ptr<WavWriter> m_recorder;
    std::array<int16_t, 480> m_render {};

    // Statistics
    QTimer m_statsTimer;
    QualityWarnings m_warnings;
    qint64 m_framesSent = 0;
    qint64 m_framesReceived = 0;
    double m_jitterMs = 0;
    std::optional<std::pair<qint64, quint32>> m_lastArrival; // arrival ms, timestamp
    int m_rttMs = -1;
    qint64 m_lastConcealed = 0;
    qint64 m_lastTotal = 0;
    bool m_running = false;
};

} // namespace audin::media
