// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimHttpServer.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>

namespace audin::sim {

SimHttpServer::SimHttpServer(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
{
}

bool SimHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Qt 6.4 asks this handler first about a WebSocket upgrade and hands the socket to its
    // WebSocket server only when we return true having written nothing: so stay silent here.
    if (request.value(QByteArrayLiteral("upgrade")).compare("websocket", Qt::CaseInsensitive) == 0)
        return true;
    QHttpServerResponder responder = makeResponder(request, socket);
    m_handler(request, responder);
    return true;
}

void SimHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    makeResponder(request, socket)
        .write(QJsonDocument(QJsonObject {{QStringLiteral("error"), QStringLiteral("not found")}}),
               QHttpServerResponder::StatusCode::NotFound);
}

} // namespace audin::sim
