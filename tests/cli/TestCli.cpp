// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the real audin-cli against an in-process simulator. Secrets go through the environment.
#include "AudioCompare.h"
#include "PulseAudioFixture.h"
#include "SimFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <memory>

using namespace audin::test;

namespace {

constexpr int WaitMs = 10000;
const QString AliceKey = QStringLiteral("ok_alice_test");
const QString Pn1 = QStringLiteral("+15551230001");

/** One audin-cli process; collects its JSON lines while the test's event loop runs the simulator. */
class CliRun
{
public:
    CliRun(const QStringList &arguments, const QProcessEnvironment &environment)
    {
        m_process.setProcessEnvironment(environment);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, [this]() { readStdout(); });
        QObject::connect(&m_process, &QProcess::readyReadStandardError,
                         [this]() { m_stderr += m_process.readAllStandardError(); });
        m_process.start(QStringLiteral(AUDIN_CLI_PATH), arguments);
    }
    ~CliRun()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(3000); // after a kill nothing depends on our event loop
        }
    }

    /** Waits (spinning the event loop) for a line matching `pred` that arrived at any time. */
    QJsonObject waitForEvent(const std::function<bool(const QJsonObject &)> &pred, int timeoutMs = WaitMs)
    {
        QJsonObject found;
        const bool matched = QTest::qWaitFor(
            [&]() {
                for (const QJsonObject &event : std::as_const(m_events)) {
                    if (pred(event)) {
                        found = event;
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        return matched ? found : QJsonObject();
    }
    QJsonObject waitForEvent(const QString &name, int timeoutMs = WaitMs)
    {
        return waitForEvent([&name](const QJsonObject &e) { return e.value(QLatin1String("event")) == name; },
                            timeoutMs);
    }
    bool waitFinished(int timeoutMs = WaitMs)
    {
        const bool done = QTest::qWaitFor([this]() { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
        readStdout();
        m_stderr += m_process.readAllStandardError();
        return done;
    }
    int exitCode() const { return m_process.exitCode(); }
    QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    void terminate() { m_process.terminate(); }

    QList<QJsonObject> events() const { return m_events; }
    QList<QJsonObject> eventsNamed(const QString &name) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &event : m_events) {
            if (event.value(QLatin1String("event")) == name)
                out.append(event);
        }
        return out;
    }
    QByteArray stdoutBytes() const { return m_stdout; }
    QByteArray stderrBytes() const { return m_stderr; }
    QList<QByteArray> badLines() const { return m_badLines; }
    QString diagnostics() const
    {
        return QStringLiteral("stdout:\n%1\nstderr:\n%2").arg(QString::fromUtf8(m_stdout), QString::fromUtf8(m_stderr));
    }

private:
    void readStdout()
    {
        const QByteArray fresh = m_process.readAllStandardOutput();
        m_stdout += fresh;
        m_pending += fresh;
        int newline;
        while ((newline = m_pending.indexOf('\n')) >= 0) {
            const QByteArray line = m_pending.left(newline);
            m_pending.remove(0, newline + 1);
            const QJsonDocument doc = QJsonDocument::fromJson(line);
            if (doc.isObject())
                m_events.append(doc.object());
            else
                m_badLines.append(line);
        }
    }

    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_pending;
    QByteArray m_stderr;
    QList<QJsonObject> m_events;
    QList<QByteArray> m_badLines;
};

/** The test's environment without any AUDIN_* setting (an empty one would make QProcess inherit ours). */
QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("AUDIN_")))
            env.remove(key);
    }
    return env;
}

QProcessEnvironment cliEnvironment(const SimFixture &fx, const QString &operatorKey = AliceKey)
{
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("AUDIN_CORE_URL"), fx.coreUrl());
    env.insert(QStringLiteral("AUDIN_TOKEN_URL"), fx.coreUrl() + QStringLiteral("/partner/token"));
    env.insert(QStringLiteral("AUDIN_TOKEN_HEADER"), QStringLiteral("Authorization: Bearer ") + operatorKey);
    return env;
}

bool isAvailableOn(const QJsonObject &event, const QString &id)
{
    return event.value(QLatin1String("event")) == QLatin1String("availabilityChanged")
        && event.value(QLatin1String("accepted")).toArray().contains(id);
}

