// SPDX-License-Identifier: GPL-3.0-or-later
#include "OperatorService.h"

#include "CallMedia.h"
#include "PhoneNumber.h"
#include "PresenceConnection.h"
#include "Protocol.h"
#include "QtAudioBackend.h"

#include <QJsonArray>
#include <QSysInfo>
#include <QTimer>
#include <limits>

namespace audin {

namespace {
constexpr int keptEndedCalls = 32;

QJsonObject request(const QString &type, const QString &id)
{
    return QJsonObject {{QStringLiteral("type"), type}, {QStringLiteral("id"), id}};
}

QStringList toStringList(const QJsonValue &value)
{
    QStringList out;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        if (item.isString())
            out << item.toString();
    }
    return out;
}
} // namespace

QString ClientInfo::defaultPlatform()
{
#if defined(Q_OS_LINUX)
    return QStringLiteral("linux");
#elif defined(Q_OS_WIN)
    return QStringLiteral("windows");
#elif defined(Q_OS_MACOS)
    return QStringLiteral("macos");
#else
    return QSysInfo::kernelType();
#endif
}

OperatorService::OperatorService(OperatorConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_log(m_config.logger)
{
    qRegisterMetaType<audin::PresenceState>();
    qRegisterMetaType<audin::CallState>();
    qRegisterMetaType<audin::CallEndReason>();
    qRegisterMetaType<audin::Availability>();
    qRegisterMetaType<audin::OperatorError>();
    if (!m_config.clock)
        m_config.clock = std::make_shared<SystemClock>();
    m_coreUrl = CoreUrl::parse(m_config.coreUrl, &m_coreUrlProblem);
}

OperatorService::~OperatorService()
{
    // Calls are children; make sure none calls back into a half-destroyed host.
    for (const auto &[order, call] : m_liveCalls) {
        if (call)
            call->disconnect(this);
    }
    for (const QPointer<CallController> &call : std::as_const(m_endedCalls)) {
        if (call)
            call->disconnect(this);
    }
    m_connection.reset();
}

bool OperatorService::connectToService()
{
    if (!m_coreUrl) {
        const QString message = invalidCoreUrlMessage();
        m_log.error(QStringLiteral("invalid core URL; nothing is opened: %1").arg(message));
        emit error(OperatorError {QString::fromLatin1(ErrorCode::InvalidCoreUrl), message, QJsonValue()});
        return false;
    }
    if (!m_connection) {
        m_connection = std::make_unique<PresenceConnection>(m_config, m_coreUrl->presenceUrl(), m_log, m_config.clock);
        connect(m_connection.get(), &PresenceConnection::stateChanged, this, &OperatorService::presenceStateChanged);
        connect(m_connection.get(), &PresenceConnection::error, this, &OperatorService::error);
        connect(m_connection.get(), &PresenceConnection::reconnectScheduled, this,
                &OperatorService::reconnectScheduled);
        connect(m_connection.get(), &PresenceConnection::closedByService, this, &OperatorService::closedByService);
        connect(m_connection.get(), &PresenceConnection::ready, this, &OperatorService::onReady);
        connect(m_connection.get(), &PresenceConnection::connectionLost, this, &OperatorService::onConnectionLost);
        connect(m_connection.get(), &PresenceConnection::messageReceived, this, &OperatorService::onMessage);
    }
    m_connection->start();
    return true;
}

void OperatorService::disconnectFromService()
{
    if (m_connection)
        m_connection->stop();
    // Nobody will answer these any more.
    failPendingRequests(OperatorError {QString::fromLatin1(ErrorCode::WsError),
                                       QStringLiteral("disconnected from the service"), QJsonValue()});
}

PresenceState OperatorService::presenceState() const
{
    return m_connection ? m_connection->state() : PresenceState::Offline;
}

qint64 OperatorService::msUntilReconnect() const
{
    return m_connection ? m_connection->msUntilReconnect() : -1;
}

void OperatorService::listPhoneNumbers(QObject *context, NumbersCallback done)
{
    m_numbersWaiters.append({QPointer<QObject>(context), std::move(done)});
    if (presenceState() == PresenceState::Online && m_listNumbersRequestId.isEmpty())
        sendListNumbers();
    // Otherwise it is sent when the connection reaches `ready`.
}

void OperatorService::goOnline(const QStringList &phoneNumberIds)
{
    m_requestedIds = phoneNumberIds;
    if (presenceState() == PresenceState::Online)
        sendGoOnline();
}

void OperatorService::goOffline()
{
    goOnline({});
}

CallController *OperatorService::dial(const QString &to, const QString &callerId)
{
    auto *call = new CallController(this, to.trimmed(), callerId.trimmed(), now(), this);
    adoptCall(call);
    m_log.info(QStringLiteral("dial requested"));
    // Validation results are delivered from the event loop so the caller can connect to the call first.
    QTimer::singleShot(0, call, [this, call] { startDial(call); });
    return call;
}

void OperatorService::startDial(CallController *call)
{
    if (call->state() == CallState::Ended)
        return;
    if (!normaliseE164(call->to())) {
        failCall(call,
                 OperatorError {QString::fromLatin1(ErrorCode::InvalidNumber),
                                QStringLiteral("\"%1\" is not a phone number in international format "
                                               "(+ and 8 to 15 digits).")
                                    .arg(call->to().left(40)),
                                QJsonValue()});
        return;
    }
    if (presenceState() != PresenceState::Online) {
        failCall(call,
                 OperatorError {QString::fromLatin1(ErrorCode::WsError),
                                QStringLiteral("Not connected to the service; the call was not placed."),
                                QJsonValue()});
        return;
    }
    if (!m_numbersKnown) {
        m_dialsWaitingForNumbers.append(call);
        if (m_listNumbersRequestId.isEmpty())
            sendListNumbers();
        return;
    }
    const QString to = *normaliseE164(call->to());
    const std::optional<QString> callerId = normaliseE164(call->from());
    const bool owned = callerId && std::any_of(m_numbers.cbegin(), m_numbers.cend(), [&](const auto &number) {
                           return normaliseE164(number.phoneNumber) == callerId;
                       });
    if (!owned) {
        failCall(call,
                 OperatorError {QString::fromLatin1(ErrorCode::InvalidCallerId),
                                QStringLiteral("\"%1\" is not one of your numbers and cannot be the caller ID.")
                                    .arg(call->from().left(40)),
                                QJsonValue()});
        return;
    }
    const QString id = m_connection->nextRequestId();
    QJsonObject message = request(QStringLiteral("dial"), id);
    message.insert(QStringLiteral("to"), to);
    message.insert(QStringLiteral("callerId"), *callerId);
    if (!m_connection->send(message)) {
        failCall(call,
                 OperatorError {QString::fromLatin1(ErrorCode::WsError),
                                QStringLiteral("Not connected to the service; the call was not placed."),
                                QJsonValue()});
        return;
    }
    m_pendingDials.insert(id, PendingDial {call});
}

QList<CallController *> OperatorService::activeCalls() const
{
    QList<CallController *> out;
    out.reserve(qsizetype(m_liveCalls.size()));
    for (const auto &[order, call] : m_liveCalls) {
        if (call && call->state() != CallState::Ended)
            out << call.data();
    }
    return out;
}

int OperatorService::unsettledCalls() const
{
    const auto alive = [](const auto &pointers) {
        return int(std::count_if(pointers.cbegin(), pointers.cend(), [](const auto &p) { return !p.isNull(); }));
    };
    return int(activeCalls().size()) + alive(m_awaitingAssignment) + alive(m_serviceHangups);
}

CallController *OperatorService::findCall(const QString &callSid) const
{
    if (callSid.isEmpty())
        return nullptr;
    return m_callsBySid.value(callSid).data();
}

// ---- CallHost ----

bool OperatorService::sendAccept(CallController *call)
{
    QJsonObject message {{QStringLiteral("type"), QStringLiteral("accept")},
                         {QStringLiteral("callSid"), call->callSid()}};
    if (m_connection && m_connection->send(message))
        return true;
    emit error(OperatorError {QString::fromLatin1(ErrorCode::WsError),
                              QStringLiteral("Not connected to the service; the call could not be answered."),
                              QJsonValue()});
    return false;
}

bool OperatorService::sendReject(CallController *call)
{
    QJsonObject message {{QStringLiteral("type"), QStringLiteral("reject")},
                         {QStringLiteral("callSid"), call->callSid()}};
    return m_connection && m_connection->send(message);
}

void OperatorService::callDidStart(CallController *call)
{
    m_ringing.remove(call);
    emit callStarted(call);
}

void OperatorService::callDidEnd(CallController *call)
{
    // Hung up after accept or dial but before the service assigned it: the assignment may still
    // come, and then the service must be told (hangUpAssignedCall).
    if ((call->endReason() == CallEndReason::Hangup || call->setupTimedOut()) && !call->isAssigned()
        && (call->direction() == CallDirection::Inbound || isPendingDial(call)))
        m_awaitingAssignment.append(call);
    m_ringing.remove(call);
    if (const auto order = m_liveOrder.find(call); order != m_liveOrder.end()) {
        m_liveCalls.erase(*order);
        m_liveOrder.erase(order);
        m_endedCalls.append(call);
    }
    m_log.info(QStringLiteral("call %1 ended: %2")
                   .arg(call->callSid(), call->endReason() ? wireName(*call->endReason()) : QString()));
    emit callEnded(call);
    pruneEndedCalls();
}

void OperatorService::callError(CallController *, const OperatorError &e)
{
    emit error(e);
}

void OperatorService::setAudioConstraints(const AudioConstraints &constraints)
{
    // createMedia() reads them when a call is assigned: calls already talking keep theirs.
    m_config.audioConstraints = constraints;
}

CallMedia *OperatorService::createMedia(CallController *call)
{
    if (!m_coreUrl || call->callSid().isEmpty())
        return nullptr;
    const CallChannel::Settings channel = channelSettings(call->callSid());

    media::AudioEngineSettings engine;
    engine.processing.echoCancellation = m_config.audioConstraints.echoCancellation;
    engine.processing.noiseSuppression = m_config.audioConstraints.noiseSuppression;
    engine.processing.autoGainControl = m_config.audioConstraints.autoGainControl;
    engine.opus = m_config.media.opus;
    engine.jitter = m_config.media.jitter;
    engine.statsIntervalMs = m_config.media.statsIntervalMs;
    engine.recordPath = call->recordingPath();

    media::AudioBackendFactory backend = m_config.media.audioBackend;
    if (!backend) {
        media::QtAudioBackend::Settings devices;
        devices.inputDevice = m_config.audioConstraints.inputDevice;
        devices.outputDevice = m_config.audioConstraints.outputDevice;
        devices.captureBufferMs = m_config.media.captureBufferMs;
        devices.playoutBufferMs = m_config.media.playoutBufferMs;
        backend = [devices] { return std::make_unique<media::QtAudioBackend>(devices); };
    }
    return new CallMedia(channel, engine, backend, m_log, call);
}

CallChannel::Settings OperatorService::channelSettings(const QString &callSid) const
{
    CallChannel::Settings channel;
    channel.url = m_coreUrl->callMediaUrl(callSid);
    channel.tokenSource = m_config.tokenSource;
    channel.extraCaCertificates = m_config.extraCaCertificates;
    channel.resumeBackoffMs = m_config.media.resumeBackoffMs;
    channel.resumeWindowMs = m_config.media.resumeWindowMs;
    channel.pingIntervalMs = m_config.media.pingIntervalMs;
    channel.handshakeTimeoutMs = m_config.handshakeTimeoutMs;
    channel.maxTextFrameBytes = m_config.maxTextFrameBytes;
    return channel;
}

bool OperatorService::hungUpBeforeAssignment(const CallController *call) const
{
    return call->state() == CallState::Ended && !call->isAssigned()
        && (call->endReason() == CallEndReason::Hangup || call->setupTimedOut());
}

bool OperatorService::isPendingDial(const CallController *call) const
{
    return std::any_of(m_pendingDials.cbegin(), m_pendingDials.cend(),
                       [call](const PendingDial &dial) { return dial.call == call; });
}

void OperatorService::hangUpAssignedCall(const QString &callSid)
{
    if (!m_coreUrl || callSid.isEmpty())
        return;
    // The service now holds the call for this operator and would keep its far end waiting; only
    // the call channel can end it (PROTOCOL.md 4.3). No audio: the channel exists to say `hangup`.
    m_log.info(QStringLiteral("call %1 was hung up before it was assigned; ending it on the service").arg(callSid));
    auto *channel = new CallChannel(channelSettings(callSid), m_log, this);
    m_serviceHangups.append(channel);
    connect(channel, &CallChannel::ended, channel, [this, channel, callSid](CallEndReason reason) {
        m_log.info(QStringLiteral("call %1 ended on the service: %2").arg(callSid, wireName(reason)));
        m_serviceHangups.removeAll(channel);
        channel->deleteLater();
    });
    // The call already ended for the operator; what goes wrong now is only worth a log line.
    connect(channel, &CallChannel::error, channel, [this, callSid](const OperatorError &e) {
        m_log.warn(QStringLiteral("ending call %1 on the service: %2 %3").arg(callSid, e.code, e.message));
    });
    channel->hangup();
    channel->open();
}

// ---- Presence events ----

void OperatorService::onReady()
{
    if (!m_numbersWaiters.isEmpty() || !m_dialsWaitingForNumbers.isEmpty())
        sendListNumbers();
    if (m_requestedIds)
        sendGoOnline();
}

void OperatorService::onConnectionLost()
{
    // Ringing offers die with the presence channel; an accepted call still waiting for its
    // assignment can never get it now. Calls that own a call channel are not affected.
    const QList<CallController *> calls = activeCalls();
    for (CallController *call : calls) {
        if (call->state() == CallState::Ringing)
            call->end(CallEndReason::Offline, now());
        else if (call->state() == CallState::Connecting && !call->isAssigned())
            failCall(call,
                     OperatorError {QString::fromLatin1(ErrorCode::WsError),
                                    QStringLiteral("The connection to the service was lost before the call "
                                                   "was set up."),
                                    QJsonValue()});
    }
    m_pendingDials.clear();
    m_awaitingAssignment.clear(); // an assignment can only come on the connection that accepted
    // Requests in flight are re-sent after the next `ready`.
    m_listNumbersRequestId.clear();
    m_goOnlineRequestId.clear();
}

void OperatorService::onMessage(const QJsonObject &message)
{
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("numbers"))
        onNumbers(message);
    else if (type == QLatin1String("availability"))
        onAvailability(message);
    else if (type == QLatin1String("call_offer"))
        onCallOffer(message);
    else if (type == QLatin1String("call_assigned"))
        onCallAssigned(message);
    else if (type == QLatin1String("call_cancelled"))
        onCallCancelled(message);
    else if (type == QLatin1String("dial_accepted"))
        onDialAccepted(message);
    else if (type == QLatin1String("error"))
        onErrorReply(message);
    else
        m_log.debug(QStringLiteral("ignoring unknown message type \"%1\"").arg(type.left(64)));
}

