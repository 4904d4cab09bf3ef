// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <map>

class QTimer;

namespace audin::sim {

class EventLog;
class PresenceSession;
class SimConfig;

/** One simulated call. States: `ringing` → `assigned` (an operator owns it) → `ended`. */
struct SimCall
{
    QString callSid;
    QString direction; ///< "inbound" | "outbound"
    QString state; ///< "ringing" | "assigned" | "ended"
    QString from;
    QString to;
    QString phoneNumberId;
    int ringTimeoutMs = 0;
    QStringList offeredTo; ///< every session ever offered the call, in order
    QStringList pending; ///< offered sessions that have not answered yet
    QStringList declined; ///< sessions that rejected it
    QString assignedSession;
    QString assignedOperator;
    QString endReason;
    QDateTime createdAt;
    QDateTime endedAt;
    QTimer *ringTimer = nullptr;

    QJsonObject toJson() const;
};

/** How the call registry finds the presence sessions it talks to (PresenceHub implements it). */
class SessionDirectory
{
public:
    virtual ~SessionDirectory() = default;
    virtual PresenceSession *session(const QString &sessionId) const = 0;
    /** Authenticated, open sessions whose accepted numbers include `numberId`. */
    virtual QList<PresenceSession *> sessionsOnlineOn(const QString &numberId) const = 0;
};

/**
 * Every call the simulator knows: offering inbound calls (PROTOCOL.md 3.5), first-accept-wins,
 * rejects, ring timeouts, remote hangups, and the outbound `dial` rules (3.6).
 *
 * An `assigned` call lives on its call channel (MediaHub); it ends when that channel ends it or
 * the far end hangs up.
 */
class CallRegistry : public QObject
{
    Q_OBJECT
public:
    CallRegistry(SimConfig &config, EventLog &log, QObject *parent = nullptr);
    ~CallRegistry() override;

    void setDirectory(const SessionDirectory *directory) { m_directory = directory; }

    /** Rings `to` (one of the simulator's active numbers); returns the callSid or "" with `error`. */
    QString ring(const QString &to, const QString &from, int ringTimeoutMs, QString *error);
    /** Far end hangs up. False for an unknown callSid. */
    bool hangup(const QString &callSid);
    /** The call channel ended an assigned call (hangup, failed, no_answer...). */
    void endAssigned(const QString &callSid, const QString &reason);

    void handleAccept(PresenceSession *session, const QJsonObject &frame);
    void handleReject(PresenceSession *session, const QJsonObject &frame);
    void handleDial(PresenceSession *session, const QJsonObject &frame);
    /** Offers still-ringing calls on the session's accepted numbers (it just went online). */
    void offerRingingCalls(PresenceSession *session);
    /** A session closed: it is no longer offered anything. */
    void forgetSession(const QString &sessionId);

    const SimCall *call(const QString &callSid) const;
    QJsonArray toJson() const;

signals:
    /** Any call reached `ended`. */
    void callEnded(const QString &callSid, const QString &reason);

private:
    void offer(SimCall &call, PresenceSession *session);
    void cancelPending(SimCall &call, const QString &reason);
    void finish(SimCall &call, const QString &reason);
    void onRingTimeout(const QString &callSid);
    void recordCallEvent(const SimCall &call, const QString &type, QJsonObject fields = {});
    QString newCallSid() const;

    SimConfig &m_config;
    EventLog &m_log;
    const SessionDirectory *m_directory = nullptr;
    std::map<QString, SimCall> m_calls;
    QStringList m_order;
};

} // namespace audin::sim
