// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

namespace audin {

/** Connection state of the presence channel (SDK `PresenceState`). */
enum class PresenceState
{
    Offline,
    Connecting,
    Online,
    Reconnecting
};

/** Direction of a call from the operator's point of view (SDK `CallDirection`). */
enum class CallDirection
{
    Inbound,
    Outbound
};

/** Lifecycle state of a call (SDK `CallState`). */
enum class CallState
{
    Ringing,
    Connecting,
    Active,
    Ended
};

/** Why a call ended (SDK `CallEndReason`, PROTOCOL.md section 5). */
enum class CallEndReason
{
    Hangup,
    RemoteHangup,
    TakenByOther,
    Rejected,
    NoAnswer,
    Failed,
    Offline
};

QString wireName(PresenceState state);
QString wireName(CallDirection direction);
QString wireName(CallState state);
QString wireName(CallEndReason reason);
std::optional<CallEndReason> callEndReasonFromString(const QString &text);

/** A phone number the operator may go online on and dial from (SDK `OperatorPhoneNumber`). */
struct OperatorPhoneNumber
{
    QString id;
    QString phoneNumber; ///< E.164
    QString displayName; ///< null QString when the service sent null
    bool operator==(const OperatorPhoneNumber &other) const
    {
        return id == other.id && phoneNumber == other.phoneNumber && displayName == other.displayName;
    }
};

/** Payload of `availabilityChanged`: which requested numbers the service accepted. */
struct Availability
{
    QStringList accepted;
    QStringList rejected;
};

/** Stable error codes of the `error` event (PROTOCOL.md section 6). */
namespace ErrorCode {
inline constexpr char InvalidCoreUrl[] = "INVALID_CORE_URL";
inline constexpr char TokenFetchFailed[] = "TOKEN_FETCH_FAILED";
inline constexpr char AuthFailed[] = "AUTH_FAILED";
inline constexpr char Forbidden[] = "FORBIDDEN";
inline constexpr char SessionReplaced[] = "SESSION_REPLACED";
inline constexpr char WsError[] = "WS_ERROR";
inline constexpr char TlsError[] = "TLS_ERROR";
inline constexpr char ProtocolError[] = "PROTOCOL_ERROR";
inline constexpr char InvalidNumber[] = "INVALID_NUMBER";
inline constexpr char InvalidCallerId[] = "INVALID_CALLER_ID";
inline constexpr char InvalidDtmf[] = "INVALID_DTMF";
inline constexpr char NotAllowed[] = "NOT_ALLOWED";
inline constexpr char Busy[] = "BUSY";
inline constexpr char MicUnavailable[] = "MIC_UNAVAILABLE";
inline constexpr char AudioDeviceError[] = "AUDIO_DEVICE_ERROR";
inline constexpr char ServerError[] = "SERVER_ERROR";
} // namespace ErrorCode

/** Structured, non-fatal error surfaced on the `error` signal (SDK `OperatorError`). */
struct OperatorError
{
    QString code; ///< one of ErrorCode, or a code the service sent
    QString message; ///< human-readable, never contains a secret
    QJsonValue cause; ///< the server payload, when there was one
};

} // namespace audin

Q_DECLARE_METATYPE(audin::PresenceState)
Q_DECLARE_METATYPE(audin::CallDirection)
Q_DECLARE_METATYPE(audin::CallState)
Q_DECLARE_METATYPE(audin::CallEndReason)
Q_DECLARE_METATYPE(audin::OperatorPhoneNumber)
Q_DECLARE_METATYPE(audin::Availability)
Q_DECLARE_METATYPE(audin::OperatorError)