void OperatorService::sendListNumbers()
{
    if (!m_connection)
        return;
    const QString id = m_connection->nextRequestId();
    if (m_connection->send(request(QStringLiteral("list_numbers"), id)))
        m_listNumbersRequestId = id;
}

void OperatorService::sendGoOnline()
{
    if (!m_connection || !m_requestedIds)
        return;
    const QString id = m_connection->nextRequestId();
    QJsonObject message = request(QStringLiteral("go_online"), id);
    message.insert(QStringLiteral("phoneNumberIds"), QJsonArray::fromStringList(*m_requestedIds));
    if (m_connection->send(message))
        m_goOnlineRequestId = id;
}

void OperatorService::onNumbers(const QJsonObject &message)
{
    if (message.value(QLatin1String("id")).toString() == m_listNumbersRequestId)
        m_listNumbersRequestId.clear();
    QList<OperatorPhoneNumber> numbers;
    const QJsonArray array = message.value(QLatin1String("numbers")).toArray();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        OperatorPhoneNumber number;
        number.id = object.value(QLatin1String("id")).toString();
        number.phoneNumber = object.value(QLatin1String("phoneNumber")).toString();
        const QJsonValue display = object.value(QLatin1String("displayName"));
        if (display.isString())
            number.displayName = display.toString();
        if (number.id.isEmpty() || number.phoneNumber.isEmpty()) {
            m_log.debug(QStringLiteral("skipping a number entry without id or phoneNumber"));
            continue;
        }
        numbers << number;
    }
    const bool changed = !m_numbersKnown || numbers != m_numbers;
    m_numbers = numbers;
    m_numbersKnown = true;
    if (changed)
        emit phoneNumbersChanged(m_numbers);

    const auto waiters = std::exchange(m_numbersWaiters, {});
    for (const auto &[context, callback] : waiters) {
        if (context)
            callback(NumbersResult {m_numbers, {}});
    }
    const auto dials = std::exchange(m_dialsWaitingForNumbers, {});
    for (const QPointer<CallController> &call : dials) {
        if (call)
            startDial(call);
    }
}

