// SPDX-License-Identifier: GPL-3.0-or-later
#include "ErrorText.h"

namespace audin::desktop {

HumanError ErrorText::describe(const OperatorError &error)
{
    using Severity = HumanError::Severity;
    const QString code = error.code;
    auto is = [&code](const char *known) { return code == QLatin1String(known); };
    HumanError out;
    out.key = code;
    if (is(ErrorCode::InvalidCoreUrl)) {
        out = {tr("The service address is not valid. Open Settings › Account and check it."), Severity::Critical, code};
    } else if (is(ErrorCode::TokenFetchFailed)) {
        out = {tr("Could not get a session token from your sign-in service. Retrying…"), Severity::Warning,
               QStringLiteral("connection")};
    } else if (is(ErrorCode::AuthFailed)) {
        out = {tr("The service keeps refusing your sign-in. Check your operator key in Settings › Account; the app "
                  "keeps retrying."),
               Severity::Critical, code};
    } else if (is(ErrorCode::Forbidden)) {
        out = {tr("Your operator account or your company's account is disabled. Contact your administrator."),
               Severity::Critical, code};
    } else if (is(ErrorCode::SessionReplaced)) {
        out = {tr("You signed in on another device, so this one went offline. Go online here to take over again."),
               Severity::Critical, code};
    } else if (is(ErrorCode::WsError)) {
        out = {tr("Lost the connection to the service. Reconnecting…"), Severity::Info, QStringLiteral("connection")};
    } else if (is(ErrorCode::TlsError)) {
        out = {tr("The service's security certificate was not accepted, so the connection was refused. Contact your "
                  "administrator."),
               Severity::Critical, QStringLiteral("connection")};
    } else if (is(ErrorCode::ProtocolError)) {
        out = {tr("The service sent something this version does not understand. Reconnecting…"), Severity::Info,
               QStringLiteral("connection")};
    } else if (is(ErrorCode::InvalidNumber)) {
        out = {tr("That is not a phone number that can be dialled. Type it with + and the country code."),
               Severity::Warning, QStringLiteral("dial")};
    } else if (is(ErrorCode::InvalidCallerId)) {
        out = {tr("The caller ID must be one of your own numbers."), Severity::Warning, QStringLiteral("dial")};
    } else if (is(ErrorCode::InvalidDtmf)) {
        out = {tr("Only the keys 0-9, * and # can be sent as tones."), Severity::Warning, code};
    } else if (is(ErrorCode::NotAllowed)) {
        out = {tr("You are not allowed to call that number."), Severity::Warning, QStringLiteral("dial")};
    } else if (is(ErrorCode::Busy)) {
        out = {tr("The line is busy. Try again later."), Severity::Warning, QStringLiteral("dial")};
    } else if (is(ErrorCode::MicUnavailable)) {
        // The engine says which device and whether another one took over; that is what to act on.
        out = {error.message.isEmpty()
                   ? tr("No microphone could be used: the caller hears silence. Check Settings › Audio.")
                   : tr("%1 Check Settings › Audio.").arg(error.message),
               Severity::Critical, QStringLiteral("audio-in")};
    } else if (is(ErrorCode::AudioDeviceError)) {
        out = {error.message.isEmpty()
                   ? tr("The speaker or headset failed: you may not hear the caller. Check Settings › Audio.")
                   : tr("%1 Check Settings › Audio.").arg(error.message),
               Severity::Critical, QStringLiteral("audio-out")};
    } else if (is(ErrorCode::ServerError)) {
        out = {tr("The service reported a problem. Try again in a moment."), Severity::Warning, code};
    } else {
        out = {tr("Something went wrong (%1).").arg(error.message.isEmpty() ? code : error.message), Severity::Warning,
               code};
    }
    return out;
}

QString ErrorText::endReason(CallEndReason reason, CallDirection direction, bool wasAnswered)
{
    switch (reason) {
    case CallEndReason::Hangup:
        return tr("You hung up");
    case CallEndReason::RemoteHangup:
        if (!wasAnswered && direction == CallDirection::Inbound)
            return tr("The caller hung up");
        return tr("The other side hung up");
    case CallEndReason::TakenByOther:
        return tr("Answered by a colleague");
    case CallEndReason::Rejected:
        return tr("Declined");
    case CallEndReason::NoAnswer:
        return direction == CallDirection::Inbound ? tr("Missed: nobody answered in time") : tr("No answer");
    case CallEndReason::Failed:
        return tr("The call failed");
    case CallEndReason::Offline:
        return tr("Missed: the connection to the service was lost");
    }
    return {};
}

QString ErrorText::presence(PresenceState state)
{
    switch (state) {
    case PresenceState::Offline:
        return tr("Offline");
    case PresenceState::Connecting:
        return tr("Connecting…");
    case PresenceState::Online:
        return tr("Online");
    case PresenceState::Reconnecting:
        return tr("Reconnecting…");
    }
    return {};
}

} // namespace audin::desktop
