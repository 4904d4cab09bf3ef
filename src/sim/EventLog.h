// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <deque>

namespace audin::sim {

/**
 * The simulator's observation log: every frame in and out and every system event, each as
 * `{"seq","ts","sessionId","operatorId","dir":"in"|"out"|"sys","type",…}`. Secrets never enter
 * it: frames go through sanitizeFrame() first. Keeps the newest `capacity` events.
 */
class EventLog : public QObject
{
    Q_OBJECT
public:
    explicit EventLog(QObject *parent = nullptr);

    /** Stamps `event` with `seq` and `ts`, stores it and emits recorded(); returns the stored event. */
    QJsonObject record(QJsonObject event);
    /** Events with seq > sinceSeq, oldest first. */
    QJsonArray since(qint64 sinceSeq) const;
    qint64 lastSeq() const { return m_nextSeq - 1; }
    void setCapacity(int capacity);

    /**
     * A frame's fields made fit for the log: `token` and other credential members are dropped,
     * JWT-shaped strings are masked, bulky `pad` becomes `padBytes`, and members that clash with
     * the event envelope (`seq`, `ts`, `dir`) are renamed `frameSeq`, `frameTs`, `frameDir`.
     */
    static QJsonObject sanitizeFrame(const QJsonObject &frame);

signals:
    void recorded(const QJsonObject &event);

private:
    std::deque<QJsonObject> m_events;
    qint64 m_nextSeq = 1;
    int m_capacity = 50000;
};

} // namespace audin::sim