bool isCallEvent(const QJsonObject &event, const QString &name, const QString &callSid)
{
    return event.value(QLatin1String("event")) == name && event.value(QLatin1String("callSid")) == callSid;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void numbersPrintsTheArray();
    void onlineAutoAnswerHangsUpAndExits();
    void onlineRejects();
    void hangupAtOnceEndsTheCallOnTheService();
    void onlineDurationGoesOfflineAndExits();
    void sigtermShutsDownCleanly();
    void badCoreUrlExits3_data();
    void badCoreUrlExits3();
    void badOperatorKeyKeepsRetrying();
    void dialInvalidNumberFails();
    void disabledOperatorExits4();
    void sessionReplacedExits4();
    void serviceCloseStaysOfflineExits7();
    void serviceErrorFramesAreEventsNotExits();
    void notOnlineInTimeExits5();
    void usageErrorsExit2_data();
    void usageErrorsExit2();
    void helpAndVersion();
    void listDevicesPrintsJson();
    void secretsNeverPrinted();
    void fixedTokenNeverPrinted();
    void twoWayCallWithFileAudio();
};

void TestCli::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(AUDIN_CLI_PATH)), AUDIN_CLI_PATH);
}

void TestCli::numbersPrintsTheArray()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    CliRun cli({QStringLiteral("numbers")}, cliEnvironment(fx));
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QVERIFY2(cli.exitCode() == 0, qPrintable(cli.diagnostics()));

    // Exactly one line on stdout, and it is the array (events went to stderr).
    const QByteArray out = cli.stdoutBytes();
    QCOMPARE(out.count('\n'), 1);
    QVERIFY(out.endsWith('\n'));
    const QJsonDocument doc = QJsonDocument::fromJson(out.trimmed());
    QVERIFY2(doc.isArray(), out.constData());
    QHash<QString, QJsonObject> byId;
    for (const QJsonValue value : doc.array())
        byId.insert(value.toObject().value(QLatin1String("id")).toString(), value.toObject());
    QVERIFY(byId.contains(QStringLiteral("pn_1")));
    QVERIFY(byId.contains(QStringLiteral("pn_2")));
    QCOMPARE(byId.value(QStringLiteral("pn_1")).value(QLatin1String("phoneNumber")).toString(), Pn1);
    QCOMPARE(byId.value(QStringLiteral("pn_1")).value(QLatin1String("displayName")).toString(),
             QStringLiteral("Support"));
    QVERIFY(byId.value(QStringLiteral("pn_2")).value(QLatin1String("displayName")).isNull());
    QCOMPARE(byId.value(QStringLiteral("pn_2")).keys().size(), 3);
}

