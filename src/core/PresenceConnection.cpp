// SPDX-License-Identifier: GPL-3.0-or-later
#include "PresenceConnection.h"

#include "Protocol.h"
#include "TlsTrust.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSslError>
#include <QWebSocket>
#include <algorithm>
#include <cstdlib>
#include <limits>

namespace audin {

using namespace protocol;

namespace {
// Larger frames are refused by Qt itself (closed 1009) before they are buffered whole.
constexpr qint64 hardIncomingLimitBytes = 1024 * 1024;
} // namespace

PresenceConnection::PresenceConnection(const OperatorConfig &config, QUrl url, Log log, std::shared_ptr<Clock> clock,
                                       QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_url(std::move(url))
    , m_log(std::move(log))
    , m_clock(std::move(clock))
    , m_backoff(config.reconnectBackoffMs)
    , m_refreshBackoff(config.reconnectBackoffMs)
{
    m_heartbeatTimer.setTimerType(Qt::CoarseTimer);
    m_deadTimer.setSingleShot(true);
    m_reconnectTimer.setSingleShot(true);
    m_refreshTimer.setSingleShot(true);
    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, &PresenceConnection::onHandshakeTimeout);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &PresenceConnection::sendPing);
    connect(&m_deadTimer, &QTimer::timeout, this, &PresenceConnection::onDeadTimeout);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &PresenceConnection::attempt);
    connect(&m_refreshTimer, &QTimer::timeout, this, &PresenceConnection::startRefresh);
}

PresenceConnection::~PresenceConnection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void PresenceConnection::start()
{
    if (m_state != PresenceState::Offline)
        return;
    m_backoff.reset();
    m_consecutiveAuthFailures = 0;
    m_authFailedReported = false;
    setState(PresenceState::Connecting);
    attempt();
}

void PresenceConnection::stop()
{
    if (m_state == PresenceState::Offline)
        return;
    ++m_generation;
    m_reconnectTimer.stop();
    m_reconnectDueMs = -1;
    const bool wasReady = m_readyReceived;
    if (m_socket)
        retireSocket(CloseNormal, QStringLiteral("client going offline"));
    stopConnectionTimers();
    m_readyReceived = false;
    setState(PresenceState::Offline);
    if (wasReady)
        emit connectionLost();
}

bool PresenceConnection::send(const QJsonObject &message)
{
    if (!m_socket || !m_readyReceived)
        return false;
    m_log.debug(QStringLiteral("presence → %1").arg(summarize(message)));
    m_socket->sendTextMessage(serialize(message));
    return true;
}

QString PresenceConnection::nextRequestId()
{
    return QString::number(++m_requestCounter);
}

qint64 PresenceConnection::msUntilReconnect() const
{
    if (m_state != PresenceState::Reconnecting || !m_reconnectTimer.isActive())
        return -1;
    return std::max<qint64>(0, m_reconnectDueMs - m_clock->monotonicMs());
}

int PresenceConnection::effectiveHeartbeatMs() const
{
    if (m_config.heartbeatIntervalMs && *m_config.heartbeatIntervalMs > 0)
        return *m_config.heartbeatIntervalMs;
    if (m_serverHeartbeatMs && *m_serverHeartbeatMs > 0)
        return *m_serverHeartbeatMs;
    return OperatorConfig::DefaultHeartbeatIntervalMs;
}

void PresenceConnection::setState(PresenceState state)
{
    if (m_state == state)
        return;
    m_state = state;
    m_log.info(QStringLiteral("presence state: %1").arg(wireName(state)));
    emit stateChanged(state);
}

void PresenceConnection::attempt()
{
    m_reconnectDueMs = -1;
    const quint64 generation = ++m_generation;
    if (!m_config.tokenSource) {
        fail(ErrorCode::TokenFetchFailed, QStringLiteral("no token source is configured"));
        scheduleReconnect();
        return;
    }
    m_log.debug(QStringLiteral("fetching a session token from %1").arg(m_config.tokenSource->describe()));
    m_config.tokenSource->fetchToken(this, [this, generation](const TokenResult &result) {
        if (generation != m_generation)
            return; // stopped or superseded meanwhile
        if (!result.ok()) {
            m_consecutiveAuthFailures = 0; // not a 4001: the run of auth failures is broken
            fail(ErrorCode::TokenFetchFailed, QStringLiteral("could not get a session token: %1").arg(result.error));
            scheduleReconnect();
            return;
        }
        openSocket(*result.token);
    });
}

