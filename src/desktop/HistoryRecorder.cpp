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

void HistoryRecorder::onCallEnded(CallController *call)
{
    if (!call || !m_history)
        return;
    const CallRecord record = recordFor(call);
    m_policyNotes.remove(call);
    m_lastError.reset();
    const qint64 id = m_history->add(record);
    if (id == 0)
        return; // the history reported why (or is not open)
    if (!m_recorded.contains(call))
        connect(call, &QObject::destroyed, this, [this, call] { m_recorded.remove(call); });
    m_recorded.insert(call, id);
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