void OperatorService::onAvailability(const QJsonObject &message)
{
    if (message.contains(QLatin1String("id")) && message.value(QLatin1String("id")).toString() == m_goOnlineRequestId)
        m_goOnlineRequestId.clear();
    m_availability.accepted = toStringList(message.value(QLatin1String("accepted")));
    m_availability.rejected = toStringList(message.value(QLatin1String("rejected")));
    m_log.info(
        QStringLiteral("availability: accepted [%1], rejected [%2]")
            .arg(m_availability.accepted.join(QLatin1Char(',')), m_availability.rejected.join(QLatin1Char(','))));
    emit availabilityChanged(m_availability);
}

void OperatorService::onCallOffer(const QJsonObject &message)
{
    CallController::Offer offer;
    offer.callSid = message.value(QLatin1String("callSid")).toString();
    offer.from = message.value(QLatin1String("from")).toString();
    offer.to = message.value(QLatin1String("to")).toString();
    offer.phoneNumberId = message.value(QLatin1String("phoneNumberId")).toString();
    // A value that does not fit an int (or is not a number) is out of any sensible range: the default.
    const double ringTimeout = message.value(QLatin1String("ringTimeoutMs")).toDouble(30000);
    offer.ringTimeoutMs = ringTimeout >= 0 && ringTimeout <= std::numeric_limits<int>::max() ? int(ringTimeout) : 30000;
    if (!protocol::isValidCallSid(offer.callSid)) {
        reportBadCallSid(QStringLiteral("call_offer"), offer.callSid);
        return;
    }
    if (CallController *existing = findCall(offer.callSid); existing && existing->state() != CallState::Ended) {
        m_log.debug(QStringLiteral("duplicate offer for %1 ignored").arg(offer.callSid));
        return;
    }
    const int maxRinging = std::max(1, m_config.maxRingingCalls);
    if (m_ringing.size() >= maxRinging) {
        // No operator answers this many at once; a flood must not exhaust memory or the views.
        // Declined on the wire, so the service can offer the call to someone else.
        m_log.warn(QStringLiteral("declining the offer of %1: %2 calls are already ringing (maxRingingCalls)")
                       .arg(offer.callSid)
                       .arg(maxRinging));
        if (m_connection)
            m_connection->send(QJsonObject {{QStringLiteral("type"), QStringLiteral("reject")},
                                            {QStringLiteral("callSid"), offer.callSid}});
        if (!m_ringingCapReported) {
            m_ringingCapReported = true;
            emit error(OperatorError {QString::fromLatin1(ErrorCode::ServerError),
                                      tr("The service offered more than %1 calls at once; further offers are "
                                         "declined until some stop ringing.")
                                          .arg(maxRinging),
                                      QJsonValue()});
        }
        return;
    }
    if (m_ringing.size() < maxRinging / 2)
        m_ringingCapReported = false; // a new flood is reported again
    auto *call = new CallController(this, offer, now(), this);
    adoptCall(call);
    m_ringing.insert(call);
    // The service cancels at ringTimeoutMs; this only guards against a cancel that never comes.
    const int localTimeout = protocol::ringGuardMs(offer.ringTimeoutMs, m_config.ringTimeoutGraceMs);
    QTimer::singleShot(localTimeout, call, [this, call] {
        if (call->state() == CallState::Ringing)
            call->end(CallEndReason::NoAnswer, now());
    });
    m_log.info(QStringLiteral("incoming call %1 on %2").arg(offer.callSid, offer.phoneNumberId));
    emit incomingCall(call);
}

