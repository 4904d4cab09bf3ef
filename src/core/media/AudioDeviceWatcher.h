// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioBackend.h"

#include <QList>
#include <QObject>
#include <QTimer>

class QMediaDevices;

namespace audin::media {

class SystemAudioDevices;

/** The system's audio devices for device pickers, and a signal when they (or the defaults) change. */
class AudioDeviceWatcher : public QObject
{
    Q_OBJECT
public:
    explicit AudioDeviceWatcher(QObject *parent = nullptr);
    ~AudioDeviceWatcher() override;

    QList<AudioDeviceInfo> inputs() const;
    QList<AudioDeviceInfo> outputs() const;

signals:
    /** A device came or went, or another one became the default (may fire twice for one change). */
    void changed();

private:
    QList<AudioDeviceInfo> mark(QList<AudioDeviceInfo> devices, const QByteArray &defaultId) const;

    QMediaDevices *m_devices; // child
    SystemAudioDevices *m_system; // child; Qt misses changes (SystemAudioDevices.h)
    QTimer m_again; // Qt's lists may show the server's news a moment later
};

} // namespace audin::media
