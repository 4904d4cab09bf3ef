// SPDX-License-Identifier: GPL-3.0-or-later
#include "PresenceSession.h"

#include "EventLog.h"
#include "Jwt.h"

#include <QJsonDocument>
#include <QWebSocket>
#include <limits>

namespace audin::sim {

namespace {

// A peer that does not answer our close frame must not keep the session alive for ever.
constexpr int CloseGuardMs = 2000;

// Reasons Qt's WebSocket layer uses when it closes on its own (oversized or malformed input):
// such a close is the server's doing even though we never called close().
bool isWebSocketLayerClose(int code, const QString &reason)
{
    return (code == 1009 || code == 1002 || code == 1007)
        && (reason.contains(QLatin1String("too big")) || reason.contains(QLatin1String("framesize"))
            || reason.contains(QLatin1String("Invalid")) || reason.contains(QLatin1String("invalid")));
}

QString truncatedReason(const QString &reason)
{
    // A close frame carries at most 123 bytes of reason.
    QByteArray utf8 = reason.toUtf8();
    if (utf8.size() <= 123)
        return reason;
    utf8.truncate(123);
    return QString::fromUtf8(utf8).chopped(1);
}

} // namespace

PresenceSession::PresenceSession(std::unique_ptr<QWebSocket> socket, QString sessionId, EventLog &log,
                                 int authTimeoutMs, QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_sessionId(std::move(sessionId))
    , m_log(log)
    , m_connectedAt(QDateTime::currentDateTimeUtc())
    , m_lastFrameAt(m_connectedAt)
{
    m_lastFrame.start();
    // Qt closes with 1009 on its own before buffering anything larger.
    m_socket->setMaxAllowedIncomingFrameSize(MaxTextFrameBytes);
    m_socket->setMaxAllowedIncomingMessageSize(MaxTextFrameBytes);

    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &PresenceSession::onText);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, &PresenceSession::onBinary);
    connect(m_socket.get(), &QWebSocket::aboutToClose, this, &PresenceSession::onAboutToClose);
    connect(m_socket.get(), &QWebSocket::disconnected, this, &PresenceSession::onDisconnected);

    m_authTimer.setSingleShot(true);
    connect(&m_authTimer, &QTimer::timeout, this, &PresenceSession::onAuthDeadline);
    m_authTimer.start(authTimeoutMs);
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, &PresenceSession::onExpiryDeadline);
    m_closeGuard.setSingleShot(true);
    connect(&m_closeGuard, &QTimer::timeout, this, [this] {
        recordSys(QStringLiteral("abort"), {{QStringLiteral("reason"), QStringLiteral("close handshake timed out")}});
        m_socket->abort();
    });

    recordSys(QStringLiteral("open"),
              {{QStringLiteral("path"), m_socket->requestUrl().path()},
               {QStringLiteral("peer"), m_socket->peerAddress().toString()}});
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QTimer::singleShot(0, this, &PresenceSession::onDisconnected);
}

PresenceSession::~PresenceSession()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void PresenceSession::markAuthenticated(const QString &operatorId, const QString &accountId, qint64 tokenExpiresAtMs)
{
    m_authenticated = true;
    m_operatorId = operatorId;
    m_accountId = accountId;
    m_authTimer.stop();
    setTokenExpiry(tokenExpiresAtMs);
}

void PresenceSession::setTokenExpiry(qint64 expiresAtMs)
{
    m_tokenExpiresAtMs = expiresAtMs;
    const qint64 remaining = expiresAtMs - QDateTime::currentMSecsSinceEpoch();
    m_expiryTimer.start(int(qBound(qint64(0), remaining, qint64(std::numeric_limits<int>::max()))));
}

void PresenceSession::send(const QJsonObject &frame)
{
    if (isClosing())
        return;
    QJsonObject event = envelope(QStringLiteral("out"), frame.value(QStringLiteral("type")).toString());
    const QJsonObject fields = EventLog::sanitizeFrame(frame);
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (!event.contains(it.key()))
            event.insert(it.key(), it.value());
    }
    if (m_stalled)
        event.insert(QStringLiteral("suppressed"), true);
    else
        m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
    m_log.record(event);
}