void OperatorService::onCallAssigned(const QJsonObject &message)
{
    const QString callSid = message.value(QLatin1String("callSid")).toString();
    CallController *call = findCall(callSid);
    if (call && hungUpBeforeAssignment(call)) {
        m_awaitingAssignment.removeAll(call);
        hangUpAssignedCall(callSid);
        return;
    }
    if (!call || call->state() != CallState::Connecting) {
        m_log.debug(QStringLiteral("call_assigned for an unknown or finished call ignored"));
        return;
    }
    call->markAssigned();
}

void OperatorService::onCallCancelled(const QJsonObject &message)
{
    CallController *call = findCall(message.value(QLatin1String("callSid")).toString());
    if (call)
        m_awaitingAssignment.removeAll(call); // the service will not assign it now
    if (!call || call->state() == CallState::Ended)
        return;
    const QString reasonText = message.value(QLatin1String("reason")).toString();
    std::optional<CallEndReason> reason = callEndReasonFromString(reasonText);
    if (!reason) {
        m_log.warn(
            QStringLiteral("call_cancelled with unknown reason \"%1\"; ending as failed").arg(reasonText.left(40)));
        reason = CallEndReason::Failed;
    }
    call->end(*reason, now());
}

void OperatorService::onDialAccepted(const QJsonObject &message)
{
    const QString id = message.value(QLatin1String("id")).toString();
    const PendingDial pending = m_pendingDials.take(id);
    CallController *call = pending.call;
    const QString callSid = message.value(QLatin1String("callSid")).toString();
    if (call && hungUpBeforeAssignment(call)) {
        m_awaitingAssignment.removeAll(call);
        hangUpAssignedCall(callSid);
        return;
    }
    if (!call || call->state() == CallState::Ended) {
        m_log.debug(QStringLiteral("dial_accepted for an unknown request ignored"));
        return;
    }
    if (callSid.isEmpty()) {
        failCall(call,
                 OperatorError {QString::fromLatin1(ErrorCode::ServerError),
                                QStringLiteral("The service accepted the call without an identifier."),
                                QJsonValue(message)});
        return;
    }
    if (!protocol::isValidCallSid(callSid)) {
        reportBadCallSid(QStringLiteral("dial_accepted"), callSid);
        call->end(CallEndReason::Failed, now());
        return;
    }
    call->setCallSid(callSid);
    indexCallSid(call);
    call->markAssigned();
    emit callStarted(call);
}

