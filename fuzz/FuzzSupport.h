// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the libFuzzer targets in fuzz/: one QCoreApplication, quiet Qt messages, splitting an
// input into frames, and a log sink that checks what the code under test writes to the log.
#pragma once

#include "Logger.h"
#include "TokenSource.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace audin::fuzz {

/** Stops the fuzzer with a message; libFuzzer reports the input that got here as a crash. */
[[noreturn]] inline void fail(const char *what, const QString &detail = {})
{
    std::fprintf(stderr, "FUZZ CHECK FAILED: %s\n%s\n", what, qPrintable(detail));
    std::abort();
}

/**
 * The QCoreApplication some code needs (event loop, QSqlDatabase plugins, QStandardPaths). Qt's
 * messages are dropped: a warning per hostile input would only slow the fuzzer down. qFatal still aborts.
 */
inline void initQt(int *argc, char ***argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
            std::abort();
        }
    });
    static QCoreApplication app(*argc, *argv);
    QCoreApplication::setOrganizationName(QStringLiteral("AudinFuzz"));
    QCoreApplication::setApplicationName(QStringLiteral("fuzz"));
}

/** The input's lines (split at '\n', a trailing '\r' kept): one frame or one action each. */
inline QList<QByteArray> lines(const uint8_t *data, size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)).split('\n');
}

/**
 * A log sink that holds every line to the promises of Logger.h: no control characters or
 * bidirectional overrides (they would forge or hide log lines).
 */
class CheckingLogger final : public OperatorLogger
{
public:
    void log(LogLevel, const QString &message) override
    {
        for (const QChar c : message) {
            const char16_t u = c.unicode();
            if (u < 0x20 || (u >= 0x7f && u <= 0x9f) || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069))
                fail("a log line carries a control character", message.toHtmlEscaped());
        }
        ++lines;
    }
    int lines = 0;
};

/** A token source whose fetch never completes: the channels under test never open a socket. */
class PendingTokenSource final : public TokenSource
{
public:
    void fetchToken(QObject *, Callback) override { }
    QString describe() const override { return QStringLiteral("fuzz (never answers)"); }
};

} // namespace audin::fuzz
