// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Logger.h"

#include <QMutex>
#include <QStringList>

namespace audin::test {

/** Keeps every log line the SDK writes, at every level, so tests can inspect them. */
class CaptureLogger final : public OperatorLogger
{
public:
    void log(LogLevel level, const QString &message) override
    {
        QMutexLocker lock(&m_mutex);
        m_lines << QStringLiteral("%1 %2").arg(int(level)).arg(message);
    }
    QStringList lines() const
    {
        QMutexLocker lock(&m_mutex);
        return m_lines;
    }

private:
    mutable QMutex m_mutex;
    QStringList m_lines;
};

} // namespace audin::test