void OperatorService::onErrorReply(const QJsonObject &message)
{
    const QString id = message.value(QLatin1String("id")).toString();
    OperatorError e {message.value(QLatin1String("code")).toString(QString::fromLatin1(ErrorCode::ServerError)),
                     message.value(QLatin1String("message")).toString(), QJsonValue(message)};
    if (e.message.isEmpty())
        e.message = QStringLiteral("The service reported %1.").arg(e.code);

    if (!id.isEmpty() && m_pendingDials.contains(id)) {
        const PendingDial pending = m_pendingDials.take(id);
        if (pending.call && pending.call->state() == CallState::Ended) {
            // Hung up while the service was refusing it anyway: nothing to tell the operator.
            m_awaitingAssignment.removeAll(pending.call);
            m_log.info(QStringLiteral("a dial hung up before the answer was refused: %1").arg(e.code));
        } else if (pending.call) {
            failCall(pending.call, e);
        }
        return;
    }
    if (!id.isEmpty() && id == m_listNumbersRequestId) {
        m_listNumbersRequestId.clear();
        const auto waiters = std::exchange(m_numbersWaiters, {});
        for (const auto &[context, callback] : waiters) {
            if (context)
                callback(NumbersResult {std::nullopt, e});
        }
        const auto dials = std::exchange(m_dialsWaitingForNumbers, {});
        for (const QPointer<CallController> &call : dials) {
            if (call)
                failCall(call, e);
        }
        return;
    }
    if (!id.isEmpty() && id == m_goOnlineRequestId)
        m_goOnlineRequestId.clear();
    emit error(e);
}

