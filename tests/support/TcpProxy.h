// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <memory>

namespace audin::test {

/**
 * A loopback TCP proxy between a client and a server, for half-open TCP: blackhole() makes chosen
 * connections stop forwarding in both directions without closing anything, as when a NAT entry or
 * a Wi-Fi link dies. Neither end gets a FIN or an RST; only a heartbeat can tell. Connections are
 * told apart by the path of their HTTP request line (a WebSocket upgrade: "/v1/operator/presence",
 * "/v1/operator/calls/CA…/media"). New connections are forwarded normally unless blackholeNew().
 * Header-only (no Q_OBJECT), so any test can include it.
 */
class TcpProxy
{
public:
    explicit TcpProxy(quint16 targetPort, QHostAddress targetAddress = QHostAddress::LocalHost)
        : m_targetPort(targetPort)
        , m_targetAddress(std::move(targetAddress))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { acceptAll(); });
    }
    ~TcpProxy()
    {
        for (const auto &pair : m_pairs) {
            for (QTcpSocket *socket : {pair->client.data(), pair->upstream.data()}) {
                if (socket) {
                    socket->disconnect();
                    socket->abort();
                    delete socket;
                }
            }
        }
    }
    TcpProxy(const TcpProxy &) = delete;
    TcpProxy &operator=(const TcpProxy &) = delete;

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    /** "http://127.0.0.1:PORT": give it to the client as its coreUrl. */
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }
    /** Stops forwarding, both ways, on every open connection whose request path contains `pathPart`. */
    int blackhole(const QString &pathPart)
    {
        int count = 0;
        for (const auto &pair : m_pairs) {
            if (!pair->closed && pair->path.contains(pathPart)) {
                pair->blackholed = true;
                ++count;
            }
        }
        return count;
    }
    /** New connections are accepted and then never forwarded (a link that is down). */
    void blackholeNew(bool on) { m_blackholeNew = on; }

    /** Open connections (not closed by either end) whose request path contains `pathPart`. */
    int openConnections(const QString &pathPart) const
    {
        int count = 0;
        for (const auto &pair : m_pairs) {
            if (!pair->closed && pair->path.contains(pathPart))
                ++count;
        }
        return count;
    }
    /** Every connection accepted so far whose request path contains `pathPart`. */
    int acceptedConnections(const QString &pathPart) const
    {
        int count = 0;
        for (const auto &pair : m_pairs) {
            if (pair->path.contains(pathPart))
                ++count;
        }
        return count;
    }

private:
    struct Pair
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray head; // what the client sent before the upstream connected
        QString path;
        bool blackholed = false;
        bool closed = false;
    };

    void acceptAll()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            auto pair = std::make_shared<Pair>();
            pair->client = client;
            pair->blackholed = m_blackholeNew;
            client->setParent(nullptr);
            auto *upstream = new QTcpSocket;
            pair->upstream = upstream;
            m_pairs.append(pair);
            Pair *p = pair.get();
            QObject::connect(client, &QTcpSocket::readyRead, client, [this, p] { fromClient(p); });
            QObject::connect(upstream, &QTcpSocket::readyRead, upstream, [p] {
                const QByteArray data = p->upstream->readAll();
                if (!p->blackholed && p->client)
                    p->client->write(data);
            });
            QObject::connect(upstream, &QTcpSocket::connected, upstream, [p] {
                if (!p->head.isEmpty() && !p->blackholed)
                    p->upstream->write(p->head);
                p->head.clear();
            });
            // A close is passed on only while forwarding: a blackholed link carries nothing, not even a FIN.
            QObject::connect(client, &QTcpSocket::disconnected, client, [p] {
                p->closed = true;
                if (!p->blackholed && p->upstream)
                    p->upstream->disconnectFromHost();
            });
            QObject::connect(upstream, &QTcpSocket::disconnected, upstream, [p] {
                p->closed = true;
                if (!p->blackholed && p->client)
                    p->client->disconnectFromHost();
            });
            QObject::connect(upstream, &QAbstractSocket::errorOccurred, upstream, [p](QAbstractSocket::SocketError) {
                if (p->upstream && p->upstream->state() == QAbstractSocket::UnconnectedState && !p->blackholed
                    && p->client) {
                    p->closed = true;
                    p->client->abort(); // nothing to forward to: like a refused connection
                }
            });
            upstream->connectToHost(m_targetAddress, m_targetPort);
            fromClient(p);
        }
    }

    void fromClient(Pair *p)
    {
        const QByteArray data = p->client->readAll();
        if (p->path.isEmpty()) {
            // "GET /path HTTP/1.1": good enough to tell the channels apart.
            const QList<QByteArray> words = (p->head + data).split(' ');
            if (words.size() > 2)
                p->path = QString::fromLatin1(words.at(1));
        }
        if (p->blackholed)
            return;
        if (p->upstream && p->upstream->state() == QAbstractSocket::ConnectedState)
            p->upstream->write(data);
        else
            p->head += data;
    }

    QTcpServer m_server;
    quint16 m_targetPort;
    QHostAddress m_targetAddress;
    bool m_blackholeNew = false;
    QList<std::shared_ptr<Pair>> m_pairs;
};

} // namespace audin::test
