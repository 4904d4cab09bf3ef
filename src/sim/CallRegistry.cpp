// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallRegistry.h"

#include "EventLog.h"
#include "PhoneNumber.h"
#include "PresenceSession.h"
#include "SimConfig.h"

#include <QRandomGenerator>
#include <QTimer>

namespace audin::sim {

namespace {

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonObject callCancelled(const QString &callSid, const QString &reason)
{
    return {{QStringLiteral("type"), QStringLiteral("call_cancelled")},
            {QStringLiteral("callSid"), callSid},
            {QStringLiteral("reason"), reason}};
}

} // namespace

QJsonObject SimCall::toJson() const
{
    return {{QStringLiteral("callSid"), callSid},
            {QStringLiteral("direction"), direction},
            {QStringLiteral("state"), state},
            {QStringLiteral("from"), from},
            {QStringLiteral("to"), to},
            {QStringLiteral("phoneNumberId"), nullable(phoneNumberId)},
            {QStringLiteral("ringTimeoutMs"), ringTimeoutMs},
            {QStringLiteral("offeredTo"), QJsonArray::fromStringList(offeredTo)},
            {QStringLiteral("pending"), QJsonArray::fromStringList(pending)},
            {QStringLiteral("declinedBy"), QJsonArray::fromStringList(declined)},
            {QStringLiteral("assignedTo"), nullable(assignedOperator)},
            {QStringLiteral("assignedSession"), nullable(assignedSession)},
            {QStringLiteral("endReason"), nullable(endReason)},
            {QStringLiteral("createdAt"), createdAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("endedAt"),
             endedAt.isValid() ? QJsonValue(endedAt.toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null)}};
}

CallRegistry::CallRegistry(SimConfig &config, EventLog &log, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_log(log)
{
}

CallRegistry::~CallRegistry() = default;

QString CallRegistry::ring(const QString &to, const QString &from, int ringTimeoutMs, QString *error)
{
    const SimNumber *number = m_config.numberByPhone(to);
    if (!number || !number->active) {
        if (error)
            *error = number ? QStringLiteral("number %1 is inactive").arg(to)
                            : QStringLiteral("unknown number %1").arg(to);
        return {};
    }
    SimCall call;
    call.callSid = newCallSid();
    call.direction = QStringLiteral("inbound");
    call.state = QStringLiteral("ringing");
    call.from = from;
    call.to = number->phoneNumber;
    call.phoneNumberId = number->id;
    call.ringTimeoutMs = ringTimeoutMs > 0 ? ringTimeoutMs : m_config.settings.ringTimeoutMs;
    call.createdAt = QDateTime::currentDateTimeUtc();
    call.ringTimer = new QTimer(this);
    call.ringTimer->setSingleShot(true);
    const QString callSid = call.callSid;
    connect(call.ringTimer, &QTimer::timeout, this, [this, callSid] { onRingTimeout(callSid); });
    call.ringTimer->start(call.ringTimeoutMs);

    SimCall &stored = m_calls.emplace(callSid, std::move(call)).first->second;
    m_order.append(callSid);
    recordCallEvent(stored, QStringLiteral("call_ringing"));
    if (m_directory) {
        for (PresenceSession *session : m_directory->sessionsOnlineOn(stored.phoneNumberId))
            offer(stored, session);
    }
    return callSid;
}

bool CallRegistry::hangup(const QString &callSid)
{
    auto it = m_calls.find(callSid);
    if (it == m_calls.end())
        return false;
    SimCall &call = it->second;
    if (call.state == QLatin1String("ended"))
        return true;
    if (call.state == QLatin1String("ringing"))
        cancelPending(call, QStringLiteral("remote_hangup"));
    // An assigned call's channel hears about it through callEnded (MediaHub sends `ended`).
    finish(call, QStringLiteral("remote_hangup"));
    return true;
}

void CallRegistry::endAssigned(const QString &callSid, const QString &reason)
{
    auto it = m_calls.find(callSid);
    if (it == m_calls.end() || it->second.state == QLatin1String("ended"))
        return;
    finish(it->second, reason);
}

void CallRegistry::handleAccept(PresenceSession *session, const QJsonObject &frame)
{
    const QString callSid = frame.value(QStringLiteral("callSid")).toString();
    auto it = m_calls.find(callSid);
    if (it == m_calls.end()) {
        session->send({{QStringLiteral("type"), QStringLiteral("error")},
                       {QStringLiteral("code"), QStringLiteral("UNKNOWN_CALL")},
                       {QStringLiteral("callSid"), callSid},
                       {QStringLiteral("message"), QStringLiteral("no such call")}});
        return;
    }
    SimCall &call = it->second;
    const QString sessionId = session->sessionId();
    if (call.state == QLatin1String("assigned")) {
        // A repeated accept from the winner is answered the same way as the first.
        if (call.assignedSession == sessionId)
            session->send(
                {{QStringLiteral("type"), QStringLiteral("call_assigned")}, {QStringLiteral("callSid"), callSid}});
        else
            session->send(callCancelled(callSid, QStringLiteral("taken_by_other")));
        return;
    }
    if (call.state == QLatin1String("ended")) {
        session->send(callCancelled(callSid, call.endReason));
        return;
    }
    if (!call.pending.contains(sessionId)) {
        session->send({{QStringLiteral("type"), QStringLiteral("error")},
                       {QStringLiteral("code"), QStringLiteral("NOT_OFFERED")},
                       {QStringLiteral("callSid"), callSid},
                       {QStringLiteral("message"), QStringLiteral("this call is not offered to this session")}});
        return;
    }
    call.ringTimer->stop();
    call.state = QStringLiteral("assigned");
    call.assignedSession = sessionId;
    call.assignedOperator = session->operatorId();
    call.pending.removeAll(sessionId);
    session->send({{QStringLiteral("type"), QStringLiteral("call_assigned")}, {QStringLiteral("callSid"), callSid}});
    cancelPending(call, QStringLiteral("taken_by_other"));
    recordCallEvent(call, QStringLiteral("call_assigned"));
}

void CallRegistry::handleReject(PresenceSession *session, const QJsonObject &frame)
{
    const QString callSid = frame.value(QStringLiteral("callSid")).toString();
    auto it = m_calls.find(callSid);
    if (it == m_calls.end())
        return;
    SimCall &call = it->second;
    // The call keeps ringing for everyone else until its ring timeout.
    if (call.pending.removeAll(session->sessionId()) > 0) {
        call.declined.append(session->sessionId());
        recordCallEvent(call, QStringLiteral("call_rejected"), {{QStringLiteral("by"), session->sessionId()}});
    }
}

void CallRegistry::handleDial(PresenceSession *session, const QJsonObject &frame)
{
    const QJsonValue id = frame.value(QStringLiteral("id"));
    const auto to = normaliseE164(frame.value(QStringLiteral("to")).toString());
    if (!to) {
        session->sendError(id, QStringLiteral("INVALID_NUMBER"), QStringLiteral("to is not an E.164 number"));
        return;
    }
    const QString callerId = frame.value(QStringLiteral("callerId")).toString();
    const SimNumber *caller = m_config.numberByPhone(callerId);
    if (!caller || !m_config.mayUse(session->operatorId(), caller->id)) {
        session->sendError(id, QStringLiteral("INVALID_CALLER_ID"),
                           QStringLiteral("callerId is not an active number of this operator"));
        return;
    }
    for (const QString &prefix : std::as_const(m_config.dial.notAllowedPrefixes)) {
        if (to->startsWith(prefix)) {
            session->sendError(id, QStringLiteral("NOT_ALLOWED"), QStringLiteral("destination not allowed"));
            return;
        }
    }
    if (m_config.dial.busy.contains(*to)) {
        session->sendError(id, QStringLiteral("BUSY"), QStringLiteral("destination is busy"));
        return;
    }
    SimCall call;
    call.callSid = newCallSid();
    call.direction = QStringLiteral("outbound");
    call.state = QStringLiteral("assigned");
    call.from = caller->phoneNumber;
    call.to = *to;
    call.phoneNumberId = caller->id;
    call.assignedSession = session->sessionId();
    call.assignedOperator = session->operatorId();
    call.createdAt = QDateTime::currentDateTimeUtc();
    const QString callSid = call.callSid;
    SimCall &stored = m_calls.emplace(callSid, std::move(call)).first->second;
    m_order.append(callSid);
    QJsonObject reply {{QStringLiteral("type"), QStringLiteral("dial_accepted")}, {QStringLiteral("callSid"), callSid}};
    if (!id.isUndefined() && !id.isNull())
        reply.insert(QStringLiteral("id"), id);
    session->send(reply);
    recordCallEvent(stored, QStringLiteral("call_dialled"));
}

void CallRegistry::offerRingingCalls(PresenceSession *session)
{
    const QStringList accepted = session->acceptedNumbers();
    for (const QString &callSid : std::as_const(m_order)) {
        SimCall &call = m_calls.at(callSid);
        if (call.state == QLatin1String("ringing") && accepted.contains(call.phoneNumberId))
            offer(call, session);
    }
}

void CallRegistry::forgetSession(const QString &sessionId)
{
    for (auto &[callSid, call] : m_calls)
        call.pending.removeAll(sessionId);
}

const SimCall *CallRegistry::call(const QString &callSid) const
{
    const auto it = m_calls.find(callSid);
    return it == m_calls.end() ? nullptr : &it->second;
}

QJsonArray CallRegistry::toJson() const
{
    QJsonArray out;
    for (const QString &callSid : m_order)
        out.append(m_calls.at(callSid).toJson());
    return out;
}

void CallRegistry::offer(SimCall &call, PresenceSession *session)
{
    const QString sessionId = session->sessionId();
    // A session is offered a call once; one that declined is done with it.
    if (call.offeredTo.contains(sessionId) || call.declined.contains(sessionId))
        return;
    call.offeredTo.append(sessionId);
    call.pending.append(sessionId);
    session->send({{QStringLiteral("type"), QStringLiteral("call_offer")},
                   {QStringLiteral("callSid"), call.callSid},
                   {QStringLiteral("from"), call.from},
                   {QStringLiteral("to"), call.to},
                   {QStringLiteral("phoneNumberId"), call.phoneNumberId},
                   {QStringLiteral("ringTimeoutMs"), call.ringTimeoutMs}});
}

void CallRegistry::cancelPending(SimCall &call, const QString &reason)
{
    const QStringList pending = call.pending;
    call.pending.clear();
    for (const QString &sessionId : pending) {
        if (PresenceSession *session = m_directory ? m_directory->session(sessionId) : nullptr)
            session->send(callCancelled(call.callSid, reason));
    }
}

void CallRegistry::finish(SimCall &call, const QString &reason)
{
    if (call.ringTimer) {
        call.ringTimer->stop();
        call.ringTimer->deleteLater();
        call.ringTimer = nullptr;
    }
    call.state = QStringLiteral("ended");
    call.endReason = reason;
    call.endedAt = QDateTime::currentDateTimeUtc();
    recordCallEvent(call, QStringLiteral("call_ended"));
    emit callEnded(call.callSid, reason);
}

void CallRegistry::onRingTimeout(const QString &callSid)
{
    auto it = m_calls.find(callSid);
    if (it == m_calls.end() || it->second.state != QLatin1String("ringing"))
        return;
    cancelPending(it->second, QStringLiteral("no_answer"));
    finish(it->second, QStringLiteral("no_answer"));
}

void CallRegistry::recordCallEvent(const SimCall &call, const QString &type, QJsonObject fields)
{
    QJsonObject event {{QStringLiteral("sessionId"), nullable(call.assignedSession)},
                       {QStringLiteral("operatorId"), nullable(call.assignedOperator)},
                       {QStringLiteral("dir"), QStringLiteral("sys")},
                       {QStringLiteral("type"), type},
                       {QStringLiteral("callSid"), call.callSid},
                       {QStringLiteral("direction"), call.direction},
                       {QStringLiteral("state"), call.state},
                       {QStringLiteral("from"), call.from},
                       {QStringLiteral("to"), call.to},
                       {QStringLiteral("phoneNumberId"), nullable(call.phoneNumberId)}};
    if (!call.endReason.isEmpty())
        event.insert(QStringLiteral("endReason"), call.endReason);
    for (auto it = fields.begin(); it != fields.end(); ++it)
        event.insert(it.key(), it.value());
    m_log.record(event);
}

QString CallRegistry::newCallSid() const
{
    quint32 random[4];
    QRandomGenerator::system()->fillRange(random);
    return QStringLiteral("CA")
        + QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(random), sizeof random).toHex());
}

} // namespace audin::sim
