// SPDX-License-Identifier: GPL-3.0-or-later
#include "Protocol.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <algorithm>

namespace audin::protocol {

ParsedFrame parseTextFrame(const QString &text, int maxBytes)
{
    ParsedFrame frame;
    const QByteArray utf8 = text.toUtf8();
    if (utf8.size() > maxBytes) {
        frame.error = FrameError::TooLarge;
        return frame;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        frame.error = FrameError::NotJsonObject;
        return frame;
    }
    frame.message = doc.object();
    const QJsonValue type = frame.message.value(QLatin1String("type"));
    if (!type.isString() || type.toString().isEmpty()) {
        frame.error = FrameError::MissingType;
        return frame;
    }
    frame.type = type.toString();
    return frame;
}

int closeCodeFor(FrameError error)
{
    return error == FrameError::TooLarge ? CloseTooLarge : CloseProtocolError;
}

QString describe(FrameError error)
{
    switch (error) {
    case FrameError::None:
        return {};
    case FrameError::TooLarge:
        return QStringLiteral("text frame larger than the 64 KiB limit");
    case FrameError::NotJsonObject:
        return QStringLiteral("text frame is not a JSON object");
    case FrameError::MissingType:
        return QStringLiteral("text frame has no string member \"type\"");
    }
    return {};
}

bool isValidCallSid(const QString &callSid)
{
    if (callSid.isEmpty() || callSid.size() > MaxCallSidChars || callSid == QLatin1String(".")
        || callSid == QLatin1String(".."))
        return false;
    return std::none_of(callSid.cbegin(), callSid.cend(), [](QChar c) {
        const ushort u = c.unicode();
        return u < 0x20 || (u >= 0x7f && u <= 0x9f) || u == 0x2028 || u == 0x2029;
    });
}

bool isLocalQtClose(int code, const QString &reason)
{
    if (code != 1002 && code != 1007 && code != 1009)
        return false;
    // Qt 6.4's own close reasons, untranslated and translated ("%1" parts compared up to there).
    struct Text
    {
        const char *context;
        const char *source;
    };
    static const Text texts[] = {
        {"QWebSocketDataProcessor", "Received message is too big."},
        {"QWebSocketDataProcessor", "Invalid UTF-8 code encountered."},
        {"QWebSocketDataProcessor", "Received Continuation frame, while there is nothing to continue."},
        {"QWebSocketDataProcessor", "All data frames after the initial data frame must have opcode 0 (continuation)."},
        {"QWebSocketDataProcessor", "Invalid opcode detected: %1"},
        {"QWebSocketFrame", "Rsv field is non-zero"},
        {"QWebSocketFrame", "Used reserved opcode"},
        {"QWebSocketFrame", "Maximum framesize exceeded."},
        {"QWebSocketFrame", "Invalid opcode detected: %1"},
        {"QWebSocketFrame", "Control frame is larger than 125 bytes"},
        {"QWebSocketFrame", "Control frames cannot be fragmented"},
        {"QWebSocketFrame", "Lengths smaller than 126 must be expressed as one byte."},
        {"QWebSocketFrame", "Highest bit of payload length is not 0."},
        {"QWebSocketFrame", "Lengths smaller than 65536 (2^16) must be expressed as 2 bytes."},
        {"QWebSocketFrame", "Payload of close frame is too small."},
        {"QWebSocketFrame", "Invalid close code %1 detected."},
        {"QWebSocketFrame", "Invalid UTF-8 code encountered."},
        {"QWebSocketFrame", "Some serious error occurred while reading from the network."},
        {"QWebSocketFrame", "Something went wrong during reading from the network."},
    };
    for (const Text &text : texts) {
        for (const QString &candidate :
             {QString::fromLatin1(text.source), QCoreApplication::translate(text.context, text.source)}) {
            const qsizetype placeholder = candidate.indexOf(QLatin1String("%1"));
            if (placeholder < 0 ? reason == candidate : reason.startsWith(candidate.left(placeholder)))
                return true;
        }
    }
    return false;
}

QString serialize(const QJsonObject &message)
{
    return QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
}

QString summarize(const QJsonObject &message)
{
    QJsonObject safe = message;
    if (safe.contains(QLatin1String("token")))
        safe.insert(QStringLiteral("token"), QStringLiteral("<redacted>"));
    QString text = serialize(safe);
    constexpr int maxLogChars = 300;
    if (text.size() > maxLogChars)
        text = text.left(maxLogChars) + QStringLiteral("…(%1 chars)").arg(text.size());
    return text;
}

int boundedHeartbeatAdviceMs(double adviceMs)
{
    constexpr double MinMs = 1000, MaxMs = 60000;
    if (!(adviceMs > 0)) // also NaN
        return 0;
    return int(std::clamp(adviceMs, MinMs, MaxMs));
}

int ringGuardMs(double ringTimeoutMs, int graceMs)
{
    constexpr double MaxRingMs = 10 * 60 * 1000;
    const double ring = ringTimeoutMs > 0 ? std::min(ringTimeoutMs, MaxRingMs) : 0; // NaN → 0
    return int(ring) + std::clamp(graceMs, 0, 60 * 60 * 1000);
}

} // namespace audin::protocol
