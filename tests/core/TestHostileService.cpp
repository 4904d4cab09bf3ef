// SPDX-License-Identifier: GPL-3.0-or-later
// A misbehaving service over loopback: a raw TCP server in the test that speaks the WebSocket
// protocol (and ours) badly. For each case: no crash, bounded memory (VmRSS growth), bounded CPU
// (process CPU time), the right error code, and reconnection after the configured backoff step.
#include "CallChannel.h"
#include "CaptureLogger.h"
#include "NullAudioBackend.h"
#include "OperatorService.h"
#include "Sanitizers.h"
#include "StaticTokenSource.h"
#include "TestPrinters.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>
#include <functional>
#include <memory>
#include <sys/resource.h>

using namespace audin;
using namespace audin::test;

namespace {

/** Resident memory of this process in KiB, from /proc/self/status. */
qint64 rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

/** User + system CPU time of this process (every thread), in seconds. */
double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/** Measures one case: RSS growth and CPU time spent since construction. */
class Budget
{
public:
    Budget()
        : m_rss(rssKb())
        , m_cpu(cpuSeconds())
    {
    }
    qint64 rssGrowthMb() const { return (rssKb() - m_rss) / 1024; }
    double cpu() const { return cpuSeconds() - m_cpu; }

private:
    qint64 m_rss;
    double m_cpu;
};

#define QVERIFY_BUDGET(budget, maxMb, maxCpuS)                                                                         \
    do {                                                                                                               \
        const qint64 grownMb = (budget).rssGrowthMb();                                                                 \
        const double cpuS = (budget).cpu();                                                                            \
        const qint64 boundMb = qint64(maxMb) * audin::test::SanitizerCostFactor;                                       \
        const double boundCpuS = double(maxCpuS) * audin::test::SanitizerCostFactor;                                   \
        QVERIFY2(grownMb < boundMb,                                                                                    \
                 qPrintable(QStringLiteral("RSS grew %1 MB (bound %2)").arg(grownMb).arg(boundMb)));                   \
        QVERIFY2(cpuS < boundCpuS, qPrintable(QStringLiteral("CPU %1 s (bound %2)").arg(cpuS).arg(boundCpuS)));        \
    } while (false)

QByteArray serverFrame(int opcode, const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    const qint64 size = payload.size();
    if (size < 126) {
        frame.append(char(size));
    } else if (size < 65536) {
        frame.append(char(126));
        frame.append(char((size >> 8) & 0xff));
        frame.append(char(size & 0xff));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((size >> shift) & 0xff));
    }
    return frame + payload;
}

QByteArray textFrame(const QByteArray &utf8)
{
    return serverFrame(0x1, utf8);
}

QByteArray jsonFrame(const QJsonObject &object)
{
    return textFrame(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QByteArray readyFrame()
{
    return jsonFrame(
        {{"type", "ready"}, {"sessionId", "ps_1"}, {"operatorId", "op_1"}, {"heartbeatIntervalMs", 25000}});
}

QByteArray offerFrame(const QString &callSid)
{
    return jsonFrame({{"type", "call_offer"},
                      {"callSid", callSid},
                      {"from", "+4930123456"},
                      {"to", "+15551230001"},
                      {"phoneNumberId", "pn_1"},
                      {"ringTimeoutMs", 30000}});
}

/**
 * A hostile service: accepts TCP, optionally answers the WebSocket upgrade, decodes what the
 * client sends, and lets the test react to each client message with raw bytes.
 */
class HostileServer : public QObject
{
    Q_OBJECT
public:
    enum class Upgrade
    {
        Never, ///< TCP accepted, the HTTP upgrade never answered
        Answer
    };
    /** Reacts to one client text message (the path tells presence from a call channel). */
    using Handler = std::function<void(QTcpSocket *socket, const QString &path, const QJsonObject &message)>;

    explicit HostileServer(Upgrade upgrade = Upgrade::Answer)
        : m_upgrade(upgrade)
    {
        m_clock.start();
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                m_connectTimesMs << m_clock.elapsed();
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            }
        });
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
    }

    QString coreUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    QUrl callUrl(const QString &callSid) const
    {
        return QUrl(
            QStringLiteral("ws://127.0.0.1:%1/v1/operator/calls/%2/media").arg(m_server.serverPort()).arg(callSid));
    }
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    /** Answers `auth` on presence with `ready` (the default), or never. */
    void setAnswerPresenceAuth(bool on) { m_answerPresenceAuth = on; }
    /** Every connection, in ms since the server started. */
    QList<qint64> connectTimesMs() const { return m_connectTimesMs; }
    QList<QJsonObject> received() const { return m_received; }
    int receivedOfType(const QString &type) const
    {
        return int(std::count_if(m_received.cbegin(), m_received.cend(),
                                 [&](const QJsonObject &m) { return m.value(QLatin1String("type")) == type; }));
    }

    /** Upgrades and answers `auth` with `ready`, then `after` gets the socket. */
    static void send(QTcpSocket *socket, const QByteArray &bytes) { socket->write(bytes); }

