// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SimConfig.h"
#include "TokenIssuer.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>
#include <memory>
#include <optional>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpServer;
class QWebSocket;

namespace audin::sim {

class CallRegistry;
class ControlApi;
class EventLog;
class MediaHub;
class PresenceHub;
class SimHttpServer;

/**
 * The Audin service simulator: one port serving the token REST endpoints, the control API
 * (/sim/…, unauthenticated, local use only) and the presence WebSocket, all per PROTOCOL.md.
 * Tests run it in-process on 127.0.0.1:0; audin-core-sim wraps it in an executable.
 */
class SimServer : public QObject
{
    Q_OBJECT
public:
    explicit SimServer(SimConfig config, QObject *parent = nullptr);
    ~SimServer() override;

    /**
     * Serves everything over TLS (https, wss) with this configuration's certificate and key; call
     * before listen(). A client that refuses the certificate is recorded as a `tls_failed` event.
     */
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }
    /** Loads a PEM certificate (chain) and its unencrypted PEM key for setTlsConfiguration(); false with `error`. */
    static std::optional<QSslConfiguration> loadTlsConfiguration(const QString &certificateFile, const QString &keyFile,
                                                                 QString *error);

    /** Binds the port (0 = any free one). False with errorString() when the port is taken. */
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    QString errorString() const { return m_error; }
    quint16 port() const;
    /** `http://127.0.0.1:PORT` (https with TLS, or the bound address); doubles as the softphone's coreUrl. */
    QUrl baseUrl() const;

    /**
     * A token for any operator id (unknown ones too, for negative tests); a negative or zero
     * ttlMs gives an already expired token. Records a `token_issued` event (never the token).
     */
    QString mintToken(const QString &operatorId, qint64 ttlMs, QDateTime *expiresAt = nullptr);
    /** A token with the current tokenTtlMs for a known operator, as the token endpoints hand out. */
    IssuedToken issueToken(const QString &operatorId, const QString &via);

    /** Same as POST /sim/settings: any subset of the timing keys. False on bad input (nothing changes). */
    bool applySettings(const QJsonObject &settings, QString *error = nullptr);
    QJsonObject settings() const;

    /** Same as POST /sim/calls. Returns the callSid, or "" with `error` (unknown or inactive number). */
    QString ringCall(const QString &to, const QString &from = {}, int ringTimeoutMs = -1, QString *error = nullptr);
    /**
     * Same as POST /sim/calls with its whole body: to, from, ringTimeoutMs, and the call's media:
     * farEnd {mode, delayMs}, impairment {...}, hangupAfterMs. "" with `error` on bad input.
     */
    QString ringCall(const QJsonObject &request, QString *error = nullptr);
    /** Far end and impairment of a call (before or during its media); false for an unknown call. */
    bool setFarEnd(const QString &callSid, const QJsonObject &farEnd, QString *error = nullptr);
    bool setImpairment(const QString &callSid, const QJsonObject &impairment, QString *error = nullptr);
    /** Where the recorder far end writes this call ("" when it has none). */
    QString recordingPath(const QString &callSid) const;
    /** Aborts the call channel's TCP connection without a close frame (resume tests). */
    bool dropMedia(const QString &callSid);
    /** Remote hangup (POST /sim/calls/<sid>/hangup). False for an unknown callSid. */
    bool hangupCall(const QString &callSid);
    /** Same as POST /sim/faults. `notFound` tells a missing live session from malformed input. */
    bool applyFault(const QJsonObject &fault, QString *error = nullptr, bool *notFound = nullptr);
    /** Deactivating pushes availability to sessions online on it. False for an unknown id. */
    bool setNumberActive(const QString &phoneNumberId, bool active);
    /** Disabling closes the operator's sessions with 4003. False for an unknown id. */
    bool setOperatorDisabled(const QString &operatorId, bool disabled);

    /** Events with seq > sinceSeq. */
    QJsonArray events(qint64 sinceSeq = 0) const;
    qint64 lastEventSeq() const;
    /** `{"sessions":[…],"calls":[…],"settings":{…}}` */
    QJsonObject state() const;
    QJsonArray calls() const;
    /** One call as in calls(), or an empty object. */
    QJsonObject call(const QString &callSid) const;
    const SimConfig &config() const { return m_config; }

    /** Closes every presence session with 1001 (going away). */
    void shutdown();

signals:
    void eventRecorded(const QJsonObject &event);

private:
    void handleHttp(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void onWebSocket();
    void acceptMediaConnection(std::unique_ptr<QWebSocket> socket, const QString &callSid);
    void rejectWebSocket(std::unique_ptr<QWebSocket> socket, int code, const QString &reason);
    void recordSys(const QString &type, QJsonObject fields);

    SimConfig m_config;
    TokenIssuer m_tokens;
    std::unique_ptr<EventLog> m_log;
    std::unique_ptr<CallRegistry> m_calls;
    std::unique_ptr<SimHttpServer> m_http;
    std::unique_ptr<PresenceHub> m_hub;
    std::unique_ptr<MediaHub> m_media;
    std::unique_ptr<ControlApi> m_api;
    QTcpServer *m_tcp = nullptr; ///< owned by m_http once bound
    QHostAddress m_address;
    std::optional<QSslConfiguration> m_tls;
    QString m_error;
};

} // namespace audin::sim
