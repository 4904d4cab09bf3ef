// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Logger.h"
#include "TokenSource.h"
#include "Types.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>
#include <memory>

class QWebSocket;

namespace audin {

/** A codec as negotiated in `start`/`started` (PROTOCOL.md 4.1). */
struct CodecSpec
{
    QString name = QStringLiteral("opus");
    int sampleRate = 48000;
    int channels = 1;
    int frameMs = 20;
    QJsonObject toJson() const;
    static CodecSpec fromJson(const QJsonObject &object);
    bool operator==(const CodecSpec &other) const
    {
        return name == other.name && sampleRate == other.sampleRate && channels == other.channels
            && frameMs == other.frameMs;
    }
};

/**
 * One call's media channel (PROTOCOL.md 4): `auth` + `start`, `started`, `connected`, `ended`,
 * binary audio frames both ways, the control messages, RTT pings, and resume after a drop
 * (backoff 250/500/1000/2000/4000 ms inside a 15 s window). Carries bytes; the audio engine
 * produces and consumes them.
 */
class CallChannel : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        QUrl url;
        std::shared_ptr<TokenSource> tokenSource;
        /** Trusted in addition to the system's CA store (OperatorConfig::extraCaCertificates). */
        QList<QSslCertificate> extraCaCertificates;
        /** Offered in `start`, in order of preference. Only Opus is implemented, so only Opus is
         *  offered: PCMU is optional (PROTOCOL.md 4.1), and offering what we cannot decode would
         *  invite silence. */
        QList<CodecSpec> codecs {CodecSpec {}};
        QList<int> resumeBackoffMs {250, 500, 1000, 2000, 4000};
        int resumeWindowMs = 15000;
        int pingIntervalMs = 1000;
        /** Nothing at all received for this long while open: the channel is dead; resume. */
        int deadAfterMs = 5000;
        int maxTextFrameBytes = 64 * 1024;
        /** How long a hangup waits for the service's `ended` before the call ends locally anyway. */
        int hangupTimeoutMs = 3000;
        /** From opening the socket until `started`: a connect, upgrade or `auth` left unanswered
         *  longer is dropped like a lost channel (and resumed within the window). */
        int handshakeTimeoutMs = 10000;
    };

    CallChannel(Settings settings, Log log, QObject *parent = nullptr);
    ~CallChannel() override;

    void open();
    /** Sends one binary audio frame (PROTOCOL.md 4.2); dropped while the channel is down. */
    void sendAudioFrame(const QByteArray &frame);
    void sendMute(bool on);
    /** Sends `dtmf`; false (nothing sent) unless `digit` is one of 0-9, *, #. */
    bool sendDtmf(const QString &digit, int durationMs);
    /**
     * Asks the service to end the call; `ended` follows (or the call ends locally after
     * hangupTimeoutMs). Asked before `started`, the `hangup` goes out as soon as `started` arrives:
     * closing the socket instead would look like a dropped channel to the service.
     */
    void hangup();
    /** Closes the socket without protocol (the call is over). */
    void close();

    bool isUp() const { return m_started; }
    bool isResuming() const { return m_resuming; }
    CodecSpec codec() const { return m_codec; }
    int lastRttMs() const { return m_lastRttMs; }
    int droppedBinaryFrames() const { return m_droppedBinary; }

signals:
    void started(const audin::CodecSpec &codec);
    void connected();
    void ended(audin::CallEndReason reason);
    /** The channel dropped without `ended`; a resume is under way (the call stays up). */
    void reconnecting();
    void reconnected();
    void audioFrameReceived(const QByteArray &frame);
    void rttMeasured(int rttMs);
    void error(const audin::OperatorError &error);

private:
    // fuzz/FuzzCallChannelMessage feeds frames to onText() and onBinary() without a socket.
    friend struct WireFuzzAccess;

    void attempt();
    void openSocket(const QString &token);
    void onConnected();
    void onText(const QString &text);
    void onBinary(const QByteArray &data);
    void onGone();
    /** Drops the current socket at once (no close handshake) and carries on like after a drop. */
    void abandonSocket();
    void scheduleResume();
    void beginResumeWindow();
    void requestHangup();
    bool isOffered(const CodecSpec &codec) const;
    void finish(CallEndReason reason);
    void sendJson(const QJsonObject &message);
    void sendPing();
    void sendHangup();
    void detachSocket();

    Settings m_settings;
    Log m_log;
    QWebSocket *m_socket = nullptr;
    CodecSpec m_codec;
    bool m_started = false; // `started` received on the current socket
    bool m_startedOnce = false; // some socket got `started`: a new one resumes (PROTOCOL.md 4.4)
    bool m_connectedOnce = false;
    bool m_resuming = false;
    bool m_finished = false;
    bool m_hangupRequested = false;
    bool m_hangupSent = false; // on the current socket
    bool m_failWhenEnded = false; // we hang up because the call cannot work: it ends `failed`
    bool m_markNextFrame = false;
    bool m_muted = false;
    int m_resumeStep = 0;
    int m_lastRttMs = -1;
    int m_droppedBinary = 0;
    quint64 m_generation = 0;
    QTimer m_resumeTimer;
    QTimer m_windowTimer; // the resume window, from the moment the channel dropped
    QTimer m_pingTimer;
    QTimer m_deadTimer;
    QTimer m_hangupTimer;
    QTimer m_handshakeTimer; // from opening the socket until `started`
};

} // namespace audin

Q_DECLARE_METATYPE(audin::CodecSpec)