void TestCli::onlineAutoAnswerHangsUpAndExits()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1"), QStringLiteral("--auto-answer"),
                QStringLiteral("--hangup-after-ms"), QStringLiteral("200"), QStringLiteral("--exit-after-calls"),
                QStringLiteral("1")},
               cliEnvironment(fx));
    QVERIFY2(!cli.waitForEvent([](const QJsonObject &e) { return isAvailableOn(e, QStringLiteral("pn_1")); }).isEmpty(),
             qPrintable(cli.diagnostics()));

    const QString callSid = fx.ring(Pn1);
    QVERIFY(!callSid.isEmpty());
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QVERIFY2(cli.exitCode() == 0, qPrintable(cli.diagnostics()));
    QVERIFY2(cli.badLines().isEmpty(), qPrintable(cli.diagnostics()));

    // In order: offered, answered, ended by our hang-up.
    const QList<QJsonObject> events = cli.events();
    int incoming = -1, started = -1, ended = -1;
    for (int i = 0; i < events.size(); ++i) {
        if (isCallEvent(events.at(i), QStringLiteral("incomingCall"), callSid) && incoming < 0)
            incoming = i;
        if (isCallEvent(events.at(i), QStringLiteral("callStarted"), callSid) && started < 0)
            started = i;
        if (isCallEvent(events.at(i), QStringLiteral("callEnded"), callSid) && ended < 0)
            ended = i;
    }
    QVERIFY2(incoming >= 0 && started > incoming && ended > started, qPrintable(cli.diagnostics()));

    const QJsonObject offer = events.at(incoming);
    QCOMPARE(offer.value(QLatin1String("direction")).toString(), QStringLiteral("inbound"));
    QCOMPARE(offer.value(QLatin1String("from")).toString(), QStringLiteral("+4930123456"));
    QCOMPARE(offer.value(QLatin1String("to")).toString(), Pn1);
    QCOMPARE(offer.value(QLatin1String("state")).toString(), QStringLiteral("ringing"));
    QVERIFY(!offer.contains(QLatin1String("endReason")));
    const QJsonObject end = events.at(ended);
    QCOMPARE(end.value(QLatin1String("state")).toString(), QStringLiteral("ended"));
    QCOMPARE(end.value(QLatin1String("endReason")).toString(), QStringLiteral("hangup"));

    // Every state change is reported, ending with `ended`.
    QStringList states;
    for (const QJsonObject &event : events) {
        if (isCallEvent(event, QStringLiteral("callStateChanged"), callSid))
            states << event.value(QLatin1String("state")).toString();
    }
    QVERIFY2(states.size() >= 2, qPrintable(states.join(QLatin1Char(','))));
    QCOMPARE(states.first(), QStringLiteral("connecting"));
    QCOMPARE(states.last(), QStringLiteral("ended"));

    // The hang-up came after --hangup-after-ms, not at once.
    const QDateTime startedAt
        = QDateTime::fromString(events.at(started).value(QLatin1String("ts")).toString(), Qt::ISODateWithMs);
    const QDateTime endedAt = QDateTime::fromString(end.value(QLatin1String("ts")).toString(), Qt::ISODateWithMs);
    QVERIFY(startedAt.isValid() && endedAt.isValid());
    QVERIFY2(startedAt.msecsTo(endedAt) >= 150, qPrintable(cli.diagnostics()));

    // Shape of every line: "event" and an ISO-8601 UTC "ts" with milliseconds.
    static const QRegularExpression ts(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
    for (const QJsonObject &event : events) {
        QVERIFY(event.value(QLatin1String("event")).isString());
        QVERIFY2(ts.match(event.value(QLatin1String("ts")).toString()).hasMatch(),
                 qPrintable(QJsonDocument(event).toJson(QJsonDocument::Compact)));
    }
    // It went offline before exiting.
    QCOMPARE(cli.eventsNamed(QStringLiteral("presenceStateChanged")).last().value(QLatin1String("state")).toString(),
             QStringLiteral("offline"));
}

void TestCli::onlineRejects()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1"), QStringLiteral("--reject"),
                QStringLiteral("--exit-after-calls"), QStringLiteral("1")},
               cliEnvironment(fx));
    QVERIFY2(!cli.waitForEvent([](const QJsonObject &e) { return isAvailableOn(e, QStringLiteral("pn_1")); }).isEmpty(),
             qPrintable(cli.diagnostics()));
    const QString callSid = fx.ring(Pn1);
    QVERIFY(!callSid.isEmpty());
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QCOMPARE(cli.exitCode(), 0);
    const QJsonObject end = cli.waitForEvent(
        [&callSid](const QJsonObject &e) { return isCallEvent(e, QStringLiteral("callEnded"), callSid); }, 0);
    QCOMPARE(end.value(QLatin1String("endReason")).toString(), QStringLiteral("rejected"));
    QVERIFY(cli.eventsNamed(QStringLiteral("callStarted")).isEmpty());
}

void TestCli::hangupAtOnceEndsTheCallOnTheService()
{
    // Hung up before call_assigned, and the process exits right after the call ended: the call must
    // still end on the service, not stay assigned to an operator who is gone.
    SimFixture fx;
    QVERIFY(fx.isListening());
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1"), QStringLiteral("--auto-answer"),
                QStringLiteral("--hangup-after-ms"), QStringLiteral("0"), QStringLiteral("--exit-after-calls"),
                QStringLiteral("1"), QStringLiteral("--audio"), QStringLiteral("null")},
               cliEnvironment(fx));
    QVERIFY2(!cli.waitForEvent([](const QJsonObject &e) { return isAvailableOn(e, QStringLiteral("pn_1")); }).isEmpty(),
             qPrintable(cli.diagnostics()));
    const QString sid = fx.ring(Pn1);
    QVERIFY(!sid.isEmpty());
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(cli.waitForEvent(QStringLiteral("callEnded"), 0).value(QLatin1String("endReason")).toString(),
             QStringLiteral("hangup"));
    const QJsonObject call = fx.server()->call(sid);
    QCOMPARE(call.value(QLatin1String("state")).toString(), QStringLiteral("ended"));
    QCOMPARE(call.value(QLatin1String("endReason")).toString(), QStringLiteral("hangup"));
}

