// SPDX-License-Identifier: GPL-3.0-or-later
// The token fetch is bounded as a whole: an endpoint that keeps sending a byte now and then must
// not hold a connect beyond the timeout (an inactivity timeout alone never fires for it).
#include "HttpTokenSource.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace audin;

namespace {

/** Answers every request with headers for 1000 bytes, then sends one byte every 100 ms. */
class TricklingServer : public QTcpServer
{
public:
    TricklingServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    socket->readAll();
                    if (socket->property("answered").toBool())
                        return;
                    socket->setProperty("answered", true);
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{");
                    auto *drip = new QTimer(socket);
                    connect(drip, &QTimer::timeout, socket, [socket] { socket->write(" "); });
                    drip->start(100);
                });
            }
        });
    }
};

} // namespace

class TestTokenTimeout : public QObject
{
    Q_OBJECT
private slots:
    void tricklingEndpointTimesOut()
    {
        TricklingServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        HttpTokenSource source(QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(server.serverPort())), {}, 500);
        std::optional<TokenResult> outcome;
        QObject context;
        QElapsedTimer elapsed;
        elapsed.start();
        source.fetchToken(&context, [&outcome](const TokenResult &result) { outcome = result; });
        QVERIFY(QTest::qWaitFor([&outcome] { return outcome.has_value(); }, 5000));
        qInfo("gave up after %lld ms", elapsed.elapsed());
        QVERIFY(!outcome->ok());
        QVERIFY2(outcome->error.contains(QLatin1String("timed out after 500 ms")), qPrintable(outcome->error));
        QVERIFY(elapsed.elapsed() >= 450 && elapsed.elapsed() < 1500);
    }
};

QTEST_GUILESS_MAIN(TestTokenTimeout)
#include "TestTokenTimeout.moc"
