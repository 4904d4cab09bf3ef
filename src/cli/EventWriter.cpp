// SPDX-License-Identifier: GPL-3.0-or-later
#include "EventWriter.h"

#include "CallController.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace audin::cli {

namespace {

QByteArray compact(const QJsonValue &value)
{
    // QJsonDocument only holds arrays and objects: wrap the value and strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QJsonValue stringOrNull(const QString &text)
{
    return text.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

OrderedJson &OrderedJson::add(const QString &key, const QJsonValue &value)
{
    m_members.append({key, value});
    return *this;
}

OrderedJson &OrderedJson::merge(const OrderedJson &other)
{
    m_members.append(other.m_members);
    return *this;
}

QByteArray OrderedJson::toJson() const
{
    QByteArray out = "{";
    for (int i = 0; i < m_members.size(); ++i) {
        if (i > 0)
            out += ',';
        out += compact(m_members.at(i).first);
        out += ':';
        out += compact(m_members.at(i).second);
    }
    out += '}';
    return out;
}

EventWriter::EventWriter(Sink sink, std::shared_ptr<Clock> clock)
    : m_sink(std::move(sink))
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
{
}

void EventWriter::presenceStateChanged(PresenceState state)
{
    emitLine(QStringLiteral("presenceStateChanged"), OrderedJson().add(QStringLiteral("state"), wireName(state)));
}

void EventWriter::availabilityChanged(const Availability &availability)
{
    emitLine(QStringLiteral("availabilityChanged"),
             OrderedJson()
                 .add(QStringLiteral("accepted"), QJsonArray::fromStringList(availability.accepted))
                 .add(QStringLiteral("rejected"), QJsonArray::fromStringList(availability.rejected)));
}

void EventWriter::callEvent(const QString &event, const CallController &call)
{
    OrderedJson payload;
    // An outbound call has no callSid until the service accepted the dial.
    payload.add(QStringLiteral("callSid"), call.callSid().isEmpty() ? QJsonValue() : QJsonValue(call.callSid()))
        .add(QStringLiteral("direction"), wireName(call.direction()))
        .add(QStringLiteral("from"), stringOrNull(call.from()))
        .add(QStringLiteral("to"), stringOrNull(call.to()))
        .add(QStringLiteral("state"), wireName(call.state()));
    if (call.state() == CallState::Ended && call.endReason())
        payload.add(QStringLiteral("endReason"), wireName(*call.endReason()));
    emitLine(event, payload);
}

void EventWriter::callDetail(const QString &event, const CallController &call, const QJsonObject &extra)
{
    OrderedJson payload;
    payload.add(QStringLiteral("callSid"), call.callSid().isEmpty() ? QJsonValue() : QJsonValue(call.callSid()));
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        payload.add(it.key(), it.value());
    emitLine(event, payload);
}

void EventWriter::error(const OperatorError &error)
{
    emitLine(QStringLiteral("error"),
             OrderedJson().add(QStringLiteral("code"), error.code).add(QStringLiteral("message"), error.message), true);
}

QByteArray EventWriter::numbersJson(const QList<OperatorPhoneNumber> &numbers)
{
    QByteArray out = "[";
    for (int i = 0; i < numbers.size(); ++i) {
        if (i > 0)
            out += ',';
        const OperatorPhoneNumber &number = numbers.at(i);
        out += OrderedJson()
                   .add(QStringLiteral("id"), number.id)
                   .add(QStringLiteral("phoneNumber"), number.phoneNumber)
                   .add(QStringLiteral("displayName"), stringOrNull(number.displayName))
                   .toJson();
    }
    out += ']';
    return out;
}

void EventWriter::emitLine(const QString &event, const OrderedJson &payload, bool isError)
{
    OrderedJson line;
    line.add(QStringLiteral("event"), event)
        .merge(payload)
        .add(QStringLiteral("ts"), m_clock->nowUtc().toUTC().toString(Qt::ISODateWithMs));
    m_sink(line.toJson(), isError);
}

} // namespace audin::cli