void PresenceSession::sendError(const QJsonValue &id, const QString &code, const QString &message)
{
    QJsonObject frame {{QStringLiteral("type"), QStringLiteral("error")},
                       {QStringLiteral("code"), code},
                       {QStringLiteral("message"), message}};
    if (!id.isUndefined() && !id.isNull())
        frame.insert(QStringLiteral("id"), id);
    send(frame);
}

void PresenceSession::sendRawText(const QString &text, const QJsonObject &logFields)
{
    if (isClosing())
        return;
    QJsonObject event = envelope(QStringLiteral("out"), QStringLiteral("raw"));
    for (auto it = logFields.begin(); it != logFields.end(); ++it)
        event.insert(it.key(), it.value());
    event.insert(QStringLiteral("bytes"), int(text.toUtf8().size()));
    if (m_stalled)
        event.insert(QStringLiteral("suppressed"), true);
    else
        m_socket->sendTextMessage(text);
    m_log.record(event);
}

void PresenceSession::sendBinary(const QByteArray &data)
{
    if (isClosing())
        return;
    QJsonObject event = envelope(QStringLiteral("out"), QStringLiteral("binary"));
    event.insert(QStringLiteral("bytes"), int(data.size()));
    if (m_stalled)
        event.insert(QStringLiteral("suppressed"), true);
    else
        m_socket->sendBinaryMessage(data);
    m_log.record(event);
}

void PresenceSession::closeWith(int code, const QString &reason)
{
    if (isClosing())
        return;
    m_closing = true;
    m_closeRecorded = true;
    m_authTimer.stop();
    m_expiryTimer.stop();
    recordSys(QStringLiteral("close"),
              {{QStringLiteral("code"), code},
               {QStringLiteral("reason"), reason},
               {QStringLiteral("by"), QStringLiteral("server")},
               {QStringLiteral("aborted"), m_stalled}});
    if (m_stalled) {
        m_socket->abort();
        return;
    }
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), truncatedReason(reason));
    if (!m_finished)
        m_closeGuard.start(CloseGuardMs);
}

void PresenceSession::abort(const QString &reason)
{
    if (isClosing())
        return;
    m_closing = true;
    m_closeRecorded = true;
    m_authTimer.stop();
    m_expiryTimer.stop();
    recordSys(QStringLiteral("abort"), {{QStringLiteral("reason"), reason}});
    m_socket->abort();
}

void PresenceSession::stall()
{
    m_stalled = true;
}

void PresenceSession::recordSys(const QString &type, QJsonObject fields)
{
    QJsonObject event = envelope(QStringLiteral("sys"), type);
    for (auto it = fields.begin(); it != fields.end(); ++it)
        event.insert(it.key(), it.value());
    m_log.record(event);
}

void PresenceSession::onText(const QString &text)
{
    if (isClosing())
        return;
    const QByteArray utf8 = text.toUtf8();
    if (m_stalled) {
        // A half-open link: the frame never "arrives", so it is neither processed nor activity.
        recordIn(QStringLiteral("ignored"),
                 {{QStringLiteral("bytes"), int(utf8.size())}, {QStringLiteral("stalled"), true}});
        return;
    }
    m_lastFrame.restart();
    m_lastFrameAt = QDateTime::currentDateTimeUtc();
    if (utf8.size() > MaxTextFrameBytes) {
        recordIn(QStringLiteral("invalid"),
                 {{QStringLiteral("bytes"), int(utf8.size())},
                  {QStringLiteral("error"), QStringLiteral("frame too large")}});
        closeWith(1009, QStringLiteral("frame larger than 64 KiB"));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        recordIn(QStringLiteral("invalid"),
                 {{QStringLiteral("bytes"), int(utf8.size())},
                  {QStringLiteral("error"), QStringLiteral("not a JSON object")}});
        closeWith(4400, QStringLiteral("frame is not a JSON object"));
        return;
    }
    const QJsonObject frame = doc.object();
    const QJsonValue type = frame.value(QStringLiteral("type"));
    if (!type.isString()) {
        recordIn(
            QStringLiteral("invalid"),
            {{QStringLiteral("bytes"), int(utf8.size())}, {QStringLiteral("error"), QStringLiteral("no string type")}});
        closeWith(4400, QStringLiteral("frame lacks a string type"));
        return;
    }
    QJsonObject fields = EventLog::sanitizeFrame(frame);
    const QJsonValue token = frame.value(QStringLiteral("token"));
    QString claimedOperator;
    if (token.isString()) {
        const auto claims = Jwt::peekClaims(token.toString().toUtf8());
        fields.insert(QStringLiteral("tokenId"),
                      claims ? claims->value(QStringLiteral("jti")) : QJsonValue(QJsonValue::Null));
        // Before authentication the session has no operator yet: log the one the token names,
        // so "every auth of op_x" can be counted. The hub decides whether to believe it.
        if (claims && !m_authenticated)
            claimedOperator = claims->value(QStringLiteral("sub")).toString();
    }
    recordIn(type.toString(), fields, claimedOperator);
    emit frameReceived(this, frame);
}