void TestCli::onlineDurationGoesOfflineAndExits()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1"), QStringLiteral("pn_2"),
                QStringLiteral("--duration-s"), QStringLiteral("1")},
               cliEnvironment(fx));
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QCOMPARE(cli.exitCode(), 0);
    const QJsonObject availability = cli.waitForEvent(QStringLiteral("availabilityChanged"), 0);
    QCOMPARE(availability.value(QLatin1String("accepted")).toArray(),
             QJsonArray({QStringLiteral("pn_1"), QStringLiteral("pn_2")}));
    QCOMPARE(cli.eventsNamed(QStringLiteral("presenceStateChanged")).last().value(QLatin1String("state")).toString(),
             QStringLiteral("offline"));
    // The service saw a normal close, not a dropped connection.
    QVERIFY(fx.waitForEvent([](const QJsonObject &e) {
        return e.value(QLatin1String("type")) == QLatin1String("close")
            && e.value(QLatin1String("code")).toInt() == 1000;
    }));
}

void TestCli::sigtermShutsDownCleanly()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1")}, cliEnvironment(fx));
    QVERIFY2(!cli.waitForEvent([](const QJsonObject &e) { return isAvailableOn(e, QStringLiteral("pn_1")); }).isEmpty(),
             qPrintable(cli.diagnostics()));
    cli.terminate();
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(cli.eventsNamed(QStringLiteral("presenceStateChanged")).last().value(QLatin1String("state")).toString(),
             QStringLiteral("offline"));
}

void TestCli::badCoreUrlExits3_data()
{
    QTest::addColumn<QString>("coreUrl");
    QTest::newRow("ftp") << "ftp://core.example.com";
    QTest::newRow("no host") << "http://";
    QTest::newRow("not a url") << "core";
}

void TestCli::badCoreUrlExits3()
{
    QFETCH(QString, coreUrl);
    SimFixture fx;
    QProcessEnvironment env = cliEnvironment(fx);
    env.insert(QStringLiteral("AUDIN_CORE_URL"), coreUrl);
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1")}, env);
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QCOMPARE(cli.exitCode(), 3);
    const QJsonObject error = cli.waitForEvent(QStringLiteral("error"), 0);
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("INVALID_CORE_URL"));
    // `numbers` reports it in its log instead, with the same exit code.
    CliRun numbers({QStringLiteral("numbers")}, env);
    QVERIFY2(numbers.waitFinished(), qPrintable(numbers.diagnostics()));
    QCOMPARE(numbers.exitCode(), 3);
    QVERIFY(numbers.stdoutBytes().isEmpty());
    QVERIFY2(numbers.stderrBytes().contains("INVALID_CORE_URL"), qPrintable(numbers.diagnostics()));
}

void TestCli::badOperatorKeyKeepsRetrying()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    const QString wrongKey = QStringLiteral("ok_wrong_key_123");
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1"), QStringLiteral("--backoff"),
                QStringLiteral("100,200"), QStringLiteral("--log-level"), QStringLiteral("debug")},
               cliEnvironment(fx, wrongKey));
    QVERIFY2(QTest::qWaitFor(
                 [&cli]() {
                     int failures = 0;
                     for (const QJsonObject &e : cli.eventsNamed(QStringLiteral("error"))) {
                         if (e.value(QLatin1String("code")) == QLatin1String("TOKEN_FETCH_FAILED"))
                             ++failures;
                     }
                     return failures >= 2;
                 },
                 WaitMs),
             qPrintable(cli.diagnostics()));
    QVERIFY(cli.isRunning());
    const QJsonObject error = cli.waitForEvent(QStringLiteral("error"), 0);
    QVERIFY2(error.value(QLatin1String("message")).toString().contains(QLatin1String("401")),
             qPrintable(cli.diagnostics()));
    cli.terminate();
    QVERIFY(cli.waitFinished());
    QCOMPARE(cli.exitCode(), 0);
    QVERIFY(!cli.stdoutBytes().contains(wrongKey.toUtf8()));
    QVERIFY(!cli.stderrBytes().contains(wrongKey.toUtf8()));
}

