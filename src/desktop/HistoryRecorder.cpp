// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryRecorder.h"

#include "CallController.h"
#include "OperatorService.h"
#include "PhoneNumber.h"

#include <QTimer>

namespace audin::desktop {

namespace {
std::optional<OperatorPhoneNumber> lineFor(const QList<OperatorPhoneNumber> &numbers, const QString &id,
                                           const QString &number)
{
    if (!id.isEmpty()) {
        for (const OperatorPhoneNumber &n : numbers) {
            if (n.id == id)
                return n;
        }
    }
    const std::optional<QString> e164 = normaliseE164(number);
    if (!e164)
        return std::nullopt;
    for (const OperatorPhoneNumber &n : numbers) {
        if (normaliseE164(n.phoneNumber) == e164)
            return n;
    }
    return std::nullopt;
}
} // namespace

HistoryRecorder::HistoryRecorder(OperatorService *service, CallHistory *history, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_history(history)
{
    if (!m_service)
        return;
    // A row as soon as a call rings (inbound) or the service places it (outbound), kept up to date
    // as it is answered: if the app dies during the call, the row is there (marked interrupted on
    // the next start). Dials refused before that are written when they end.
    connect(m_service, &OperatorService::incomingCall, this, &HistoryRecorder::track);
    connect(m_service, &OperatorService::callStarted, this, &HistoryRecorder::track);
    connect(m_service, &OperatorService::callEnded, this, &HistoryRecorder::onCallEnded);
    connect(m_service, &OperatorService::error, this, &HistoryRecorder::onServiceError);
}

void HistoryRecorder::noteDeclinedByPolicy(CallController *call, const QString &note)
{
    if (!call)
        return;
    if (call->state() != CallState::Ended) {
        if (!m_policyNotes.contains(call))
            connect(call, &QObject::destroyed, this, [this, call] { m_policyNotes.remove(call); });
        m_policyNotes.insert(call, note);
        return;
    }
    // Declined before the app got round to saying why: amend the row already written.
    const qint64 id = m_recorded.value(call);
    if (!m_history || id == 0)
        return;
    std::optional<CallRecord> record = m_history->find(id);
    if (!record)
        return;
    record->note = note;
    record->missed = CallHistory::isMissed(record->direction, record->answeredAt.isValid(), record->endReason, true);
    record->seen = !record->missed;
    m_history->update(*record);
}

void HistoryRecorder::onServiceError(const OperatorError &error)
{
    // OperatorService reports why a dial failed on `error` right before the call ends `failed`, in
    // the same turn of the event loop; an error left over from an earlier turn is about something else.
    const quint64 serial = ++m_errorSerial;
    m_lastError = PendingError {error.code, error.message, serial};
    QTimer::singleShot(0, this, [this, serial] {
        if (m_lastError && m_lastError->serial == serial)
            m_lastError.reset();
    });
}

void HistoryRecorder::track(CallController *call)
{
    if (!call || !m_history || call->state() == CallState::Ended)
        return;
    if (m_recorded.contains(call)) {
        refresh(call);
        return;
    }
    CallRecord record = recordFor(call);
    qint64 id = 0;
    // Offered again after our connection dropped (PROTOCOL.md 3.5): still the same call, so the
    // row that ended it `offline` (and counted it missed) becomes this one again.
    const std::optional<CallRecord> earlier = m_history->findByCallSid(record.callSid);
    CallController *owner = earlier ? m_recorded.key(earlier->id) : nullptr;
    if (earlier && earlier->endReason == CallEndReason::Offline && earlier->direction == record.direction
        && (!owner || owner->state() == CallState::Ended)) {
        record.id = earlier->id;
        if (m_history->update(record)) {
            id = record.id;
            m_recorded.remove(owner);
        }
    }
    if (id == 0)
        id = m_history->add(record);
    if (id == 0)
        return; // the history reported why (or is not open); the row is written when the call ends
    remember(call, id);
    connect(call, &CallController::stateChanged, this, [this, call](CallState state) {
        if (state != CallState::Ended)
            refresh(call);
    });
    connect(call, &CallController::callSidChanged, this, [this, call] { refresh(call); });
}

void HistoryRecorder::refresh(CallController *call)
{
    const qint64 id = m_recorded.value(call);
    if (!m_history || id == 0 || call->state() == CallState::Ended)
        return;
    CallRecord record = recordFor(call);
    record.id = id;
    m_history->update(record);
}

void HistoryRecorder::remember(CallController *call, qint64 id)
{
    if (!m_recorded.contains(call))
        connect(call, &QObject::destroyed, this, [this, call] { m_recorded.remove(call); });
    m_recorded.insert(call, id);
}

void HistoryRecorder::onCallEnded(CallController *call)
{
    if (!call || !m_history)
        return;
    CallRecord record = recordFor(call);
    m_policyNotes.remove(call);
    m_lastError.reset();
    record.id = m_recorded.value(call);
    // The row written when the call started is finished; without one (a dial refused at once, a
    // write that failed then, a row purged meanwhile) it is written now.
    if (record.id > 0 && m_history->update(record))
        return;
    const qint64 id = m_history->add(record);
    if (id == 0)
        return; // the history reported why (or is not open)
    remember(call, id);
}

CallRecord HistoryRecorder::recordFor(CallController *call) const
{
    CallRecord r;
    r.callSid = call->callSid();
    r.direction = call->direction();
    const QString remote = call->remoteNumber().trimmed();
    r.remoteNumber = normaliseE164(remote).value_or(remote);
    const QString local = (call->direction() == CallDirection::Inbound ? call->to() : call->from()).trimmed();
    r.localNumber = normaliseE164(local).value_or(local);
    r.lineId = call->phoneNumberId();
    if (m_service) {
        if (const auto line = lineFor(m_service->phoneNumbers(), call->phoneNumberId(), local)) {
            r.lineId = line->id;
            r.lineName = line->displayName;
        }
    }
    r.startedAt = call->createdAt().toUTC();
    r.answeredAt = call->answeredAt().isValid() ? call->answeredAt().toUTC() : QDateTime();
    r.endedAt = call->endedAt().toUTC();
    r.endReason = call->endReason();
    r.status = call->state() == CallState::Ended ? CallRecord::Status::Ended : CallRecord::Status::InProgress;
    if (r.endReason == CallEndReason::Failed && m_lastError) {
        r.errorCode = m_lastError->code;
        r.note = m_lastError->message;
    }
    const auto policy = m_policyNotes.constFind(call);
    const bool declinedByPolicy = policy != m_policyNotes.cend();
    if (declinedByPolicy)
        r.note = *policy;
    r.missed = CallHistory::isMissed(r.direction, r.answeredAt.isValid(), r.endReason, declinedByPolicy);
    r.seen = !r.missed;
    return r;
}

} // namespace audin::desktop
