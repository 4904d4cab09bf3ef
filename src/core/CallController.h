// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CallStats.h"
#include "Types.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <optional>

namespace audin {

class CallController;
class CallMedia;

/** What a call needs from the presence side; implemented by OperatorService. */
class CallHost
{
public:
    virtual ~CallHost() = default;
    virtual bool sendAccept(CallController *call) = 0;
    virtual bool sendReject(CallController *call) = 0;
    /** The call moved to `connecting` after accept: the host's `callStarted` signal. */
    virtual void callDidStart(CallController *call) = 0;
    /** The call reached `ended`: host bookkeeping and its `callEnded` signal. */
    virtual void callDidEnd(CallController *call) = 0;
    /** A call-level error for the operator-level `error` signal. */
    virtual void callError(CallController *call, const OperatorError &error) = 0;
    /** The call channel and audio for an assigned call (owned by the call), or null for none. */
    virtual CallMedia *createMedia(CallController *call) = 0;
    /** The host's clock (OperatorConfig::clock): every timestamp of a call comes from it. */
    virtual QDateTime now() const = 0;
};

/**
 * One call (SDK `OperatorCall`): owns its state machine. Views observe it; only
 * OperatorService creates it. State moves ringing → connecting → active → ended, or
 * straight to ended; `ended` is final and carries an end reason.
 */
class CallController : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString callSid READ callSid NOTIFY callSidChanged)
    Q_PROPERTY(audin::CallState state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool muted READ muted NOTIFY mutedChanged)

public:
    static constexpr int DtmfDurationMs = 160;

    struct Offer
    {
        QString callSid;
        QString from;
        QString to;
        QString phoneNumberId;
        int ringTimeoutMs = 30000;
    };

    /** Inbound, ringing. */
    CallController(CallHost *host, const Offer &offer, const QDateTime &now, QObject *parent = nullptr);
    /** Outbound, connecting, no callSid until the service accepts the dial. */
    CallController(CallHost *host, const QString &to, const QString &callerId, const QDateTime &now,
                   QObject *parent = nullptr);
    ~CallController() override;

    QString callSid() const { return m_callSid; }
    CallDirection direction() const { return m_direction; }
    QString from() const { return m_from; } ///< remote party for inbound, our caller ID for outbound
    QString to() const { return m_to; } ///< our number for inbound, the callee for outbound
    QString remoteNumber() const { return m_direction == CallDirection::Inbound ? m_from : m_to; }
    QString phoneNumberId() const { return m_phoneNumberId; }
    CallState state() const { return m_state; }
    std::optional<CallEndReason> endReason() const { return m_endReason; }
    bool muted() const { return m_muted; }
    int ringTimeoutMs() const { return m_ringTimeoutMs; }
    /** True once the service assigned the call to us (call_assigned / dial_accepted). */
    bool isAssigned() const { return m_assigned; }
    QDateTime createdAt() const { return m_createdAt; }
    QDateTime answeredAt() const { return m_answeredAt; } ///< when it became active; null if never
    QDateTime endedAt() const { return m_endedAt; }
    /** The call channel is being re-established after a drop (the call stays up). */
    bool isReconnecting() const { return m_reconnecting; }
    /** Records what the operator hears (48 kHz mono WAV); set before the call is assigned. */
    void setRecordingPath(const QString &path) { m_recordingPath = path; }
    QString recordingPath() const { return m_recordingPath; }
    /** The latest statistics of the call's audio (all defaults before the first second). */
    CallStats stats() const { return m_stats; }
    /**
     * Moves the call's audio to these devices (ids or descriptions; empty = system default): now
     * if its audio runs, else when it starts. A device that cannot be opened is replaced by the
     * default (AUDIO_DEVICE_ERROR / MIC_UNAVAILABLE on the service's `error`); the call goes on.
     */
    void setAudioDevices(const QString &input, const QString &output);
    /** The microphone and speaker actually in use; empty before the audio starts. */
    QString inputDeviceDescription() const { return m_inputDeviceDescription; }
    QString outputDeviceDescription() const { return m_outputDeviceDescription; }

    /** Answer an inbound offer. No-op unless ringing. */
    Q_INVOKABLE void accept();
    /** Decline an inbound offer. No-op unless ringing. */
    Q_INVOKABLE void reject();
    /** Mute or unmute the operator's microphone toward the far end. */
    Q_INVOKABLE void mute(bool on);
    /**
     * Send one DTMF digit (`0-9`, `*`, `#`); anything else fires INVALID_DTMF and sends nothing.
     * Not yet supported end to end: the service accepts the message but does not yet play the
     * tone to the far end, so do not rely on the remote party hearing it.
     */
    Q_INVOKABLE void sendDtmf(const QString &digit);
    /** Hang up. A ringing call is declined (ends `rejected`). */
    Q_INVOKABLE void hangup();

    // Driven by OperatorService (and later the call channel); not for views.
    /**
     * Bounds how long the call may stay `connecting`: `setupMs` until the assignment arrives (and,
     * inbound, as long again from the assignment until `connected`), `answerMs` from an outbound
     * call's assignment until the callee answers. Then it ends `failed` with SERVER_ERROR.
     * 0 or less: no bound. An outbound call starts waiting at once.
     */
    void setSetupTimeouts(int setupMs, int answerMs);
    /** The call ended because its setup took longer than setSetupTimeouts() allows. */
    bool setupTimedOut() const { return m_setupTimedOut; }
    void setCallSid(const QString &callSid);
    void markAssigned();
    void markActive(const QDateTime &now);
    void end(CallEndReason reason, const QDateTime &now);

signals:
    void callSidChanged(const QString &callSid);
    void stateChanged(audin::CallState state);
    void mutedChanged(bool muted);
    /** Fired once, after stateChanged(Ended). */
    void ended(audin::CallEndReason reason);
    /** A digit passed validation and was handed to the call channel. */
    void dtmfSent(const QString &digit);
    /** The service assigned the call (call_assigned / dial_accepted): the call channel opens. */
    void assigned();
    /** The call channel dropped; it is being resumed (PROTOCOL.md 4.4). */
    void reconnecting();
    void reconnected();
    void statsUpdated(const audin::CallStats &stats);
    void qualityWarning(const audin::QualityWarning &warning);
    /** When the audio starts and whenever it moves (setAudioDevices, unplugging, a new default). */
    void audioDevicesChanged(const QString &inputDescription, const QString &outputDescription);

private:
    void setState(CallState state);
    void attachMedia();
    void armSetupTimer(int ms);
    void onSetupTimeout();

    CallHost *m_host;
    QString m_callSid;
    CallDirection m_direction;
    QString m_from;
    QString m_to;
    QString m_phoneNumberId;
    CallState m_state;
    std::optional<CallEndReason> m_endReason;
    bool m_muted = false;
    bool m_assigned = false;
    bool m_reconnecting = false;
    CallMedia *m_media = nullptr; // child
    QString m_recordingPath;
    CallStats m_stats;
    std::optional<std::pair<QString, QString>> m_requestedDevices; // input, output
    QString m_inputDeviceDescription;
    QString m_outputDeviceDescription;
    int m_ringTimeoutMs = 0;
    int m_setupTimeoutMs = 0;
    int m_answerTimeoutMs = 0;
    bool m_setupTimedOut = false;
    QTimer m_setupTimer;
    QDateTime m_createdAt;
    QDateTime m_answeredAt;
    QDateTime m_endedAt;
};

} // namespace audin