private:
    struct Peer
    {
        QByteArray buffer;
        bool upgraded = false;
        QString path;
    };

    void onData(QTcpSocket *socket)
    {
        Peer &peer = m_peers[socket];
        peer.buffer += socket->readAll();
        if (!peer.upgraded) {
            const int end = peer.buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            if (m_upgrade == Upgrade::Never)
                return; // slow-loris: the request is read, never answered
            const QByteArray head = peer.buffer.left(end);
            peer.buffer.remove(0, end + 4);
            const QList<QByteArray> lines = head.split('\n');
            peer.path = QString::fromLatin1(lines.first().split(' ').value(1));
            QByteArray key;
            for (const QByteArray &line : lines) {
                if (line.toLower().startsWith("sec-websocket-key:"))
                    key = line.mid(18).trimmed();
            }
            const QByteArray accept
                = QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1)
                      .toBase64();
            socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Accept: "
                          + accept + "\r\n\r\n");
            peer.upgraded = true;
        }
        // Client frames: masked, possibly several per read.
        while (peer.buffer.size() >= 2) {
            const auto *data = reinterpret_cast<const uchar *>(peer.buffer.constData());
            const int opcode = data[0] & 0x0f;
            qint64 length = data[1] & 0x7f;
            int offset = 2;
            if (length == 126) {
                if (peer.buffer.size() < 4)
                    return;
                length = qFromBigEndian<quint16>(data + 2);
                offset = 4;
            } else if (length == 127) {
                if (peer.buffer.size() < 10)
                    return;
                length = qint64(qFromBigEndian<quint64>(data + 2));
                offset = 10;
            }
            const bool masked = data[1] & 0x80;
            const int maskOffset = offset;
            if (masked)
                offset += 4;
            if (peer.buffer.size() < offset + length)
                return;
            QByteArray payload = peer.buffer.mid(offset, length);
            if (masked) {
                for (qint64 i = 0; i < length; ++i)
                    payload[i] = char(payload.at(i) ^ peer.buffer.at(maskOffset + int(i % 4)));
            }
            peer.buffer.remove(0, offset + length);
            if (opcode == 0x8) { // close: answer it and hang up
                socket->write(serverFrame(0x8, payload.left(2)));
                socket->disconnectFromHost();
                return;
            }
            if (opcode != 0x1)
                continue;
            const QJsonObject message = QJsonDocument::fromJson(payload).object();
            m_received << message;
            const bool presence = peer.path.endsWith(QLatin1String("/presence"));
            if (presence && message.value(QLatin1String("type")) == QLatin1String("auth")) {
                if (!m_answerPresenceAuth)
                    continue;
                socket->write(readyFrame());
            }
            if (m_handler)
                m_handler(socket, peer.path, message);
        }
    }

    QTcpServer m_server;
    Upgrade m_upgrade;
    bool m_answerPresenceAuth = true;
    Handler m_handler;
    QHash<QTcpSocket *, Peer> m_peers;
    QElapsedTimer m_clock;
    QList<qint64> m_connectTimesMs;
    QList<QJsonObject> m_received;
};

