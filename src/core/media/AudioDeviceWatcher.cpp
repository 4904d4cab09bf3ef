// SPDX-License-Identifier: GPL-3.0-or-later
#include "AudioDeviceWatcher.h"

#include "QtAudioBackend.h"
#include "SystemAudioDevices.h"

#include <QMediaDevices>

namespace audin::media {

AudioDeviceWatcher::AudioDeviceWatcher(QObject *parent)
    : QObject(parent)
    , m_devices(new QMediaDevices(this))
    , m_system(new SystemAudioDevices(this))
{
    connect(m_devices, &QMediaDevices::audioInputsChanged, this, &AudioDeviceWatcher::changed);
    connect(m_devices, &QMediaDevices::audioOutputsChanged, this, &AudioDeviceWatcher::changed);
    m_again.setSingleShot(true);
    m_again.setInterval(300);
    connect(&m_again, &QTimer::timeout, this, &AudioDeviceWatcher::changed);
    connect(m_system, &SystemAudioDevices::changed, this, [this] {
        emit changed();
        m_again.start();
    });
}

AudioDeviceWatcher::~AudioDeviceWatcher() = default;

QList<AudioDeviceInfo> AudioDeviceWatcher::inputs() const
{
    return mark(QtAudioBackend::inputDevices(), m_system->defaultInputId());
}

QList<AudioDeviceInfo> AudioDeviceWatcher::outputs() const
{
    return mark(QtAudioBackend::outputDevices(), m_system->defaultOutputId());
}

QList<AudioDeviceInfo> AudioDeviceWatcher::mark(QList<AudioDeviceInfo> devices, const QByteArray &defaultId) const
{
    const QString id = QString::fromUtf8(defaultId);
    const bool known
        = std::any_of(devices.cbegin(), devices.cend(), [&id](const AudioDeviceInfo &d) { return d.id == id; });
    if (!known)
        return devices; // the sound system's default is not one Qt lists (or is unknown): Qt's flags stand
    for (AudioDeviceInfo &device : devices)
        device.isDefault = device.id == id;
    return devices;
}

} // namespace audin::media
