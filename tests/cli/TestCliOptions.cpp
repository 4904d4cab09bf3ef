// SPDX-License-Identifier: GPL-3.0-or-later
// audin-cli option parsing: pure function of arguments and environment.
#include "CliOptions.h"

#include <QTest>

using namespace audin;
using namespace audin::cli;

namespace {

using Env = QHash<QString, QString>;

const QStringList Base = {QStringLiteral("--core-url"), QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--token"),
                          QStringLiteral("dev-token")};

QStringList args(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *item : list)
        out.append(QString::fromUtf8(item));
    return out;
}

} // namespace

class TestCliOptions : public QObject
{
    Q_OBJECT

private slots:
    void numbersWithOptions();
    void everythingFromTheEnvironment();
    void optionsWinOverEnvironment();
    void commandLineTokenSourceWinsOverEnvironment();
    void commandLineHeadersReplaceEnvironmentHeaders();
    void environmentHeadersGoWithCommandLineUrl();
    void environmentHeadersIgnoredForOtherSources();
    void equalsFormAndOptionsAfterCommand();
    void doubleDashEndsOptions();
    void online();
    void dial();
    void audioOptions();
    void globalSettings();
    void caFile();
    void helpAndVersion();

    void backoff_data();
    void backoff();
    void logLevel();

    void usageErrors_data();
    void usageErrors();
    void errorsNeverQuoteSecrets();
    void usageTextMentionsEveryOption();
};

void TestCliOptions::numbersWithOptions()
{
    const CliParseResult result = parseCliOptions(Base + args({"numbers"}), {});
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.action, CliParseResult::Action::Run);
    QCOMPARE(result.options.command, Command::Numbers);
    QCOMPARE(result.options.coreUrl, QStringLiteral("http://127.0.0.1:1"));
    QCOMPARE(result.options.tokenKind, TokenKind::Static);
    QCOMPARE(result.options.token, QStringLiteral("dev-token"));
    QCOMPARE(result.options.logLevel, LogLevel::Warn);
    QCOMPARE(result.options.timeoutS, 30);
    QVERIFY(!result.options.heartbeatMs);
    QVERIFY(!result.options.backoffMs);
}

void TestCliOptions::everythingFromTheEnvironment()
{
    const Env env {
        {QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("https://core.example.com")},
        {QStringLiteral("AUDIN_TOKEN_URL"), QStringLiteral("https://partner.example.com/token")},
        {QStringLiteral("AUDIN_TOKEN_HEADER"), QStringLiteral("Authorization: Bearer k1\r\n\nX-Tenant: t-9\n")}};
    const CliParseResult result = parseCliOptions(args({"numbers"}), env);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.options.coreUrl, QStringLiteral("https://core.example.com"));
    QCOMPARE(result.options.tokenKind, TokenKind::Url);
    QCOMPARE(result.options.tokenUrl, QUrl(QStringLiteral("https://partner.example.com/token")));
    QCOMPARE(result.options.tokenHeaders.size(), 2);
    QCOMPARE(result.options.tokenHeaders.at(0), HttpTokenSource::Header("Authorization", "Bearer k1"));
    QCOMPARE(result.options.tokenHeaders.at(1), HttpTokenSource::Header("X-Tenant", "t-9"));

    const CliParseResult command
        = parseCliOptions(args({"numbers"}),
                          {{QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("http://h")},
                           {QStringLiteral("AUDIN_TOKEN_COMMAND"), QStringLiteral("get-token")}});
    QVERIFY2(command.ok(), qPrintable(command.error));
    QCOMPARE(command.options.tokenKind, TokenKind::Command);
    QCOMPARE(command.options.tokenCommand, QStringLiteral("get-token"));

    const CliParseResult fixed = parseCliOptions(args({"numbers"}),
                                                 {{QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("http://h")},
                                                  {QStringLiteral("AUDIN_TOKEN"), QStringLiteral("jwt")}});
    QVERIFY2(fixed.ok(), qPrintable(fixed.error));
    QCOMPARE(fixed.options.tokenKind, TokenKind::Static);
    QCOMPARE(fixed.options.token, QStringLiteral("jwt"));
}

