// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DesktopNotifier.h"

#include <QList>
#include <QSet>
#include <QStringList>

namespace audin::test {

/** A notification server that records what it is asked to show; the test plays the operator through invoke(). */
class RecordingNotifier : public desktop::DesktopNotifier
{
public:
    struct Shown
    {
        quint32 handle = 0;
        quint32 replaces = 0;
        desktop::DesktopNotification notification;
    };

    bool isAvailable() const override { return available; }
    bool supportsActions() const override { return true; }
    quint32 show(const desktop::DesktopNotification &notification, quint32 replaces = 0) override
    {
        const quint32 handle = replaces != 0 ? replaces : m_next++;
        shown << Shown {handle, replaces, notification};
        open.insert(handle);
        return handle;
    }
    void close(quint32 handle) override
    {
        if (!open.remove(handle))
            return;
        closedHandles << handle;
        emit closed(handle);
    }
    void invoke(quint32 handle, const QString &key) { emit actionInvoked(handle, key); }
    QStringList actionKeys(int index) const
    {
        QStringList keys;
        for (const desktop::DesktopNotification::Action &action : shown.at(index).notification.actions)
            keys << action.key;
        return keys;
    }

    bool available = true;
    QList<Shown> shown;
    QSet<quint32> open;
    QList<quint32> closedHandles;

private:
    quint32 m_next = 1;
};

} // namespace audin::test
