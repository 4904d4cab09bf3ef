// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

namespace audin {

/**
 * Walks a reconnect schedule on consecutive failures and stays on its last step
 * (PROTOCOL.md section 3.7). Pure value type so the rules are unit-testable.
 */
class Backoff
{
public:
    explicit Backoff(QList<int> scheduleMs = defaultSchedule());

    static QList<int> defaultSchedule() { return {1000, 2000, 5000, 10000, 30000}; }

    /** Delay before the next attempt; advances the walk. */
    int nextDelayMs();
    /** Delay the next call to nextDelayMs() will return, without advancing. */
    int peekDelayMs() const;
    /** A connection reached `ready`, or the server said it is going away: start from the first step. */
    void reset() { m_step = 0; }
    /** Stay on the last step from now on (after repeated auth failures). */
    void jumpToLast() { m_step = m_schedule.size() - 1; }
    int step() const { return m_step; }
    const QList<int> &schedule() const { return m_schedule; }

private:
    QList<int> m_schedule;
    int m_step = 0;
};

} // namespace audin
