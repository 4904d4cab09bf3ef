// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CallRegistry.h"

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QTimer>
#include <memory>

class QWebSocket;

namespace audin::sim {

class EventLog;
class PresenceSession;
class SimConfig;
class TokenIssuer;
struct SimFault;

/**
 * The presence channel's meaning (PROTOCOL.md section 3): authentication and session
 * replacement, heartbeat and the idle reaper, token refresh, numbers and availability, and the
 * per-operator faults. Offers and dialling are delegated to CallRegistry.
 */
class PresenceHub : public QObject, public SessionDirectory
{
    Q_OBJECT
public:
    PresenceHub(SimConfig &config, const TokenIssuer &tokens, EventLog &log, CallRegistry &calls,
                QObject *parent = nullptr);
    ~PresenceHub() override;

    /** Takes over a WebSocket already upgraded on /v1/operator/presence. */
    void addConnection(std::unique_ptr<QWebSocket> socket);

    PresenceSession *session(const QString &sessionId) const override;
    QList<PresenceSession *> sessionsOnlineOn(const QString &numberId) const override;
    /** The operator's authenticated, open session (there is at most one). */
    PresenceSession *liveSessionOf(const QString &operatorId) const;

    /** Pushes `availability` without id to every session that was online on the number. */
    void numberDeactivated(const QString &numberId);
    /** Closes the operator's sessions with 4003. */
    void operatorDisabled(const QString &operatorId);
    /** Re-arms the idle reaper after a settings change. */
    void settingsChanged();
    /** Applies a parsed fault; false (with `error`) when it needs a live session and there is none. */
    bool applyFault(const SimFault &fault, QString *error);
    QJsonArray sessionsJson() const;
    /** Closes every session (shutdown: 1001). */
    void closeAll(int code, const QString &reason);

private:
    struct OperatorFaults
    {
        int rejectAuthRemaining = 0;
        int rejectAuthCode = 4001;
        bool ignoreRefresh = false;
    };

    void onFrame(PresenceSession *session, const QJsonObject &frame);
    void onFinished(PresenceSession *session);
    void handleAuth(PresenceSession *session, const QJsonObject &frame);
    void handleRefresh(PresenceSession *session, const QJsonObject &frame);
    void handleListNumbers(PresenceSession *session, const QJsonObject &frame);
    void handleGoOnline(PresenceSession *session, const QJsonObject &frame);
    void reap();
    void recordOperatorEvent(const QString &operatorId, const QString &type, QJsonObject fields);

    SimConfig &m_config;
    const TokenIssuer &m_tokens;
    EventLog &m_log;
    CallRegistry &m_calls;
    QList<PresenceSession *> m_sessions; ///< in connection order
    QHash<QString, OperatorFaults> m_faults;
    QTimer m_reaper;
};

} // namespace audin::sim
