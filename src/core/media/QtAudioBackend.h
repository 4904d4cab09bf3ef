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

class SystemAudioDevices;

/**
 * Real devices through QAudioSource (read what arrives) and QAudioSink (written at real-time pace
 * from a 5 ms timer). Qt 6.4 on PulseAudio reports no free space in push mode and its pull mode
 * stalls after the first request (measured on Debian 12), so playout is paced by the system clock,
 * and audio is not written while the device queue (written minus processed) exceeds
 * playoutBufferMs + 20 ms: that bounds both PulseAudio's late start and card clock drift. Prefers 48 kHz mono 16-bit
 * and takes whatever the device offers otherwise; the engine converts. Follows QMediaDevices: if the active device
 * disappears it moves to the default without ending the call (and back when the chosen one returns); a side set to the
 * system default follows the default when it changes. Either side can be left closed (a ringtone player needs no
 * microphone, a level meter no speaker).
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
        bool capture = true; ///< false: no microphone is opened, and none is missed
        bool playout = true; ///< false: no speaker is opened, and none is missed
        /**
         * true: audio is asked for only as the device takes it, so none is ever dropped and a device
         * that falls behind delays the sound (tones, where latency does not matter). false (calls):
         * audio is rendered on the clock and dropped when the device queue grows past the bound.
         */
        bool lossless = false;
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
    bool switchDevices(const QString &input, const QString &output) override;
    QString inputDescription() const override;
    QString outputDescription() const override;

    static QList<AudioDeviceInfo> inputDevices();
    static QList<AudioDeviceInfo> outputDevices();

private:
    bool startCapture();
    bool startPlayout();
    bool openCapture(const QAudioDevice &device);
    bool openPlayout(const QAudioDevice &device);
    void stopCapture();
    void stopPlayout();
    void onInputsChanged();
    void onOutputsChanged();
    QAudioDevice wantedInput() const;
    QAudioDevice wantedOutput() const;
    QAudioDevice defaultInput() const;
    QAudioDevice defaultOutput() const;
    void topUpPlayout();
    void topUpLossless();
    static QAudioFormat chooseFormat(const QAudioDevice &device);

    Settings m_settings;
    AudioIo *m_io = nullptr;
    QMediaDevices *m_devices = nullptr;
    SystemAudioDevices *m_defaults = nullptr; // Qt misses device changes (SystemAudioDevices.h)
    QAudioDevice m_inputDevice;
    QAudioDevice m_outputDevice;
    std::unique_ptr<QAudioSource> m_source;
    std::unique_ptr<QAudioSink> m_sink;
    QPointer<QIODevice> m_sourceIo;
    QPointer<QIODevice> m_sinkIo;
    QTimer m_playoutTimer;
    QTimer m_recheckTimer;
    QElapsedTimer m_playoutClock;
    qint64 m_playoutBytesDue = 0;
    qint64 m_playoutBytesWritten = 0;
    QByteArray m_playoutBuffer;
    QByteArray m_unwritten; // lossless: what the device did not take yet
    AudioFormatSpec m_captureSpec = AudioFormatSpec::voiceFormat();
    AudioFormatSpec m_playoutSpec = AudioFormatSpec::voiceFormat();
    QByteArray m_readBuffer;
};

} // namespace audin::media