void TestCliOptions::optionsWinOverEnvironment()
{
    const Env env {{QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("https://env.example.com")},
                   {QStringLiteral("AUDIN_TOKEN"), QStringLiteral("env-token")}};
    const CliParseResult result = parseCliOptions(Base + args({"numbers"}), env);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.options.coreUrl, QStringLiteral("http://127.0.0.1:1"));
    QCOMPARE(result.options.token, QStringLiteral("dev-token"));
}

void TestCliOptions::commandLineTokenSourceWinsOverEnvironment()
{
    // Even two conflicting sources in the environment do not matter once the command line picks one.
    const Env env {{QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("http://h")},
                   {QStringLiteral("AUDIN_TOKEN"), QStringLiteral("env-token")},
                   {QStringLiteral("AUDIN_TOKEN_URL"), QStringLiteral("http://partner/token")}};
    const CliParseResult result = parseCliOptions(args({"--token-command", "get-token", "numbers"}), env);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.options.tokenKind, TokenKind::Command);
    QCOMPARE(result.options.tokenCommand, QStringLiteral("get-token"));
    QVERIFY(result.options.token.isEmpty());
}

void TestCliOptions::commandLineHeadersReplaceEnvironmentHeaders()
{
    const Env env {{QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("http://h")},
                   {QStringLiteral("AUDIN_TOKEN_URL"), QStringLiteral("http://partner/token")},
                   {QStringLiteral("AUDIN_TOKEN_HEADER"), QStringLiteral("X-Env: 1")}};
    const CliParseResult result
        = parseCliOptions(args({"--token-header", "X-A: a", "--token-header", "X-B: b", "numbers"}), env);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.options.tokenHeaders.size(), 2);
    QCOMPARE(result.options.tokenHeaders.at(0), HttpTokenSource::Header("X-A", "a"));
    QCOMPARE(result.options.tokenHeaders.at(1), HttpTokenSource::Header("X-B", "b"));
}

void TestCliOptions::environmentHeadersGoWithCommandLineUrl()
{
    const Env env {{QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("http://h")},
                   {QStringLiteral("AUDIN_TOKEN_HEADER"), QStringLiteral("Authorization: Bearer env-key")}};
    const CliParseResult result = parseCliOptions(args({"--token-url", "http://partner/token", "numbers"}), env);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.options.tokenKind, TokenKind::Url);
    QCOMPARE(result.options.tokenHeaders.size(), 1);
    QCOMPARE(result.options.tokenHeaders.at(0).second, QByteArray("Bearer env-key"));
}

void TestCliOptions::environmentHeadersIgnoredForOtherSources()
{
    const Env env {{QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("http://h")},
                   {QStringLiteral("AUDIN_TOKEN_HEADER"), QStringLiteral("not a header")}};
    const CliParseResult result = parseCliOptions(args({"--token-command", "get-token", "numbers"}), env);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QVERIFY(result.options.tokenHeaders.isEmpty());
}

void TestCliOptions::equalsFormAndOptionsAfterCommand()
{
    const CliParseResult result = parseCliOptions(args({"online", "pn_1", "--core-url=http://h:8080", "--token=abc",
                                                        "--hangup-after-ms=0", "pn_2", "--dtmf", "12#"}),
                                                  {});
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.options.coreUrl, QStringLiteral("http://h:8080"));
    QCOMPARE(result.options.token, QStringLiteral("abc"));
    QCOMPARE(result.options.phoneNumberIds, QStringList({QStringLiteral("pn_1"), QStringLiteral("pn_2")}));
    QCOMPARE(result.options.hangupAfterMs, std::optional<int>(0));
    QCOMPARE(result.options.dtmf, QStringLiteral("12#"));
}

void TestCliOptions::doubleDashEndsOptions()
{
    const CliParseResult result = parseCliOptions(Base + args({"online", "--", "--odd-id"}), {});
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.options.phoneNumberIds, QStringList {QStringLiteral("--odd-id")});
}

