// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop application: Qt set-up, then everything else is built by DesktopApp.
#include "CommandTokenSource.h"
#include "DesktopApp.h"
#include "HttpTokenSource.h"
#include "SingleInstance.h"
#include "StaticTokenSource.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QIcon>
#include <QLoggingCategory>
#include <QProcessEnvironment>
#include <cstdio>

using namespace audin;

namespace {
/**
 * Kiosks, automation and the demo can sign in from the environment, like audin-cli (so no secret
 * is on a command line): AUDIN_CORE_URL with AUDIN_TOKEN_URL (+ AUDIN_TOKEN_HEADER lines),
 * AUDIN_TOKEN_COMMAND or AUDIN_TOKEN.
 */
std::shared_ptr<TokenSource> tokenSourceFromEnvironment(const QProcessEnvironment &env)
{
    if (env.contains(QStringLiteral("AUDIN_TOKEN_URL"))) {
        QList<HttpTokenSource::Header> headers;
        const QStringList lines
            = env.value(QStringLiteral("AUDIN_TOKEN_HEADER")).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &line : lines) {
            if (auto header = HttpTokenSource::parseHeader(line))
                headers << *header;
        }
        return std::make_shared<HttpTokenSource>(QUrl(env.value(QStringLiteral("AUDIN_TOKEN_URL"))), headers);
    }
    if (env.contains(QStringLiteral("AUDIN_TOKEN_COMMAND")))
        return std::make_shared<CommandTokenSource>(env.value(QStringLiteral("AUDIN_TOKEN_COMMAND")));
    if (env.contains(QStringLiteral("AUDIN_TOKEN")))
        return std::make_shared<StaticTokenSource>(OperatorSessionToken {env.value(QStringLiteral("AUDIN_TOKEN")), {}});
    return {};
}

const char Usage[] = "Usage: audin-softphone [tel:NUMBER | --dial NUMBER] [--minimised]\n"
                     "\n"
                     "  tel:NUMBER, --dial NUMBER   call NUMBER (through the running instance if there is one)\n"
                     "  --minimised                 start in the tray\n"
                     "  --help, --version\n"
                     "\n"
                     "Environment: AUDIN_PROFILE_DIR keeps settings and history in that folder;\n"
                     "AUDIN_CORE_URL with AUDIN_TOKEN_URL/AUDIN_TOKEN_HEADER, AUDIN_TOKEN_COMMAND or AUDIN_TOKEN\n"
                     "sign in without the sign-in dialog (kiosks, automation); AUDIN_SYSTEM_CONFIG names the\n"
                     "administrator's settings file. See docs/ADMINISTRATION.md.\n";
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Audin Softphone"));
    QApplication::setOrganizationName(QStringLiteral("Audin"));
    QApplication::setOrganizationDomain(QStringLiteral("audin.ai"));
    QApplication::setApplicationVersion(QStringLiteral(AUDIN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("ai.audin.Softphone"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/audin.svg")));
    QApplication::setQuitOnLastWindowClosed(false); // the tray keeps the softphone running

    // The SDK's debug lines (every frame) are for developers: on when QT_LOGGING_RULES asks for them.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("audin.*.debug=false"));

    const QStringList arguments = QApplication::arguments().mid(1);
    if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"))) {
        std::fputs(Usage, stdout);
        return 0;
    }
    if (arguments.contains(QStringLiteral("--version"))) {
        std::printf("audin-softphone %s\n", AUDIN_VERSION);
        return 0;
    }

    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    gui::DesktopApp::Options options;
    const QString profile = env.value(QStringLiteral("AUDIN_PROFILE_DIR"));
    if (!profile.isEmpty()) {
        const QDir dir(profile);
        options.settingsPaths.userFile = dir.filePath(QStringLiteral("settings.ini"));
        options.historyPath = dir.filePath(QStringLiteral("history.sqlite"));
        // A separate profile is a separate softphone: it must not forward to the usual instance.
        options.instanceKey
            = desktop::SingleInstance::defaultKey() + QLatin1Char('-')
            + QString::fromLatin1(
                  QCryptographicHash::hash(dir.absolutePath().toUtf8(), QCryptographicHash::Sha1).toHex().left(12));
    }
    if (env.contains(QStringLiteral("AUDIN_CORE_URL"))) {
        options.environmentCoreUrl = env.value(QStringLiteral("AUDIN_CORE_URL"));
        options.environmentTokenSource = tokenSourceFromEnvironment(env);
    }
    // Read once, now held by the token source: every program started from here on (the screen-pop
    // browser, a token command, xdg-open) would otherwise inherit the operator key.
    for (const char *secret : {"AUDIN_TOKEN_HEADER", "AUDIN_TOKEN"})
        qunsetenv(secret);

    options.traceStartup = env.contains(QStringLiteral("AUDIN_STARTUP_TRACE"));
    gui::DesktopApp desktop(options);
    if (desktop.start(arguments) == gui::DesktopApp::StartResult::Forwarded)
        return 0;
    return QApplication::exec();
}