/** An OperatorService pointed at a HostileServer, with small intervals and spies. */
struct Client
{
    explicit Client(const HostileServer &server, const std::function<void(OperatorConfig &)> &tweak = {})
    {
        logger = std::make_shared<CaptureLogger>();
        OperatorConfig config;
        config.coreUrl = server.coreUrl();
        config.tokenSource = std::make_shared<StaticTokenSource>(OperatorSessionToken {QStringLiteral("t0k"), {}});
        config.logger = logger;
        config.reconnectBackoffMs = {200, 400};
        config.handshakeTimeoutMs = 300;
        config.media.audioBackend = [] { return std::make_unique<media::NullAudioBackend>(); };
        if (tweak)
            tweak(config);
        service = std::make_unique<OperatorService>(config);
        errors = std::make_unique<QSignalSpy>(service.get(), &OperatorService::error);
        reconnects = std::make_unique<QSignalSpy>(service.get(), &OperatorService::reconnectScheduled);
        closes = std::make_unique<QSignalSpy>(service.get(), &OperatorService::closedByService);
        incoming = std::make_unique<QSignalSpy>(service.get(), &OperatorService::incomingCall);
        ended = std::make_unique<QSignalSpy>(service.get(), &OperatorService::callEnded);
        availability = std::make_unique<QSignalSpy>(service.get(), &OperatorService::availabilityChanged);
    }
    bool online(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return service->presenceState() == PresenceState::Online; }, timeoutMs);
    }
    QStringList errorCodes() const
    {
        QStringList codes;
        for (const QList<QVariant> &args : *errors)
            codes << args.at(0).value<OperatorError>().code;
        return codes;
    }
    QString log() const { return logger->lines().join(QLatin1Char('\n')); }

    std::shared_ptr<CaptureLogger> logger;
    std::unique_ptr<OperatorService> service;
    std::unique_ptr<QSignalSpy> errors, reconnects, closes, incoming, ended, availability;
};

/** A final, well-formed push that proves the connection survived everything before it. */
QByteArray marker()
{
    return jsonFrame({{"type", "availability"}, {"accepted", QJsonArray {"pn_marker"}}, {"rejected", QJsonArray {}}});
}

bool sawMarker(const Client &client)
{
    return std::any_of(client.availability->cbegin(), client.availability->cend(), [](const QList<QVariant> &args) {
        return args.at(0).value<Availability>().accepted == QStringList {QStringLiteral("pn_marker")};
    });
}

/** Asserts the second connection came no earlier than `earliestMs` (the failure plus the backoff step). */
void verifyReconnectAfter(const HostileServer &server, qint64 earliestMs)
{
    QTRY_VERIFY_WITH_TIMEOUT(server.connectTimesMs().size() >= 2, 5000);
    const QList<qint64> times = server.connectTimesMs();
    // Qt's coarse timers may fire up to 5 % early, and the first connection is stamped when the
    // server's event loop gets to it (after the client started it).
    const qint64 slack = earliestMs / 20 + 15;
    QVERIFY2(times.at(1) >= earliestMs - slack,
             qPrintable(QStringLiteral("reconnected at %1 ms, not before %2 ms").arg(times.at(1)).arg(earliestMs)));
}

QJsonValue randomValue(QRandomGenerator &random)
{
    switch (random.bounded(9)) {
    case 0:
        return QJsonValue::Null;
    case 1:
        return bool(random.bounded(2));
    case 2:
        return double(qint64(random.generate64()));
    case 3:
        return -1e308;
    case 4:
        return QString(int(random.bounded(70000)), QChar(u'\u00e9'));
    case 5:
        return QJsonArray {1, "x", QJsonObject {}};
    case 6:
        return QJsonObject {{"type", "call_offer"}};
    case 7:
        return QStringLiteral("..");
    default:
        return QString::number(random.generate());
    }
}

} // namespace

