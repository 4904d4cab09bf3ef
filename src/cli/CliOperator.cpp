// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliOperator.h"

#include "CallController.h"
#include "CommandTokenSource.h"
#include "HttpTokenSource.h"
#include "Logger.h"
#include "NullAudioBackend.h"
#include "OperatorService.h"
#include "StaticTokenSource.h"
#include "WavFileAudioBackend.h"

namespace audin::cli {

namespace {

constexpr int DtmfSpacingMs = 200;
constexpr int TokenFetchTimeoutMs = 10000;
// Lets the WebSocket close frame leave the process before the event loop stops.
constexpr int ShutdownGraceMs = 100;
// How long a shutdown waits for the service to confirm hung-up calls (CallChannel waits 3 s for
// `ended`; an assignment still on its way gets the rest).
constexpr int SettleTimeoutMs = 4000;
constexpr int SettlePollMs = 20;

EventWriter::Sink eventSink(Command command, const std::shared_ptr<OperatorLogger> &logger,
                            const CliOperator::LineSink &stdoutSink)
{
    // `numbers` keeps stdout for the array alone (it pipes into jq); its events become log lines.
    if (command == Command::Numbers) {
        return [logger](const QByteArray &line, bool isError) {
            logger->log(isError ? LogLevel::Warn : LogLevel::Info, QStringLiteral("event ") + QString::fromUtf8(line));
        };
    }
    return [stdoutSink](const QByteArray &line, bool) { stdoutSink(line); };
}

} // namespace

CliOperator::CliOperator(CliOptions options, std::shared_ptr<OperatorLogger> logger, LineSink stdoutSink,
                         QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_logger(std::move(logger))
    , m_stdout(std::move(stdoutSink))
    , m_events(eventSink(m_options.command, m_logger, m_stdout))
{
    OperatorConfig config;
    config.coreUrl = m_options.coreUrl;
    config.tokenSource = makeTokenSource(m_options);
    if (m_options.heartbeatMs)
        config.heartbeatIntervalMs = *m_options.heartbeatMs;
    if (m_options.backoffMs)
        config.reconnectBackoffMs = *m_options.backoffMs;
    config.logger = m_logger;
    config.audioConstraints.echoCancellation = m_options.processing;
    config.audioConstraints.noiseSuppression = m_options.processing;
    config.audioConstraints.autoGainControl = m_options.processing;
    switch (m_options.audioMode) {
    case AudioMode::Devices:
        config.audioConstraints.inputDevice = m_options.inputDevice;
        config.audioConstraints.outputDevice = m_options.outputDevice;
        break; // the SDK's default backend: the system's devices
    case AudioMode::Null:
        config.media.audioBackend = [] { return std::make_unique<media::NullAudioBackend>(); };
        break;
    case AudioMode::File:
        config.media.audioBackend
            = [path = m_options.audioFile] { return std::make_unique<media::WavFileAudioBackend>(path); };
        break;
    }
    log(LogLevel::Info, QStringLiteral("token source: %1").arg(config.tokenSource->describe()));
    m_service = new OperatorService(std::move(config), this);

    connect(m_service, &OperatorService::presenceStateChanged, this, &CliOperator::onPresenceStateChanged);
    connect(m_service, &OperatorService::availabilityChanged, this,
            [this](const Availability &availability) { m_events.availabilityChanged(availability); });
    connect(m_service, &OperatorService::incomingCall, this, &CliOperator::onIncomingCall);
    connect(m_service, &OperatorService::callStarted, this, &CliOperator::onCallStarted);
    connect(m_service, &OperatorService::callEnded, this, &CliOperator::onCallEnded);
    connect(m_service, &OperatorService::error, this, &CliOperator::onError);
    connect(m_service, &OperatorService::closedByService, this,
            [this](int code, const QString &) { m_lastCloseCode = code; });

    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &CliOperator::onTimeout);
    m_duration.setSingleShot(true);
    connect(&m_duration, &QTimer::timeout, this, [this]() {
        log(LogLevel::Info, QStringLiteral("--duration-s reached"));
        stop(ExitCode::Success);
    });
}

CliOperator::~CliOperator() = default;

std::shared_ptr<TokenSource> CliOperator::makeTokenSource(const CliOptions &options)
{
    switch (options.tokenKind) {
    case TokenKind::Url:
        return std::make_shared<HttpTokenSource>(options.tokenUrl, options.tokenHeaders, TokenFetchTimeoutMs);
    case TokenKind::Command:
        return std::make_shared<CommandTokenSource>(options.tokenCommand, TokenFetchTimeoutMs);
    case TokenKind::Static:
        return std::make_shared<StaticTokenSource>(OperatorSessionToken {options.token, std::nullopt});
    }
    return {};
}

void CliOperator::start()
{
    if (m_options.command != Command::Online)
        m_timeout.start(m_options.timeoutS * 1000);
    if (!m_service->connectToService()) {
        // The SDK reports INVALID_CORE_URL on `error`; say it ourselves should that not have happened.
        QTimer::singleShot(0, this, [this]() {
            if (!m_reportedInvalidCoreUrl) {
                m_events.error({QString::fromLatin1(ErrorCode::InvalidCoreUrl),
                                QStringLiteral("the core URL is not a valid http(s) or ws(s) address"),
                                {}});
            }
            stop(ExitCode::Config);
        });
        return;
    }
    if (m_options.command == Command::Online && m_options.durationS)
        m_duration.start(*m_options.durationS * 1000);
}

void CliOperator::stop(int exitCode)
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_timeout.stop();
    m_duration.stop();
    // Deferred: stop() may be reached from inside an SDK signal, and we must not tear the service
    // down under its own feet.
    QTimer::singleShot(0, this, [this, exitCode]() {
        log(LogLevel::Info, QStringLiteral("shutting down (exit code %1)").arg(exitCode));
        const QList<CallController *> calls = m_service->activeCalls();
        for (CallController *call : calls) {
            if (call->state() != CallState::Ended)
                call->hangup();
        }
        // Presence stays up until the service has confirmed them: a call hung up before its
        // assignment can only be ended on the service once that assignment arrives.
        m_settleClock.start();
        settleThenDisconnect(exitCode);
    });
}

