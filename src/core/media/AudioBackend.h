// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioFormat.h"

#include <QList>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

namespace audin::media {

/** What a backend drives: the engine consumes captured audio and produces audio to play. */
class AudioIo
{
public:
    virtual ~AudioIo() = default;
    /** Captured audio in the backend's captureFormat(); any amount. */
    virtual void captureAvailable(const char *data, qint64 bytes) = 0;
    /** Fills `bytes` of audio to play in the backend's playoutFormat(). Always fills all of it. */
    virtual void fillPlayout(char *data, qint64 bytes) = 0;
    /** A device failed or vanished; `code` is MIC_UNAVAILABLE or AUDIO_DEVICE_ERROR. */
    virtual void deviceError(const QString &code, const QString &message) = 0;
};

struct AudioDeviceInfo
{
    QString id; ///< stable identifier (QAudioDevice::id)
    QString description; ///< what a person recognises
    bool isDefault = false;
};

/**
 * The audio seam: real devices (QtAudioBackend), nothing (NullAudioBackend) or files
 * (WavFileAudioBackend). Lives on the media thread and calls its AudioIo from there.
 */
class AudioBackend : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    /** Starts capture and playout; false (and `error`) when nothing could be started at all. */
    virtual bool start(AudioIo *io, QString *error) = 0;
    virtual void stop() = 0;
    virtual AudioFormatSpec captureFormat() const = 0;
    virtual AudioFormatSpec playoutFormat() const = 0;
    /** Audio queued between the engine and the speaker / microphone and the engine, in ms. */
    virtual int playoutLatencyMs() const = 0;
    virtual int captureLatencyMs() const = 0;
    virtual QString describe() const = 0;
    /** Capture stopped delivering: try again (on the default device if the chosen one is gone). */
    virtual void restartCapture() { }
    /**
     * Moves to other devices (ids or descriptions; empty = system default), before or during
     * start(). Only a side whose device changes is restarted; a device that cannot be opened is
     * replaced by the default and reported on deviceError. False when the backend has no devices.
     */
    virtual bool switchDevices(const QString &input, const QString &output)
    {
        Q_UNUSED(input)
        Q_UNUSED(output)
        return false;
    }
    /** What a person recognises as the device in use on each side; empty when none is. */
    virtual QString inputDescription() const { return {}; }
    virtual QString outputDescription() const { return {}; }

signals:
    /**
     * The backend moved to another device (switchDevices(), the active one was unplugged, or the
     * system default it follows changed); inputDescription() and outputDescription().
     */
    void devicesChanged(const QString &input, const QString &output);
};

/** Creates the backend for one call (called on the thread that will own it). */
using AudioBackendFactory = std::function<std::unique_ptr<AudioBackend>()>;

} // namespace audin::media
