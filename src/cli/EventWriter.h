// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Clock.h"
#include "Types.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <functional>
#include <memory>

namespace audin {
class CallController;
}

namespace audin::cli {

/** A JSON object whose members keep the order they were added in (QJsonObject sorts them). */
class OrderedJson
{
public:
    OrderedJson &add(const QString &key, const QJsonValue &value);
    /** Appends the other object's members after this one's. */
    OrderedJson &merge(const OrderedJson &other);
    QByteArray toJson() const;

private:
    QList<QPair<QString, QJsonValue>> m_members;
};

/**
 * Turns SDK events into JSON lines: `{"event":"…", …payload…, "ts":"<ISO-8601 UTC ms>"}`.
 * Where the lines go is the sink's business (stdout for `online`/`dial`, the log for `numbers`).
 */
class EventWriter
{
public:
    /** Receives one complete JSON object (no newline); `isError` for `error` events. */
    using Sink = std::function<void(const QByteArray &line, bool isError)>;

    explicit EventWriter(Sink sink, std::shared_ptr<Clock> clock = {});

    void presenceStateChanged(PresenceState state);
    void availabilityChanged(const Availability &availability);
    /** incomingCall, callStarted, callEnded, callStateChanged. */
    void callEvent(const QString &event, const CallController &call);
    /** A call event with extra members (callStats, qualityWarning, callReconnecting...). */
    void callDetail(const QString &event, const CallController &call, const QJsonObject &extra);
    void error(const OperatorError &error);

    /** The `numbers` command's output: a JSON array in the SDK's shape (id, phoneNumber, displayName|null). */
    static QByteArray numbersJson(const QList<OperatorPhoneNumber> &numbers);

private:
    void emitLine(const QString &event, const OrderedJson &payload, bool isError = false);

    Sink m_sink;
    std::shared_ptr<Clock> m_clock;
};

} // namespace audin::cli