void OperatorService::failPendingRequests(const OperatorError &e)
{
    const auto waiters = std::exchange(m_numbersWaiters, {});
    for (const auto &[context, callback] : waiters) {
        if (context)
            callback(NumbersResult {std::nullopt, e});
    }
    const auto dials = std::exchange(m_dialsWaitingForNumbers, {});
    for (const QPointer<CallController> &call : dials) {
        if (call)
            call->end(CallEndReason::Failed, now());
    }
    const auto pending = std::exchange(m_pendingDials, {});
    for (const PendingDial &dial : pending) {
        if (dial.call)
            dial.call->end(CallEndReason::Failed, now());
    }
    m_listNumbersRequestId.clear();
    m_goOnlineRequestId.clear();
}

void OperatorService::failCall(CallController *call, const OperatorError &e)
{
    m_log.warn(QStringLiteral("call failed: %1 %2").arg(e.code, e.message));
    emit error(e);
    call->end(CallEndReason::Failed, now());
}

void OperatorService::adoptCall(CallController *call)
{
    const quint64 order = m_nextCallOrder++;
    m_liveCalls.emplace(order, call);
    m_liveOrder.insert(call, order);
    indexCallSid(call);
    call->setSetupTimeouts(m_config.callSetupTimeoutMs, m_config.outboundAnswerTimeoutMs);
}

