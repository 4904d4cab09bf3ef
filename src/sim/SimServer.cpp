// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimServer.h"

#include "CallRegistry.h"
#include "ControlApi.h"
#include "EventLog.h"
#include "MediaHub.h"
#include "PresenceHub.h"
#include "SimFault.h"
#include "SimHttpServer.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>
#include <QWebSocket>

namespace audin::sim {

namespace {

const QString PresencePath = QStringLiteral("/v1/operator/presence");

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "OTHER";
    }
}

} // namespace

SimServer::SimServer(SimConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_tokens(m_config.jwtSecret)
    , m_log(std::make_unique<EventLog>())
    , m_calls(std::make_unique<CallRegistry>(m_config, *m_log))
    , m_http(
          std::make_unique<SimHttpServer>([this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
              handleHttp(request, responder);
          }))
    , m_hub(std::make_unique<PresenceHub>(m_config, m_tokens, *m_log, *m_calls))
    , m_media(std::make_unique<MediaHub>(m_config, m_tokens, *m_calls, *m_log))
    , m_api(std::make_unique<ControlApi>(*this))
{
    m_calls->setDirectory(m_hub.get());
    connect(m_calls.get(), &CallRegistry::callEnded, m_media.get(), &MediaHub::onCallEnded);
    connect(m_log.get(), &EventLog::recorded, this, &SimServer::eventRecorded);
    connect(m_http.get(), &QAbstractHttpServer::newWebSocketConnection, this, &SimServer::onWebSocket);
}

SimServer::~SimServer()
{
    // Sessions go first: they hold sockets the HTTP server handed over, and report to the log.
    m_media.reset();
    m_hub.reset();
    m_http.reset();
}

bool SimServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_tcp) {
        m_error = QStringLiteral("already listening");
        return false;
    }
    std::unique_ptr<QTcpServer> tcp;
    if (m_tls) {
        auto ssl = std::make_unique<QSslServer>();
        ssl->setSslConfiguration(*m_tls);
        // The handshake is the client's to refuse; the event shows a test it got that far and no further.
        connect(ssl.get(), &QSslServer::errorOccurred, this, [this](QSslSocket *socket, QAbstractSocket::SocketError) {
            recordSys(QStringLiteral("tls_failed"), {{QStringLiteral("error"), socket->errorString()}});
        });
        tcp = std::move(ssl);
    } else {
        tcp = std::make_unique<QTcpServer>();
    }
    if (!tcp->listen(address, port)) {
        m_error
            = QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(tcp->errorString());
        return false;
    }
    m_tcp = tcp.release();
    m_http->bind(m_tcp);
    m_address = address;
    recordSys(QStringLiteral("listening"), {{QStringLiteral("url"), baseUrl().toString()}});
    return true;
}

quint16 SimServer::port() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

QUrl SimServer::baseUrl() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    const bool any = m_address == QHostAddress::Any || m_address == QHostAddress::AnyIPv4 || m_address.isNull();
    if (any)
        url.setHost(QStringLiteral("127.0.0.1"));
    else if (m_address == QHostAddress::AnyIPv6)
        url.setHost(QStringLiteral("::1"));
    else
        url.setHost(m_address.toString());
    url.setPort(port());
    return url;
}

std::optional<QSslConfiguration> SimServer::loadTlsConfiguration(const QString &certificateFile, const QString &keyFile,
                                                                 QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QFile certificate(certificateFile);
    if (!certificate.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(certificateFile, certificate.errorString()));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificate.readAll(), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return fail(QStringLiteral("%1 holds no PEM certificate").arg(certificateFile));
    QFile keyData(keyFile);
    if (!keyData.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(keyFile, keyData.errorString()));
    const QByteArray pem = keyData.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return fail(QStringLiteral("%1 holds no unencrypted PEM RSA or EC private key").arg(keyFile));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients present no certificate
    return configuration;
}

QString SimServer::mintToken(const QString &operatorId, qint64 ttlMs, QDateTime *expiresAt)
{
    const SimOperator *op = m_config.findOperator(operatorId);
    const IssuedToken issued = m_tokens.mint(operatorId, op ? op->accountId : QString(), ttlMs);
    recordSys(QStringLiteral("token_issued"),
              {{QStringLiteral("operatorId"), operatorId},
               {QStringLiteral("tokenId"), issued.tokenId},
               {QStringLiteral("expiresAt"), issued.expiresAt.toString(Qt::ISODateWithMs)},
               {QStringLiteral("via"), QStringLiteral("api")}});
    if (expiresAt)
        *expiresAt = issued.expiresAt;
    return issued.token;
}

IssuedToken SimServer::issueToken(const QString &operatorId, const QString &via)
{
    const SimOperator *op = m_config.findOperator(operatorId);
    const IssuedToken issued = m_tokens.mint(operatorId, op ? op->accountId : QString(), m_config.settings.tokenTtlMs);
    recordSys(QStringLiteral("token_issued"),
              {{QStringLiteral("operatorId"), operatorId},
               {QStringLiteral("tokenId"), issued.tokenId},
               {QStringLiteral("expiresAt"), issued.expiresAt.toString(Qt::ISODateWithMs)},
               {QStringLiteral("via"), via}});
    return issued;
}

