// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>
#include <QString>
#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcAudinCore)

namespace audin {

enum class LogLevel
{
    Debug,
    Info,
    Warn,
    Error
};

/** Sink for SDK diagnostics (SDK `OperatorLogger`). Messages never carry secrets. */
class OperatorLogger
{
public:
    virtual ~OperatorLogger() = default;
    virtual void log(LogLevel level, const QString &message) = 0;
};

/** Default sink: the `audin.core` Qt logging category (QT_LOGGING_RULES controls it). */
class QtCategoryLogger final : public OperatorLogger
{
public:
    void log(LogLevel level, const QString &message) override;
};

/**
 * Masks anything shaped like a JWT or a bearer credential. Log lines are built from
 * non-secret fields on purpose; this is the second line of defence.
 */
QString redactSecrets(const QString &text);
/**
 * `text` as one safe log line: control characters (CR and LF that would forge a line, ESC that would
 * drive the terminal, C1 controls, DEL) and the bidirectional overrides that reorder what a reader sees
 * are shown escaped (\n, \x1b, \u202e) instead. Values from the service (call ids, numbers) go into
 * log lines, so every line passes through this.
 */
QString neutraliseControls(const QString &text);

/** Thin front for core classes: level helpers, redaction, and a default sink when none is given. */
class Log
{
public:
    explicit Log(std::shared_ptr<OperatorLogger> sink = {});
    void debug(const QString &message) const { write(LogLevel::Debug, message); }
    void info(const QString &message) const { write(LogLevel::Info, message); }
    void warn(const QString &message) const { write(LogLevel::Warn, message); }
    void error(const QString &message) const { write(LogLevel::Error, message); }
    void write(LogLevel level, const QString &message) const;

private:
    std::shared_ptr<OperatorLogger> m_sink;
};

} // namespace audin