void OperatorService::indexCallSid(CallController *call)
{
    if (!call->callSid().isEmpty())
        m_callsBySid.insert(call->callSid(), call); // the newest call with a callSid wins, as before
}

void OperatorService::reportBadCallSid(const QString &messageType, const QString &callSid)
{
    // Never quoted: it may be kilobytes long or hold control characters.
    const QString what = callSid.isEmpty() ? QStringLiteral("no callSid")
        : callSid.size() > protocol::MaxCallSidChars
        ? QStringLiteral("a callSid of %1 characters (at most %2 are accepted)")
              .arg(callSid.size())
              .arg(protocol::MaxCallSidChars)
        : QStringLiteral("an unusable callSid (%1 characters; control characters, \".\" or \"..\")")
              .arg(callSid.size());
    m_log.warn(QStringLiteral("protocol error: %1 with %2 ignored").arg(messageType, what));
    emit error(OperatorError {QString::fromLatin1(ErrorCode::ProtocolError),
                              QStringLiteral("The service sent %1 with %2; it was ignored.").arg(messageType, what),
                              QJsonValue()});
}

void OperatorService::pruneEndedCalls()
{
    // Views hold QPointers; the oldest finished calls are released so a 24/7 session stays bounded.
    while (m_endedCalls.size() > keptEndedCalls) {
        const QPointer<CallController> call = m_endedCalls.takeFirst();
        if (!call)
            continue;
        if (const auto it = m_callsBySid.constFind(call->callSid()); it != m_callsBySid.cend() && *it == call)
            m_callsBySid.erase(it);
        call->deleteLater();
    }
}

QString OperatorService::invalidCoreUrlMessage() const
{
    switch (m_coreUrlProblem) {
    case CoreUrl::Problem::Empty:
        return tr("No service address is configured. Enter one like https://core.example.com.");
    case CoreUrl::Problem::Malformed:
        return tr("The service address is not a valid URL. Enter one like https://core.example.com.");
    case CoreUrl::Problem::NoScheme:
        return tr("The service address must start with https:// (or http://, wss://, ws://).");
    case CoreUrl::Problem::UnsupportedScheme: {
        // A scheme is only letters, digits, '+', '-' and '.', so it can be shown; nothing after it is.
        const QString scheme = QUrl(m_config.coreUrl.trimmed()).scheme().left(20);
        return tr("The service address uses \"%1:\"; only https, http, wss and ws are supported.").arg(scheme);
    }
    case CoreUrl::Problem::NoHost:
        return tr("The service address has no host name. Enter one like https://core.example.com.");
    case CoreUrl::Problem::UserInfo:
        return tr("The service address must not contain a user name or password.");
    case CoreUrl::Problem::Query:
        return tr("The service address must not contain a query (the part from \"?\").");
    case CoreUrl::Problem::Fragment:
        return tr("The service address must not contain a fragment (the part from \"#\").");
    case CoreUrl::Problem::None:
        break;
    }
    return tr("The service address is not valid.");
}

QDateTime OperatorService::now() const
{
    return m_config.clock->nowUtc();
}

} // namespace audin
