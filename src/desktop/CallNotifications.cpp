// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallNotifications.h"

#include "CallController.h"
#include "DesktopSession.h"
#include "ErrorText.h"
#include "PhoneNumber.h"
#include "PhoneNumberInput.h"

namespace audin::desktop {

namespace {
const QString AnswerKey = QStringLiteral("answer");
const QString DeclineKey = QStringLiteral("decline");
const QString CallBackKey = QStringLiteral("call-back");
// The specification's key for a click on the notification itself.
const QString DefaultKey = QStringLiteral("default");
constexpr int CallTakenTimeoutMs = 5000;
} // namespace

CallNotifications::CallNotifications(DesktopSession *session, DesktopNotifier *primary, DesktopNotifier *fallback,
                                     QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_primary(primary)
    , m_fallback(fallback)
{
    Q_ASSERT(session);
    Q_ASSERT(primary);
    listenTo(primary);
    if (fallback && fallback != primary)
        listenTo(fallback);
    // Only the session's signals: they outlive the OperatorService it rebuilds at each sign-in.
    connect(session, &DesktopSession::incomingCall, this, &CallNotifications::onIncomingCall);
    connect(session, &DesktopSession::callEnded, this, &CallNotifications::onCallEnded);
}

CallNotifications::~CallNotifications()
{
    // An offer's notification stays until closed (timeout 0); left behind, its buttons would reach nobody.
    for (int i = m_notices.size() - 1; i >= 0; --i) {
        if (m_notices.at(i).kind != DesktopNotification::Kind::MissedCall)
            closeNotice(i);
    }
}

void CallNotifications::listenTo(DesktopNotifier *notifier)
{
    connect(notifier, &DesktopNotifier::actionInvoked, this,
            [this, notifier](quint32 handle, const QString &key) { onAction(notifier, handle, key); });
    connect(notifier, &DesktopNotifier::closed, this, [this, notifier](quint32 handle) { onClosed(notifier, handle); });
}

quint32 CallNotifications::handleFor(const CallController *call) const
{
    for (const Notice &notice : m_notices) {
        if (call && notice.call == call)
            return notice.handle;
    }
    return 0;
}

DesktopNotifier *CallNotifications::availableNotifier() const
{
    if (m_primary && m_primary->isAvailable())
        return m_primary;
    if (m_fallback && m_fallback->isAvailable())
        return m_fallback;
    return nullptr;
}

int CallNotifications::indexOf(const DesktopNotifier *notifier, quint32 handle) const
{
    for (int i = 0; i < m_notices.size(); ++i) {
        if (m_notices.at(i).notifier == notifier && m_notices.at(i).handle == handle)
            return i;
    }
    return -1;
}

int CallNotifications::indexOfCall(const CallController *call, DesktopNotification::Kind kind) const
{
    for (int i = 0; i < m_notices.size(); ++i) {
        if (m_notices.at(i).call == call && m_notices.at(i).kind == kind)
            return i;
    }
    return -1;
}

void CallNotifications::closeNotice(int index)
{
    // Taken out first: the notifier may report the closing (closed()) before close() returns.
    const Notice notice = m_notices.takeAt(index);
    if (notice.notifier)
        notice.notifier->close(notice.handle);
}

QString CallNotifications::describe(const CallController *call, bool ringing) const
{
    const QString line = m_session->lineName(call->phoneNumberId());
    const QString caller = PhoneNumberInput::formatForDisplay(call->from());
    if (ringing)
        return line.isEmpty() ? tr("%1 is calling").arg(caller) : tr("%1 is calling %2").arg(caller, line);
    return line.isEmpty() ? tr("From %1").arg(caller) : tr("From %1 on %2").arg(caller, line);
}

CallController *CallNotifications::ringingCall(const CallController *call) const
{
    // Through the session, which also proves the call still exists and still rings.
    const QList<CallController *> ringing = m_session->ringingCalls();
    for (CallController *candidate : ringing) {
        if (candidate == call)
            return candidate;
    }
    return nullptr;
}

void CallNotifications::onIncomingCall(CallController *call, bool whileInCall)
{
    if (!call || call->state() != CallState::Ringing)
        return;
    if (!m_offered.contains(call)) {
        m_offered << call;
        connect(call, &CallController::stateChanged, this, [this, call] { onCallState(call); });
        connect(call, &QObject::destroyed, this, [this, call] { onCallDestroyed(call); });
    }
    if (indexOfCall(call, DesktopNotification::Kind::IncomingCall) >= 0)
        return;
    DesktopNotifier *notifier = availableNotifier();
    if (!notifier)
        return;
    DesktopNotification notification;
    notification.kind = DesktopNotification::Kind::IncomingCall;
    notification.urgency = DesktopNotification::Urgency::Critical;
    notification.title = whileInCall ? tr("Call waiting") : tr("Incoming call");
    notification.body = describe(call, true);
    notification.timeoutMs = 0; // for as long as it rings
    notification.actions = {
        {AnswerKey, whileInCall ? tr("End call & answer") : tr("Answer")},
        {DeclineKey, tr("Decline")},
        {DefaultKey, tr("Show")},
    };
    Notice notice;
    notice.notifier = notifier;
    notice.kind = notification.kind;
    notice.call = call;
    notice.handle = notifier->show(notification);
    m_notices << notice;
}

void CallNotifications::onCallState(CallController *call)
{
    const int index = indexOfCall(call, DesktopNotification::Kind::IncomingCall);
    if (index < 0 || call->state() == CallState::Ringing)
        return;
    // Answered here or declined: the operator knows. Caller gone, no answer, lost connection: the
    // missed-call notification (onCallEnded) says so.
    if (call->state() != CallState::Ended || call->endReason() != CallEndReason::TakenByOther) {
        closeNotice(index);
        return;
    }
    // A colleague answered: the operator sees why it stopped ringing, briefly.
    DesktopNotifier *notifier = m_notices.at(index).notifier;
    if (!notifier) {
        m_notices.removeAt(index);
        return;
    }
    DesktopNotification notification;
    notification.kind = DesktopNotification::Kind::CallTaken;
    notification.urgency = DesktopNotification::Urgency::Low;
    notification.title = ErrorText::endReason(CallEndReason::TakenByOther, call->direction(), false);
    notification.body = describe(call, false);
    notification.timeoutMs = CallTakenTimeoutMs;
    const quint32 replaced = m_notices.at(index).handle;
    m_notices[index].kind = notification.kind;
    const quint32 handle = notifier->show(notification, replaced);
    const int after = indexOf(notifier, replaced);
    if (after >= 0)
        m_notices[after].handle = handle;
}

void CallNotifications::onCallEnded(CallController *call, bool missed)
{
    if (!m_offered.removeOne(call))
        return; // never shown ringing here: outbound, or declined for do not disturb
    const int index = indexOfCall(call, DesktopNotification::Kind::IncomingCall);
    if (index >= 0)
        closeNotice(index);
    // Turned on while it rang: the session declined it, and the operator asked for quiet.
    if (missed && !m_session->doNotDisturb())
        showMissed(call);
}

void CallNotifications::showMissed(CallController *call)
{
    DesktopNotifier *notifier = availableNotifier();
    if (!notifier)
        return;
    DesktopNotification notification;
    notification.kind = DesktopNotification::Kind::MissedCall;
    notification.urgency = DesktopNotification::Urgency::Normal;
    notification.title = tr("Missed call");
    notification.body = describe(call, false);
    notification.timeoutMs = -1;
    notification.actions = {
        {CallBackKey, tr("Call back")},
        {DefaultKey, tr("Show")},
    };
    Notice notice;
    notice.notifier = notifier;
    notice.kind = notification.kind;
    notice.call = call;
    // Kept by value: the call object is released some time after it ended.
    notice.number = call->remoteNumber();
    notice.lineNumber = call->to();
    notice.lineId = call->phoneNumberId();
    notice.handle = notifier->show(notification);
    m_notices << notice;
}

void CallNotifications::onCallDestroyed(const CallController *call)
{
    m_offered.removeAll(call);
    for (int i = m_notices.size() - 1; i >= 0; --i) {
        if (i >= m_notices.size() || m_notices.at(i).call != call)
            continue;
        if (m_notices.at(i).kind == DesktopNotification::Kind::MissedCall)
            m_notices[i].call = nullptr; // still a missed call worth calling back
        else
            closeNotice(i);
    }
}

QString CallNotifications::callerIdFor(const Notice &notice) const
{
    // Decided when the operator clicks: the line may have been taken from them since.
    const std::optional<QString> called = normaliseE164(notice.lineNumber);
    const QList<OperatorPhoneNumber> numbers = m_session->phoneNumbers();
    for (const OperatorPhoneNumber &number : numbers) {
        if ((called && normaliseE164(number.phoneNumber) == called) || number.id == notice.lineId)
            return number.phoneNumber;
    }
    return {};
}

void CallNotifications::onAction(DesktopNotifier *notifier, quint32 handle, const QString &key)
{
    const int index = indexOf(notifier, handle);
    if (index < 0)
        return;
    const Notice notice = m_notices.at(index);
    if (key == DefaultKey) {
        emit showWindowRequested();
        return;
    }
    if (notice.kind == DesktopNotification::Kind::IncomingCall) {
        CallController *call = ringingCall(notice.call);
        if (!call)
            return;
        // The notification closes when the call leaves Ringing (onCallState).
        if (key == AnswerKey)
            m_session->answer(call);
        else if (key == DeclineKey)
            m_session->decline(call);
        return;
    }
    if (notice.kind == DesktopNotification::Kind::MissedCall && key == CallBackKey) {
        const QString callerId = callerIdFor(notice);
        closeNotice(index); // acted on; some servers keep a notification after an action
        emit callBackRequested(notice.number, callerId);
    }
}

void CallNotifications::onClosed(DesktopNotifier *notifier, quint32 handle)
{
    // Dismissed, expired, or its server went away: nothing left to replace or close.
    const int index = indexOf(notifier, handle);
    if (index >= 0)
        m_notices.removeAt(index);
}

} // namespace audin::desktop