void CliOperator::settleThenDisconnect(int exitCode)
{
    if (m_service->unsettledCalls() > 0 && m_settleClock.elapsed() < SettleTimeoutMs) {
        QTimer::singleShot(SettlePollMs, this, [this, exitCode]() { settleThenDisconnect(exitCode); });
        return;
    }
    if (m_service->unsettledCalls() > 0)
        log(LogLevel::Warn, QStringLiteral("the service did not confirm every hung-up call; exiting anyway"));
    if (m_options.command == Command::Online && m_service->presenceState() == PresenceState::Online)
        m_service->goOffline();
    if (m_service->presenceState() != PresenceState::Offline)
        m_service->disconnectFromService();
    QTimer::singleShot(ShutdownGraceMs, this, [this, exitCode]() { emit finished(exitCode); });
}

void CliOperator::onPresenceStateChanged(PresenceState state)
{
    m_events.presenceStateChanged(state);
    if (state == PresenceState::Online)
        m_lastCloseCode = 0;
    if (state == PresenceState::Online && !m_stopping && !m_commandIssued)
        runOnceOnline();
    if (state == PresenceState::Offline && !m_stopping) {
        // The SDK only goes offline by itself when the service ended the session for good: a 1000
        // close, or 4003 (FORBIDDEN) / 4009 (SESSION_REPLACED), already reported on `error`.
        const bool refused = m_lastCloseCode == 4003 || m_lastCloseCode == 4009;
        log(LogLevel::Warn,
            QStringLiteral("the service closed the session (code %1) and the SDK stays offline").arg(m_lastCloseCode));
        stop(refused ? ExitCode::Auth : ExitCode::Offline);
    }
}

