// SPDX-License-Identifier: GPL-3.0-or-later
#include "Backoff.h"

#include <algorithm>

namespace audin {

Backoff::Backoff(QList<int> scheduleMs)
    : m_schedule(std::move(scheduleMs))
{
    m_schedule.removeIf([](int ms) { return ms < 0; });
    if (m_schedule.isEmpty())
        m_schedule = defaultSchedule();
}

int Backoff::nextDelayMs()
{
    const int delay = peekDelayMs();
    m_step = std::min<int>(m_step + 1, m_schedule.size() - 1);
    return delay;
}

int Backoff::peekDelayMs() const
{
    return m_schedule.at(std::clamp<int>(m_step, 0, m_schedule.size() - 1));
}

} // namespace audin
