// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Backoff.h"
#include "OperatorConfig.h"
#include "TokenSource.h"
#include "Types.h"

#include <QAbstractSocket>
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <memory>
#include <optional>

class QWebSocket;

namespace audin {

/**
 * The transport half of the presence channel: token per connect, `auth`/`ready`, heartbeat,
 * dead-connection detection, live token refresh, framing rules, and the close-code policy with
 * backoff (PROTOCOL.md 2, 3.1-3.3, 3.7). Application messages are handed up untouched.
 */
class PresenceConnection : public QObject
{
    Q_OBJECT
public:
    PresenceConnection(const OperatorConfig &config, QUrl url, Log log, std::shared_ptr<Clock> clock,
                       QObject *parent = nullptr);
    ~PresenceConnection() override;

    /** Starts connecting (no-op unless offline). */
    void start();
    /** Closes with 1000 and stays offline. */
    void stop();

    PresenceState state() const { return m_state; }
    /** Sends an application message; false unless the connection reached `ready`. */
    bool send(const QJsonObject &message);
    /** A request id unique on this client (and so on every connection). */
    QString nextRequestId();
    qint64 msUntilReconnect() const;
    int effectiveHeartbeatMs() const;

signals:
    void stateChanged(audin::PresenceState state);
    /** The connection reached `ready` (after every connect and reconnect). */
    void ready(const QJsonObject &readyMessage);
    /** Every application message (all types except ready, pong and refresh replies). */
    void messageReceived(const QJsonObject &message);
    /** A connection that had reached `ready` is gone (any reason, including stop()). */
    void connectionLost();
    void error(const audin::OperatorError &error);
    void reconnectScheduled(int delayMs);
    /** The service closed the WebSocket with a close frame (before or after `ready`): e.g. 4001, 4003. */
    void closedByService(int code, const QString &reason);

private:
    // fuzz/FuzzPresenceMessage feeds frames to onTextMessage() without a socket.
    friend struct WireFuzzAccess;

    enum class LocalClose
    {
        None,
        UserStop,
        ProtocolError,
        Dead
    };

    void setState(PresenceState state);
    void attempt();
    void openSocket(const OperatorSessionToken &token);
    void onSocketConnected();
    void onTextMessage(const QString &text);
    void onSocketGone(QWebSocket *socket);
    void onSocketError(QWebSocket *socket, QAbstractSocket::SocketError socketError);
    void onDeadTimeout();
    void onHandshakeTimeout();
    void handleReady(const QJsonObject &message);
    void applyClosePolicy(int code, const QString &reason);
    void retireSocket(int closeCode, const QString &reason);
    void scheduleReconnect();
    void stopConnectionTimers();
    void fail(const char *code, const QString &message, const QJsonValue &cause = {});
    void sendPing();

    // Token refresh (3.3)
    void scheduleRefresh();
    void startRefresh();
    void onRefreshFetched(const TokenResult &result);
    void onRefreshReply(const QJsonObject &message, bool ok);
    void retryRefresh();
    int minRefreshIntervalMs() const;
    /** The current token's lifetime as measured when it was received; <= 0 when already expired by our clock. */
    qint64 tokenLifetimeMs() const;

    OperatorConfig m_config;
    QUrl m_url;
    Log m_log;
    std::shared_ptr<Clock> m_clock;

    PresenceState m_state = PresenceState::Offline;
    QWebSocket *m_socket = nullptr; // owned; parented to this
    bool m_socketOpen = false; // WebSocket handshake completed
    bool m_readyReceived = false;
    bool m_tlsError = false;
    bool m_transportLost = false; // TCP gone without a close frame
    LocalClose m_localClose = LocalClose::None;
    quint64 m_generation = 0; // bumped on every attempt and on stop: stale callbacks compare it
    int m_requestCounter = 0;

    Backoff m_backoff;
    int m_consecutiveAuthFailures = 0;
    bool m_authFailedReported = false;
    std::optional<int> m_serverHeartbeatMs;

    QTimer m_heartbeatTimer;
    QTimer m_deadTimer;
    QTimer m_handshakeTimer; // from opening the socket until `ready`
    QTimer m_reconnectTimer;
    QTimer m_refreshTimer;
    qint64 m_reconnectDueMs = -1;

    // The token the live connection authenticated with (or refreshed to).
    OperatorSessionToken m_token;
    qint64 m_tokenReceivedMs = 0;
    QDateTime m_tokenReceivedUtc;
    std::optional<OperatorSessionToken> m_pendingRefreshToken;
    qint64 m_pendingRefreshReceivedMs = 0;
    QDateTime m_pendingRefreshReceivedUtc;
    /**
     * The service's time at the monotonic moment `m_serviceAnchorMs` (from `ready.serverTime`, or this
     * machine's clock when the two agree within a couple of seconds). Token lifetimes are measured on it,
     * so a wall clock that is off, or jumps during the session, cannot move a refresh past expiry.
     */
    QDateTime m_serviceAnchorUtc;
    qint64 m_serviceAnchorMs = 0;
    /** The service's time at the monotonic moment `monotonicMs` (this machine's clock before `ready`). */
    QDateTime serviceTimeAt(qint64 monotonicMs, const QDateTime &wallClockThen) const;
    QString m_refreshRequestId;
    bool m_refreshInFlight = false;
    Backoff m_refreshBackoff;
    bool m_warnedExpiredOnReceipt = false;
    bool m_reportedExpiredOnReceipt = false; // TOKEN_FETCH_FAILED said once per run of expired tokens
};

} // namespace audin
