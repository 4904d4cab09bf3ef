// SPDX-License-Identifier: GPL-3.0-or-later
#include "PacedClock.h"

namespace audin::media {

PacedClock::PacedClock(QObject *parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PacedClock::onTimer);
}

void PacedClock::start(int periodMs, std::function<void()> tick)
{
    m_periodMs = periodMs;
    m_tick = std::move(tick);
    m_ticks = 0;
    m_elapsed.start();
    // Wake twice per period so lateness stays well under one period.
    m_timer.start(std::max(1, periodMs / 2));
}

void PacedClock::stop()
{
    m_timer.stop();
}

void PacedClock::onTimer()
{
    const qint64 due = m_elapsed.elapsed() / m_periodMs;
    // After a long stall (debugger, suspended VM) do not replay seconds of audio at once.
    if (due - m_ticks > 10)
        m_ticks = due - 10;
    while (m_ticks < due && m_timer.isActive()) {
        ++m_ticks;
        m_tick();
    }
}

} // namespace audin::media