void TestCli::dialInvalidNumberFails()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    CliRun cli({QStringLiteral("dial"), QStringLiteral("12"), QStringLiteral("--caller-id"), Pn1}, cliEnvironment(fx));
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QVERIFY2(cli.exitCode() == 6, qPrintable(cli.diagnostics()));
    const QJsonObject error = cli.waitForEvent(QStringLiteral("error"), 0);
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("INVALID_NUMBER"));
    const QJsonObject ended = cli.waitForEvent(QStringLiteral("callEnded"), 0);
    QCOMPARE(ended.value(QLatin1String("direction")).toString(), QStringLiteral("outbound"));
    QCOMPARE(ended.value(QLatin1String("to")).toString(), QStringLiteral("12"));
    QCOMPARE(ended.value(QLatin1String("endReason")).toString(), QStringLiteral("failed"));
    QVERIFY(fx.eventsOfType(QStringLiteral("dial")).isEmpty()); // validated before anything was sent
}

void TestCli::disabledOperatorExits4()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    // The partner endpoint hands out a token, the service refuses the disabled operator (4003).
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1")}, cliEnvironment(fx, QStringLiteral("ok_carol_test")));
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QVERIFY2(cli.exitCode() == 4, qPrintable(cli.diagnostics()));
    const QJsonObject error = cli.waitForEvent(QStringLiteral("error"), 0);
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("FORBIDDEN"));
}

void TestCli::sessionReplacedExits4()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1")}, cliEnvironment(fx));
    QVERIFY2(!cli.waitForEvent([](const QJsonObject &e) { return isAvailableOn(e, QStringLiteral("pn_1")); }).isEmpty(),
             qPrintable(cli.diagnostics()));
    // The same operator signs in elsewhere: the CLI's session is closed with 4009.
    const auto elsewhere = fx.connectProbe(QStringLiteral("op_alice"));
    QVERIFY(elsewhere);
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QVERIFY2(cli.exitCode() == 4, qPrintable(cli.diagnostics()));
    const QJsonObject error = cli.waitForEvent(QStringLiteral("error"), 0);
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("SESSION_REPLACED"));
}

void TestCli::serviceCloseStaysOfflineExits7()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1")}, cliEnvironment(fx));
    QVERIFY2(!cli.waitForEvent([](const QJsonObject &e) { return isAvailableOn(e, QStringLiteral("pn_1")); }).isEmpty(),
             qPrintable(cli.diagnostics()));
    const HttpResult fault
        = fx.http("POST", QStringLiteral("/sim/faults"), R"({"operatorId":"op_alice","action":"close","code":1000})");
    QCOMPARE(fault.status, 200);
    // 1000 means "stay offline" (PROTOCOL.md 3.7): the SDK will not reconnect, so the CLI must not linger.
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QVERIFY2(cli.exitCode() == 7, qPrintable(cli.diagnostics()));
    QCOMPARE(cli.eventsNamed(QStringLiteral("presenceStateChanged")).last().value(QLatin1String("state")).toString(),
             QStringLiteral("offline"));
    QVERIFY(cli.eventsNamed(QStringLiteral("error")).isEmpty());
    QCOMPARE(fx.eventsOfType(QStringLiteral("auth"), QStringLiteral("op_alice")).size(), 1);
}

