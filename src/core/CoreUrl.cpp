// SPDX-License-Identifier: GPL-3.0-or-later
#include "CoreUrl.h"

namespace audin {

std::optional<CoreUrl> CoreUrl::parse(const QString &coreUrl, Problem *problem)
{
    const auto refuse = [problem](Problem why) -> std::optional<CoreUrl> {
        if (problem)
            *problem = why;
        return std::nullopt;
    };
    if (problem)
        *problem = Problem::None;
    const QString trimmed = coreUrl.trimmed();
    if (trimmed.isEmpty())
        return refuse(Problem::Empty);
    QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return refuse(Problem::Malformed);
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty())
        return refuse(Problem::NoScheme);
    QString wsScheme;
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss"))
        wsScheme = QStringLiteral("wss");
    else if (scheme == QLatin1String("http") || scheme == QLatin1String("ws"))
        wsScheme = QStringLiteral("ws");
    else
        return refuse(Problem::UnsupportedScheme);
    if (url.host().isEmpty())
        return refuse(Problem::NoHost);
    // Credentials, queries and fragments have no meaning for a service base; refuse rather than guess.
    if (!url.userInfo().isEmpty())
        return refuse(Problem::UserInfo);
    if (url.hasQuery())
        return refuse(Problem::Query);
    if (url.hasFragment())
        return refuse(Problem::Fragment);

    url.setScheme(wsScheme);

    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path);

    CoreUrl result;
    result.m_base = url.toString(QUrl::FullyEncoded);
    return result;
}

QUrl CoreUrl::presenceUrl() const
{
    return QUrl(m_base + QStringLiteral("/v1/operator/presence"));
}

QUrl CoreUrl::callMediaUrl(const QString &callSid) const
{
    // One path segment, whatever it holds: '/', '%', '?', '#', spaces and non-ASCII are all
    // percent-encoded. "." and ".." cannot be: QUrl (and every server) reads "%2E" as ".", and the
    // segment would then name this or the parent directory.
    if (callSid.isEmpty() || callSid == QLatin1String(".") || callSid == QLatin1String(".."))
        return {};
    return QUrl(m_base + QStringLiteral("/v1/operator/calls/") + QString::fromLatin1(QUrl::toPercentEncoding(callSid))
                    + QStringLiteral("/media"),
                QUrl::StrictMode);
}

QUrl CoreUrl::httpBase() const
{
    QUrl url(m_base);
    url.setScheme(isSecure() ? QStringLiteral("https") : QStringLiteral("http"));
    return url;
}

bool CoreUrl::isSecure() const
{
    return m_base.startsWith(QLatin1String("wss:"));
}

} // namespace audin