void TestCliOptions::online()
{
    const CliParseResult result
        = parseCliOptions(Base
                              + args({"online", "pn_1", "pn_2", "--auto-answer", "--hangup-after-ms", "1500", "--dtmf",
                                      "1*9", "--exit-after-calls", "3", "--duration-s", "60"}),
                          {});
    QVERIFY2(result.ok(), qPrintable(result.error));
    const CliOptions &o = result.options;
    QCOMPARE(o.command, Command::Online);
    QCOMPARE(o.phoneNumberIds, QStringList({QStringLiteral("pn_1"), QStringLiteral("pn_2")}));
    QVERIFY(o.autoAnswer);
    QVERIFY(!o.reject);
    QCOMPARE(o.hangupAfterMs, std::optional<int>(1500));
    QCOMPARE(o.dtmf, QStringLiteral("1*9"));
    QCOMPARE(o.exitAfterCalls, std::optional<int>(3));
    QCOMPARE(o.durationS, std::optional<int>(60));

    const CliParseResult rejecting = parseCliOptions(Base + args({"online", "pn_1", "--reject"}), {});
    QVERIFY2(rejecting.ok(), qPrintable(rejecting.error));
    QVERIFY(rejecting.options.reject);
    QVERIFY(!rejecting.options.autoAnswer);
    QVERIFY(!rejecting.options.exitAfterCalls);
    QVERIFY(!rejecting.options.durationS);
}

void TestCliOptions::dial()
{
    // The number is not validated here: the SDK reports INVALID_NUMBER on the error event.
    const CliParseResult result = parseCliOptions(
        Base + args({"dial", "+49 30 1234-567", "--caller-id", "+15551230001", "--hangup-after-ms", "100"}), {});
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.options.command, Command::Dial);
    QCOMPARE(result.options.dialNumber, QStringLiteral("+49 30 1234-567"));
    QCOMPARE(result.options.callerId, QStringLiteral("+15551230001"));
    QCOMPARE(result.options.hangupAfterMs, std::optional<int>(100));

    const CliParseResult invalid = parseCliOptions(Base + args({"dial", "12", "--caller-id", "+1"}), {});
    QVERIFY2(invalid.ok(), qPrintable(invalid.error));
    QCOMPARE(invalid.options.dialNumber, QStringLiteral("12"));
}

void TestCliOptions::audioOptions()
{
    const CliParseResult defaults = parseCliOptions(Base + args({"online", "pn_1"}), {});
    QVERIFY2(defaults.ok(), qPrintable(defaults.error));
    QCOMPARE(defaults.options.audioMode, AudioMode::Devices);
    QVERIFY(defaults.options.processing); // the SDK's default: processing on
    QVERIFY(!defaults.options.stats);
    QVERIFY(defaults.options.recordPath.isEmpty());

    const CliParseResult file = parseCliOptions(
        Base + args({"online", "pn_1", "--audio", "in.WAV", "--record", "out.wav", "--stats", "--no-processing"}), {});
    QVERIFY2(file.ok(), qPrintable(file.error));
    QCOMPARE(file.options.audioMode, AudioMode::File);
    QCOMPARE(file.options.audioFile, QStringLiteral("in.WAV"));
    QCOMPARE(file.options.recordPath, QStringLiteral("out.wav"));
    QVERIFY(file.options.stats);
    QVERIFY(!file.options.processing);

    const CliParseResult devices = parseCliOptions(Base
                                                       + args({"dial", "+4930123456", "--caller-id", "+15551230001",
                                                               "--input-device", "mic", "--output-device", "Headset"}),
                                                   {});
    QVERIFY2(devices.ok(), qPrintable(devices.error));
    QCOMPARE(devices.options.inputDevice, QStringLiteral("mic"));
    QCOMPARE(devices.options.outputDevice, QStringLiteral("Headset"));

    QCOMPARE(parseCliOptions(Base + args({"online", "pn_1", "--audio", "null"}), {}).options.audioMode,
             AudioMode::Null);
    QVERIFY(!parseCliOptions(Base + args({"online", "pn_1", "--audio", "speakers"}), {}).ok());
    QVERIFY(!parseCliOptions(Base + args({"online", "pn_1", "--audio", "null", "--input-device", "mic"}), {}).ok());
}

void TestCliOptions::globalSettings()
{
    const CliParseResult result = parseCliOptions(Base
                                                      + args({"--heartbeat-ms", "500", "--backoff", "100,200,400",
                                                              "--log-level", "debug", "--timeout-s", "7", "numbers"}),
                                                  {});
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.options.heartbeatMs, std::optional<int>(500));
    QCOMPARE(result.options.backoffMs, std::optional<QList<int>>(QList<int> {100, 200, 400}));
    QCOMPARE(result.options.logLevel, LogLevel::Debug);
    QCOMPARE(result.options.timeoutS, 7);
}