// An `error` frame answers (or reports) one request; the session goes on (PROTOCOL.md 2). Only a
// close ends it, so even FORBIDDEN or SESSION_REPLACED in an `error` frame is an event, not an exit.
void TestCli::serviceErrorFramesAreEventsNotExits()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1")}, cliEnvironment(fx));
    QVERIFY2(!cli.waitForEvent([](const QJsonObject &e) { return isAvailableOn(e, QStringLiteral("pn_1")); }).isEmpty(),
             qPrintable(cli.diagnostics()));
    for (const char *code : {"FORBIDDEN", "SESSION_REPLACED", "INVALID_CORE_URL", "AUTH_FAILED"}) {
        const QJsonObject frame {{"type", "error"}, {"code", QString::fromLatin1(code)}, {"message", "refused"}};
        const QJsonObject fault {{"operatorId", "op_alice"},
                                 {"action", "send"},
                                 {"text", QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact))}};
        QCOMPARE(fx.http("POST", QStringLiteral("/sim/faults"), QJsonDocument(fault).toJson()).status, 200);
    }
    // A push after them proves the CLI read past all four and is still online.
    const QJsonObject push {
        {"type", "availability"}, {"accepted", QJsonArray {"pn_marker"}}, {"rejected", QJsonArray {}}};
    const QJsonObject fault {{"operatorId", "op_alice"},
                             {"action", "send"},
                             {"text", QString::fromUtf8(QJsonDocument(push).toJson(QJsonDocument::Compact))}};
    QCOMPARE(fx.http("POST", QStringLiteral("/sim/faults"), QJsonDocument(fault).toJson()).status, 200);
    QVERIFY2(
        !cli.waitForEvent([](const QJsonObject &e) { return isAvailableOn(e, QStringLiteral("pn_marker")); }).isEmpty(),
        qPrintable(cli.diagnostics()));
    QVERIFY2(cli.isRunning(), qPrintable(cli.diagnostics()));
    QCOMPARE(cli.eventsNamed(QStringLiteral("error")).size(), 4);
    QCOMPARE(cli.eventsNamed(QStringLiteral("presenceStateChanged")).last().value(QLatin1String("state")).toString(),
             QStringLiteral("online"));
    cli.terminate();
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QVERIFY2(cli.exitCode() == 0, qPrintable(cli.diagnostics()));
}

void TestCli::notOnlineInTimeExits5()
{
    // Nothing listens on the port any more: every attempt fails and `numbers` gives up at --timeout-s.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("http://127.0.0.1:%1").arg(port));
    env.insert(QStringLiteral("AUDIN_TOKEN"), QStringLiteral("dev-token"));
    CliRun cli({QStringLiteral("numbers"), QStringLiteral("--timeout-s"), QStringLiteral("1"),
                QStringLiteral("--backoff"), QStringLiteral("100")},
               env);
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QVERIFY2(cli.exitCode() == 5, qPrintable(cli.diagnostics()));
    QVERIFY(cli.stdoutBytes().isEmpty());
    QVERIFY2(cli.stderrBytes().contains("not online within 1 s"), qPrintable(cli.diagnostics()));
}

void TestCli::usageErrorsExit2_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("withEnvironment");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no command") << QStringList() << true << "no command";
    QTest::newRow("unknown command") << QStringList {QStringLiteral("call")} << true << "unknown command";
    QTest::newRow("unknown option") << QStringList {QStringLiteral("numbers"), QStringLiteral("--loud")} << true
                                    << "unknown option --loud";
    QTest::newRow("online without ids") << QStringList {QStringLiteral("online")} << true << "at least one";
    QTest::newRow("answer and reject") << QStringList {QStringLiteral("online"), QStringLiteral("pn_1"),
                                                       QStringLiteral("--auto-answer"), QStringLiteral("--reject")}
                                       << true << "exclude each other";
    QTest::newRow("dial without caller id")
        << QStringList {QStringLiteral("dial"), QStringLiteral("+4930123456")} << true << "--caller-id";
    QTest::newRow("no settings") << QStringList {QStringLiteral("numbers")} << false << "no core URL";
    QTest::newRow("two token sources") << QStringList {QStringLiteral("--token"), QStringLiteral("x"),
                                                       QStringLiteral("--token-command"), QStringLiteral("y"),
                                                       QStringLiteral("numbers")}
                                       << true << "choose one token source";
}

void TestCli::usageErrorsExit2()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, withEnvironment);
    QFETCH(QString, expected);
    SimFixture fx;
    QProcessEnvironment env = cliEnvironment(fx);
    if (!withEnvironment)
        env = cleanEnvironment();
    CliRun cli(arguments, env);
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QCOMPARE(cli.exitCode(), 2);
    QVERIFY(cli.stdoutBytes().isEmpty());
    QVERIFY2(cli.stderrBytes().contains(expected.toUtf8()), qPrintable(cli.diagnostics()));
    QVERIFY(cli.stderrBytes().contains("--help"));
    QVERIFY(fx.eventsOfType(QStringLiteral("open")).isEmpty()); // nothing was attempted
}

