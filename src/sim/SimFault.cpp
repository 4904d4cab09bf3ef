// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimFault.h"

#include <QJsonValue>
#include <cmath>

namespace audin::sim {

namespace {

constexpr int MaxSendBytes = 16 * 1024 * 1024;

std::optional<SimFault> fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

std::optional<int> readInt(const QJsonObject &json, const QString &key)
{
    const QJsonValue v = json.value(key);
    if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || std::abs(v.toDouble()) > 1e9)
        return std::nullopt;
    return int(v.toDouble());
}

// Codes a peer may legitimately put in a close frame (RFC 6455 7.4): not 1004-1006 or 1015.
bool isSendableCloseCode(int code)
{
    if (code >= 3000 && code <= 4999)
        return true;
    return code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006;
}

} // namespace

std::optional<SimFault> SimFault::fromJson(const QJsonObject &json, QString *error)
{
    SimFault fault;
    const QJsonValue operatorId = json.value(QStringLiteral("operatorId"));
    if (!operatorId.isUndefined() && !operatorId.isString())
        return fail(error, QStringLiteral("operatorId must be a string"));
    fault.operatorId = operatorId.toString();
    const QString action = json.value(QStringLiteral("action")).toString();

    if (action == QLatin1String("close")) {
        fault.action = Action::Close;
        const auto code = readInt(json, QStringLiteral("code"));
        if (!code || !isSendableCloseCode(*code))
            return fail(error, QStringLiteral("close needs a code in 1000-1014 (not 1004-1006) or 3000-4999"));
        fault.code = *code;
        const QJsonValue reason = json.value(QStringLiteral("reason"));
        if (!reason.isUndefined() && !reason.isString())
            return fail(error, QStringLiteral("reason must be a string"));
        fault.reason = reason.isString() ? reason.toString() : QStringLiteral("fault injected");
    } else if (action == QLatin1String("drop")) {
        fault.action = Action::Drop;
    } else if (action == QLatin1String("stall")) {
        fault.action = Action::Stall;
    } else if (action == QLatin1String("send")) {
        const bool hasText = json.contains(QStringLiteral("text"));
        const bool hasSize = json.contains(QStringLiteral("size"));
        const bool hasBinary = json.contains(QStringLiteral("binary"));
        if (int(hasText) + int(hasSize) + int(hasBinary) != 1)
            return fail(error, QStringLiteral("send needs exactly one of text, size, binary"));
        if (hasText) {
            if (!json.value(QStringLiteral("text")).isString())
                return fail(error, QStringLiteral("text must be a string"));
            fault.action = Action::SendText;
            fault.text = json.value(QStringLiteral("text")).toString();
            fault.logFields = {{QStringLiteral("fault"), QStringLiteral("text")}};
        } else if (hasSize) {
            static const QString prefix = QStringLiteral(R"({"type":"padding","pad":")");
            static const QString suffix = QStringLiteral(R"("})");
            const int overhead = int(prefix.size() + suffix.size());
            const auto size = readInt(json, QStringLiteral("size"));
            if (!size || *size < overhead || *size > MaxSendBytes)
                return fail(error,
                            QStringLiteral("size must be an integer from %1 to %2").arg(overhead).arg(MaxSendBytes));
            fault.action = Action::SendText;
            fault.text = prefix + QString(*size - overhead, QLatin1Char('x')) + suffix;
            fault.logFields = {{QStringLiteral("fault"), QStringLiteral("padding")}};
        } else {
            const auto decoded = QByteArray::fromBase64Encoding(
                json.value(QStringLiteral("binary")).toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!json.value(QStringLiteral("binary")).isString() || !decoded)
                return fail(error, QStringLiteral("binary must be base64"));
            fault.action = Action::SendBinary;
            fault.binary = *decoded;
        }
    } else if (action == QLatin1String("rejectAuth")) {
        fault.action = Action::RejectAuth;
        const auto count = json.contains(QStringLiteral("count")) ? readInt(json, QStringLiteral("count")) : 1;
        const auto code = json.contains(QStringLiteral("code")) ? readInt(json, QStringLiteral("code")) : 4001;
        if (!count || *count < 0)
            return fail(error, QStringLiteral("count must be a non-negative integer"));
        if (!code || !isSendableCloseCode(*code))
            return fail(error, QStringLiteral("code must be a sendable close code"));
        fault.count = *count;
        fault.code = *code;
    } else if (action == QLatin1String("ignoreRefresh")) {
        fault.action = Action::IgnoreRefresh;
        const QJsonValue on = json.value(QStringLiteral("on"));
        if (!on.isUndefined() && !on.isBool())
            return fail(error, QStringLiteral("on must be true or false"));
        fault.on = on.toBool(true);
    } else if (action == QLatin1String("clear")) {
        fault.action = Action::Clear;
    } else {
        return fail(error,
                    QStringLiteral("unknown action '%1' (close, drop, stall, send, rejectAuth, ignoreRefresh, clear)")
                        .arg(action));
    }
    if (fault.operatorId.isEmpty() && fault.action != Action::Clear)
        return fail(error, QStringLiteral("operatorId is required"));
    return fault;
}

bool SimFault::needsLiveSession() const
{
    return action != Action::RejectAuth && action != Action::IgnoreRefresh && action != Action::Clear;
}

QString SimFault::actionName() const
{
    switch (action) {
    case Action::Close:
        return QStringLiteral("close");
    case Action::Drop:
        return QStringLiteral("drop");
    case Action::Stall:
        return QStringLiteral("stall");
    case Action::SendText:
    case Action::SendBinary:
        return QStringLiteral("send");
    case Action::RejectAuth:
        return QStringLiteral("rejectAuth");
    case Action::IgnoreRefresh:
        return QStringLiteral("ignoreRefresh");
    case Action::Clear:
        return QStringLiteral("clear");
    }
    return {};
}

} // namespace audin::sim
