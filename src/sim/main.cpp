// SPDX-License-Identifier: GPL-3.0-or-later
// audin-core-sim: the service simulator as a process. Prints one JSON line with the URL on
// stdout once listening; everything else (one line per event, never a secret) goes to stderr.
#include "SimServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QTimer>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

enum class Level
{
    Debug,
    Info,
    Warn,
    Error
};

int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe work here; the event loop picks it up from the socket.
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &byte, 1);
}

std::optional<Level> parseLevel(const QString &text)
{
    if (text == QLatin1String("debug"))
        return Level::Debug;
    if (text == QLatin1String("info"))
        return Level::Info;
    if (text == QLatin1String("warn") || text == QLatin1String("warning"))
        return Level::Warn;
    if (text == QLatin1String("error"))
        return Level::Error;
    return std::nullopt;
}

Level levelOf(const QJsonObject &event)
{
    const QString type = event.value(QStringLiteral("type")).toString();
    const QString dir = event.value(QStringLiteral("dir")).toString();
    if (type == QLatin1String("ping") || type == QLatin1String("pong") || type == QLatin1String("padding"))
        return Level::Debug;
    if (dir == QLatin1String("sys")
        && (type == QLatin1String("auth_failed") || type == QLatin1String("auth_timeout")
            || type == QLatin1String("idle_timeout") || type == QLatin1String("token_expired")
            || type == QLatin1String("abort") || type == QLatin1String("fault")
            || type == QLatin1String("speech_fallback")))
        return Level::Warn;
    return Level::Info;
}

QString levelName(Level level)
{
    switch (level) {
    case Level::Debug:
        return QStringLiteral("DEBUG");
    case Level::Info:
        return QStringLiteral("INFO ");
    case Level::Warn:
        return QStringLiteral("WARN ");
    case Level::Error:
        return QStringLiteral("ERROR");
    }
    return {};
}

// `ts LEVEL dir type session=… operator=… key=value…`; events never hold secrets.
QString formatEvent(const QJsonObject &event, Level level)
{
    QString line = event.value(QStringLiteral("ts")).toString() + QLatin1Char(' ') + levelName(level) + QLatin1Char(' ')
        + event.value(QStringLiteral("dir")).toString() + QLatin1Char(' ')
        + event.value(QStringLiteral("type")).toString();
    static const QStringList envelope
        = {QStringLiteral("ts"), QStringLiteral("dir"), QStringLiteral("type"), QStringLiteral("seq")};
    for (auto it = event.begin(); it != event.end(); ++it) {
        if (envelope.contains(it.key()) || it.value().isNull())
            continue;
        QString value;
        if (it.value().isString())
            value = it.value().toString();
        else if (it.value().isObject())
            value = QString::fromUtf8(QJsonDocument(it.value().toObject()).toJson(QJsonDocument::Compact));
        else if (it.value().isArray())
            value = QString::fromUtf8(QJsonDocument(it.value().toArray()).toJson(QJsonDocument::Compact));
        else
            value = it.value().toVariant().toString();
        line += QLatin1Char(' ') + it.key() + QLatin1Char('=') + value;
    }
    return line;
}

