// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CliOptions.h"
#include "EventWriter.h"
#include "Types.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <memory>

namespace audin {
class CallController;
class OperatorLogger;
class OperatorService;
class TokenSource;
} // namespace audin

namespace audin::cli {

/**
 * Runs one audin-cli command on an OperatorService. This is the one place the CLI builds its
 * services (token source, OperatorService); main() only wires the process around it.
 * Emits finished() once, with the exit code, after a clean shutdown.
 */
class CliOperator : public QObject
{
    Q_OBJECT
public:
    /** Where a line of output goes: stdout, or a test buffer. */
    using LineSink = std::function<void(const QByteArray &line)>;

    CliOperator(CliOptions options, std::shared_ptr<OperatorLogger> logger, LineSink stdoutSink,
                QObject *parent = nullptr);
    ~CliOperator() override;

    /** Builds the token source the options ask for. */
    static std::shared_ptr<TokenSource> makeTokenSource(const CliOptions &options);

    OperatorService *service() const { return m_service; }

    /** Connects and runs the command. */
    void start();
    /** Ends the command: hangs up live calls, goes offline, disconnects, then finished(exitCode). */
    void stop(int exitCode);
    bool isStopping() const { return m_stopping; }

signals:
    void finished(int exitCode);

private:
    void prepareRecording(CallController *call);
    void onPresenceStateChanged(PresenceState state);
    void onError(const OperatorError &error);
    void onIncomingCall(CallController *call);
    void onCallStarted(CallController *call);
    void onCallEnded(CallController *call);
    void watchCall(CallController *call);
    void sendDtmfFrom(const QPointer<CallController> &call, int index);
    void runOnceOnline();
    void requestNumbers();
    void onTimeout();
    void settleThenDisconnect(int exitCode);
    void log(LogLevel level, const QString &message) const;

    CliOptions m_options;
    std::shared_ptr<OperatorLogger> m_logger;
    LineSink m_stdout;
    EventWriter m_events;
    OperatorService *m_service = nullptr;

    QTimer m_timeout; // numbers/dial: online and answered within --timeout-s
    QTimer m_duration; // online: --duration-s
    QElapsedTimer m_settleClock; // shutdown: waiting for hung-up calls to be confirmed
    bool m_commandIssued = false;
    bool m_reportedInvalidCoreUrl = false;
    bool m_stopping = false;
    int m_lastCloseCode = 0; // the service's last close code since the session was last online
    int m_endedCalls = 0;
    int m_recordedCalls = 0;
    QSet<const CallController *> m_watched;
};

} // namespace audin::cli