void PresenceSession::onBinary(const QByteArray &data)
{
    if (isClosing())
        return;
    if (m_stalled) {
        recordIn(QStringLiteral("ignored"),
                 {{QStringLiteral("bytes"), int(data.size())}, {QStringLiteral("stalled"), true}});
        return;
    }
    m_lastFrame.restart();
    m_lastFrameAt = QDateTime::currentDateTimeUtc();
    recordIn(QStringLiteral("binary"), {{QStringLiteral("bytes"), int(data.size())}});
    closeWith(4400, QStringLiteral("binary frames are not allowed on presence"));
}

void PresenceSession::onAboutToClose()
{
    if (m_closeRecorded)
        return;
    // Either the client sent a close frame (Qt echoes it) or Qt itself refused the input.
    m_closeRecorded = true;
    m_closing = true;
    m_authTimer.stop();
    m_expiryTimer.stop();
    const int code = int(m_socket->closeCode());
    const QString reason = m_socket->closeReason();
    const bool byServer = isWebSocketLayerClose(code, reason);
    recordSys(QStringLiteral("close"),
              {{QStringLiteral("code"), code},
               {QStringLiteral("reason"), reason},
               {QStringLiteral("by"), byServer ? QStringLiteral("server") : QStringLiteral("client")}});
}

void PresenceSession::onDisconnected()
{
    if (m_finished)
        return;
    m_finished = true;
    m_authTimer.stop();
    m_expiryTimer.stop();
    m_closeGuard.stop();
    if (!m_closeRecorded) {
        m_closeRecorded = true;
        recordSys(QStringLiteral("close"),
                  {{QStringLiteral("code"), 1006},
                   {QStringLiteral("reason"), QStringLiteral("connection lost without a close frame")},
                   {QStringLiteral("by"), QStringLiteral("network")}});
    }
    recordSys(QStringLiteral("disconnected"));
    emit finished(this);
}

void PresenceSession::onAuthDeadline()
{
    if (m_authenticated || isClosing())
        return;
    recordSys(QStringLiteral("auth_timeout"));
    closeWith(4001, QStringLiteral("no auth in time"));
}

void PresenceSession::onExpiryDeadline()
{
    if (isClosing())
        return;
    const qint64 remaining = m_tokenExpiresAtMs - QDateTime::currentMSecsSinceEpoch();
    if (remaining > 0) {
        // Long lifetimes exceed one timer interval; wait again.
        m_expiryTimer.start(int(qMin<qint64>(remaining, std::numeric_limits<int>::max())));
        return;
    }
    recordSys(QStringLiteral("token_expired"));
    closeWith(4001, QStringLiteral("token expired"));
}

QJsonObject PresenceSession::envelope(const QString &dir, const QString &type) const
{
    return {{QStringLiteral("sessionId"), m_sessionId},
            {QStringLiteral("operatorId"),
             m_operatorId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m_operatorId)},
            {QStringLiteral("dir"), dir},
            {QStringLiteral("type"), type}};
}

void PresenceSession::recordIn(const QString &type, QJsonObject fields, const QString &operatorId)
{
    QJsonObject event = envelope(QStringLiteral("in"), type);
    if (!operatorId.isEmpty())
        event.insert(QStringLiteral("operatorId"), operatorId);
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (!event.contains(it.key()))
            event.insert(it.key(), it.value());
    }
    m_log.record(event);
}

} // namespace audin::sim
