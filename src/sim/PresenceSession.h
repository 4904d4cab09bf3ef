// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <memory>

class QWebSocket;

namespace audin::sim {

class EventLog;

/**
 * One presence WebSocket as the transport sees it: framing rules (PROTOCOL.md section 2), the
 * auth deadline, the token expiry deadline, activity tracking, the event log entries for every
 * frame, and the transport faults (stall, drop, raw sends). What frames mean is PresenceHub's job.
 */
class PresenceSession : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxTextFrameBytes = 64 * 1024;

    PresenceSession(std::unique_ptr<QWebSocket> socket, QString sessionId, EventLog &log, int authTimeoutMs,
                    QObject *parent = nullptr);
    ~PresenceSession() override;

    QString sessionId() const { return m_sessionId; }
    QString operatorId() const { return m_operatorId; }
    QString accountId() const { return m_accountId; }
    bool isAuthenticated() const { return m_authenticated; }
    bool isStalled() const { return m_stalled; }
    bool isClosing() const { return m_closing || m_finished; }
    QDateTime connectedAt() const { return m_connectedAt; }
    QDateTime lastFrameAt() const { return m_lastFrameAt; }
    qint64 idleMs() const { return m_lastFrame.elapsed(); }
    qint64 tokenExpiresAtMs() const { return m_tokenExpiresAtMs; }
    QStringList acceptedNumbers() const { return m_accepted; }
    void setAcceptedNumbers(const QStringList &numberIds) { m_accepted = numberIds; }

    /** Ends the auth phase and arms the token expiry deadline. */
    void markAuthenticated(const QString &operatorId, const QString &accountId, qint64 tokenExpiresAtMs);
    /** Moves the expiry deadline (after a successful refresh). */
    void setTokenExpiry(qint64 expiresAtMs);

    /** Sends one JSON frame and logs it (suppressed, but still logged, while stalled). */
    void send(const QJsonObject &frame);
    /** `{"type":"error","id","code","message"}`; `id` is left out when the request had none. */
    void sendError(const QJsonValue &id, const QString &code, const QString &message);
    /** Fault injection: a raw text frame, logged by `logFields` rather than its content. */
    void sendRawText(const QString &text, const QJsonObject &logFields);
    void sendBinary(const QByteArray &data);
    /** Closes with `code`; a stalled session is aborted instead, as a half-open peer would see it. */
    void closeWith(int code, const QString &reason);
    /** Drops the TCP connection without a close frame. */
    void abort(const QString &reason);
    /** Half-open simulation: from now on nothing is sent and inbound frames are ignored. */
    void stall();

    /** Logs a `sys` event for this session. */
    void recordSys(const QString &type, QJsonObject fields = {});

signals:
    /** A valid frame (a JSON object with a string `type`) from an active, unstalled session. */
    void frameReceived(audin::sim::PresenceSession *session, const QJsonObject &frame);
    /** The socket is gone; the owner removes the session and deletes it later. */
    void finished(audin::sim::PresenceSession *session);

private:
    void onText(const QString &text);
    void onBinary(const QByteArray &data);
    void onAboutToClose();
    void onDisconnected();
    void onAuthDeadline();
    void onExpiryDeadline();
    QJsonObject envelope(const QString &dir, const QString &type) const;
    void recordIn(const QString &type, QJsonObject fields, const QString &operatorId = {});

    std::unique_ptr<QWebSocket> m_socket;
    QString m_sessionId;
    EventLog &m_log;
    QString m_operatorId;
    QString m_accountId;
    bool m_authenticated = false;
    bool m_stalled = false;
    bool m_closing = false;
    bool m_finished = false;
    bool m_closeRecorded = false;
    qint64 m_tokenExpiresAtMs = 0;
    QStringList m_accepted;
    QDateTime m_connectedAt;
    QDateTime m_lastFrameAt;
    QElapsedTimer m_lastFrame;
    QTimer m_authTimer;
    QTimer m_expiryTimer;
    QTimer m_closeGuard;
};

} // namespace audin::sim
