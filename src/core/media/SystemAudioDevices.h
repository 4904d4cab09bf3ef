// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>
#include <memory>

namespace audin::media {

/**
 * What the sound server itself says about its devices, where Qt falls short. Qt 6.4 on PulseAudio
 * (measured on Debian 12) keeps QMediaDevices' lists current but never emits audioInputsChanged /
 * audioOutputsChanged, and reads the defaults once, when its audio engine starts: after `pactl
 * set-default-sink` QMediaDevices::defaultAudioOutput() stays the old one. So this keeps its own
 * connection to the PulseAudio server (PipeWire's too), and reports the defaults and every device
 * that comes or goes. Built without libpulse, or with no server, it knows nothing and never fires;
 * callers then rely on Qt.
 */
class SystemAudioDevices : public QObject
{
    Q_OBJECT
public:
    explicit SystemAudioDevices(QObject *parent = nullptr);
    ~SystemAudioDevices() override;

    /** The default source's / sink's id (QAudioDevice::id on PulseAudio); empty while unknown. */
    QByteArray defaultInputId() const { return m_inputId; }
    QByteArray defaultOutputId() const { return m_outputId; }

signals:
    /**
     * A device came or went, or another one became a default (also when the defaults are first
     * known). Qt's own lists may take a moment longer to show a device change.
     */
    void changed();

private:
    struct Pulse;
    void updateDefaults(const QByteArray &inputId, const QByteArray &outputId);

    std::unique_ptr<Pulse> m_pulse;
    QByteArray m_inputId;
    QByteArray m_outputId;
};

} // namespace audin::media