void PresenceConnection::openSocket(const OperatorSessionToken &token)
{
    m_token = token;
    m_tokenReceivedMs = m_clock->monotonicMs();
    m_tokenReceivedUtc = m_clock->nowUtc();
    m_serviceAnchorUtc = {}; // until this connection's `ready`
    m_socketOpen = false;
    m_readyReceived = false;
    m_tlsError = false;
    m_transportLost = false;
    m_localClose = LocalClose::None;
    m_serverHeartbeatMs.reset();

    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    socket->setMaxAllowedIncomingMessageSize(hardIncomingLimitBytes);
    connect(socket, &QWebSocket::connected, this, &PresenceConnection::onSocketConnected);
    connect(socket, &QWebSocket::textMessageReceived, this, &PresenceConnection::onTextMessage);
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        if (m_readyReceived)
            m_deadTimer.start();
        m_log.debug(QStringLiteral("presence: ignoring a %1-byte binary frame").arg(data.size()));
    });
    connect(socket, &QWebSocket::pong, this, [this](quint64, const QByteArray &) {
        if (m_readyReceived)
            m_deadTimer.start();
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onSocketGone(socket); });
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, socket](QAbstractSocket::SocketError e) { onSocketError(socket, e); });
    // Certificate errors are never ignored: the handshake fails, so `auth` (the token) is never sent.
    connect(socket, &QWebSocket::sslErrors, this, [this, socket](const QList<QSslError> &errors) {
        m_tlsError = true;
        TlsTrust::remember(socket, errors, m_url.host());
        m_log.warn(QStringLiteral("TLS errors on the presence channel: %1").arg(TlsTrust::remembered(socket)));
    });
    if (!m_config.extraCaCertificates.isEmpty())
        socket->setSslConfiguration(TlsTrust::configuration(m_config.extraCaCertificates));

    // A TCP connect or WebSocket upgrade that never finishes, or an `auth` never answered, is cut
    // off after handshakeTimeoutMs (the dead-connection check only applies once `ready` arrived).
    m_deadTimer.stop();
    m_handshakeTimer.start(std::max(1, m_config.handshakeTimeoutMs));
    m_log.info(QStringLiteral("opening %1").arg(m_url.toString()));
    socket->open(m_url);
}

void PresenceConnection::onSocketConnected()
{
    m_socketOpen = true;
    QJsonObject client {{QStringLiteral("name"), m_config.client.name},
                        {QStringLiteral("version"), m_config.client.version},
                        {QStringLiteral("platform"), m_config.client.platform}};
    const QJsonObject auth {{QStringLiteral("type"), QStringLiteral("auth")},
                            {QStringLiteral("token"), m_token.token},
                            {QStringLiteral("client"), client}};
    m_log.debug(QStringLiteral("presence → %1").arg(summarize(auth)));
    m_socket->sendTextMessage(serialize(auth));
}

void PresenceConnection::onTextMessage(const QString &text)
{
    if (m_readyReceived)
        m_deadTimer.start(); // any frame at all proves the connection is alive
    const ParsedFrame frame = parseTextFrame(text, m_config.maxTextFrameBytes);
    if (!frame.ok()) {
        const int code = closeCodeFor(frame.error);
        m_log.warn(QStringLiteral("presence protocol error: %1; closing with %2").arg(describe(frame.error)).arg(code));
        fail(ErrorCode::ProtocolError,
             QStringLiteral("the service sent an invalid frame: %1").arg(describe(frame.error)));
        m_localClose = LocalClose::ProtocolError;
        retireSocket(code, describe(frame.error));
        applyClosePolicy(code, QString());
        return;
    }
    const QJsonObject &message = frame.message;
    const QString &type = frame.type;
    if (type != QLatin1String("pong"))
        m_log.debug(QStringLiteral("presence ← %1").arg(summarize(message)));

    if (type == QLatin1String("ready")) {
        handleReady(message);
    } else if (type == QLatin1String("pong")) {
        const qint64 sent = message.value(QLatin1String("ts")).toVariant().toLongLong();
        if (sent > 0)
            m_log.debug(QStringLiteral("presence rtt %1 ms").arg(QDateTime::currentMSecsSinceEpoch() - sent));
    } else if (type == QLatin1String("refreshed")) {
        onRefreshReply(message, true);
    } else if (type == QLatin1String("error") && !m_refreshRequestId.isEmpty()
               && message.value(QLatin1String("id")).toString() == m_refreshRequestId) {
        onRefreshReply(message, false);
    } else if (!m_readyReceived) {
        // Before `ready` the service only explains why it is about to close; the close code decides.
        m_log.info(QStringLiteral("presence message before ready: %1").arg(summarize(message)));
    } else {
        emit messageReceived(message);
    }
}

