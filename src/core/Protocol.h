// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

namespace audin::protocol {

/** WebSocket close codes of PROTOCOL.md section 3.7. */
enum CloseCode : int
{
    CloseNormal = 1000,
    CloseGoingAway = 1001,
    CloseAbnormal = 1006,
    CloseTooLarge = 1009,
    CloseAuthFailed = 4001,
    CloseForbidden = 4003,
    CloseHeartbeatTimeout = 4008,
    CloseReplaced = 4009,
    CloseProtocolError = 4400,
};

enum class FrameError
{
    None,
    TooLarge,
    NotJsonObject,
    MissingType
};

struct ParsedFrame
{
    FrameError error = FrameError::None;
    QJsonObject message;
    QString type;
    bool ok() const { return error == FrameError::None; }
};

/** Applies the framing rules of PROTOCOL.md section 2 to one text frame. */
ParsedFrame parseTextFrame(const QString &text, int maxBytes);

/** The close code a receiver uses for a framing error (1009 for size, else 4400). */
int closeCodeFor(FrameError error);
QString describe(FrameError error);

/**
 * The server's heartbeat advice (`ready.heartbeatIntervalMs`, PROTOCOL.md 3.1) as the client obeys it:
 * between 1 s (a service asking for 1 ms pings gets one a second, not a thousand) and 60 s (the server
 * drops a connection silent for 90 s; a longer advice would also push the dead-connection check out of
 * reach). 0 for an advice that is missing or not a positive number: the default then applies.
 */
int boundedHeartbeatAdviceMs(double adviceMs);
/**
 * How long the client lets an offer ring before it ends it by itself (the service's `call_offer.
 * ringTimeoutMs` plus `graceMs`, PROTOCOL.md 3.4), computed without overflow and at most 10 minutes
 * plus the grace: a huge or negative value from the service never disables the guard.
 */
int ringGuardMs(double ringTimeoutMs, int graceMs);

/** The longest callSid the client accepts (PROTOCOL.md gives none; real ones are ~34 characters). */
inline constexpr int MaxCallSidChars = 256;
/**
 * Whether `callSid` is one the client can use: 1 to MaxCallSidChars characters, no control
 * characters (C0, DEL, C1) and none of the Unicode separators, and not `.` or `..` (which no URL
 * can carry as a path segment: every URL parser reads them as "this" or "the parent" directory).
 * A message carrying any other callSid is a protocol error: it is ignored and PROTOCOL_ERROR fires.
 */
bool isValidCallSid(const QString &callSid);

/**
 * Whether a close of our WebSocket with `code` and `reason` was initiated locally by Qt's own
 * frame checks (a message over the size limit: 1009; invalid UTF-8: 1007; a broken frame: 1002)
 * rather than by the service's close frame. Qt reports both the same way; its own reasons are
 * the texts of QWebSocketFrame / QWebSocketDataProcessor.
 */
bool isLocalQtClose(int code, const QString &reason);

/** Compact JSON for the wire. */
QString serialize(const QJsonObject &message);

/** A one-line summary for logs: the type, id and every member except secrets (`token`). */
QString summarize(const QJsonObject &message);

} // namespace audin::protocol