void printErr(const QString &text)
{
    std::fprintf(stderr, "%s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

// --config, then $AUDIN_SIM_CONFIG, then a file next to the binary or in the source tree,
// then the copy embedded at build time.
QString findConfig(const QString &given)
{
    if (!given.isEmpty())
        return given;
    const QString env = qEnvironmentVariable("AUDIN_SIM_CONFIG");
    if (!env.isEmpty())
        return env;
    const QString appDir = QCoreApplication::applicationDirPath();
    const QStringList candidates = {
        appDir + QStringLiteral("/simulator.json"),
        appDir + QStringLiteral("/config/simulator.json"),
        appDir + QStringLiteral("/../share/audin-softphone/simulator.json"),
        QStringLiteral(AUDIN_SIM_SOURCE_CONFIG),
    };
    for (const QString &candidate : candidates) {
        if (QFileInfo::exists(candidate))
            return QDir::cleanPath(candidate);
    }
    return QStringLiteral(":/audin/simulator.json");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("audin-core-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUDIN_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Audin service simulator (local testing only; never expose it)."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption configOption(QStringLiteral("config"), QStringLiteral("Simulator config (JSON)."),
                                          QStringLiteral("file"));
    const QCommandLineOption hostOption(QStringLiteral("host"), QStringLiteral("Address to bind (default 127.0.0.1)."),
                                        QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port (default 8080; 0 = any free)."),
                                        QStringLiteral("port"), QStringLiteral("8080"));
    const QCommandLineOption levelOption(QStringLiteral("log-level"), QStringLiteral("debug, info, warn or error."),
                                         QStringLiteral("level"), QStringLiteral("info"));
    const QCommandLineOption tlsCertOption(QStringLiteral("tls-cert"),
                                           QStringLiteral("Serve https/wss with this PEM certificate (chain)."),
                                           QStringLiteral("file"));
    const QCommandLineOption tlsKeyOption(QStringLiteral("tls-key"),
                                          QStringLiteral("The unencrypted PEM private key of --tls-cert."),
                                          QStringLiteral("file"));
    parser.addOptions({configOption, hostOption, portOption, levelOption, tlsCertOption, tlsKeyOption});
    if (!parser.parse(QCoreApplication::arguments())) {
        printErr(QStringLiteral("audin-core-sim: ") + parser.errorText());
        return 2;
    }
    if (parser.isSet(helpOption))
        parser.showHelp(0);
    if (parser.isSet(versionOption))
        parser.showVersion();

    const auto level = parseLevel(parser.value(levelOption));
    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    const QHostAddress host(parser.value(hostOption));
    if (!level || !portOk || port > 65535 || host.isNull()) {
        printErr(QStringLiteral("audin-core-sim: bad --log-level, --port or --host"));
        return 2;
    }

    const QString configPath = findConfig(parser.value(configOption));
    QString error;
    auto config = audin::sim::SimConfig::load(configPath, &error);
    if (!config) {
        printErr(QStringLiteral("audin-core-sim: bad config: ") + error);
        return 2;
    }

    std::optional<QSslConfiguration> tls;
    if (parser.isSet(tlsCertOption) != parser.isSet(tlsKeyOption)) {
        printErr(QStringLiteral("audin-core-sim: --tls-cert and --tls-key go together"));
        return 2;
    }
    if (parser.isSet(tlsCertOption)) {
        tls = audin::sim::SimServer::loadTlsConfiguration(parser.value(tlsCertOption), parser.value(tlsKeyOption),
                                                          &error);
        if (!tls) {
            printErr(QStringLiteral("audin-core-sim: bad TLS certificate or key: ") + error);
            return 2;
        }
    }

    audin::sim::SimServer server(std::move(*config));
    if (tls)
        server.setTlsConfiguration(*tls);
    const Level minLevel = *level;
    QObject::connect(&server, &audin::sim::SimServer::eventRecorded, &app, [minLevel](const QJsonObject &event) {
        const Level eventLevel = levelOf(event);
        if (eventLevel >= minLevel)
            printErr(formatEvent(event, eventLevel));
    });
    if (minLevel <= Level::Info)
        printErr(QStringLiteral("audin-core-sim: config ") + configPath);

    if (!server.listen(host, quint16(port))) {
        printErr(QStringLiteral("audin-core-sim: ") + server.errorString());
        return 1;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) == 0) {
        auto *notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [&server, notifier] {
            char byte;
            [[maybe_unused]] const auto got = ::read(g_signalFds[1], &byte, 1);
            notifier->setEnabled(false);
            server.shutdown();
            // Give the close frames a moment to leave before the process goes.
            QTimer::singleShot(100, qApp, &QCoreApplication::quit);
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }

    const QJsonObject listening {{QStringLiteral("event"), QStringLiteral("listening")},
                                 {QStringLiteral("url"), server.baseUrl().toString()},
                                 {QStringLiteral("port"), server.port()}};
    std::fprintf(stdout, "%s\n", QJsonDocument(listening).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);

    return app.exec();
}