void PresenceConnection::handleReady(const QJsonObject &message)
{
    if (m_readyReceived)
        return;
    m_readyReceived = true;
    m_handshakeTimer.stop();
    if (const int advice
        = protocol::boundedHeartbeatAdviceMs(message.value(QLatin1String("heartbeatIntervalMs")).toDouble(0));
        advice > 0)
        m_serverHeartbeatMs = advice;
    const int heartbeat = effectiveHeartbeatMs();
    m_log.info(QStringLiteral("presence ready: session %1, operator %2, heartbeat %3 ms")
                   .arg(message.value(QLatin1String("sessionId")).toString(),
                        message.value(QLatin1String("operatorId")).toString())
                   .arg(heartbeat));
    // Anchor the service's clock to the monotonic one (PROTOCOL.md 3.1 `serverTime`): expiresAt is the
    // service's time, and this machine's clock may be off or jump while the session lasts.
    const qint64 monotonicNow = m_clock->monotonicMs();
    const QDateTime wallNow = m_clock->nowUtc();
    const QDateTime serverTime
        = QDateTime::fromString(message.value(QLatin1String("serverTime")).toString(), Qt::ISODateWithMs);
    constexpr qint64 AgreeWithinMs = 2000; // serverTime may carry whole seconds only; then ours is finer
    m_serviceAnchorMs = monotonicNow;
    m_serviceAnchorUtc
        = serverTime.isValid() && std::abs(wallNow.msecsTo(serverTime)) > AgreeWithinMs ? serverTime.toUTC() : wallNow;
    if (m_serviceAnchorUtc != wallNow)
        m_log.warn(QStringLiteral("this machine's clock is %1 s off the service's; token lifetimes follow the "
                                  "service's clock")
                       .arg(double(wallNow.msecsTo(serverTime)) / 1000.0, 0, 'f', 1));
    m_backoff.reset();
    m_consecutiveAuthFailures = 0;
    m_authFailedReported = false;
    m_heartbeatTimer.start(heartbeat);
    m_deadTimer.setInterval(heartbeat + m_config.deadConnectionGraceMs);
    m_deadTimer.start();
    scheduleRefresh();
    // The service re-sends the remembered availability first, so an observer reacting to
    // `online` with its own go_online does not cause a duplicate request.
    emit ready(message);
    setState(PresenceState::Online);
}

void PresenceConnection::sendPing()
{
    if (!m_socket || !m_readyReceived)
        return;
    const QJsonObject ping {{QStringLiteral("type"), QStringLiteral("ping")},
                            {QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch()}};
    m_socket->sendTextMessage(serialize(ping));
}

void PresenceConnection::onDeadTimeout()
{
    if (!m_socket)
        return;
    const int silentMs = m_deadTimer.interval();
    m_log.warn(QStringLiteral("presence: no frame for %1 ms, treating the connection as dead").arg(silentMs));
    fail(ErrorCode::WsError, QStringLiteral("the connection to the service stopped answering (%1 ms)").arg(silentMs));
    m_localClose = LocalClose::Dead;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    applyClosePolicy(CloseAbnormal, QString());
}

void PresenceConnection::onHandshakeTimeout()
{
    if (!m_socket || m_readyReceived)
        return;
    const int ms = m_config.handshakeTimeoutMs;
    const QString what = m_socketOpen
        ? QStringLiteral("did not answer the sign-in (auth) within %1 ms").arg(ms)
        : QStringLiteral("did not complete the connection handshake within %1 ms").arg(ms);
    m_log.warn(QStringLiteral("presence: the service %1; dropping the connection").arg(what));
    fail(ErrorCode::WsError, QStringLiteral("the service %1").arg(what));
    m_localClose = LocalClose::Dead;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    applyClosePolicy(CloseAbnormal, QString());
}