void TestCliOptions::caFile()
{
    QCOMPARE(parseCliOptions(Base + args({"numbers"}), {}).options.caFile, QString()); // system store only
    const CliParseResult option = parseCliOptions(Base + args({"--ca-file", "/etc/corp-ca.pem", "numbers"}), {});
    QVERIFY2(option.ok(), qPrintable(option.error));
    QCOMPARE(option.options.caFile, QStringLiteral("/etc/corp-ca.pem"));
    // Every command opens TLS connections, so every command takes it.
    QVERIFY(parseCliOptions(Base + args({"online", "pn_1", "--ca-file=/ca.pem"}), {}).ok());
    QVERIFY(
        parseCliOptions(Base + args({"dial", "+4930123456", "--caller-id", "+15551230001", "--ca-file", "/ca.pem"}), {})
            .ok());

    const Env env {{QStringLiteral("AUDIN_CA_FILE"), QStringLiteral("/env/ca.pem")}};
    QCOMPARE(parseCliOptions(Base + args({"numbers"}), env).options.caFile, QStringLiteral("/env/ca.pem"));
    QCOMPARE(parseCliOptions(Base + args({"--ca-file", "/opt/ca.pem", "numbers"}), env).options.caFile,
             QStringLiteral("/opt/ca.pem")); // the option wins

    const CliParseResult empty = parseCliOptions(Base + args({"--ca-file=", "numbers"}), {});
    QVERIFY(!empty.ok());
    QVERIFY2(empty.error.contains(QLatin1String("--ca-file")), qPrintable(empty.error));
    QVERIFY(!parseCliOptions(Base + args({"numbers", "--ca-file"}), {}).ok()); // no value
    QVERIFY(!parseCliOptions(Base + args({"--ca-file", "/a.pem", "--ca-file", "/b.pem", "numbers"}), {}).ok());
}

void TestCliOptions::helpAndVersion()
{
    QCOMPARE(parseCliOptions(args({"--help"}), {}).action, CliParseResult::Action::Help);
    QCOMPARE(parseCliOptions(args({"-h"}), {}).action, CliParseResult::Action::Help);
    // Help wins even when the rest would be a usage error.
    QCOMPARE(parseCliOptions(args({"bogus", "--help"}), {}).action, CliParseResult::Action::Help);
    QCOMPARE(parseCliOptions(args({"--version"}), {}).action, CliParseResult::Action::Version);
    QVERIFY(versionText().contains(QStringLiteral(AUDIN_VERSION)));
}

void TestCliOptions::backoff_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QList<int>>("schedule");
    QTest::newRow("two") << "1000,2000" << true << QList<int> {1000, 2000};
    QTest::newRow("one") << "250" << true << QList<int> {250};
    QTest::newRow("spaces") << " 100 , 200 " << true << QList<int> {100, 200};
    QTest::newRow("empty") << "" << false << QList<int> {};
    QTest::newRow("trailing comma") << "1000," << false << QList<int> {};
    QTest::newRow("leading comma") << ",1000" << false << QList<int> {};
    QTest::newRow("word") << "fast" << false << QList<int> {};
    QTest::newRow("negative") << "1000,-5" << false << QList<int> {};
    QTest::newRow("zero") << "0" << false << QList<int> {};
    QTest::newRow("semicolon") << "1000;2000" << false << QList<int> {};
    QTest::newRow("fraction") << "1.5" << false << QList<int> {};
    QTest::newRow("overflow") << "99999999999" << false << QList<int> {};
}

void TestCliOptions::backoff()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QList<int>, schedule);
    const std::optional<QList<int>> parsed = parseBackoff(text);
    QCOMPARE(parsed.has_value(), ok);
    if (ok)
        QCOMPARE(*parsed, schedule);
}

void TestCliOptions::logLevel()
{
    QCOMPARE(parseLogLevel(QStringLiteral("debug")), std::optional<LogLevel>(LogLevel::Debug));
    QCOMPARE(parseLogLevel(QStringLiteral("INFO")), std::optional<LogLevel>(LogLevel::Info));
    QCOMPARE(parseLogLevel(QStringLiteral("warn")), std::optional<LogLevel>(LogLevel::Warn));
    QCOMPARE(parseLogLevel(QStringLiteral("error")), std::optional<LogLevel>(LogLevel::Error));
    QVERIFY(!parseLogLevel(QStringLiteral("verbose")));
}

