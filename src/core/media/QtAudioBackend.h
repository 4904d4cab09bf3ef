// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioBackend.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QIODevice>
#include <QPointer>
#include <memory>

class QAudioSink;
class QAudioSource;
class QMediaDevices;

namespace audin::media {

/**
 * Real devices through QAudioSource (push: read what arrives) and QAudioSink (pull: the device's
 * clock asks for audio, so playout never drifts from the card). Prefers 48 kHz mono 16-bit and
 * takes whatever the device offers otherwise; the engine converts. Follows QMediaDevices: if the
 * active device disappears it moves to the default without ending the call.
 */
class QtAudioBackend final : public AudioBackend
{
    Q_OBJECT
public:
    struct Settings
    {
        QString inputDevice; ///< id or description; empty = system default
        QString outputDevice; ///< id or description; empty = system default
        int captureBufferMs = 20;
        int playoutBufferMs = 40;
    };

    explicit QtAudioBackend(Settings settings, QObject *parent = nullptr);
    ~QtAudioBackend() override;

    bool start(AudioIo *io, QString *error) override;
    void stop() override;
    AudioFormatSpec captureFormat() const override { return m_captureSpec; }
    AudioFormatSpec playoutFormat() const override { return m_playoutSpec; }
    int playoutLatencyMs() const override;
    int captureLatencyMs() const override;
    QString describe() const override;

    static QList<AudioDeviceInfo> inputDevices();
    static QList<AudioDeviceInfo> outputDevices();

private:
    class PlayoutDevice;

    bool startCapture();
    bool startPlayout();
    void stopCapture();
    void stopPlayout();
    void onInputsChanged();
    void onOutputsChanged();
    static QAudioFormat chooseFormat(const QAudioDevice &device);

    Settings m_settings;
    AudioIo *m_io = nullptr;
    QMediaDevices *m_devices = nullptr;
    QAudioDevice m_inputDevice;
    QAudioDevice m_outputDevice;
    std::unique_ptr<QAudioSource> m_source;
    std::unique_ptr<QAudioSink> m_sink;
    QPointer<QIODevice> m_sourceIo;
    std::unique_ptr<PlayoutDevice> m_playoutIo;
    AudioFormatSpec m_captureSpec = AudioFormatSpec::voiceFormat();
    AudioFormatSpec m_playoutSpec = AudioFormatSpec::voiceFormat();
    QByteArray m_readBuffer;
};

} // namespace audin::media
