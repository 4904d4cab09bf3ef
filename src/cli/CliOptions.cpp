// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliOptions.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QRegularExpression>

namespace audin::cli {

namespace {

// Which commands an option applies to; a table so new options (audio, recording…) are one line each.
enum Scope : unsigned
{
    ForNumbers = 1,
    ForOnline = 2,
    ForDial = 4,
    ForAll = 7,
    ForCalls = ForOnline | ForDial
};

struct OptionSpec
{
    const char *name;
    bool takesValue;
    unsigned scope;
    bool repeatable;
};

constexpr OptionSpec Options[] = {
    {"core-url", true, ForAll, false},
    {"token-url", true, ForAll, false},
    {"token-header", true, ForAll, true},
    {"token-command", true, ForAll, false},
    {"token", true, ForAll, false},
    {"heartbeat-ms", true, ForAll, false},
    {"backoff", true, ForAll, false},
    {"log-level", true, ForAll, false},
    {"timeout-s", true, ForAll, false},
    {"ca-file", true, ForAll, false},
    {"auto-answer", false, ForOnline, false},
    {"reject", false, ForOnline, false},
    {"exit-after-calls", true, ForOnline, false},
    {"duration-s", true, ForOnline, false},
    {"caller-id", true, ForDial, false},
    {"hangup-after-ms", true, ForCalls, false},
    {"dtmf", true, ForCalls, false},
    {"audio", true, ForCalls, false},
    {"record", true, ForCalls, false},
    {"input-device", true, ForCalls, false},
    {"output-device", true, ForCalls, false},
    {"stats", false, ForCalls, false},
    {"no-processing", false, ForCalls, false},
};

const OptionSpec *findOption(const QString &name)
{
    for (const OptionSpec &spec : Options) {
        if (name == QLatin1String(spec.name))
            return &spec;
    }
    return nullptr;
}

unsigned scopeOf(Command command)
{
    switch (command) {
    case Command::Numbers:
        return ForNumbers;
    case Command::Online:
        return ForOnline;
    case Command::Dial:
        return ForDial;
    }
    return 0;
}

std::optional<int> parseWholeNumber(const QString &text, int minimum)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,10}$"));
    if (!digits.match(text).hasMatch())
        return std::nullopt;
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < minimum)
        return std::nullopt;
    return value;
}

CliParseResult usageError(const QString &message)
{
    CliParseResult result;
    result.action = CliParseResult::Action::Error;
    result.error = message;
    return result;
}

/** Parsed option values by name; single-valued options hold exactly one entry. */
class Given
{
public:
    void add(const QString &name, const QString &value) { m_values[name].append(value); }
    bool has(const char *name) const { return m_values.contains(QLatin1String(name)); }
    QString value(const char *name) const { return m_values.value(QLatin1String(name)).value(0); }
    QStringList values(const char *name) const { return m_values.value(QLatin1String(name)); }
    QStringList names() const { return m_values.keys(); }

private:
    QMap<QString, QStringList> m_values;
};

std::optional<QUrl> parseTokenUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        return std::nullopt;
    return url;
}

} // namespace

std::optional<QList<int>> parseBackoff(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char(','));
    QList<int> schedule;
    for (const QString &part : parts) {
        const std::optional<int> value = parseWholeNumber(part.trimmed(), 1);
        if (!value)
            return std::nullopt;
        schedule.append(*value);
    }
    if (schedule.isEmpty())
        return std::nullopt;
    return schedule;
}

std::optional<LogLevel> parseLogLevel(const QString &text)
{
    const QString level = text.trimmed().toLower();
    if (level == QLatin1String("debug"))
        return LogLevel::Debug;
    if (level == QLatin1String("info"))
        return LogLevel::Info;
    if (level == QLatin1String("warn") || level == QLatin1String("warning"))
        return LogLevel::Warn;
    if (level == QLatin1String("error"))
        return LogLevel::Error;
    return std::nullopt;
}

