// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop application: constructs the services in one place and hands them to the window.
#include "CommandTokenSource.h"
#include "HttpTokenSource.h"
#include "MainWindow.h"
#include "OperatorService.h"
#include "StaticTokenSource.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QProcessEnvironment>
#include <QTranslator>

using namespace audin;

namespace {
// Until the sign-in dialog exists, the service comes from the same environment variables as audin-cli.
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
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Audin Softphone"));
    QApplication::setOrganizationName(QStringLiteral("Audin"));
    QApplication::setOrganizationDomain(QStringLiteral("audin.ai"));
    QApplication::setApplicationVersion(QStringLiteral(AUDIN_VERSION));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("audin"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    OperatorConfig config;
    config.coreUrl = env.value(QStringLiteral("AUDIN_CORE_URL"));
    config.tokenSource = tokenSourceFromEnvironment(env);
    OperatorService service(config);

    MainWindow window(&service);
    window.show();
    if (!config.coreUrl.isEmpty())
        service.connectToService();
    return app.exec();
}
