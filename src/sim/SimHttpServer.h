// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractHttpServer>
#include <functional>

namespace audin::sim {

/**
 * The HTTP side of the simulator's single port. Every request goes to one handler; WebSocket
 * upgrades are let through untouched so QAbstractHttpServer hands them to newWebSocketConnection.
 */
class SimHttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const QHttpServerRequest &request, QHttpServerResponder &responder)>;
    explicit SimHttpServer(Handler handler, QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
};

} // namespace audin::sim