QHash<QString, QString> systemEnvironment()
{
    QHash<QString, QString> env;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &key : system.keys()) {
        if (key.startsWith(QLatin1String("AUDIN_")))
            env.insert(key, system.value(key));
    }
    return env;
}

CliParseResult parseCliOptions(const QStringList &arguments, const QHash<QString, QString> &environment)
{
    Given given;
    QStringList positional;
    bool optionsEnded = false;

    for (int i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (optionsEnded) {
            positional.append(arg);
            continue;
        }
        if (arg == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            CliParseResult help;
            help.action = CliParseResult::Action::Help;
            return help;
        }
        if (arg == QLatin1String("--list-devices")) {
            CliParseResult devices;
            devices.action = CliParseResult::Action::ListDevices;
            return devices;
        }
        if (arg == QLatin1String("--version")) {
            CliParseResult version;
            version.action = CliParseResult::Action::Version;
            return version;
        }
        if (arg.startsWith(QLatin1String("--"))) {
            const int equals = arg.indexOf(QLatin1Char('='));
            const QString name = arg.mid(2, equals < 0 ? -1 : equals - 2);
            const OptionSpec *spec = findOption(name);
            if (!spec)
                return usageError(QStringLiteral("unknown option --%1").arg(redactSecrets(name)));
            QString value;
            if (spec->takesValue) {
                if (equals >= 0) {
                    value = arg.mid(equals + 1);
                } else if (i + 1 < arguments.size() && !arguments.at(i + 1).startsWith(QLatin1String("--"))) {
                    value = arguments.at(++i);
                } else {
                    return usageError(QStringLiteral("option --%1 needs a value").arg(name));
                }
            } else if (equals >= 0) {
                return usageError(QStringLiteral("option --%1 takes no value").arg(name));
            }
            if (!spec->repeatable && given.has(spec->name))
                return usageError(QStringLiteral("option --%1 given more than once").arg(name));
            given.add(name, value);
            continue;
        }
        if (arg.size() > 1 && arg.startsWith(QLatin1Char('-')))
            return usageError(QStringLiteral("unknown option %1").arg(redactSecrets(arg)));
        positional.append(arg);
    }

    CliParseResult result;
    result.action = CliParseResult::Action::Run;
    CliOptions &options = result.options;

    // Command first, so option scope errors can name it.
    if (positional.isEmpty())
        return usageError(QStringLiteral("no command given (numbers, online or dial)"));
    const QString commandWord = positional.takeFirst();
    if (commandWord == QLatin1String("numbers"))
        options.command = Command::Numbers;
    else if (commandWord == QLatin1String("online"))
        options.command = Command::Online;
    else if (commandWord == QLatin1String("dial"))
        options.command = Command::Dial;
    else
        return usageError(
            QStringLiteral("unknown command '%1' (numbers, online or dial)").arg(redactSecrets(commandWord)));

    for (const QString &name : given.names()) {
        const OptionSpec *spec = findOption(name);
        if (!(spec->scope & scopeOf(options.command)))
            return usageError(QStringLiteral("option --%1 does not apply to '%2'").arg(name, commandWord));
    }

    // Core URL: validated by the SDK (INVALID_CORE_URL, exit 3), only its presence here.
    if (given.has("core-url"))
        options.coreUrl = given.value("core-url");
    else if (!environment.value(QStringLiteral("AUDIN_CORE_URL")).isEmpty())
        options.coreUrl = environment.value(QStringLiteral("AUDIN_CORE_URL"));
    else
        return usageError(QStringLiteral("no core URL: use --core-url or AUDIN_CORE_URL"));

    // Token source: the command line as a whole wins over the environment; exactly one must remain.
    const int onCommandLine = int(given.has("token-url")) + int(given.has("token-command")) + int(given.has("token"));
    if (onCommandLine > 1)
        return usageError(QStringLiteral("choose one token source: --token-url, --token-command or --token"));
    QString tokenUrlText;
    QString tokenUrlOrigin;
    if (onCommandLine == 1) {
        if (given.has("token-url")) {
            options.tokenKind = TokenKind::Url;
            tokenUrlText = given.value("token-url");
            tokenUrlOrigin = QStringLiteral("--token-url");
        } else if (given.has("token-command")) {
            options.tokenKind = TokenKind::Command;
            options.tokenCommand = given.value("token-command");
            if (options.tokenCommand.trimmed().isEmpty())
                return usageError(QStringLiteral("--token-command is empty"));
        } else {
            options.tokenKind = TokenKind::Static;
            options.token = given.value("token");
            if (options.token.trimmed().isEmpty())
                return usageError(QStringLiteral("--token is empty"));
        }
    } else {
        const QString envUrl = environment.value(QStringLiteral("AUDIN_TOKEN_URL"));
        const QString envCommand = environment.value(QStringLiteral("AUDIN_TOKEN_COMMAND"));
        const QString envToken = environment.value(QStringLiteral("AUDIN_TOKEN"));
        const int inEnvironment = int(!envUrl.isEmpty()) + int(!envCommand.isEmpty()) + int(!envToken.isEmpty());
        if (inEnvironment > 1)
            return usageError(QStringLiteral("more than one of AUDIN_TOKEN_URL, AUDIN_TOKEN_COMMAND and AUDIN_TOKEN "
                                             "is set: keep one, or pick one on the command line"));
        if (inEnvironment == 0)
            return usageError(QStringLiteral("no token source: use --token-url, --token-command or --token "
                                             "(or AUDIN_TOKEN_URL, AUDIN_TOKEN_COMMAND, AUDIN_TOKEN)"));
        if (!envUrl.isEmpty()) {
            options.tokenKind = TokenKind::Url;
            tokenUrlText = envUrl;
            tokenUrlOrigin = QStringLiteral("AUDIN_TOKEN_URL");
        } else if (!envCommand.isEmpty()) {
            options.tokenKind = TokenKind::Command;
            options.tokenCommand = envCommand;
        } else {
            options.tokenKind = TokenKind::Static;
            options.token = envToken;
        }
    }
    if (options.tokenKind == TokenKind::Url) {
        // Never echo the URL: its query may carry a key.
        const std::optional<QUrl> url = parseTokenUrl(tokenUrlText);
        if (!url)
            return usageError(QStringLiteral("%1 is not an http(s) URL").arg(tokenUrlOrigin));
        options.tokenUrl = *url;
    }

    // Headers belong to the URL source. Header values are secrets: errors give positions, not text.
    if (given.has("token-header")) {
        if (options.tokenKind != TokenKind::Url)
            return usageError(QStringLiteral("--token-header only goes with a token URL"));
        const QStringList lines = given.values("token-header");
        for (int i = 0; i < lines.size(); ++i) {
            const auto header = HttpTokenSource::parseHeader(lines.at(i));
            if (!header)
                return usageError(QStringLiteral("--token-header #%1 is not 'Name: value'").arg(i + 1));
            options.tokenHeaders.append(*header);
        }
    } else if (options.tokenKind == TokenKind::Url) {
        // A header in the environment with another token source is simply unused.
        const QString envHeaders = environment.value(QStringLiteral("AUDIN_TOKEN_HEADER"));
        const QStringList lines = envHeaders.split(QLatin1Char('\n'));
        for (int i = 0; i < lines.size(); ++i) {
            QString line = lines.at(i);
            if (line.endsWith(QLatin1Char('\r')))
                line.chop(1);
            if (line.trimmed().isEmpty())
                continue;
            const auto header = HttpTokenSource::parseHeader(line);
            if (!header)
                return usageError(QStringLiteral("AUDIN_TOKEN_HEADER line %1 is not 'Name: value'").arg(i + 1));
            options.tokenHeaders.append(*header);
        }
    }

    // Extra CA certificates: read (and refused when unusable) by main() before anything connects.
    if (given.has("ca-file")) {
        options.caFile = given.value("ca-file");
        if (options.caFile.trimmed().isEmpty())
            return usageError(QStringLiteral("--ca-file needs a PEM file name"));
    } else {
        options.caFile = environment.value(QStringLiteral("AUDIN_CA_FILE"));
    }

    if (given.has("heartbeat-ms")) {
        options.heartbeatMs = parseWholeNumber(given.value("heartbeat-ms"), 1);
        if (!options.heartbeatMs)
            return usageError(QStringLiteral("--heartbeat-ms needs a positive whole number of milliseconds"));
    }
    if (given.has("backoff")) {
        options.backoffMs = parseBackoff(given.value("backoff"));
        if (!options.backoffMs)
            return usageError(
                QStringLiteral("--backoff needs comma-separated positive milliseconds, e.g. 1000,2000,5000"));
    }
    if (given.has("log-level")) {
        const std::optional<LogLevel> level = parseLogLevel(given.value("log-level"));
        if (!level)
            return usageError(QStringLiteral("--log-level must be debug, info, warn or error"));
        options.logLevel = *level;
    }
    if (given.has("timeout-s")) {
        const std::optional<int> seconds = parseWholeNumber(given.value("timeout-s"), 1);
        if (!seconds)
            return usageError(QStringLiteral("--timeout-s needs a positive whole number of seconds"));
        options.timeoutS = *seconds;
    }
    if (given.has("hangup-after-ms")) {
        options.hangupAfterMs = parseWholeNumber(given.value("hangup-after-ms"), 0);
        if (!options.hangupAfterMs)
            return usageError(QStringLiteral("--hangup-after-ms needs a whole number of milliseconds"));
    }
    if (given.has("dtmf")) {
        // Digits are validated by the SDK (INVALID_DTMF on the error event), not here.
        options.dtmf = given.value("dtmf");
        if (options.dtmf.isEmpty())
            return usageError(QStringLiteral("--dtmf needs digits"));
    }

    if (given.has("audio")) {
        const QString audio = given.value("audio");
        if (audio == QLatin1String("devices")) {
            options.audioMode = AudioMode::Devices;
        } else if (audio == QLatin1String("null")) {
            options.audioMode = AudioMode::Null;
        } else if (audio.endsWith(QLatin1String(".wav"), Qt::CaseInsensitive)) {
            options.audioMode = AudioMode::File;
            options.audioFile = audio;
        } else {
            return usageError(QStringLiteral("--audio must be devices, null or a .wav file"));
        }
    }
    if ((given.has("input-device") || given.has("output-device")) && options.audioMode != AudioMode::Devices)
        return usageError(QStringLiteral("--input-device and --output-device need --audio devices"));
    options.inputDevice = given.value("input-device");
    options.outputDevice = given.value("output-device");
    if (given.has("record")) {
        options.recordPath = given.value("record");
        if (options.recordPath.isEmpty())
            return usageError(QStringLiteral("--record needs a file name"));
    }
    options.stats = given.has("stats");
    options.processing = !given.has("no-processing");

    switch (options.command) {
    case Command::Numbers:
        if (!positional.isEmpty())
            return usageError(QStringLiteral("'numbers' takes no arguments"));
        break;
    case Command::Online:
        options.phoneNumberIds = positional;
        if (options.phoneNumberIds.isEmpty())
            return usageError(QStringLiteral("'online' needs at least one phone number ID (see 'numbers')"));
        options.autoAnswer = given.has("auto-answer");
        options.reject = given.has("reject");
        if (options.autoAnswer && options.reject)
            return usageError(QStringLiteral("--auto-answer and --reject exclude each other"));
        if (given.has("exit-after-calls")) {
            options.exitAfterCalls = parseWholeNumber(given.value("exit-after-calls"), 1);
            if (!options.exitAfterCalls)
                return usageError(QStringLiteral("--exit-after-calls needs a positive whole number"));
        }
        if (given.has("duration-s")) {
            options.durationS = parseWholeNumber(given.value("duration-s"), 1);
            if (!options.durationS)
                return usageError(QStringLiteral("--duration-s needs a positive whole number of seconds"));
        }
        break;
    case Command::Dial:
        if (positional.size() != 1)
            return usageError(QStringLiteral("'dial' needs exactly one NUMBER"));
        options.dialNumber = positional.first();
        if (!given.has("caller-id") || given.value("caller-id").trimmed().isEmpty())
            return usageError(QStringLiteral("'dial' needs --caller-id (one of your numbers, E.164)"));
        options.callerId = given.value("caller-id");
        break;
    }
    return result;
}