void PresenceConnection::onSocketError(QWebSocket *socket, QAbstractSocket::SocketError socketError)
{
    if (socket != m_socket)
        return;
    // Once the WebSocket is open, `disconnected` follows. Qt reports the default code 1000 when the
    // TCP connection simply vanished, so an error before any close frame marks the loss as abnormal.
    if (m_socketOpen) {
        if (socket->state() == QAbstractSocket::ConnectedState)
            m_transportLost = true;
        return;
    }
    const QString refusal = TlsTrust::remembered(socket);
    const QString text = refusal.isEmpty() ? socket->errorString() : refusal;
    m_log.warn(QStringLiteral("presence connection failed: %1").arg(text));
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    const bool tls = m_tlsError || socketError == QAbstractSocket::SslHandshakeFailedError;
    fail(tls ? ErrorCode::TlsError : ErrorCode::WsError,
         QStringLiteral("could not connect to the service: %1").arg(text));
    applyClosePolicy(CloseAbnormal, QStringLiteral("reported"));
}

void PresenceConnection::onSocketGone(QWebSocket *socket)
{
    if (socket != m_socket)
        return;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->deleteLater();
    const int code = m_transportLost ? int(CloseAbnormal) : int(socket->closeCode());
    const QString reason = socket->closeReason();
    if (!m_socketOpen) {
        const bool tls = m_tlsError;
        QString why = TlsTrust::remembered(socket);
        if (why.isEmpty())
            why = socket->errorString().isEmpty() ? QStringLiteral("connection failed") : socket->errorString();
        m_log.warn(QStringLiteral("presence connection failed before the handshake: %1").arg(why));
        fail(tls ? ErrorCode::TlsError : ErrorCode::WsError,
             QStringLiteral("could not connect to the service: %1").arg(why));
        applyClosePolicy(CloseAbnormal, QStringLiteral("reported"));
        return;
    }
    if (!m_transportLost && isLocalQtClose(code, reason)) {
        // Qt itself refused what the service sent (too large for our limit, invalid UTF-8, a broken
        // frame) and closed: the service broke the protocol, it did not close the connection.
        m_log.warn(
            QStringLiteral("presence: closed by this client (code %1): the service sent %2").arg(code).arg(reason));
        fail(ErrorCode::ProtocolError,
             QStringLiteral("the service sent a frame this client cannot accept (%1); reconnecting").arg(reason));
        m_localClose = LocalClose::ProtocolError;
        applyClosePolicy(code, QString());
        return;
    }
    m_log.info(QStringLiteral("presence closed by the service: code %1%2")
                   .arg(code)
                   .arg(reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(reason)));
    // Only a real close frame carries the service's verdict; a vanished TCP connection does not.
    if (!m_transportLost)
        emit closedByService(code, reason);
    applyClosePolicy(code, QString());
}

