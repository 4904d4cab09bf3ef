// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpTokenSource.h"
#include "Logger.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

namespace audin::cli {

/** Process exit codes of audin-cli (docs/CLI.md lists them). */
namespace ExitCode {
inline constexpr int Success = 0;
inline constexpr int Failure = 1; ///< anything not covered below (e.g. the service refused a request)
inline constexpr int Usage = 2; ///< bad or missing options, unknown command
inline constexpr int Config = 3; ///< INVALID_CORE_URL, an unusable --ca-file
inline constexpr int Auth = 4; ///< FORBIDDEN, SESSION_REPLACED; AUTH_FAILED for `numbers`/`dial`
inline constexpr int Timeout = 5; ///< not online / no answer within --timeout-s
inline constexpr int CallFailed = 6; ///< the dialled call ended `failed`
inline constexpr int Offline = 7; ///< the service closed the session normally (1000): the SDK stays offline
// A second SIGINT/SIGTERM during the clean shutdown exits at once with 128 + the signal number.
} // namespace ExitCode

enum class Command
{
    Numbers,
    Online,
    Dial
};

enum class AudioMode
{
    Devices,
    Null,
    File
};

enum class TokenKind
{
    Url,
    Command,
    Static
};

/** Everything audin-cli was asked to do; produced by parseCliOptions() only. */
struct CliOptions
{
    QString coreUrl;

    TokenKind tokenKind = TokenKind::Url;
    QUrl tokenUrl;
    QList<HttpTokenSource::Header> tokenHeaders;
    QString tokenCommand;
    QString token;

    std::optional<int> heartbeatMs;
    std::optional<QList<int>> backoffMs;
    LogLevel logLevel = LogLevel::Warn;
    int timeoutS = 30;
    /** PEM file of CA certificates trusted in addition to the system's store; empty = none. */
    QString caFile;

    Command command = Command::Numbers;

    // online
    QStringList phoneNumberIds;
    bool autoAnswer = false;
    bool reject = false;
    std::optional<int> exitAfterCalls;
    std::optional<int> durationS;

    // dial
    QString dialNumber;
    QString callerId;

    // online and dial
    std::optional<int> hangupAfterMs;
    QString dtmf;
    // audio (online and dial)
    AudioMode audioMode = AudioMode::Devices;
    QString audioFile; ///< for AudioMode::File: the WAV the operator "speaks"
    QString recordPath; ///< what the operator hears, as a 48 kHz mono WAV
    QString inputDevice; ///< device id or description; default device when empty
    QString outputDevice;
    bool stats = false; ///< print callStats and qualityWarning lines
    bool processing = true; ///< echo cancellation, noise suppression, automatic gain
};

/** What the command line asked for: run, print help, print the version, or fail with a usage error. */
struct CliParseResult
{
    enum class Action
    {
        Run,
        Help,
        Version,
        ListDevices,
        Error
    };
    Action action = Action::Error;
    CliOptions options; ///< meaningful for Run
    QString error; ///< for Error: one line, never quotes a secret value

    bool ok() const { return action != Action::Error; }
};

/**
 * Parses audin-cli's arguments (without argv[0]) and its environment (AUDIN_* variables).
 * Pure: no I/O, so every rule is unit-testable. Options win over environment variables.
 */
CliParseResult parseCliOptions(const QStringList &arguments, const QHash<QString, QString> &environment);

/** The process environment as a map, for parseCliOptions(). */
QHash<QString, QString> systemEnvironment();

/** Comma-separated positive milliseconds ("1000,2000,5000"); nullopt for anything else. */
std::optional<QList<int>> parseBackoff(const QString &text);

std::optional<LogLevel> parseLogLevel(const QString &text);

QString usageText();
QString versionText();

} // namespace audin::cli
