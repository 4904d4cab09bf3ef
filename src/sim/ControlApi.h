// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>
#include <QUrlQuery>

namespace audin::sim {

class SimServer;

struct HttpReply
{
    int status = 200;
    QJsonDocument body;
};

/**
 * Every HTTP endpoint of the simulator, transport-free: the token REST endpoints
 * (/operator-sessions/token, /partner/token), /healthz and the unauthenticated control API
 * under /sim/. Bad input always ends in a 4xx with `{"error": "…"}`, never a crash.
 */
class ControlApi
{
public:
    explicit ControlApi(SimServer &server);

    HttpReply handle(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body,
                     const QByteArray &authorization);

private:
    HttpReply accountToken(const QByteArray &body, const QByteArray &authorization);
    HttpReply partnerToken(const QByteArray &authorization);
    HttpReply ring(const QByteArray &body);
    HttpReply events(const QUrlQuery &query);
    HttpReply fault(const QByteArray &body);
    HttpReply settings(const QByteArray &body);
    HttpReply routeSim(const QByteArray &method, const QStringList &segments, const QUrlQuery &query,
                       const QByteArray &body);

    SimServer &m_server;
};

} // namespace audin::sim
