// SPDX-License-Identifier: GPL-3.0-or-later
#include "Logger.h"

#include <QRegularExpression>

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

void Log::write(LogLevel level, const QString &message) const
{
    m_sink->log(level, redactSecrets(message));
}

} // namespace audin
