// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandTokenSource.h"

#include "Logger.h"

#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>
#include <algorithm>
#include <memory>

#ifdef Q_OS_UNIX
#include <csignal>
#include <unistd.h>
#endif

namespace audin {

namespace {

constexpr int MaxStderrLineChars = 200;
// A token response is a few KiB (a JWT and an expiry); a command printing more is broken or hostile,
// and is stopped before it fills memory.
constexpr qint64 MaxStdoutBytes = 64 * 1024;
constexpr qint64 MaxStderrBytes = 4 * 1024;
// Credentials the app itself read from its environment: the command needs none of them.
const char *const SecretVariables[] = {"AUDIN_TOKEN_HEADER", "AUDIN_TOKEN"};

/** Ends the command and everything it started (a shell's children too, on Unix). */
void killAll(QProcess *process)
{
#ifdef Q_OS_UNIX
    // The command runs in a process group of its own (see start): kill the group, not just the shell,
    // or `sleep 100; …` goes on running after a timeout, once for every retry.
    if (const qint64 pid = process->processId(); pid > 0)
        ::kill(-pid_t(pid), SIGKILL);
#endif
    process->kill();
}

// The first non-empty stderr line, stripped of anything credential-shaped, for the error message.
QString firstStderrLine(const QByteArray &stderrBytes)
{
    const QList<QByteArray> lines = stderrBytes.split('\n');
    for (const QByteArray &raw : lines) {
        QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty())
            continue;
        static const QRegularExpression jsonToken(QStringLiteral(R"RX(("token"\s*:\s*)"[^"]*")RX"));
        line.replace(jsonToken, QStringLiteral("\\1\"<redacted>\""));
        line = redactSecrets(line);
        if (line.size() > MaxStderrLineChars)
            line = line.left(MaxStderrLineChars) + QStringLiteral("…");
        return line;
    }
    return {};
}

struct Run
{
    QPointer<QObject> guard;
    bool hasContext = false;
    bool finished = false;
    bool timedOut = false;
    bool tooMuchOutput = false;
    QByteArray stdoutBytes;
    QByteArray stderrBytes;
    TokenSource::Callback done;
};

} // namespace

CommandTokenSource::CommandTokenSource(QString command, int timeoutMs, QObject *parent)
    : TokenSource(parent)
    , m_command(std::move(command))
    , m_timeoutMs(timeoutMs)
{
}

void CommandTokenSource::fetchToken(QObject *context, Callback done)
{
    auto run = std::make_shared<Run>();
    run->guard = context;
    run->hasContext = context != nullptr;
    run->done = std::move(done);

    auto *process = new QProcess(this);
    const QString where = describe();

    // Exactly once, asynchronously (QProcess signals never fire from inside start()), and the
    // process is gone afterwards.
    auto finish = [run, process](const TokenResult &result) {
        if (run->finished)
            return;
        run->finished = true;
        process->deleteLater();
        if (run->hasContext && !run->guard)
            return;
        run->done(result);
    };

    connect(process, &QProcess::errorOccurred, this, [finish, where](QProcess::ProcessError error) {
        // Crashes and kills are reported by finished(); only a failed start never gets there.
        if (error == QProcess::FailedToStart) {
            finish(TokenResult::failed(TokenResult::Failure::CommandFailed,
                                       QStringLiteral("%1 could not be started").arg(where)));
        }
    });
    // Read as it comes, so the pipe never holds more than a bound: endless output ends the command.
    connect(process, &QProcess::readyReadStandardOutput, this, [process, run] {
        if (run->tooMuchOutput) {
            process->readAllStandardOutput(); // drained and dropped until the command is gone
            return;
        }
        run->stdoutBytes += process->readAllStandardOutput();
        if (run->stdoutBytes.size() > MaxStdoutBytes && !run->tooMuchOutput) {
            run->tooMuchOutput = true;
            run->stdoutBytes.clear();
            killAll(process);
        }
    });
    connect(process, &QProcess::readyReadStandardError, this, [process, run] {
        const QByteArray more = process->readAllStandardError();
        run->stderrBytes += more.left(std::max<qint64>(0, MaxStderrBytes - run->stderrBytes.size()));
    });
    connect(
        process, &QProcess::finished, this,
        [process, run, finish, where, timeoutMs = m_timeoutMs](int exitCode, QProcess::ExitStatus status) {
            using Failure = TokenResult::Failure;
            TokenResult result;
            run->stdoutBytes += process->readAllStandardOutput();
            run->stderrBytes
                += process->readAllStandardError().left(std::max<qint64>(0, MaxStderrBytes - run->stderrBytes.size()));
            const QString detail = firstStderrLine(run->stderrBytes);
            const QString suffix = detail.isEmpty() ? QString() : QStringLiteral(": %1").arg(detail);
            if (run->tooMuchOutput) {
                result = TokenResult::failed(Failure::BadResponse,
                                             QStringLiteral("%1 printed more than %2 KiB; a token is a few")
                                                 .arg(where)
                                                 .arg(MaxStdoutBytes / 1024));
            } else if (run->timedOut) {
                result = TokenResult::failed(Failure::Timeout,
                                             QStringLiteral("%1 timed out after %2 ms").arg(where).arg(timeoutMs));
            } else if (status == QProcess::CrashExit) {
                result = TokenResult::failed(Failure::CommandFailed, QStringLiteral("%1 crashed%2").arg(where, suffix));
            } else if (exitCode != 0) {
                result = TokenResult::failed(
                    Failure::CommandFailed,
                    QStringLiteral("%1 exited with code %2%3").arg(where).arg(exitCode).arg(suffix));
            } else {
                // stdout holds the secret: parse it, never log or quote it.
                result = parseTokenJson(run->stdoutBytes);
                if (!result.ok())
                    result.error = QStringLiteral("%1: %2").arg(where, result.error);
            }
            finish(result);
        });

    if (m_timeoutMs > 0) {
        QTimer::singleShot(m_timeoutMs, process, [process, run]() {
            if (process->state() == QProcess::NotRunning)
                return;
            run->timedOut = true;
            killAll(process);
        });
    }
    if (context) {
        // Nobody waits for the answer any more: do not leave the command running.
        connect(context, &QObject::destroyed, process, [process]() {
            if (process->state() != QProcess::NotRunning)
                killAll(process);
        });
    }

    process->setStandardInputFile(QProcess::nullDevice());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : SecretVariables)
        environment.remove(QString::fromLatin1(name));
    process->setProcessEnvironment(environment);
#ifdef Q_OS_UNIX
    // A process group of its own, so a timeout can end the children the shell started as well.
    process->setChildProcessModifier([] { ::setpgid(0, 0); });
#endif
#ifdef Q_OS_WIN
    process->setProgram(QStringLiteral("cmd.exe"));
    process->setNativeArguments(QStringLiteral("/C ") + m_command);
#else
    process->setProgram(QStringLiteral("/bin/sh"));
    process->setArguments({QStringLiteral("-c"), m_command});
#endif
    process->start();
}

QString CommandTokenSource::describe() const
{
    // Only the program name: the rest of the command line may carry a credential.
    const QString program = m_command.trimmed().section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty);
    return QStringLiteral("token command \"%1\"").arg(redactSecrets(program));
}

} // namespace audin
