// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimHttpServer.h"

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
    QHttpServerResponder responder = makeResponder(request, socket);
    m_handler(request, responder);
    return true;
}

void SimHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    makeResponder(request, socket)
        .write(QJsonDocument(QJsonObject{{QStringLiteral("error"), QStringLiteral("not found")}}),
               QHttpServerResponder::StatusCode::NotFound);
}

} // namespace audin::sim
