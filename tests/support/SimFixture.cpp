// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimFixture.h"

#include "HttpTokenSource.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTest>
#include <QWebSocket>

namespace audin::test {

HttpResult httpRequest(const QByteArray &method, const QUrl &url, const QByteArray &body, const HttpHeaders &headers,
                       int timeoutMs)
{
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    request.setTransferTimeout(timeoutMs);
    const std::unique_ptr<QNetworkReply> reply(network.sendCustomRequest(request, method, body));
    HttpResult result;
    if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, timeoutMs + 1000)) {
        result.error = QStringLiteral("timed out");
        reply->abort();
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    if (reply->error() != QNetworkReply::NoError && result.status == 0)
        result.error = reply->errorString();
    return result;
}

QJsonObject SimFixture::testConfigJson()
{
    QFile file(QStringLiteral(AUDIN_TEST_DATA_DIR "/sim-test.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

SimFixture::SimFixture(const QJsonObject &settingsOverrides)
{
    QString error;
    auto config = sim::SimConfig::fromJson(testConfigJson(), &error);
    if (!config) {
        qCritical("SimFixture: tests/data/sim-test.json: %s", qPrintable(error));
        // An empty world keeps server() usable; isListening() tells the test something is wrong.
        config = sim::SimConfig();
        config->jwtSecret = "invalid";
    }
    m_server = std::make_unique<sim::SimServer>(std::move(*config));
    if (!settingsOverrides.isEmpty() && !m_server->applySettings(settingsOverrides, &error)) {
        qCritical("SimFixture: bad settings override: %s", qPrintable(error));
        return;
    }
    m_listening = m_server->listen(QHostAddress::LocalHost, 0);
    if (!m_listening)
        qCritical("SimFixture: %s", qPrintable(m_server->errorString()));
}

SimFixture::~SimFixture() = default;

QString SimFixture::coreUrl() const
{
    return m_server->baseUrl().toString();
}

QUrl SimFixture::presenceUrl() const
{
    QUrl url = m_server->baseUrl();
    url.setScheme(QStringLiteral("ws"));
    url.setPath(QStringLiteral("/v1/operator/presence"));
    return url;
}

std::shared_ptr<TokenSource> SimFixture::tokenSourceFor(const QString &operatorKey)
{
    const QList<HttpTokenSource::Header> headers {
        {QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + operatorKey.toUtf8()}};
    return std::make_shared<HttpTokenSource>(QUrl(coreUrl() + QStringLiteral("/partner/token")), headers);
}

QString SimFixture::ring(const QString &to, const QString &from, int ringTimeoutMs)
{
    QString error;
    const QString callSid = m_server->ringCall(to, from, ringTimeoutMs, &error);
    if (callSid.isEmpty())
        qWarning("SimFixture::ring: %s", qPrintable(error));
    return callSid;
}

QList<QJsonObject> SimFixture::eventsOfType(const QString &type, const QString &operatorId) const
{
    QList<QJsonObject> out;
    for (const QJsonValue value : m_server->events(0)) {
        const QJsonObject event = value.toObject();
        if (event.value(QLatin1String("type")).toString() != type)
            continue;
        if (!operatorId.isEmpty() && event.value(QLatin1String("operatorId")).toString() != operatorId)
            continue;
        out.append(event);
    }
    return out;
}

bool SimFixture::waitForEvent(std::function<bool(const QJsonObject &)> pred, int timeoutMs)
{
    qint64 checked = 0;
    const auto scan = [&] {
        const QJsonArray fresh = m_server->events(checked);
        for (const QJsonValue value : fresh) {
            const QJsonObject event = value.toObject();
            checked = qint64(event.value(QLatin1String("seq")).toDouble());
            if (pred(event))
                return true;
        }
        return false;
    };
    return scan() || QTest::qWaitFor(scan, timeoutMs);
}

std::unique_ptr<PresenceProbe> SimFixture::connectProbe(const QString &operatorId, qint64 tokenTtlMs)
{
    auto probe = std::make_unique<PresenceProbe>(presenceUrl());
    if (probe->authenticate(m_server->mintToken(operatorId, tokenTtlMs)).isEmpty())
        return nullptr;
    return probe;
}

HttpResult SimFixture::http(const QByteArray &method, const QString &path, const QByteArray &body,
                            const HttpHeaders &headers)
{
    return httpRequest(method, QUrl(coreUrl() + path), body, headers);
}

qint64 SimFixture::lastSeq() const
{
    return m_server->lastEventSeq();
}

PresenceProbe::PresenceProbe(const QUrl &url)
    : m_socket(std::make_unique<QWebSocket>())
{
    QWebSocket *socket = m_socket.get();
    QObject::connect(socket, &QWebSocket::textMessageReceived, socket, [this](const QString &text) {
        m_texts.append(text);
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
        if (doc.isObject())
            m_received.append(doc.object());
    });
    QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket,
                     [this](const QByteArray &data) { m_binary.append(data); });
    QObject::connect(socket, &QWebSocket::aboutToClose, socket, [this] {
        if (!m_gotCloseFrame) {
            m_gotCloseFrame = true;
            m_closeCode = int(m_socket->closeCode());
            m_closeReason = m_socket->closeReason();
        }
    });
    QObject::connect(socket, &QWebSocket::disconnected, socket, [this] {
        m_closed = true;
        if (!m_gotCloseFrame)
            m_closeCode = 1006;
    });
    m_socket->setProxy(QNetworkProxy::NoProxy);
    m_socket->open(url);
}

PresenceProbe::~PresenceProbe()
{
    m_socket->disconnect();
    m_socket->abort();
}

bool PresenceProbe::waitConnected(int timeoutMs)
{
    if (!isConnected()) [[maybe_unused]]
        const bool settled = QTest::qWaitFor([this] { return isConnected() || m_closed; }, timeoutMs);
    return isConnected();
}

QJsonObject PresenceProbe::authenticate(const QString &token, int timeoutMs)
{
    if (!waitConnected(timeoutMs))
        return {};
    sendJson({{QStringLiteral("type"), QStringLiteral("auth")},
              {QStringLiteral("token"), token},
              {QStringLiteral("client"),
               QJsonObject {{QStringLiteral("name"), QStringLiteral("probe")},
                            {QStringLiteral("version"), QStringLiteral("0")},
                            {QStringLiteral("platform"), QStringLiteral("test")}}}});
    return waitFor(QStringLiteral("ready"), timeoutMs);
}

QJsonObject PresenceProbe::goOnline(const QStringList &phoneNumberIds, const QString &id)
{
    sendJson({{QStringLiteral("type"), QStringLiteral("go_online")},
              {QStringLiteral("id"), id},
              {QStringLiteral("phoneNumberIds"), QJsonArray::fromStringList(phoneNumberIds)}});
    return waitFor(QStringLiteral("availability"));
}

void PresenceProbe::sendJson(const QJsonObject &frame)
{
    sendText(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void PresenceProbe::sendText(const QString &text)
{
    m_socket->sendTextMessage(text);
}

void PresenceProbe::sendBinary(const QByteArray &data)
{
    m_socket->sendBinaryMessage(data);
}

void PresenceProbe::close(int code)
{
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code));
}

void PresenceProbe::abort()
{
    m_socket->abort();
}

QJsonObject PresenceProbe::waitFor(const QString &type, int timeoutMs)
{
    const int wanted = m_taken.value(type);
    const auto available = [&] { return receivedOfType(type).size() > wanted; };
    // Once closed nothing more can arrive, so there is no point waiting out the timeout.
    if (!available()) [[maybe_unused]]
        const bool settled = QTest::qWaitFor([&] { return available() || m_closed; }, timeoutMs);
    if (!available())
        return {};
    m_taken[type] = wanted + 1;
    return receivedOfType(type).at(wanted);
}

QList<QJsonObject> PresenceProbe::receivedOfType(const QString &type) const
{
    QList<QJsonObject> out;
    for (const QJsonObject &frame : m_received) {
        if (frame.value(QLatin1String("type")).toString() == type)
            out.append(frame);
    }
    return out;
}

bool PresenceProbe::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

bool PresenceProbe::waitClosed(int timeoutMs)
{
    return m_closed || QTest::qWaitFor([this] { return m_closed; }, timeoutMs);
}

} // namespace audin::test
