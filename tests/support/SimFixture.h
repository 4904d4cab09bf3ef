// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SimServer.h"
#include "TokenSource.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <functional>
#include <memory>

class QWebSocket;

namespace audin::test {

/**
 * An in-process SimServer on 127.0.0.1:0 loaded from tests/data/sim-test.json, with helpers
 * to ring calls and observe the event log. Operators: op_alice (ok_alice_test) and op_bob
 * (ok_bob_test) on pn_1/pn_2, op_carol disabled, op_dave in another account.
 */
/** Outcome of a blocking HTTP request made by a test. */
struct HttpResult
{
    int status = 0; ///< 0 when no HTTP answer arrived
    QByteArray body;
    QJsonObject json; ///< the body when it is a JSON object
    QString error; ///< network error text, if any
};

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

/** Sends one request (proxy-free) and spins the event loop until it is answered or times out. */
HttpResult httpRequest(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                       const HttpHeaders &headers = {}, int timeoutMs = 5000);

class PresenceProbe;

class SimFixture
{
public:
    /** `settingsOverrides` is applied like POST /sim/settings, e.g. {{"idleTimeoutMs", 300}}. */
    explicit SimFixture(const QJsonObject &settingsOverrides = {});
    ~SimFixture();
    SimFixture(const SimFixture &) = delete;
    SimFixture &operator=(const SimFixture &) = delete;

    bool isListening() const { return m_listening; }
    sim::SimServer *server() { return m_server.get(); }
    /** "http://127.0.0.1:PORT": the softphone's coreUrl. */
    QString coreUrl() const;
    /** ws://127.0.0.1:PORT/v1/operator/presence */
    QUrl presenceUrl() const;
    /** An HttpTokenSource POSTing to /partner/token with "Authorization: Bearer <operatorKey>". */
    std::shared_ptr<TokenSource> tokenSourceFor(const QString &operatorKey);
    /** Rings `to`; returns the callSid ("" and a test warning when the number is unknown or inactive). */
    QString ring(const QString &to, const QString &from = QStringLiteral("+4930123456"), int ringTimeoutMs = -1);
    /** Recorded events of `type` (any dir), optionally only those of `operatorId`, oldest first. */
    QList<QJsonObject> eventsOfType(const QString &type, const QString &operatorId = {}) const;
    /** Spins the event loop until an event recorded so far or later matches; false on timeout. */
    bool waitForEvent(std::function<bool(const QJsonObject &)> pred, int timeoutMs = 5000);
    /** A PresenceProbe authenticated as `operatorId` with a fresh token; null when `ready` did not come. */
    std::unique_ptr<PresenceProbe> connectProbe(const QString &operatorId, qint64 tokenTtlMs = 60000);
    /** httpRequest() against this simulator; `path` like "/sim/calls". */
    HttpResult http(const QByteArray &method, const QString &path, const QByteArray &body = {},
                    const HttpHeaders &headers = {});
    /** Seq of the newest event: pass it to server()->events() to see only what happens next. */
    qint64 lastSeq() const;

    /** The parsed tests/data/sim-test.json. */
    static QJsonObject testConfigJson();

private:
    std::unique_ptr<sim::SimServer> m_server;
    bool m_listening = false;
};

/**
 * A bare presence client for protocol-level tests: a QWebSocket plus everything it received.
 * No SDK logic at all, so tests can send exactly the frames they want.
 */
class PresenceProbe
{
public:
    /** Starts connecting to `url` at once. */
    explicit PresenceProbe(const QUrl &url);
    ~PresenceProbe();
    PresenceProbe(const PresenceProbe &) = delete;
    PresenceProbe &operator=(const PresenceProbe &) = delete;

    bool waitConnected(int timeoutMs = 5000);
    /** Connects, sends `auth` with `token`, and returns the `ready` frame ({} on failure). */
    QJsonObject authenticate(const QString &token, int timeoutMs = 5000);

    /** Sends `go_online` and returns the `availability` reply ({} on timeout). */
    QJsonObject goOnline(const QStringList &phoneNumberIds, const QString &id = QStringLiteral("online"));
    void sendJson(const QJsonObject &frame);
    void sendText(const QString &text);
    void sendBinary(const QByteArray &data);
    void close(int code = 1000);
    void abort();

    /**
     * The next frame of `type` not yet returned by an earlier waitFor(type), waiting up to
     * `timeoutMs`; {} on timeout or when the connection closed without one. Successive calls walk
     * through the frames of that type in order.
     */
    QJsonObject waitFor(const QString &type, int timeoutMs = 5000);
    QList<QJsonObject> received() const { return m_received; }
    QList<QJsonObject> receivedOfType(const QString &type) const;
    /** Raw text frames, including those that are not JSON. */
    QStringList receivedText() const { return m_texts; }
    QList<QByteArray> receivedBinary() const { return m_binary; }

    bool isConnected() const;
    bool isClosed() const { return m_closed; }
    bool waitClosed(int timeoutMs = 5000);
    /** The server's close code; 1006 when the connection ended without a close frame; -1 while open. */
    int closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }
    QWebSocket *socket() { return m_socket.get(); }

private:
    std::unique_ptr<QWebSocket> m_socket;
    QList<QJsonObject> m_received;
    QStringList m_texts;
    QList<QByteArray> m_binary;
    QHash<QString, int> m_taken;
    bool m_gotCloseFrame = false;
    bool m_closed = false;
    int m_closeCode = -1;
    QString m_closeReason;
};

} // namespace audin::test