void TestCli::helpAndVersion()
{
    CliRun help({QStringLiteral("--help")}, cleanEnvironment());
    QVERIFY(help.waitFinished());
    QCOMPARE(help.exitCode(), 0);
    QVERIFY(help.stdoutBytes().startsWith("Usage: audin-cli"));

    CliRun version({QStringLiteral("--version")}, cleanEnvironment());
    QVERIFY(version.waitFinished());
    QCOMPARE(version.exitCode(), 0);
    QCOMPARE(version.stdoutBytes(), QByteArray("audin-cli " AUDIN_VERSION "\n"));
}

void TestCli::listDevicesPrintsJson()
{
    // Real devices when PulseAudio can give them; the shape must hold on a machine with none too.
    QString why;
    const bool devices = PulseAudioFixture::ensure(&why);
    if (!devices)
        qWarning("no PulseAudio devices (%s): checking the shape of an empty list", qPrintable(why));
    CliRun cli({QStringLiteral("--list-devices")}, cleanEnvironment());
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QVERIFY2(cli.exitCode() == 0, qPrintable(cli.diagnostics()));
    const QByteArray out = cli.stdoutBytes();
    QCOMPARE(out.count('\n'), 1); // one JSON line, for scripts
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError && doc.isObject(), out.constData());
    const QJsonObject root = doc.object();
    QCOMPARE(root.keys(), (QStringList {QStringLiteral("inputs"), QStringLiteral("outputs")}));
    QHash<QString, QStringList> ids;
    for (const QString &list : {QStringLiteral("inputs"), QStringLiteral("outputs")}) {
        QVERIFY(root.value(list).isArray());
        int defaults = 0;
        for (const QJsonValue &value : root.value(list).toArray()) {
            const QJsonObject device = value.toObject();
            QCOMPARE(device.keys(),
                     (QStringList {QStringLiteral("default"), QStringLiteral("description"),
                                   QStringLiteral("id")})); // keys() is sorted
            QVERIFY(device.value(QLatin1String("id")).isString()
                    && !device.value(QLatin1String("id")).toString().isEmpty());
            QVERIFY(device.value(QLatin1String("description")).isString()
                    && !device.value(QLatin1String("description")).toString().isEmpty());
            QVERIFY(device.value(QLatin1String("default")).isBool());
            defaults += device.value(QLatin1String("default")).toBool() ? 1 : 0;
            QVERIFY2(!ids[list].contains(device.value(QLatin1String("id")).toString()), out.constData());
            ids[list] << device.value(QLatin1String("id")).toString();
        }
        QVERIFY(defaults <= 1);
    }
    if (devices) {
        QVERIFY2(ids[QStringLiteral("inputs")].contains(QStringLiteral("mic")), out.constData());
        QVERIFY2(ids[QStringLiteral("outputs")].contains(QStringLiteral("spk")), out.constData());
    }
}

void TestCli::secretsNeverPrinted()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1"), QStringLiteral("--auto-answer"),
                QStringLiteral("--hangup-after-ms"), QStringLiteral("100"), QStringLiteral("--exit-after-calls"),
                QStringLiteral("1"), QStringLiteral("--log-level"), QStringLiteral("debug")},
               cliEnvironment(fx));
    QVERIFY2(!cli.waitForEvent([](const QJsonObject &e) { return isAvailableOn(e, QStringLiteral("pn_1")); }).isEmpty(),
             qPrintable(cli.diagnostics()));
    QVERIFY(!fx.ring(Pn1).isEmpty());
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QCOMPARE(cli.exitCode(), 0);
    QVERIFY2(!cli.stderrBytes().isEmpty(), "debug logging produced nothing: the check below would prove nothing");

    const QByteArray all = cli.stdoutBytes() + cli.stderrBytes();
    QVERIFY(!all.contains(AliceKey.toUtf8()));
    // The simulator's tokens are JWTs: nothing JWT-shaped may appear.
    QVERIFY2(!QRegularExpression(QStringLiteral(R"(eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)"))
                  .match(QString::fromUtf8(all))
                  .hasMatch(),
             qPrintable(cli.diagnostics()));
}