bool SimServer::applySettings(const QJsonObject &requested, QString *error)
{
    QString why;
    // resumeWindowMs belongs to the media config; the rest are SimSettings.
    QJsonObject settings = requested;
    std::optional<int> resumeWindowMs;
    if (settings.contains(QStringLiteral("resumeWindowMs"))) {
        const double value = settings.take(QStringLiteral("resumeWindowMs")).toDouble(-1);
        if (value < 1 || value > 600000 || value != double(qint64(value))) {
            why = QStringLiteral("resumeWindowMs must be a whole number of milliseconds from 1 to 600000");
            if (error)
                *error = why;
            return false;
        }
        resumeWindowMs = int(value);
    }
    if (!m_config.settings.apply(settings, &why)) {
        if (error)
            *error = why;
        else // a caller that ignores the error should still hear about it
            qWarning("audin-core-sim: settings rejected: %s", qPrintable(why));
        return false;
    }
    if (resumeWindowMs)
        m_config.media.resumeWindowMs = *resumeWindowMs;
    m_hub->settingsChanged();
    recordSys(QStringLiteral("settings"), this->settings());
    return true;
}

QJsonObject SimServer::settings() const
{
    QJsonObject json = m_config.settings.toJson();
    json.insert(QStringLiteral("resumeWindowMs"), m_config.media.resumeWindowMs);
    return json;
}

QString SimServer::ringCall(const QString &to, const QString &from, int ringTimeoutMs, QString *error)
{
    return m_calls->ring(to, from.isEmpty() ? QStringLiteral("+4930123456") : from, ringTimeoutMs, error);
}

bool SimServer::hangupCall(const QString &callSid)
{
    return m_calls->hangup(callSid);
}

bool SimServer::applyFault(const QJsonObject &fault, QString *error, bool *notFound)
{
    if (notFound)
        *notFound = false;
    const auto parsed = SimFault::fromJson(fault, error);
    if (!parsed)
        return false;
    if (!parsed->operatorId.isEmpty() && !m_config.findOperator(parsed->operatorId)) {
        if (error)
            *error = QStringLiteral("unknown operator %1").arg(parsed->operatorId);
        if (notFound)
            *notFound = true;
        return false;
    }
    if (!m_hub->applyFault(*parsed, error)) {
        if (notFound)
            *notFound = true;
        return false;
    }
    return true;
}

bool SimServer::setNumberActive(const QString &phoneNumberId, bool active)
{
    SimNumber *number = m_config.findNumber(phoneNumberId);
    if (!number)
        return false;
    const bool wasActive = number->active;
    number->active = active;
    recordSys(active ? QStringLiteral("number_activated") : QStringLiteral("number_deactivated"),
              {{QStringLiteral("phoneNumberId"), phoneNumberId}});
    if (wasActive && !active)
        m_hub->numberDeactivated(phoneNumberId);
    return true;
}

bool SimServer::setOperatorDisabled(const QString &operatorId, bool disabled)
{
    SimOperator *op = m_config.findOperator(operatorId);
    if (!op)
        return false;
    op->disabled = disabled;
    QJsonObject fields {{QStringLiteral("operatorId"), operatorId}};
    recordSys(disabled ? QStringLiteral("operator_disabled") : QStringLiteral("operator_enabled"), fields);
    if (disabled)
        m_hub->operatorDisabled(operatorId);
    return true;
}

QJsonArray SimServer::events(qint64 sinceSeq) const
{
    return m_log->since(sinceSeq);
}

qint64 SimServer::lastEventSeq() const
{
    return m_log->lastSeq();
}

QJsonObject SimServer::state() const
{
    return {{QStringLiteral("sessions"), m_hub->sessionsJson()},
            {QStringLiteral("calls"), m_calls->toJson()},
            {QStringLiteral("settings"), m_config.settings.toJson()},
            {QStringLiteral("lastSeq"), double(m_log->lastSeq())}};
}

QJsonArray SimServer::calls() const
{
    return m_calls->toJson();
}

QJsonObject SimServer::call(const QString &callSid) const
{
    const SimCall *call = m_calls->call(callSid);
    if (!call)
        return {};
    QJsonObject json = call->toJson();
    const QJsonObject media = m_media->toJson(callSid);
    if (!media.isEmpty())
        json.insert(QStringLiteral("media"), media);
    return json;
}

