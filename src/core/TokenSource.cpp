// SPDX-License-Identifier: GPL-3.0-or-later
#include "TokenSource.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QTimeZone>

namespace audin {

namespace {

// Strict ISO-8601 date-time: date, 'T', time with optional fraction, optional zone.
// Qt's own ISO parser is lenient about some shapes (e.g. a lone date), so the shape is checked first.
std::optional<QDateTime> parseIsoDateTime(const QString &text)
{
    static const QRegularExpression shape(
        QStringLiteral(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$)"));
    const QString trimmed = text.trimmed();
    const QRegularExpressionMatch match = shape.match(trimmed);
    if (!match.hasMatch())
        return std::nullopt;

    QString normalised = trimmed;
    // Qt parses at most milliseconds; cut longer fractions (micro/nanoseconds) down to three digits.
    const QString fraction = match.captured(1);
    if (fraction.size() > 4)
        normalised.replace(match.capturedStart(1), fraction.size(), fraction.left(4));

    QDateTime parsed = QDateTime::fromString(normalised, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return std::nullopt;
    // Without a zone the value is taken as UTC: a token service has no business meaning our local time.
    if (match.captured(2).isEmpty())
        parsed.setTimeZone(QTimeZone::utc());
    return parsed.toUTC();
}

TokenResult failure(const QString &message)
{
    return TokenResult::failed(TokenResult::Failure::BadResponse, message);
}

} // namespace

TokenResult parseTokenJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    // Never quote the body in these messages: it may hold the secret.
    if (parseError.error != QJsonParseError::NoError)
        return failure(QStringLiteral("token answer is not valid JSON (%1 bytes)").arg(json.size()));
    if (!document.isObject())
        return failure(QStringLiteral("token answer is not a JSON object"));

    const QJsonObject object = document.object();
    const QJsonValue token = object.value(QLatin1String("token"));
    if (token.isUndefined() || token.isNull())
        return failure(QStringLiteral("token answer has no \"token\""));
    if (!token.isString())
        return failure(QStringLiteral("token answer has a \"token\" that is not a string"));
    if (token.toString().isEmpty())
        return failure(QStringLiteral("token answer has an empty \"token\""));

    // A session token is a JWT of a few hundred bytes to a few KiB; one far larger is a broken or hostile
    // source, and would be sent to the service in every auth frame (which allows 64 KiB in all).
    constexpr qsizetype MaxTokenChars = 16 * 1024;
    if (token.toString().size() > MaxTokenChars)
        return failure(QStringLiteral("token answer has a \"token\" of %1 KiB; a session token is at most %2 KiB")
                           .arg(token.toString().size() / 1024)
                           .arg(MaxTokenChars / 1024));

    OperatorSessionToken result;
    result.token = token.toString();

    const QJsonValue expiresAt = object.value(QLatin1String("expiresAt"));
    if (!expiresAt.isUndefined() && !expiresAt.isNull()) {
        if (!expiresAt.isString())
            return failure(QStringLiteral("token answer has an \"expiresAt\" that is not a string"));
        const std::optional<QDateTime> when = parseIsoDateTime(expiresAt.toString());
        if (!when)
            return failure(QStringLiteral("token answer has an \"expiresAt\" that is not an ISO-8601 date-time"));
        result.expiresAt = *when;
    }

    TokenResult ok;
    ok.token = result;
    return ok;
}

} // namespace audin