void TestCliOptions::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<Env>("env");
    QTest::addColumn<QString>("expected"); // part of the message

    const Env none;
    const Env coreOnly {{QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("http://h")}};
    auto row = [](const char *name, const QStringList &arguments, const Env &env, const char *expected) {
        QTest::newRow(name) << arguments << env << QString::fromUtf8(expected);
    };

    row("nothing", {}, none, "no command");
    row("only options", Base, none, "no command");
    row("unknown command", Base + args({"call"}), none, "unknown command 'call'");
    row("unknown option", Base + args({"numbers", "--verbose"}), none, "unknown option --verbose");
    row("unknown short option", Base + args({"numbers", "-v"}), none, "unknown option -v");
    row("missing value at end", Base + args({"numbers", "--log-level"}), none, "--log-level needs a value");
    row("option as value", args({"--core-url", "--token", "x", "numbers"}), none, "--core-url needs a value");
    row("flag with value", Base + args({"online", "pn_1", "--auto-answer=yes"}), none, "--auto-answer takes no value");
    row("duplicate", Base + args({"--core-url", "http://b", "numbers"}), none, "--core-url given more than once");
    row("caller-id with online", Base + args({"online", "pn_1", "--caller-id", "+15551230001"}), none,
        "--caller-id does not apply to 'online'");
    row("auto-answer with dial", Base + args({"dial", "+4930123456", "--caller-id", "+1555", "--auto-answer"}), none,
        "--auto-answer does not apply to 'dial'");
    row("dtmf with numbers", Base + args({"numbers", "--dtmf", "1"}), none, "--dtmf does not apply to 'numbers'");
    row("exit-after-calls with dial",
        Base + args({"dial", "+4930123456", "--caller-id", "+1", "--exit-after-calls", "1"}), none,
        "--exit-after-calls does not apply to 'dial'");
    row("no core url", args({"--token", "x", "numbers"}), none, "no core URL");
    row("empty env core url", args({"--token", "x", "numbers"}), Env {{QStringLiteral("AUDIN_CORE_URL"), QString()}},
        "no core URL");
    row("no token source", args({"numbers"}), coreOnly, "no token source");
    row("two token options", Base + args({"--token-command", "x", "numbers"}), none, "choose one token source");
    row("three token options",
        args(
            {"--core-url", "http://h", "--token-url", "http://p/t", "--token-command", "c", "--token", "t", "numbers"}),
        none, "choose one token source");
    row("two env token sources", args({"numbers"}),
        Env {{QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("http://h")},
             {QStringLiteral("AUDIN_TOKEN"), QStringLiteral("t")},
             {QStringLiteral("AUDIN_TOKEN_COMMAND"), QStringLiteral("c")}},
        "more than one of AUDIN_TOKEN_URL");
    row("empty token", args({"--core-url", "http://h", "--token", "", "numbers"}), none, "--token is empty");
    row("empty token command", args({"--core-url", "http://h", "--token-command", " ", "numbers"}), none,
        "--token-command is empty");
    row("ftp token url", args({"--core-url", "http://h", "--token-url", "ftp://p/t", "numbers"}), none,
        "--token-url is not an http(s) URL");
    row("no host token url", args({"--core-url", "http://h", "--token-url", "token", "numbers"}), none,
        "--token-url is not an http(s) URL");
    row("bad env token url", args({"numbers"}),
        Env {{QStringLiteral("AUDIN_CORE_URL"), QStringLiteral("http://h")},
             {QStringLiteral("AUDIN_TOKEN_URL"), QStringLiteral("nope")}},
        "AUDIN_TOKEN_URL is not an http(s) URL");
    row("header without url", args({"--core-url", "http://h", "--token", "t", "--token-header", "A: b", "numbers"}),
        none, "--token-header only goes with a token URL");
    row("bad header",
        args({"--core-url", "http://h", "--token-url", "http://p/t", "--token-header", "A: b", "--token-header",
              "Authorization Bearer x", "numbers"}),
        none, "--token-header #2 is not 'Name: value'");
    row("bad env header", args({"--core-url", "http://h", "--token-url", "http://p/t", "numbers"}),
        Env {{QStringLiteral("AUDIN_TOKEN_HEADER"), QStringLiteral("A: b\nno colon here")}},
        "AUDIN_TOKEN_HEADER line 2 is not 'Name: value'");
    row("heartbeat zero", Base + args({"--heartbeat-ms", "0", "numbers"}), none, "--heartbeat-ms needs");
    row("heartbeat word", Base + args({"--heartbeat-ms", "fast", "numbers"}), none, "--heartbeat-ms needs");
    row("heartbeat negative", Base + args({"--heartbeat-ms", "-5", "numbers"}), none, "--heartbeat-ms needs");
    row("backoff bad", Base + args({"--backoff", "1000,,2000", "numbers"}), none, "--backoff needs");
    row("log level bad", Base + args({"--log-level", "loud", "numbers"}), none, "--log-level must be");
    row("timeout zero", Base + args({"--timeout-s", "0", "numbers"}), none, "--timeout-s needs");
    row("numbers with argument", Base + args({"numbers", "pn_1"}), none, "'numbers' takes no arguments");
    row("online without ids", Base + args({"online", "--auto-answer"}), none, "'online' needs at least one");
    row("auto-answer and reject", Base + args({"online", "pn_1", "--auto-answer", "--reject"}), none,
        "--auto-answer and --reject exclude each other");
    row("hangup word", Base + args({"online", "pn_1", "--hangup-after-ms", "soon"}), none, "--hangup-after-ms needs");
    row("dtmf empty", Base + args({"online", "pn_1", "--dtmf="}), none, "--dtmf needs digits");
    row("exit-after-calls zero", Base + args({"online", "pn_1", "--exit-after-calls", "0"}), none,
        "--exit-after-calls needs");
    row("duration word", Base + args({"online", "pn_1", "--duration-s", "1m"}), none, "--duration-s needs");
    row("dial without number", Base + args({"dial", "--caller-id", "+15551230001"}), none,
        "'dial' needs exactly one NUMBER");
    row("dial two numbers", Base + args({"dial", "+4930123456", "+4930123457", "--caller-id", "+15551230001"}), none,
        "'dial' needs exactly one NUMBER");
    row("dial without caller id", Base + args({"dial", "+4930123456"}), none, "'dial' needs --caller-id");
}

