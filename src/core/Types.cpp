// SPDX-License-Identifier: GPL-3.0-or-later
#include "Types.h"

namespace audin {

QString wireName(PresenceState state)
{
    switch (state) {
    case PresenceState::Offline:
        return QStringLiteral("offline");
    case PresenceState::Connecting:
        return QStringLiteral("connecting");
    case PresenceState::Online:
        return QStringLiteral("online");
    case PresenceState::Reconnecting:
        return QStringLiteral("reconnecting");
    }
    return {};
}

QString wireName(CallDirection direction)
{
    return direction == CallDirection::Inbound ? QStringLiteral("inbound") : QStringLiteral("outbound");
}

QString wireName(CallState state)
{
    switch (state) {
    case CallState::Ringing:
        return QStringLiteral("ringing");
    case CallState::Connecting:
        return QStringLiteral("connecting");
    case CallState::Active:
        return QStringLiteral("active");
    case CallState::Ended:
        return QStringLiteral("ended");
    }
    return {};
}

QString wireName(CallEndReason reason)
{
    switch (reason) {
    case CallEndReason::Hangup:
        return QStringLiteral("hangup");
    case CallEndReason::RemoteHangup:
        return QStringLiteral("remote_hangup");
    case CallEndReason::TakenByOther:
        return QStringLiteral("taken_by_other");
    case CallEndReason::Rejected:
        return QStringLiteral("rejected");
    case CallEndReason::NoAnswer:
        return QStringLiteral("no_answer");
    case CallEndReason::Failed:
        return QStringLiteral("failed");
    case CallEndReason::Offline:
        return QStringLiteral("offline");
    }
    return {};
}

std::optional<CallEndReason> callEndReasonFromString(const QString &text)
{
    for (auto reason :
         {CallEndReason::Hangup, CallEndReason::RemoteHangup, CallEndReason::TakenByOther, CallEndReason::Rejected,
          CallEndReason::NoAnswer, CallEndReason::Failed, CallEndReason::Offline}) {
        if (wireName(reason) == text)
            return reason;
    }
    return std::nullopt;
}

} // namespace audin
