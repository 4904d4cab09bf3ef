// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioBackend.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QElapsedTimer>
#include <QIODevice>
#include <QPointer>
#include <QTimer>
#include <memory>

class QAudioSink;
class QAudioSource;
class QMediaDevices;

namespace audin::media {

/**
 * Real devices through QAudioSource (read what arrives) and QAudioSink (written at real-time pace
 * from a 5 ms timer). Qt 6.4 on PulseAudio reports no free space in push mode and its pull mode
 * stalls after the first request (measured on Debian 12), so playout is paced by the system clock,
 * and audio is not written while the device queue (written minus processed) exceeds
 * playoutBufferMs + 20 ms: that bounds both PulseAudio's late start and card clock drift. Prefers 48 kHz mono 16-bit
 * and takes whatever the device offers otherwise; the engine converts. Follows QMediaDevices: if the active device
 * disappears it moves to the default without ending the call.
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
    void restartCapture() override;

    static QList<AudioDeviceInfo> inputDevices();
    static QList<AudioDeviceInfo> outputDevices();

private:
    bool startCapture();
    bool startPlayout();
    void stopCapture();
    void stopPlayout();
    void onInputsChanged();
    void recoverCapture(bool evenIfListed);
    void onOutputsChanged();
    void topUpPlayout();
    static QAudioFormat chooseFormat(const QAudioDevice &device);

    Settings m_settings;
    AudioIo *m_io = nullptr;
    QMediaDevices *m_devices = nullptr;
    QAudioDevice m_inputDevice;
    QAudioDevice m_outputDevice;
    std::unique_ptr<QAudioSource> m_source;
    std::unique_ptr<QAudioSink> m_sink;
    QPointer<QIODevice> m_sourceIo;
    QPointer<QIODevice> m_sinkIo;
    QTimer m_playoutTimer;
    QElapsedTimer m_playoutClock;
    qint64 m_playoutBytesDue = 0;
    qint64 m_playoutBytesWritten = 0;
    QByteArray m_playoutBuffer;
    AudioFormatSpec m_captureSpec = AudioFormatSpec::voiceFormat();
    AudioFormatSpec m_playoutSpec = AudioFormatSpec::voiceFormat();
    QByteArray m_readBuffer;
};

} // namespace audin::media
