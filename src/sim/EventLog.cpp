// SPDX-License-Identifier: GPL-3.0-or-later
#include "EventLog.h"

#include <QDateTime>

namespace audin::sim {

namespace {

bool looksLikeJwt(const QString &text)
{
    return text.startsWith(QLatin1String("eyJ")) && text.count(QLatin1Char('.')) == 2;
}

QJsonValue maskSecrets(const QJsonValue &value)
{
    if (value.isString())
        return looksLikeJwt(value.toString()) ? QJsonValue(QStringLiteral("<redacted>")) : value;
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue item : value.toArray())
            out.append(maskSecrets(item));
        return out;
    }
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject obj = value.toObject();
        for (auto it = obj.begin(); it != obj.end(); ++it)
            out.insert(it.key(), maskSecrets(it.value()));
        return out;
    }
    return value;
}

} // namespace

EventLog::EventLog(QObject *parent)
    : QObject(parent)
{
}

QJsonObject EventLog::record(QJsonObject event)
{
    event.insert(QStringLiteral("seq"), double(m_nextSeq++));
    event.insert(QStringLiteral("ts"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    m_events.push_back(event);
    while (int(m_events.size()) > m_capacity)
        m_events.pop_front();
    emit recorded(event);
    return event;
}

QJsonArray EventLog::since(qint64 sinceSeq) const
{
    QJsonArray out;
    // Events are stored in seq order, so skip the old ones from the front.
    const qint64 firstSeq
        = m_events.empty() ? m_nextSeq : qint64(m_events.front().value(QStringLiteral("seq")).toDouble());
    const qint64 skip = qBound<qint64>(0, sinceSeq - firstSeq + 1, qint64(m_events.size()));
    for (auto it = m_events.begin() + skip; it != m_events.end(); ++it)
        out.append(*it);
    return out;
}

void EventLog::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    while (int(m_events.size()) > m_capacity)
        m_events.pop_front();
}

QJsonObject EventLog::sanitizeFrame(const QJsonObject &frame)
{
    static const QStringList secretKeys = {QStringLiteral("token"), QStringLiteral("apiKey"),
                                           QStringLiteral("operatorKey"), QStringLiteral("jwtSecret")};
    QJsonObject out;
    for (auto it = frame.begin(); it != frame.end(); ++it) {
        const QString key = it.key();
        if (secretKeys.contains(key))
            continue;
        if (key == QLatin1String("pad")) {
            out.insert(QStringLiteral("padBytes"), it.value().toString().size());
        } else if (key == QLatin1String("seq") || key == QLatin1String("ts") || key == QLatin1String("dir")) {
            out.insert(QStringLiteral("frame") + key.at(0).toUpper() + key.mid(1), maskSecrets(it.value()));
        } else {
            out.insert(key, maskSecrets(it.value()));
        }
    }
    return out;
}

} // namespace audin::sim