QString versionText()
{
    return QStringLiteral("audin-cli %1").arg(QStringLiteral(AUDIN_VERSION));
}

QString usageText()
{
    return QStringLiteral(
        "Usage: audin-cli --core-url URL TOKEN-SOURCE [OPTIONS] COMMAND\n"
        "\n"
        "Commands:\n"
        "  numbers                       print the operator's numbers as one JSON line, then exit\n"
        "  online ID... [--auto-answer | --reject] [--hangup-after-ms N] [--dtmf DIGITS]\n"
        "               [--exit-after-calls N] [--duration-s N] [AUDIO OPTIONS]\n"
        "                                go online on these number IDs and print events as JSON lines\n"
        "  dial NUMBER --caller-id E164 [--hangup-after-ms N] [--dtmf DIGITS] [AUDIO OPTIONS]\n"
        "                                place one call, print its events, exit when it ends\n"
        "\n"
        "Token source (exactly one; prefer the environment, options are visible in `ps`):\n"
        "  --token-url URL               POST to the partner token endpoint      (AUDIN_TOKEN_URL)\n"
        "  --token-header 'Name: value'  header for --token-url, repeatable      (AUDIN_TOKEN_HEADER,\n"
        "                                                                         one per line)\n"
        "  --token-command CMD           run CMD with /bin/sh, read token JSON   (AUDIN_TOKEN_COMMAND)\n"
        "  --token JWT                   fixed token, for development only       (AUDIN_TOKEN)\n"
        "\n"
        "Options:\n"
        "  --core-url URL                operator service address                (AUDIN_CORE_URL)\n"
        "  --heartbeat-ms N              presence heartbeat interval\n"
        "  --backoff MS,MS,...           reconnect schedule, e.g. 1000,2000,5000\n"
        "  --log-level LEVEL             debug, info, warn (default) or error; logs go to stderr\n"
        "  --timeout-s N                 how long numbers/dial wait to get online and answered (30)\n"
        "  --ca-file FILE.pem            also trust these CAs (a corporate CA), on top of the system's\n"
        "                                                                        (AUDIN_CA_FILE)\n"
        "  --auto-answer                 online: accept every incoming call\n"
        "  --reject                      online: reject every incoming call\n"
        "  --hangup-after-ms N           hang up N ms after a call started\n"
        "  --dtmf DIGITS                 once a call is active, send these digits 200 ms apart\n"
        "  --exit-after-calls N          online: exit after N calls ended\n"
        "  --duration-s N                online: go offline and exit after N seconds\n"
        "  --caller-id E164              dial: the number to call from\n"
        "  --audio devices|null|F.wav    call audio: sound devices (default), none, or speak a WAV file\n"
        "  --record FILE.wav             write what you hear (48 kHz mono; later calls get -2, -3...)\n"
        "  --input-device NAME           microphone (id or description, see --list-devices)\n"
        "  --output-device NAME          speaker or headset\n"
        "  --stats                       print callStats once a second and qualityWarning lines\n"
        "  --no-processing               no echo cancellation, noise suppression or automatic gain\n"
        "  --list-devices                print the audio devices as JSON and exit\n"
        "  -h, --help                    show this help\n"
        "  --version                     show the version\n"
        "\n"
        "Exit codes: 0 ok, 1 other failure, 2 usage, 3 bad core URL, 4 authentication/authorisation,\n"
        "5 timeout, 6 dialled call failed, 130 interrupted twice. See docs/CLI.md.\n");
}

} // namespace audin::cli