void CliOperator::runOnceOnline()
{
    m_commandIssued = true;
    switch (m_options.command) {
    case Command::Numbers:
        requestNumbers();
        break;
    case Command::Online:
        // Once: the SDK re-sends the set after every reconnect by itself.
        log(LogLevel::Info, QStringLiteral("going online on %1").arg(m_options.phoneNumberIds.join(QLatin1Char(','))));
        m_service->goOnline(m_options.phoneNumberIds);
        break;
    case Command::Dial: {
        log(LogLevel::Info, QStringLiteral("dialling %1 from %2").arg(m_options.dialNumber, m_options.callerId));
        CallController *call = m_service->dial(m_options.dialNumber, m_options.callerId);
        prepareRecording(call);
        // A dial refused by validation may already have ended (onCallEnded handled it).
        if (call && call->state() != CallState::Ended)
            watchCall(call);
        break;
    }
    }
}

void CliOperator::requestNumbers()
{
    m_service->listPhoneNumbers(this, [this](const OperatorService::NumbersResult &result) {
        if (m_stopping)
            return;
        if (result.ok()) {
            m_stdout(EventWriter::numbersJson(*result.numbers));
            stop(ExitCode::Success);
            return;
        }
        if (m_service->presenceState() != PresenceState::Online) {
            // The connection dropped under the request: ask again once it is back (or time out).
            log(LogLevel::Warn,
                QStringLiteral("listing numbers failed (%1), retrying when online").arg(result.error.code));
            m_commandIssued = false;
            return;
        }
        log(LogLevel::Error,
            QStringLiteral("listing numbers failed: %1 %2").arg(result.error.code, result.error.message));
        stop(ExitCode::Failure);
    });
}

void CliOperator::onError(const OperatorError &error)
{
    // Every error is an event; only the end of the session ends the command. An `error` frame from
    // the service (a refused request, even one carrying FORBIDDEN or SESSION_REPLACED) leaves the
    // connection up (PROTOCOL.md 2, 3.7): the close that follows, if any, decides
    // (onPresenceStateChanged). INVALID_CORE_URL is handled where connectToService() refused.
    m_events.error(error);
    if (error.code == QLatin1String(ErrorCode::InvalidCoreUrl)) {
        m_reportedInvalidCoreUrl = true;
    } else if (error.code == QLatin1String(ErrorCode::AuthFailed) && m_options.command != Command::Online
               && m_lastCloseCode == 4001 && m_service->presenceState() != PresenceState::Online) {
        // The SDK's own AUTH_FAILED (three 4001 closes in a row): `online` keeps trying like the
        // SDK does; one-shot commands give up.
        stop(ExitCode::Auth);
    }
}

void CliOperator::prepareRecording(CallController *call)
{
    if (m_options.recordPath.isEmpty() || !call->recordingPath().isEmpty())
        return;
    ++m_recordedCalls;
    QString path = m_options.recordPath;
    if (m_recordedCalls > 1) {
        // out.wav, out-2.wav, out-3.wav...: a second call never overwrites the first.
        const int dot = path.lastIndexOf(QLatin1Char('.'));
        const QString suffix = QStringLiteral("-%1").arg(m_recordedCalls);
        path = dot > 0 ? path.left(dot) + suffix + path.mid(dot) : path + suffix;
    }
    call->setRecordingPath(path);
}

void CliOperator::onIncomingCall(CallController *call)
{
    m_events.callEvent(QStringLiteral("incomingCall"), *call);
    watchCall(call);
    if (m_stopping || m_options.command != Command::Online)
        return;
    const QPointer<CallController> guard(call);
    // Queued: answering from inside the SDK's own offer handler would re-enter it.
    if (m_options.autoAnswer) {
        QTimer::singleShot(0, this, [this, guard]() {
            if (guard && guard->state() == CallState::Ringing) {
                log(LogLevel::Info, QStringLiteral("accepting %1").arg(guard->callSid()));
                prepareRecording(guard);
                guard->accept();
            }
        });
    } else if (m_options.reject) {
        QTimer::singleShot(0, this, [this, guard]() {
            if (guard && guard->state() == CallState::Ringing) {
                log(LogLevel::Info, QStringLiteral("rejecting %1").arg(guard->callSid()));
                guard->reject();
            }
        });
    }
}