QString SimServer::ringCall(const QJsonObject &request, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QString();
    };
    const QJsonValue to = request.value(QStringLiteral("to"));
    const QJsonValue from = request.value(QStringLiteral("from"));
    if (!to.isString() || to.toString().isEmpty())
        return fail(QStringLiteral("to (string) is required"));
    if (!from.isUndefined() && !from.isString())
        return fail(QStringLiteral("from must be a string"));
    int ringTimeoutMs = -1;
    const QJsonValue ringTimeout = request.value(QStringLiteral("ringTimeoutMs"));
    if (!ringTimeout.isUndefined()) {
        const double value = ringTimeout.toDouble(-1);
        if (!ringTimeout.isDouble() || value < 1 || value > 24.0 * 3600 * 1000 || value != qint64(value))
            return fail(QStringLiteral("ringTimeoutMs must be a positive integer"));
        ringTimeoutMs = int(value);
    }
    RingMedia media;
    QString why;
    if (request.contains(QStringLiteral("farEnd"))) {
        media.farEnd = FarEndSpec::fromJson(request.value(QStringLiteral("farEnd")), &why);
        if (!media.farEnd)
            return fail(why);
    }
    if (request.contains(QStringLiteral("impairment"))) {
        media.impairment = ImpairmentSpec::fromJson(request.value(QStringLiteral("impairment")), &why);
        if (!media.impairment)
            return fail(why);
    }
    const QJsonValue hangupAfter = request.value(QStringLiteral("hangupAfterMs"));
    if (!hangupAfter.isUndefined()) {
        const double value = hangupAfter.toDouble(-1);
        if (!hangupAfter.isDouble() || value < 1 || value > 24.0 * 3600 * 1000 || value != qint64(value))
            return fail(QStringLiteral("hangupAfterMs must be a positive integer"));
        media.hangupAfterMs = int(value);
    }
    const QString callSid = ringCall(to.toString(), from.toString(), ringTimeoutMs, error);
    if (!callSid.isEmpty())
        m_media->setRingMedia(callSid, media);
    return callSid;
}

bool SimServer::setFarEnd(const QString &callSid, const QJsonObject &farEnd, QString *error)
{
    const auto spec = FarEndSpec::fromJson(farEnd, error);
    return spec && m_media->setFarEnd(callSid, *spec);
}

bool SimServer::setImpairment(const QString &callSid, const QJsonObject &impairment, QString *error)
{
    const auto spec = ImpairmentSpec::fromJson(impairment, error);
    return spec && m_media->setImpairment(callSid, *spec);
}

QString SimServer::recordingPath(const QString &callSid) const
{
    return m_media->recordingPath(callSid);
}

bool SimServer::dropMedia(const QString &callSid)
{
    return m_media->dropMedia(callSid);
}

void SimServer::shutdown()
{
    m_hub->closeAll(1001, QStringLiteral("server shutting down"));
}

void SimServer::handleHttp(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    QByteArray authorization;
    for (const auto &header : request.headers()) {
        if (header.first.compare("authorization", Qt::CaseInsensitive) == 0)
            authorization = header.second;
    }
    const HttpReply reply = m_api->handle(methodName(request.method()), request.url().path(), request.query(),
                                          request.body(), authorization);
    responder.write(reply.body.toJson(QJsonDocument::Compact), QByteArrayLiteral("application/json"),
                    static_cast<QHttpServerResponder::StatusCode>(reply.status));
}

void SimServer::onWebSocket()
{
    static const QRegularExpression mediaPath(QStringLiteral("^/v1/operator/calls/([^/]+)/media$"));
    while (m_http->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection();
        if (!socket)
            break;
        const QString path = socket->requestUrl().path();
        if (path == PresencePath) {
            m_hub->addConnection(std::move(socket));
        } else if (const auto match = mediaPath.match(path); match.hasMatch()) {
            acceptMediaConnection(std::move(socket), match.captured(1));
        } else {
            recordSys(QStringLiteral("ws_rejected"), {{QStringLiteral("path"), path}});
            rejectWebSocket(std::move(socket), 4400, QStringLiteral("unknown path"));
        }
    }
}

void SimServer::acceptMediaConnection(std::unique_ptr<QWebSocket> socket, const QString &callSid)
{
    m_media->accept(std::move(socket), callSid);
}

void SimServer::rejectWebSocket(std::unique_ptr<QWebSocket> socket, int code, const QString &reason)
{
    QWebSocket *raw = socket.release();
    raw->setParent(this);
    connect(raw, &QWebSocket::disconnected, raw, &QObject::deleteLater);
    // Do not wait for ever on a peer that never answers the close frame.
    QTimer::singleShot(2000, raw, [raw] { raw->abort(); });
    // Closing from inside the upgrade makes Qt peek at the already closed TCP socket; wait a turn.
    QTimer::singleShot(0, raw,
                       [raw, code, reason] { raw->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason); });
}

void SimServer::recordSys(const QString &type, QJsonObject fields)
{
    if (!fields.contains(QStringLiteral("sessionId")))
        fields.insert(QStringLiteral("sessionId"), QJsonValue(QJsonValue::Null));
    if (!fields.contains(QStringLiteral("operatorId")))
        fields.insert(QStringLiteral("operatorId"), QJsonValue(QJsonValue::Null));
    fields.insert(QStringLiteral("dir"), QStringLiteral("sys"));
    fields.insert(QStringLiteral("type"), type);
    m_log->record(fields);
}

} // namespace audin::sim
