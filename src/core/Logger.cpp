// SPDX-License-Identifier: GPL-3.0-or-later
#include "Logger.h"

#include <QRegularExpression>
#include <algorithm>

Q_LOGGING_CATEGORY(lcAudinCore, "audin.core")

namespace audin {

void QtCategoryLogger::log(LogLevel level, const QString &message)
{
    switch (level) {
    case LogLevel::Debug:
        qCDebug(lcAudinCore).noquote() << message;
        break;
    case LogLevel::Info:
        qCInfo(lcAudinCore).noquote() << message;
        break;
    case LogLevel::Warn:
        qCWarning(lcAudinCore).noquote() << message;
        break;
    case LogLevel::Error:
        qCCritical(lcAudinCore).noquote() << message;
        break;
    }
}

QString redactSecrets(const QString &text)
{
    // Three base64url segments starting with a JSON header ("eyJ") is a JWT; "Bearer x" is a credential.
    static const QRegularExpression jwt(QStringLiteral(R"(eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)"));
    static const QRegularExpression bearer(QStringLiteral(R"((Bearer\s+)\S+)"),
                                           QRegularExpression::CaseInsensitiveOption);
    QString out = text;
    out.replace(jwt, QStringLiteral("<redacted>"));
    out.replace(bearer, QStringLiteral("\\1<redacted>"));
    return out;
}

Log::Log(std::shared_ptr<OperatorLogger> sink)
    : m_sink(sink ? std::move(sink) : std::make_shared<QtCategoryLogger>())
{
}

QString neutraliseControls(const QString &text)
{
    const auto unsafe = [](char16_t c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    };
    if (std::none_of(text.cbegin(), text.cend(), [&](QChar c) { return unsafe(c.unicode()); }))
        return text; // the usual case: nothing to copy
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!unsafe(u))
            out += c;
        else if (u == '\n')
            out += QLatin1String("\\n");
        else if (u == '\r')
            out += QLatin1String("\\r");
        else if (u == '\t')
            out += QLatin1String("\\t");
        else if (u < 0x100)
            out += QStringLiteral("\\x%1").arg(uint(u), 2, 16, QLatin1Char('0'));
        else
            out += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
    }
    return out;
}

void Log::write(LogLevel level, const QString &message) const
{
    // Redact, escape, and redact again: an escape such as "\u202e" next to "yJ…" spells a new JWT-shaped
    // string (found by fuzz/FuzzTokenJson), and an escaped tab would hide a "Bearer\t…" from the second pass.
    m_sink->log(level, redactSecrets(neutraliseControls(redactSecrets(message))));
}

} // namespace audin
