// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MediaConfig.h"
#include "MediaFrame.h"
#include "OpusCodec.h"
#include "PacedClock.h"
#include "SyntheticVoice.h"
#include "WavFile.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <deque>
#include <memory>
#include <random>

class QWebSocket;

namespace audin::sim {

class EventLog;

/**
 * The service side of one call's media (PROTOCOL.md 4): the far end that speaks, echoes or
 * records; the send path with its impairment; `connected`/`ended`; and the resume window that
 * keeps the far end bridged while the operator's channel is gone. Outlives its sockets.
 */
class MediaCall : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString callSid;
        QString operatorId;
        QString direction; ///< inbound | outbound
        QString behaviour; ///< answer | no_answer | fail (outbound); inbound answers at once
        int ringMs = 0; ///< outbound: how long the callee takes to answer
        int noAnswerMs = 30000;
        int hangupAfterMs = 0;
        int resumeWindowMs = 15000;
        FarEndSpec farEnd;
        ImpairmentSpec impairment;
        QString recordingsDir;
        /** What the `speech` far end says, 48 kHz mono, looped; empty = the synthetic voice. */
        std::shared_ptr<const std::vector<int16_t>> speechPrompt;
        /** Why there is no prompt, for the log. */
        QString speechPromptError;
    };

    MediaCall(Options options, EventLog &log, QObject *parent = nullptr);
    ~MediaCall() override;

    /** A socket passed auth and `start`; `resume` as the client said. */
    void attach(QWebSocket *socket, bool resume);
    /** The current socket closed (or was dropped) without `ended`. */
    void detached(QWebSocket *socket);
    void onBinary(QWebSocket *socket, const QByteArray &data);
    void onControl(QWebSocket *socket, const QJsonObject &message);
    /** The far end hangs up (control API, hangupAfterMs). */
    void remoteHangup();
    /** Aborts the TCP connection without a close frame (tests of resume). */
    bool dropConnection();
    void setFarEnd(const FarEndSpec &farEnd);
    void setImpairment(const ImpairmentSpec &impairment);

    bool isEnded() const { return m_ended; }
    /** Some connection already started this call's media: a new one must resume (PROTOCOL.md 4.4). */
    bool hasStarted() const { return m_attachedOnce; }
    QString recordingPath() const { return m_recordingPath; }
    QJsonObject toJson() const;

signals:
    /** The call is over on the media side with this end reason. */
    void ended(const QString &callSid, const QString &reason);

private:
    void startFarEnd();
    void speak(int16_t *pcm);
    void tick();
    void sendPayload(const QByteArray &payload);
    void releaseHeld();
    void sendJson(const QJsonObject &message);
    void finish(const QString &reason, bool tellClient);
    void markConnected();
    void record(const QString &type, QJsonObject fields = {});
    void recordReceived(const media::MediaFrame &frame);

    Options m_options;
    EventLog &m_log;
    QPointer<QWebSocket> m_socket;
    bool m_connected = false;
    bool m_attachedOnce = false;
    bool m_ended = false;
    int m_resumes = 0;
    QTimer m_resumeTimer;
    QTimer m_answerTimer;
    QTimer m_hangupTimer;
    QTimer m_pingTimer;

    // Far end
    media::PacedClock m_clock;
    media::OpusVoiceEncoder m_encoder;
    media::OpusVoiceDecoder m_decoder;
    media::SyntheticVoice m_voice {5}; // only when the prompt could not be loaded
    size_t m_promptPosition = 0;
    bool m_fallbackLogged = false;
    media::MediaFrameSequencer m_sequencer;
    std::unique_ptr<media::WavWriter> m_recorder;
    QString m_recordingPath;
    std::optional<quint16> m_lastReceivedSeq;

    // Send path (impairment)
    struct Held
    {
        QByteArray frame;
        qint64 releaseAtMs;
    };
    std::deque<Held> m_held;
    QTimer m_releaseTimer;
    QElapsedTimer m_elapsed;
    std::mt19937 m_random;
    qint64 m_lastReleaseMs = 0;
    qint64 m_nextStallMs = -1;
    qint64 m_stallEndMs = -1;

    // Counters
    qint64 m_framesReceived = 0;
    qint64 m_framesSent = 0;
    qint64 m_droppedBinary = 0;
    QStringList m_dtmf;
    bool m_muted = false;
    int m_rttMs = -1;
};

} // namespace audin::sim