void PresenceConnection::retireSocket(int closeCode, const QString &reason)
{
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    if (!socket)
        return;
    socket->disconnect(this);
    // The close handshake finishes on its own; a peer that never answers is cut off.
    connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(2000, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    socket->close(static_cast<QWebSocketProtocol::CloseCode>(closeCode), reason);
}

void PresenceConnection::applyClosePolicy(int code, const QString &reason)
{
    const bool wasReady = m_readyReceived;
    const LocalClose local = std::exchange(m_localClose, LocalClose::None);
    // "After 3 in a row" (PROTOCOL.md 3.7): any other kind of failure breaks the run.
    if (code != CloseAuthFailed || local != LocalClose::None || reason == QLatin1String("reported"))
        m_consecutiveAuthFailures = 0;
    stopConnectionTimers();
    m_readyReceived = false;
    m_socketOpen = false;
    if (wasReady)
        emit connectionLost();

    if (local == LocalClose::ProtocolError || local == LocalClose::Dead || reason == QLatin1String("reported")) {
        scheduleReconnect(); // error already reported where it was detected
        return;
    }

    switch (code) {
    case CloseNormal:
        setState(PresenceState::Offline);
        return;
    case CloseGoingAway:
        m_backoff.reset();
        break;
    case CloseTooLarge:
    case CloseProtocolError:
        fail(ErrorCode::ProtocolError,
             QStringLiteral("the service closed the connection: protocol error (%1)").arg(code));
        break;
    case CloseAuthFailed:
        ++m_consecutiveAuthFailures;
        if (m_consecutiveAuthFailures >= 3) {
            m_backoff.jumpToLast();
            if (!m_authFailedReported) {
                m_authFailedReported = true;
                fail(ErrorCode::AuthFailed,
                     QStringLiteral("the service refused the session token %1 times in a row").arg(3));
            }
        }
        break;
    case CloseForbidden:
        fail(ErrorCode::Forbidden, QStringLiteral("the operator or the account is disabled"));
        setState(PresenceState::Offline);
        return;
    case CloseHeartbeatTimeout:
        break;
    case CloseReplaced:
        fail(ErrorCode::SessionReplaced,
             QStringLiteral("this operator signed in elsewhere; this session was replaced"));
        setState(PresenceState::Offline);
        return;
    default:
        fail(m_tlsError ? ErrorCode::TlsError : ErrorCode::WsError,
             QStringLiteral("the connection to the service was lost (close code %1)").arg(code));
        break;
    }
    scheduleReconnect();
}

void PresenceConnection::scheduleReconnect()
{
    const int delay = m_backoff.nextDelayMs();
    setState(PresenceState::Reconnecting);
    m_reconnectDueMs = m_clock->monotonicMs() + delay;
    m_reconnectTimer.start(delay);
    m_log.info(QStringLiteral("presence: reconnecting in %1 ms").arg(delay));
    emit reconnectScheduled(delay);
}

void PresenceConnection::stopConnectionTimers()
{
    m_handshakeTimer.stop();
    m_heartbeatTimer.stop();
    m_deadTimer.stop();
    m_refreshTimer.stop();
    m_refreshInFlight = false;
    m_refreshRequestId.clear();
    m_pendingRefreshToken.reset();
    m_refreshBackoff.reset();
}

void PresenceConnection::fail(const char *code, const QString &message, const QJsonValue &cause)
{
    emit error(OperatorError {QString::fromLatin1(code), message, cause});
}

// ---- Token refresh on a live connection (PROTOCOL.md 3.3) ----

void PresenceConnection::scheduleRefresh()
{
    m_refreshTimer.stop();
    if (!m_token.expiresAt)
        return;
    const int floorMs = minRefreshIntervalMs();
    const qint64 lifetimeMs = tokenLifetimeMs();
    qint64 delay = floorMs;
    if (lifetimeMs > 0) {
        // Lifetime is counted from when the client received the token (PROTOCOL.md 3.3), on the
        // monotonic clock, so a wall clock that jumps afterwards cannot move the refresh.
        const qint64 atMs = m_tokenReceivedMs + qint64(double(lifetimeMs) * m_config.tokenRefreshFraction);
        delay = std::max<qint64>(floorMs, atMs - m_clock->monotonicMs());
    } else {
        // Clock skew, or a token service writing local time without a zone (read as UTC). The
        // service decides when the token really expires; until then refresh on the backoff schedule
        // (a source that keeps handing out such tokens must not be asked once a second forever).
        delay = std::max<qint64>(floorMs, m_refreshBackoff.nextDelayMs());
        const QString explanation
            = QStringLiteral("the session token's expiresAt %1 was already past when it arrived (this machine's "
                             "clock says %2); check both clocks and that expiresAt carries a time zone")
                  .arg(m_token.expiresAt->toString(Qt::ISODate), m_tokenReceivedUtc.toString(Qt::ISODate));
        if (!m_warnedExpiredOnReceipt) {
            m_warnedExpiredOnReceipt = true;
            m_log.warn(QStringLiteral("%1. Refreshing with backoff, next in %2 ms.").arg(explanation).arg(delay));
        }
        if (!m_reportedExpiredOnReceipt) {
            m_reportedExpiredOnReceipt = true;
            fail(ErrorCode::TokenFetchFailed,
                 QStringLiteral("The token source returned an already expired token: %1.").arg(explanation));
        }
    }
    m_log.debug(QStringLiteral("token refresh in %1 ms").arg(delay));
    m_refreshTimer.start(int(std::min<qint64>(delay, std::numeric_limits<int>::max())));
}

int PresenceConnection::minRefreshIntervalMs() const
{
    if (m_config.minTokenRefreshIntervalMs)
        return std::max(1, *m_config.minTokenRefreshIntervalMs);
    const QList<int> &steps = m_config.reconnectBackoffMs;
    return steps.isEmpty() ? 1000 : std::max(1, steps.first());
}

QDateTime PresenceConnection::serviceTimeAt(qint64 monotonicMs, const QDateTime &wallClockThen) const
{
    if (!m_serviceAnchorUtc.isValid())
        return wallClockThen;
    return m_serviceAnchorUtc.addMSecs(monotonicMs - m_serviceAnchorMs);
}

qint64 PresenceConnection::tokenLifetimeMs() const
{
    return m_token.expiresAt ? serviceTimeAt(m_tokenReceivedMs, m_tokenReceivedUtc).msecsTo(*m_token.expiresAt) : 0;
}

void PresenceConnection::startRefresh()
{
    if (!m_readyReceived || m_refreshInFlight || !m_config.tokenSource)
        return;
    m_refreshInFlight = true;
    const quint64 generation = m_generation;
    m_log.debug(QStringLiteral("refreshing the session token"));
    m_config.tokenSource->fetchToken(this, [this, generation](const TokenResult &result) {
        if (generation != m_generation)
            return;
        onRefreshFetched(result);
    });
}

void PresenceConnection::onRefreshFetched(const TokenResult &result)
{
    if (!m_readyReceived)
        return;
    if (!result.ok()) {
        m_refreshInFlight = false;
        fail(ErrorCode::TokenFetchFailed, QStringLiteral("could not refresh the session token: %1").arg(result.error));
        retryRefresh();
        return;
    }
    m_pendingRefreshToken = *result.token;
    m_pendingRefreshReceivedMs = m_clock->monotonicMs();
    m_pendingRefreshReceivedUtc = m_clock->nowUtc();
    m_refreshRequestId = nextRequestId();
    const QJsonObject refresh {{QStringLiteral("type"), QStringLiteral("refresh")},
                               {QStringLiteral("id"), m_refreshRequestId},
                               {QStringLiteral("token"), result.token->token}};
    m_log.debug(QStringLiteral("presence → %1").arg(summarize(refresh)));
    m_socket->sendTextMessage(serialize(refresh));
}

void PresenceConnection::onRefreshReply(const QJsonObject &message, bool ok)
{
    if (!m_refreshInFlight || message.value(QLatin1String("id")).toString() != m_refreshRequestId)
        return;
    m_refreshInFlight = false;
    m_refreshRequestId.clear();
    if (!ok || !m_pendingRefreshToken) {
        m_log.warn(QStringLiteral("the service refused the refreshed token: %1").arg(summarize(message)));
        m_pendingRefreshToken.reset();
        retryRefresh();
        return;
    }
    m_token = *m_pendingRefreshToken;
    m_tokenReceivedMs = m_pendingRefreshReceivedMs;
    m_tokenReceivedUtc = m_pendingRefreshReceivedUtc;
    m_pendingRefreshToken.reset();
    if (tokenLifetimeMs() > 0) {
        // Only a token with time left ends a run of expired ones (scheduleRefresh walks the backoff).
        m_refreshBackoff.reset();
        m_reportedExpiredOnReceipt = false;
    }
    m_log.info(QStringLiteral("session token refreshed"));
    scheduleRefresh();
}

void PresenceConnection::retryRefresh()
{
    if (!m_token.expiresAt)
        return;
    qint64 delay = m_refreshBackoff.nextDelayMs();
    const qint64 lifetimeMs = tokenLifetimeMs();
    if (lifetimeMs > 0) {
        // "Until the old token expires", counted from receipt like the refresh point itself.
        const qint64 untilExpiry = m_tokenReceivedMs + lifetimeMs - m_clock->monotonicMs();
        if (untilExpiry <= 0) {
            m_log.warn(QStringLiteral("session token expired before it could be refreshed"));
            return; // the service closes with 4001 and the reconnect fetches a new one
        }
        delay = std::min(delay, untilExpiry);
    }
    // A token already expired by our clock has no known end here: retry until the service closes.
    m_refreshTimer.start(int(std::max<qint64>(minRefreshIntervalMs(), delay)));
}

} // namespace audin