void TestCli::fixedTokenNeverPrinted()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    const HttpResult issued = fx.http("POST", QStringLiteral("/partner/token"), "{}",
                                      {{"Authorization", QByteArray("Bearer ") + AliceKey.toUtf8()}});
    const QString token = issued.json.value(QLatin1String("token")).toString();
    QVERIFY2(!token.isEmpty(), issued.body.constData());

    QProcessEnvironment env = cliEnvironment(fx);
    env.remove(QStringLiteral("AUDIN_TOKEN_URL"));
    env.remove(QStringLiteral("AUDIN_TOKEN_HEADER"));
    env.insert(QStringLiteral("AUDIN_TOKEN"), token);
    CliRun cli({QStringLiteral("numbers"), QStringLiteral("--log-level"), QStringLiteral("debug")}, env);
    QVERIFY2(cli.waitFinished(), qPrintable(cli.diagnostics()));
    QCOMPARE(cli.exitCode(), 0);
    const QByteArray all = cli.stdoutBytes() + cli.stderrBytes();
    QVERIFY(!all.contains(token.toUtf8()));
    // The signature alone must not leak either (a redaction that kept part of it would).
    QVERIFY(!all.contains(token.section(QLatin1Char('.'), 2).toUtf8()));
}

QTEST_GUILESS_MAIN(TestCli)

// The issue's "done means": a real two-way call whose recording is verifiably the far end's audio.
// The test simulator's inbound far end is `echo`, so what the operator hears is what it said.
// --no-processing: an echo canceller rightly removes the operator's own voice coming back.
void TestCli::twoWayCallWithFileAudio()
{
    SimFixture fx;
    QVERIFY(fx.isListening());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    dir.setAutoRemove(qEnvironmentVariableIsEmpty("AUDIN_KEEP_TEST_FILES"));
    const QString in = dir.filePath(QStringLiteral("in.wav"));
    const QString out = dir.filePath(QStringLiteral("out.wav"));
    const std::vector<int16_t> spoken = writeGatedVoiceWav(in, 5.0);
    CliRun cli({QStringLiteral("online"), QStringLiteral("pn_1"), QStringLiteral("--auto-answer"),
                QStringLiteral("--audio"), in, QStringLiteral("--record"), out, QStringLiteral("--hangup-after-ms"),
                QStringLiteral("4500"), QStringLiteral("--exit-after-calls"), QStringLiteral("1"),
                QStringLiteral("--stats"), QStringLiteral("--no-processing")},
               cliEnvironment(fx));
    QVERIFY2(!cli.waitForEvent([](const QJsonObject &e) { return isAvailableOn(e, QStringLiteral("pn_1")); }).isEmpty(),
             qPrintable(cli.diagnostics()));
    const QString callSid = fx.ring(QStringLiteral("+15551230001"));
    QVERIFY(!cli.waitForEvent([&](const QJsonObject &e) {
                    return isCallEvent(e, QStringLiteral("callStateChanged"), callSid)
                        && e.value(QLatin1String("state")) == QLatin1String("active");
                })
                 .isEmpty());
    QVERIFY2(cli.waitFinished(15000), qPrintable(cli.diagnostics()));
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(cli.waitForEvent(QStringLiteral("callEnded"), 0).value(QLatin1String("endReason")).toString(),
             QStringLiteral("hangup"));
    QVERIFY(cli.eventsNamed(QStringLiteral("callStats")).size() >= 3);
    const QJsonObject stats = cli.eventsNamed(QStringLiteral("callStats")).last();
    QVERIFY(stats.value(QLatin1String("framesReceived")).toInt() > 100);
    QVERIFY(stats.contains(QLatin1String("rttMs")));

    const std::vector<int16_t> heard = readMono(out);
    QVERIFY(heard.size() > 48000 * 3);
    const std::vector<int16_t> other = gatedVoice(5.0, 99);
    const double matched = matchedFraction(spoken, heard, 1000, 4000, 0, 300);
    const double control = matchedFraction(other, heard, 1000, 4000, 0, 300);
    qInfo("recording vs what was said: %.0f %% of the words back intact (another take: %.0f %%)", matched * 100,
          control * 100);
    QVERIFY(matched > 0.3); // 0.88 seen; another take 0-0.05
    QVERIFY(control < 0.15);
}

#include "TestCli.moc"
