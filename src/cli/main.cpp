// SPDX-License-Identifier: GPL-3.0-or-later
// audin-cli: parse, build a CliOperator, run the event loop. Everything else lives in audin_cli_lib.
#include "CliOperator.h"
#include "CliOptions.h"
#include "QtAudioBackend.h"
#include "SignalWatcher.h"
#include "StderrLogger.h"
#include "TlsTrust.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <cstdio>

using namespace audin::cli;

namespace {

void writeLine(std::FILE *stream, const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream); // consumers read line by line, live
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("audin-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUDIN_VERSION));

    const CliParseResult parsed = parseCliOptions(QCoreApplication::arguments().mid(1), systemEnvironment());
    // Read once and held by the options now: no program started from here (a token command) inherits them.
    for (const char *secret : {"AUDIN_TOKEN_HEADER", "AUDIN_TOKEN"})
        qunsetenv(secret);
    switch (parsed.action) {
    case CliParseResult::Action::Help:
        std::fputs(usageText().toUtf8().constData(), stdout);
        return ExitCode::Success;
    case CliParseResult::Action::Version:
        writeLine(stdout, versionText().toUtf8());
        return ExitCode::Success;
    case CliParseResult::Action::ListDevices: {
        const auto describe = [](const QList<audin::media::AudioDeviceInfo> &devices) {
            QJsonArray out;
            for (const auto &device : devices)
                out.append(QJsonObject {{QStringLiteral("id"), device.id},
                                        {QStringLiteral("description"), device.description},
                                        {QStringLiteral("default"), device.isDefault}});
            return out;
        };
        const QJsonObject devices {
            {QStringLiteral("inputs"), describe(audin::media::QtAudioBackend::inputDevices())},
            {QStringLiteral("outputs"), describe(audin::media::QtAudioBackend::outputDevices())}};
        writeLine(stdout, QJsonDocument(devices).toJson(QJsonDocument::Compact));
        return ExitCode::Success;
    }
    case CliParseResult::Action::Error:
        writeLine(stderr, QStringLiteral("audin-cli: %1\nTry 'audin-cli --help'.").arg(parsed.error).toUtf8());
        return ExitCode::Usage;
    case CliParseResult::Action::Run:
        break;
    }

    if (!parsed.options.caFile.isEmpty()) {
        // Every TLS connection of this process (token endpoint, presence, call channels) trusts them.
        const audin::TlsTrust::CaFile cas = audin::TlsTrust::loadCaFile(parsed.options.caFile);
        if (!cas.ok()) {
            writeLine(stderr, QStringLiteral("audin-cli: --ca-file: %1").arg(cas.error).toUtf8());
            return ExitCode::Config;
        }
        audin::TlsTrust::trustProcessWide(cas.certificates);
    }

    auto logger = std::make_shared<StderrLogger>(parsed.options.logLevel);
    CliOperator cli(parsed.options, logger, [](const QByteArray &line) { writeLine(stdout, line); });
    QObject::connect(&cli, &CliOperator::finished, &app, [](int exitCode) { QCoreApplication::exit(exitCode); });

    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, &cli, [&cli, &logger](int signalNumber) {
        if (cli.isStopping()) {
            // Asked twice: do not wait for the clean shutdown any more.
            logger->log(audin::LogLevel::Warn, QStringLiteral("signal %1 again, exiting now").arg(signalNumber));
            QCoreApplication::exit(128 + signalNumber);
            return;
        }
        logger->log(audin::LogLevel::Info, QStringLiteral("signal %1, shutting down").arg(signalNumber));
        cli.stop(ExitCode::Success);
    });

    QTimer::singleShot(0, &cli, &CliOperator::start);
    return app.exec();
}
