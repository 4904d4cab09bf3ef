// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace audin::cli {

/**
 * Turns SIGINT and SIGTERM into a Qt signal on the event loop (self-pipe + QSocketNotifier):
 * the handler only writes one byte, all work happens in slots. One instance per process.
 * On platforms without POSIX signals it never fires.
 */
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void signalReceived(int signalNumber);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace audin::cli
