// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScreenPop.h"

#include <QRegularExpression>

namespace audin::desktop {

namespace {
const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{([A-Za-z]*)\\}"));
    return pattern;
}

// Substitutes every placeholder; a name not in `values` is an error (typos must not go unnoticed).
std::optional<QString> substitute(const QString &urlTemplate, const QHash<QString, QString> &values, QString *error)
{
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = placeholderPattern().globalMatch(urlTemplate);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(1);
        if (!ScreenPop::placeholders().contains(name)) {
            *error = ScreenPop::tr("Unknown placeholder {%1}. Known: %2.")
                         .arg(name,
                              QStringLiteral("{") + ScreenPop::placeholders().join(QStringLiteral("} {"))
                                  + QStringLiteral("}"));
            return std::nullopt;
        }
        out += urlTemplate.mid(last, match.capturedStart() - last);
        out += QString::fromLatin1(QUrl::toPercentEncoding(values.value(name)));
        last = match.capturedEnd();
    }
    out += urlTemplate.mid(last);
    return out;
}
} // namespace

QStringList ScreenPop::placeholders()
{
    return {QStringLiteral("from"),     QStringLiteral("to"),      QStringLiteral("remote"),   QStringLiteral("line"),
            QStringLiteral("lineName"), QStringLiteral("callSid"), QStringLiteral("direction")};
}

QString ScreenPop::validate(const QString &urlTemplate)
{
    if (urlTemplate.trimmed().isEmpty())
        return {}; // no screen pop
    QHash<QString, QString> sample;
    for (const QString &name : placeholders())
        sample.insert(name, QStringLiteral("x"));
    const Result result = expand(urlTemplate, sample);
    return result.url ? QString() : result.error;
}

ScreenPop::Result ScreenPop::expand(const QString &urlTemplate, const QHash<QString, QString> &values)
{
    Result result;
    const std::optional<QString> text = substitute(urlTemplate.trimmed(), values, &result.error);
    if (!text)
        return result;
    const QUrl url(*text, QUrl::StrictMode);
    if (!url.isValid()) {
        result.error = tr("This is not a valid address.");
        return result;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        result.error = tr("The address must start with https:// or http://.");
        return result;
    }
    if (url.host().isEmpty()) {
        result.error = tr("The address has no host name.");
        return result;
    }
    result.url = url;
    return result;
}

} // namespace audin::desktop
