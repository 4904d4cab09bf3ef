// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <functional>

namespace audin::test {

/**
 * A partner backend's token endpoint that can misbehave: a bare HTTP/1.1 server on 127.0.0.1 that
 * answers every request according to its mode. `Down` stops listening (connections are refused)
 * and keeps the port for when it comes back. Header-only (no Q_OBJECT).
 */
class FakeTokenEndpoint
{
public:
    enum class Mode
    {
        Ok, ///< 200 with the body from the token function
        Down, ///< nothing listens on the port
        Slow, ///< reads the request and never answers
        Garbage, ///< 200 with a body that is not JSON
        Unauthorized ///< 401 {"error":"invalid operator key"}
    };

    /** `tokenJson` makes the 200 body of Mode::Ok (e.g. a fresh token from the simulator). */
    explicit FakeTokenEndpoint(std::function<QByteArray()> tokenJson)
        : m_tokenJson(std::move(tokenJson))
    {
        m_clock.start();
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { acceptAll(); });
    }
    ~FakeTokenEndpoint()
    {
        for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets)) {
            if (socket) {
                socket->disconnect();
                socket->abort();
            }
        }
    }

    bool listen()
    {
        if (!m_server.listen(QHostAddress::LocalHost, m_port))
            return false;
        m_port = m_server.serverPort();
        return true;
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/token").arg(m_port); }

    void setMode(Mode mode)
    {
        m_mode = mode;
        if (mode == Mode::Down) {
            m_server.close();
            for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets)) {
                if (socket)
                    socket->abort();
            }
        } else if (!m_server.isListening()) {
            m_server.listen(QHostAddress::LocalHost, m_port);
        }
    }
    Mode mode() const { return m_mode; }
    /** Requests received (a refused connection is not one). */
    int requests() const { return int(m_requestTimes.size()); }
    /** When each request arrived, in ms since this endpoint was made. */
    QList<qint64> requestTimes() const { return m_requestTimes; }

private:
    void acceptAll()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(nullptr);
            m_sockets.append(socket);
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                *buffer += socket->readAll();
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0 || buffer->startsWith("DONE"))
                    return;
                buffer->prepend("DONE");
                m_requestTimes.append(m_clock.elapsed());
                answer(socket);
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void answer(QTcpSocket *socket)
    {
        int status = 200;
        QByteArray body;
        switch (m_mode) {
        case Mode::Slow:
        case Mode::Down:
            return;
        case Mode::Ok:
            body = m_tokenJson();
            break;
        case Mode::Garbage:
            body = QByteArrayLiteral("<html><body>502 Bad Gateway</body></html>\x01\xff{\"token\":");
            break;
        case Mode::Unauthorized:
            status = 401;
            body = QByteArrayLiteral("{\"error\":\"invalid operator key\"}");
            break;
        }
        const QByteArray reason = status == 200 ? QByteArrayLiteral("OK") : QByteArrayLiteral("Unauthorized");
        socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
                      + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                      + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    std::function<QByteArray()> m_tokenJson;
    QTcpServer m_server;
    quint16 m_port = 0;
    Mode m_mode = Mode::Ok;
    QElapsedTimer m_clock;
    QList<qint64> m_requestTimes;
    QList<QPointer<QTcpSocket>> m_sockets;
};

} // namespace audin::test