void CliOperator::onCallStarted(CallController *call)
{
    m_events.callEvent(QStringLiteral("callStarted"), *call);
    watchCall(call);
    if (m_options.command == Command::Dial)
        m_timeout.stop(); // the service answered the dial
    if (m_options.hangupAfterMs) {
        const QPointer<CallController> guard(call);
        QTimer::singleShot(*m_options.hangupAfterMs, this, [this, guard]() {
            if (guard && guard->state() != CallState::Ended) {
                log(LogLevel::Info, QStringLiteral("hanging up %1 (--hangup-after-ms)").arg(guard->callSid()));
                guard->hangup();
            }
        });
    }
}

void CliOperator::onCallEnded(CallController *call)
{
    m_events.callEvent(QStringLiteral("callEnded"), *call);
    ++m_endedCalls;
    if (m_options.command == Command::Online) {
        if (m_options.exitAfterCalls && m_endedCalls >= *m_options.exitAfterCalls)
            stop(ExitCode::Success);
    } else if (m_options.command == Command::Dial && call->direction() == CallDirection::Outbound) {
        const bool failed = call->endReason() == CallEndReason::Failed;
        stop(failed ? ExitCode::CallFailed : ExitCode::Success);
    }
}

void CliOperator::watchCall(CallController *call)
{
    // A set: a flood of offers must not cost a scan of every earlier call each.
    if (m_watched.contains(call))
        return;
    m_watched.insert(call);
    connect(call, &QObject::destroyed, this, [this, call] { m_watched.remove(call); });
    const QPointer<CallController> guard(call);
    connect(call, &CallController::stateChanged, this, [this, guard](CallState state) {
        if (!guard)
            return;
        m_events.callEvent(QStringLiteral("callStateChanged"), *guard);
        if (state == CallState::Active && !m_options.dtmf.isEmpty())
            sendDtmfFrom(guard, 0);
    });
    connect(call, &CallController::reconnecting, this, [this, guard] {
        if (guard)
            m_events.callDetail(QStringLiteral("callReconnecting"), *guard, {});
    });
    connect(call, &CallController::reconnected, this, [this, guard] {
        if (guard)
            m_events.callDetail(QStringLiteral("callReconnected"), *guard, {});
    });
    if (m_options.stats) {
        connect(call, &CallController::statsUpdated, this, [this, guard](const CallStats &stats) {
            if (guard)
                m_events.callDetail(QStringLiteral("callStats"), *guard, stats.toJson());
        });
        connect(call, &CallController::qualityWarning, this, [this, guard](const QualityWarning &warning) {
            if (guard)
                m_events.callDetail(
                    QStringLiteral("qualityWarning"), *guard,
                    QJsonObject {{QStringLiteral("name"), warning.name},
                                 {QStringLiteral("state"),
                                  warning.raised ? QStringLiteral("raised") : QStringLiteral("cleared")},
                                 {QStringLiteral("value"), warning.value}});
        });
    }
}

void CliOperator::sendDtmfFrom(const QPointer<CallController> &call, int index)
{
    if (!call || call->state() != CallState::Active || index >= m_options.dtmf.size())
        return;
    // Invalid characters are the SDK's to refuse (INVALID_DTMF on `error`); the rest still go out.
    call->sendDtmf(QString(m_options.dtmf.at(index)));
    if (index + 1 < m_options.dtmf.size())
        QTimer::singleShot(DtmfSpacingMs, call, [this, call, index]() { sendDtmfFrom(call, index + 1); });
}

void CliOperator::onTimeout()
{
    const bool online = m_service->presenceState() == PresenceState::Online;
    log(LogLevel::Error,
        online ? QStringLiteral("no answer from the service within %1 s").arg(m_options.timeoutS)
               : QStringLiteral("not online within %1 s").arg(m_options.timeoutS));
    stop(ExitCode::Timeout);
}

void CliOperator::log(LogLevel level, const QString &message) const
{
    m_logger->log(level, message);
}

} // namespace audin::cli
