// SPDX-License-Identifier: GPL-3.0-or-later
#include "Protocol.h"

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
