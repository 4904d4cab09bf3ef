// SPDX-License-Identifier: GPL-3.0-or-later
#include "StderrLogger.h"

#include <QDateTime>

namespace audin::cli {

StderrLogger::StderrLogger(LogLevel minimum, std::FILE *stream)
    : m_minimum(minimum)
    , m_stream(stream)
{
}

QString StderrLogger::levelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug:
        return QStringLiteral("debug");
    case LogLevel::Info:
        return QStringLiteral("info");
    case LogLevel::Warn:
        return QStringLiteral("warn");
    case LogLevel::Error:
        return QStringLiteral("error");
    }
    return {};
}

void StderrLogger::log(LogLevel level, const QString &message)
{
    if (!isEnabled(level))
        return;
    // Redacted again here: the CLI logs some lines itself, not only through the SDK's Log.
    const QByteArray line = QStringLiteral("%1 %2 %3\n")
                                .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs),
                                     levelName(level).leftJustified(5), redactSecrets(message))
                                .toUtf8();
    QMutexLocker locker(&m_mutex);
    std::fwrite(line.constData(), 1, size_t(line.size()), m_stream);
    std::fflush(m_stream);
}

} // namespace audin::cli
