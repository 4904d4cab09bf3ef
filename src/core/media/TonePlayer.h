// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioBackend.h"

#include <QObject>
#include <QThread>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace audin::media {

class TonePlayerWorker;

/**
 * Plays a sound (48 kHz mono int16) on one output device: the ringtone, the call-waiting tone,
 * the settings page's speaker test. Used from the GUI thread; the audio runs on its own thread so
 * a busy window cannot make the ringtone stutter. One sound at a time: play() replaces what is
 * playing (without `finished` for it).
 */
class TonePlayer : public QObject
{
    Q_OBJECT
public:
    /** Null factory = the real devices (QtAudioBackend, playout only, on `device`). */
    using BackendFactory = std::function<std::unique_ptr<AudioBackend>(const QString &device)>;

    explicit TonePlayer(BackendFactory factory = {}, QObject *parent = nullptr);
    ~TonePlayer() override;

    /**
     * Plays `pcm48kMono` on `device` (id or description; empty = system default), once or over
     * and over. `volume` is a linear gain, 0 (silence) to 1 (the samples as they are).
     */
    void play(std::vector<int16_t> pcm48kMono, bool loop, double volume, const QString &device);
    /** Stops at once; `finished` follows if something was playing. */
    void stop();
    /** 0..1; while playing it glides there within 10 ms (no click). */
    void setVolume(double volume);
    /** From play() until `finished`, stop(), or an `error` that kept the device from opening. */
    bool isPlaying() const { return m_playing; }

signals:
    /** The device opened; what a person recognises it as. */
    void started(const QString &deviceDescription);
    /** A non-looping sound was played to its end, or stop() was called. */
    void finished();
    /** A device could not be opened (human text); if another one took over, `started` still follows. */
    void error(const QString &message);

private:
    friend class TonePlayerWorker;
    void onStarted(quint64 generation, const QString &description);
    void onFinished(quint64 generation);
    void onError(quint64 generation, const QString &message, bool fatal);

    QThread m_thread;
    TonePlayerWorker *m_worker; // lives on m_thread; deleted there
    quint64 m_generation = 0; // which play() the worker's reports are about
    bool m_playing = false;
};

} // namespace audin::media
