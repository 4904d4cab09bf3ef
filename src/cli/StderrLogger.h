// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Logger.h"

#include <QMutex>
#include <cstdio>

namespace audin::cli {

/** OperatorLogger for the CLI: one timestamped line per message on stderr, below `minimum` dropped. */
class StderrLogger final : public OperatorLogger
{
public:
    explicit StderrLogger(LogLevel minimum, std::FILE *stream = stderr);

    void log(LogLevel level, const QString &message) override;
    bool isEnabled(LogLevel level) const { return level >= m_minimum; }

    static QString levelName(LogLevel level);

private:
    LogLevel m_minimum;
    std::FILE *m_stream;
    QMutex m_mutex; // audio threads will log too once the call channel lands
};

} // namespace audin::cli