class TestHostileService : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<Availability>(); }

    // TCP accepted, the WebSocket upgrade never answered: dropped at handshakeTimeoutMs (not after
    // heartbeat + grace, 35 s by default), WS_ERROR, and the next attempt after the backoff step.
    void slowLorisUpgradeNeverAnswered()
    {
        HostileServer server(HostileServer::Upgrade::Never);
        Client client(server);
        Budget budget;
        QVERIFY(client.service->connectToService());
        QTRY_VERIFY_WITH_TIMEOUT(client.errors->size() >= 1, 3000);
        QCOMPARE(client.errorCodes().first(), QStringLiteral("WS_ERROR"));
        QVERIFY2(client.log().contains(QLatin1String("did not complete the connection handshake within 300 ms")),
                 qPrintable(client.log()));
        QCOMPARE(client.reconnects->first().at(0).toInt(), 200);
        verifyReconnectAfter(server, 300 + 200);
        QVERIFY(client.closes->isEmpty());
        QVERIFY_BUDGET(budget, 50, 2.0);
    }

    // The upgrade done, `auth` never answered.
    void slowLorisAuthNeverAnswered()
    {
        HostileServer server;
        server.setAnswerPresenceAuth(false);
        Client client(server);
        Budget budget;
        QVERIFY(client.service->connectToService());
        QTRY_VERIFY_WITH_TIMEOUT(client.errors->size() >= 1, 3000);
        QCOMPARE(client.errorCodes().first(), QStringLiteral("WS_ERROR"));
        QVERIFY2(client.log().contains(QLatin1String("did not answer the sign-in (auth) within 300 ms")),
                 qPrintable(client.log()));
        QCOMPARE(server.receivedOfType(QStringLiteral("auth")), 1);
        verifyReconnectAfter(server, 300 + 200);
        QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType(QStringLiteral("auth")), 2, 3000);
        QCOMPARE(client.service->presenceState(), PresenceState::Reconnecting);
        QVERIFY_BUDGET(budget, 50, 2.0);
    }

    // Frames that end the connection: the right code, never "closed by the service" when Qt (this
    // client) closed, and a reconnect after the backoff step.
    void fatalFrames_data()
    {
        QTest::addColumn<QByteArray>("frames");
        QTest::addColumn<bool>("qtCloses"); // Qt's own frame checks close, not ours
        QTest::newRow("invalid UTF-8") << textFrame(QByteArray("{\"type\":\"x\",\"v\":\"\xff\xfe\xc3\"}")) << true;
        QTest::newRow("2 MB text (over Qt's 1 MiB limit)")
            << textFrame("{\"type\":\"x\",\"v\":\"" + QByteArray(2 * 1024 * 1024, 'a') + "\"}") << true;
        QTest::newRow("100 KB text (over 64 KiB)")
            << textFrame("{\"type\":\"x\",\"v\":\"" + QByteArray(100 * 1024, 'a') + "\"}") << false;
        QTest::newRow("not JSON") << textFrame("call_offer, please") << false;
        QTest::newRow("JSON array") << textFrame("[{\"type\":\"ready\"}]") << false;
        QTest::newRow("no type") << textFrame("{\"callSid\":\"CA1\"}") << false;
        QTest::newRow("100,000 nested arrays")
            << textFrame("{\"type\":\"x\",\"v\":" + QByteArray(100000, '[') + QByteArray(100000, ']') + "}") << false;
        QTest::newRow("30,000 nested arrays (within 64 KiB)")
            << textFrame("{\"type\":\"x\",\"v\":" + QByteArray(30000, '[') + QByteArray(30000, ']') + "}") << false;
        QTest::newRow("reserved opcode") << serverFrame(0x3, "x") << true;
    }
    void fatalFrames()
    {
        QFETCH(QByteArray, frames);
        QFETCH(bool, qtCloses);
        HostileServer server;
        bool sent = false;
        server.setHandler([&](QTcpSocket *socket, const QString &, const QJsonObject &message) {
            if (message.value(QLatin1String("type")) == QLatin1String("auth") && !sent) {
                sent = true;
                socket->write(frames);
            }
        });
        Client client(server);
        Budget budget;
        QVERIFY(client.service->connectToService());
        QTRY_VERIFY_WITH_TIMEOUT(!client.errors->isEmpty(), 5000);
        QCOMPARE(client.errorCodes().first(), QStringLiteral("PROTOCOL_ERROR"));
        QTRY_VERIFY_WITH_TIMEOUT(!client.reconnects->isEmpty(), 3000);
        QCOMPARE(client.reconnects->first().at(0).toInt(), 200);
        const qint64 failedAt = server.connectTimesMs().first();
        verifyReconnectAfter(server, failedAt + 200);
        QVERIFY(client.online());
        QVERIFY2(client.closes->isEmpty(), qPrintable(client.log())); // the service never sent a close frame
        QVERIFY2(!client.log().contains(QLatin1String("closed by the service")), qPrintable(client.log()));
        if (qtCloses)
            QVERIFY2(client.log().contains(QLatin1String("closed by this client")), qPrintable(client.log()));
        QCOMPARE(client.errorCodes(), QStringList {QStringLiteral("PROTOCOL_ERROR")});
        QVERIFY_BUDGET(budget, 100, 3.0);
    }

    // Frames that are wrong but not fatal: ignored (binary on presence, wrong field types, huge
    // strings, hostile callSids), the connection stays up, and the marker after them arrives.
    void survivableFrames_data()
    {
        QTest::addColumn<QByteArray>("frames");
        QTest::addColumn<int>("protocolErrors"); // PROTOCOL_ERROR events expected
        QTest::addColumn<int>("calls"); // incomingCall expected
        QTest::newRow("binary on presence") << serverFrame(0x2, QByteArray(50000, '\x01')) << 0 << 0;
        QByteArray wrongTypes;
        for (const char *json :
             {R"({"type":"call_offer","callSid":12,"from":{},"to":[],"ringTimeoutMs":"x"})",
              R"({"type":"call_offer","callSid":"CA_ok","from":null,"to":5,"phoneNumberId":[],"ringTimeoutMs":-5})",
              R"({"type":"availability","accepted":"pn_1","rejected":{"a":1}})",
              R"({"type":"numbers","numbers":{"id":"pn_1"}})", R"({"type":"ready","heartbeatIntervalMs":"soon"})",
              R"({"type":"error","code":17,"message":[]})", R"({"type":"call_assigned","callSid":null})",
              R"({"type":"call_cancelled","callSid":"CA_ok","reason":{"x":1}})",
              R"({"type":"dial_accepted","id":7,"callSid":"CA_x"})", R"({"type":"pong","ts":"x"})", R"({"type":12})"})
            wrongTypes += textFrame(json);
        // `{"type":12}` has no string type: that one is fatal, so it is sent last, after the marker.
        QTest::newRow("wrong field types")
            << wrongTypes.left(wrongTypes.lastIndexOf(textFrame(R"({"type":12})"))) << 1 << 1;
        QTest::newRow("huge strings") << jsonFrame({{"type", "call_offer"},
                                                    {"callSid", "CA_big"},
                                                    {"from", QString(60000, QLatin1Char('9'))},
                                                    {"to", QString(1000, QChar(u'\u4e2d'))}})
                                      << 0 << 1;
        QByteArray callSids;
        for (const QString &sid : {QStringLiteral("."), QStringLiteral(".."), QString(300, QLatin1Char('A')),
                                   QStringLiteral("CA\x01"), QStringLiteral("CA\nx"), QString()})
            callSids += offerFrame(sid);
        callSids += offerFrame(QStringLiteral("a/b?c#d%e\u00e9"));
        QTest::newRow("hostile callSids") << callSids << 6 << 1;
    }
    void survivableFrames()
    {
        QFETCH(QByteArray, frames);
        QFETCH(int, protocolErrors);
        QFETCH(int, calls);
        HostileServer server;
        server.setHandler([&](QTcpSocket *socket, const QString &, const QJsonObject &message) {
            if (message.value(QLatin1String("type")) == QLatin1String("auth"))
                socket->write(frames + marker());
        });
        Client client(server);
        Budget budget;
        QVERIFY(client.service->connectToService());
        QTRY_VERIFY_WITH_TIMEOUT(sawMarker(client), 5000);
        QCOMPARE(client.service->presenceState(), PresenceState::Online);
        QCOMPARE(server.connectTimesMs().size(), 1);
        QCOMPARE(client.errorCodes().count(QStringLiteral("PROTOCOL_ERROR")), protocolErrors);
        QCOMPARE(client.incoming->size(), calls);
        QVERIFY_BUDGET(budget, 50, 2.0);
    }

    // Random values of every type in every member of every message type, seeded: thousands of
    // frames in one burst. Nothing may crash or end the connection.
    void mutatedMessages()
    {
        const QList<QJsonObject> templates {
            {{"type", "numbers"},
             {"id", "1"},
             {"numbers",
              QJsonArray {QJsonObject {{"id", "pn_1"}, {"phoneNumber", "+15551230001"}, {"displayName", "S"}}}}},
            {{"type", "availability"}, {"id", "2"}, {"accepted", QJsonArray {"pn_1"}}, {"rejected", QJsonArray {}}},
            {{"type", "call_offer"},
             {"callSid", "CA1"},
             {"from", "+4930"},
             {"to", "+1555"},
             {"phoneNumberId", "pn_1"},
             {"ringTimeoutMs", 30000}},
            {{"type", "call_assigned"}, {"callSid", "CA1"}},
            {{"type", "call_cancelled"}, {"callSid", "CA1"}, {"reason", "remote_hangup"}},
            {{"type", "dial_accepted"}, {"id", "3"}, {"callSid", "CA2"}},
            {{"type", "error"}, {"id", "4"}, {"code", "BUSY"}, {"message", "m"}},
            {{"type", "refreshed"}, {"id", "5"}},
            {{"type", "pong"}, {"ts", 1}},
            {{"type", "ready"}, {"sessionId", "ps"}, {"heartbeatIntervalMs", 1}},
        };
        QRandomGenerator random(20261202);
        QByteArray burst;
        for (int i = 0; i < 3000; ++i) {
            QJsonObject message = templates.at(int(random.bounded(templates.size())));
            const QStringList keys = message.keys();
            const QString key = keys.at(int(random.bounded(keys.size())));
            if (key != QLatin1String("type"))
                message.insert(key, randomValue(random));
            if (random.bounded(4) == 0)
                message.insert(QStringLiteral("extra%1").arg(i), randomValue(random));
            const QByteArray json = QJsonDocument(message).toJson(QJsonDocument::Compact);
            if (json.size() < 60000)
                burst += textFrame(json);
        }
        HostileServer server;
        server.setHandler([&](QTcpSocket *socket, const QString &, const QJsonObject &message) {
            if (message.value(QLatin1String("type")) == QLatin1String("auth"))
                socket->write(burst + marker());
        });
        Client client(server);
        Budget budget;
        QVERIFY(client.service->connectToService());
        QTRY_VERIFY_WITH_TIMEOUT(sawMarker(client), 20000);
        QCOMPARE(client.service->presenceState(), PresenceState::Online);
        QCOMPARE(server.connectTimesMs().size(), 1);
        QVERIFY(!client.errorCodes().contains(QStringLiteral("WS_ERROR")));
        QVERIFY_BUDGET(budget, 150, 10.0);
    }

    // Thousands of offers in one burst: linear cost, and at most maxRingingCalls ring; the rest
    // are declined on the wire and the operator is told once.
    void offerFloodIsCappedAndLinear()
    {
        constexpr int Offers = 20000;
        QByteArray burst;
        for (int i = 0; i < Offers; ++i)
            burst += offerFrame(QStringLiteral("CA%1").arg(i));
        HostileServer server;
        server.setHandler([&](QTcpSocket *socket, const QString &, const QJsonObject &message) {
            if (message.value(QLatin1String("type")) == QLatin1String("auth"))
                socket->write(burst + marker());
        });
        Client client(server, [](OperatorConfig &c) { c.maxRingingCalls = 50; });
        Budget budget;
        QVERIFY(client.service->connectToService());
        QTRY_VERIFY_WITH_TIMEOUT(sawMarker(client), 30000);
        QCOMPARE(client.incoming->size(), 50);
        QCOMPARE(client.service->activeCalls().size(), 50);
        QCOMPARE(client.errorCodes(), QStringList {QStringLiteral("SERVER_ERROR")});
        QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType(QStringLiteral("reject")), Offers - 50, 10000);
        QVERIFY_BUDGET(budget, 100, 8.0);
    }

    // The same flood with no cap: every offer rings, and the cost stays linear (a scan of every
    // earlier call per offer made 20,000 offers cost minutes of CPU).
    void uncappedFloodIsLinear()
    {
        constexpr int Offers = 20000;
        QByteArray burst;
        for (int i = 0; i < Offers; ++i)
            burst += offerFrame(QStringLiteral("CA%1").arg(i));
        HostileServer server;
        server.setHandler([&](QTcpSocket *socket, const QString &, const QJsonObject &message) {
            if (message.value(QLatin1String("type")) == QLatin1String("auth"))
                socket->write(burst + marker());
        });
        Client client(server, [](OperatorConfig &c) { c.maxRingingCalls = 1000000; });
        Budget budget;
        QVERIFY(client.service->connectToService());
        QTRY_VERIFY_WITH_TIMEOUT(sawMarker(client), 60000);
        QCOMPARE(client.incoming->size(), Offers);
        // Losing the connection ends every ringing call (each end was a scan too).
        client.service->disconnectFromService();
        QCOMPARE(client.ended->size(), Offers);
        QVERIFY_BUDGET(budget, 300, 8.0);
    }

    // Accepted, but the service never assigns the call: it ends `failed` after callSetupTimeoutMs.
    void acceptedButNeverAssigned()
    {
        HostileServer server;
        server.setHandler([&](QTcpSocket *socket, const QString &, const QJsonObject &message) {
            if (message.value(QLatin1String("type")) == QLatin1String("auth"))
                socket->write(offerFrame(QStringLiteral("CA_stuck")));
        });
        Client client(server, [](OperatorConfig &c) { c.callSetupTimeoutMs = 300; });
        QVERIFY(client.service->connectToService());
        QVERIFY(client.incoming->wait(5000));
        auto *call = client.incoming->first().at(0).value<CallController *>();
        QElapsedTimer clock;
        clock.start();
        call->accept();
        QCOMPARE(call->state(), CallState::Connecting);
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Ended, 5000);
        QVERIFY(clock.elapsed() >= 290);
        QCOMPARE(call->endReason(), std::optional<CallEndReason>(CallEndReason::Failed));
        QCOMPARE(client.errorCodes(), QStringList {QStringLiteral("SERVER_ERROR")});
        QCOMPARE(client.service->presenceState(), PresenceState::Online);
    }

    // Assigned, the call channel started, but `connected` never comes; then a late assignment of
    // nothing more. The call ends `failed`, and the service is told (`hangup`).
    void assignedButNeverConnected()
    {
        HostileServer server;
        server.setHandler([&](QTcpSocket *socket, const QString &path, const QJsonObject &message) {
            const QString type = message.value(QLatin1String("type")).toString();
            if (path.endsWith(QLatin1String("/presence"))) {
                if (type == QLatin1String("auth"))
                    socket->write(offerFrame(QStringLiteral("CA_silent")));
                else if (type == QLatin1String("accept"))
                    socket->write(jsonFrame({{"type", "call_assigned"}, {"callSid", "CA_silent"}}));
            } else if (type == QLatin1String("start")) {
                socket->write(jsonFrame(
                    {{"type", "started"},
                     {"codec",
                      QJsonObject {{"name", "opus"}, {"sampleRate", 48000}, {"channels", 1}, {"frameMs", 20}}}}));
            }
        });
        Client client(server, [](OperatorConfig &c) { c.callSetupTimeoutMs = 400; });
        QVERIFY(client.service->connectToService());
        QVERIFY(client.incoming->wait(5000));
        auto *call = client.incoming->first().at(0).value<CallController *>();
        call->accept();
        QTRY_VERIFY_WITH_TIMEOUT(call->isAssigned(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Ended, 5000);
        QCOMPARE(call->endReason(), std::optional<CallEndReason>(CallEndReason::Failed));
        QVERIFY(client.errorCodes().contains(QStringLiteral("SERVER_ERROR")));
        QTRY_COMPARE_WITH_TIMEOUT(server.receivedOfType(QStringLiteral("hangup")), 1, 5000);
    }

    // 10,000 audio frames in one burst on a live call: bounded memory and CPU, the call goes on.
    void audioFrameBurst()
    {
        HostileServer server;
        QByteArray burst;
        for (int i = 0; i < 10000; ++i) {
            QByteArray frame(8, '\0');
            frame[0] = char(0x01);
            qToBigEndian<quint16>(quint16(i), frame.data() + 2);
            qToBigEndian<quint32>(quint32(i * 960), frame.data() + 4);
            frame += QByteArray(60, char(i & 0x7f)); // not a valid Opus packet either
            burst += serverFrame(0x2, frame);
        }
        server.setHandler([&](QTcpSocket *socket, const QString &path, const QJsonObject &message) {
            const QString type = message.value(QLatin1String("type")).toString();
            if (path.endsWith(QLatin1String("/presence"))) {
                if (type == QLatin1String("auth"))
                    socket->write(offerFrame(QStringLiteral("CA_burst")));
                else if (type == QLatin1String("accept"))
                    socket->write(jsonFrame({{"type", "call_assigned"}, {"callSid", "CA_burst"}}));
            } else if (type == QLatin1String("start")) {
                socket->write(
                    jsonFrame(
                        {{"type", "started"},
                         {"codec",
                          QJsonObject {{"name", "opus"}, {"sampleRate", 48000}, {"channels", 1}, {"frameMs", 20}}}})
                    + jsonFrame({{"type", "connected"}}) + burst
                    + jsonFrame({{"type", "ended"}, {"reason", "remote_hangup"}}));
            }
        });
        Client client(server);
        Budget budget;
        QVERIFY(client.service->connectToService());
        QVERIFY(client.incoming->wait(5000));
        auto *call = client.incoming->first().at(0).value<CallController *>();
        call->accept();
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Ended, 20000);
        QCOMPARE(call->endReason(), std::optional<CallEndReason>(CallEndReason::RemoteHangup));
        QVERIFY(call->answeredAt().isValid());
        QVERIFY_BUDGET(budget, 100, 10.0);
    }

    // A call channel whose upgrade, or whose `start`, is never answered: dropped at
    // handshakeTimeoutMs with WS_ERROR and retried after the resume backoff step.
    void callChannelSlowLoris_data()
    {
        QTest::addColumn<bool>("upgrade");
        QTest::newRow("upgrade never answered") << false;
        QTest::newRow("start never answered") << true;
    }
    void callChannelSlowLoris()
    {
        QFETCH(bool, upgrade);
        HostileServer server(upgrade ? HostileServer::Upgrade::Answer : HostileServer::Upgrade::Never);
        CallChannel::Settings settings;
        settings.url = server.callUrl(QStringLiteral("CA_slow"));
        settings.tokenSource = std::make_shared<StaticTokenSource>(OperatorSessionToken {QStringLiteral("t"), {}});
        settings.handshakeTimeoutMs = 300;
        settings.deadAfterMs = 60000; // only the handshake bound applies
        settings.resumeBackoffMs = {150, 300};
        settings.resumeWindowMs = 5000;
        auto logger = std::make_shared<CaptureLogger>();
        CallChannel channel(settings, Log(logger));
        QSignalSpy errors(&channel, &CallChannel::error);
        Budget budget;
        channel.open();
        QVERIFY(errors.wait(3000));
        QCOMPARE(errors.first().at(0).value<OperatorError>().code, QStringLiteral("WS_ERROR"));
        verifyReconnectAfter(server, 300 + 150);
        channel.close();
        QVERIFY_BUDGET(budget, 50, 2.0);
    }
};

QTEST_GUILESS_MAIN(TestHostileService)
#include "TestHostileService.moc"
