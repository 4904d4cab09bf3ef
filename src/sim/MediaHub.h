// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MediaConfig.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <memory>
#include <vector>

class QWebSocket;

namespace audin::sim {

class CallRegistry;
class EventLog;
class MediaCall;
class SimConfig;
class TokenIssuer;

/** Per-call media choices made when a call is rung (POST /sim/calls). */
struct RingMedia
{
    std::optional<FarEndSpec> farEnd;
    std::optional<ImpairmentSpec> impairment;
    int hangupAfterMs = 0;
};

/**
 * The call channels (PROTOCOL.md 4): authenticates each `/v1/operator/calls/<sid>/media`
 * connection (`auth` within authTimeoutMs, a token of the operator the call is assigned to),
 * negotiates the codec on `start`, and hands the socket to the call's MediaCall.
 * Close codes: 4001 bad or missing token, 4003 a call of another operator, 4400 unknown or
 * unassigned call, no Opus offered, or a framing error (1009 for a frame over 64 KiB).
 */
class MediaHub : public QObject
{
    Q_OBJECT
public:
    MediaHub(SimConfig &config, const TokenIssuer &tokens, CallRegistry &calls, EventLog &log,
             QObject *parent = nullptr);
    ~MediaHub() override;

    void accept(std::unique_ptr<QWebSocket> socket, const QString &callSid);
    void setRingMedia(const QString &callSid, const RingMedia &media);
    bool setFarEnd(const QString &callSid, const FarEndSpec &farEnd);
    bool setImpairment(const QString &callSid, const ImpairmentSpec &impairment);
    bool dropMedia(const QString &callSid);
    QString recordingPath(const QString &callSid) const;
    /** The `media` object of GET /sim/calls/<sid>, or {} before the call had media. */
    QJsonObject toJson(const QString &callSid) const;
    /** The registry ended the call (e.g. remote hangup): end its media too. */
    void onCallEnded(const QString &callSid, const QString &reason);

private:
    MediaCall *mediaFor(const QString &callSid, const QString &operatorId);
    void onText(QWebSocket *socket, const QString &callSid, const QString &text);
    void close(QWebSocket *socket, int code, const QString &reason);
    void recordSys(const QString &type, const QString &callSid, QJsonObject fields = {});

    SimConfig &m_config;
    const TokenIssuer &m_tokens;
    CallRegistry &m_calls;
    EventLog &m_log;
    /** What a connection has said so far. */
    struct ConnectionState
    {
        bool authed = false;
        bool started = false;
        QString operatorId;
    };
    QHash<QWebSocket *, ConnectionState> m_connections;
    QHash<QString, RingMedia> m_ringMedia;
    QHash<QString, MediaCall *> m_media; // children
    QString m_speechPromptError; // before the prompt: loading it fills this in
    std::shared_ptr<const std::vector<int16_t>> m_speechPrompt; // shared by every speech far end
};

} // namespace audin::sim
