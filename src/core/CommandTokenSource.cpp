// SPDX-License-Identifier: GPL-3.0-or-later
#include "CommandTokenSource.h"

#include "Logger.h"

#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>
#include <memory>

namespace audin {

namespace {

constexpr int MaxStderrLineChars = 200;

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
    connect(process, &QProcess::finished, this,
            [process, run, finish, where, timeoutMs = m_timeoutMs](int exitCode, QProcess::ExitStatus status) {
                using Failure = TokenResult::Failure;
                TokenResult result;
                const QString detail = firstStderrLine(process->readAllStandardError());
                const QString suffix = detail.isEmpty() ? QString() : QStringLiteral(": %1").arg(detail);
                if (run->timedOut) {
                    result = TokenResult::failed(Failure::Timeout,
                                                 QStringLiteral("%1 timed out after %2 ms").arg(where).arg(timeoutMs));
                } else if (status == QProcess::CrashExit) {
                    result = TokenResult::failed(Failure::CommandFailed,
                                                 QStringLiteral("%1 crashed%2").arg(where, suffix));
                } else if (exitCode != 0) {
                    result = TokenResult::failed(
                        Failure::CommandFailed,
                        QStringLiteral("%1 exited with code %2%3").arg(where).arg(exitCode).arg(suffix));
                } else {
                    // stdout holds the secret: parse it, never log or quote it.
                    result = parseTokenJson(process->readAllStandardOutput());
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
            process->kill();
        });
    }
    if (context) {
        // Nobody waits for the answer any more: do not leave the command running.
        connect(context, &QObject::destroyed, process, [process]() {
            if (process->state() != QProcess::NotRunning)
                process->kill();
        });
    }

    process->setStandardInputFile(QProcess::nullDevice());
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
