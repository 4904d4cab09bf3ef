// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>

namespace audin::media {

/**
 * Calls `tick` once per period on average, in real time, catching up when the event loop was
 * late (a file or null backend must run at exactly 50 frames/s, not at "50 minus lateness").
 */
class PacedClock : public QObject
{
    Q_OBJECT
public:
    explicit PacedClock(QObject *parent = nullptr);
    void start(int periodMs, std::function<void()> tick);
    void stop();
    bool isActive() const { return m_timer.isActive(); }

private:
    void onTimer();

    QTimer m_timer;
    QElapsedTimer m_elapsed;
    qint64 m_ticks = 0;
    int m_periodMs = 20;
    std::function<void()> m_tick;
};

} // namespace audin::media