void TestCliOptions::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(Env, env);
    QFETCH(QString, expected);
    const CliParseResult result = parseCliOptions(arguments, env);
    QCOMPARE(result.action, CliParseResult::Action::Error);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(expected), qPrintable(result.error));
    QVERIFY(!result.error.contains(QLatin1Char('\n')));
}

void TestCliOptions::errorsNeverQuoteSecrets()
{
    const QString jwt = QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcCJ9.c2ln");
    const QList<QStringList> cases = {
        args({"--core-url", "http://h", "--token-url", "http://p/t", "--token-header", "Authorization Bearer sekrit",
              "numbers"}),
        args({"--core-url", "http://h", "--token-url", "ftp://p/t?key=sekrit", "numbers"}),
        QStringList {QStringLiteral("--core-url"), QStringLiteral("http://h"), QStringLiteral("--token"), jwt, jwt},
        QStringList {QStringLiteral("--core-url"), QStringLiteral("http://h"), QStringLiteral("--token"), jwt,
                     QStringLiteral("--token-command"), QStringLiteral("sekrit"), QStringLiteral("numbers")},
    };
    for (const QStringList &arguments : cases) {
        const CliParseResult result = parseCliOptions(arguments, {});
        QVERIFY(!result.ok());
        QVERIFY2(!result.error.contains(QLatin1String("sekrit")), qPrintable(result.error));
        QVERIFY2(!result.error.contains(jwt), qPrintable(result.error));
    }
}

void TestCliOptions::usageTextMentionsEveryOption()
{
    const QString text = usageText();
    for (const char *option : {"--core-url",
                               "--token-url",
                               "--token-header",
                               "--token-command",
                               "--token ",
                               "--heartbeat-ms",
                               "--backoff",
                               "--log-level",
                               "--timeout-s",
                               "--ca-file",
                               "--auto-answer",
                               "--reject",
                               "--hangup-after-ms",
                               "--dtmf",
                               "--exit-after-calls",
                               "--duration-s",
                               "--caller-id",
                               "--help",
                               "--version",
                               "AUDIN_CORE_URL",
                               "AUDIN_TOKEN_URL",
                               "AUDIN_TOKEN_HEADER",
                               "AUDIN_TOKEN_COMMAND",
                               "AUDIN_TOKEN)"}) {
        QVERIFY2(text.contains(QLatin1String(option)), option);
    }
}

QTEST_GUILESS_MAIN(TestCliOptions)
#include "TestCliOptions.moc"
