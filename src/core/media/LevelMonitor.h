// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioBackend.h"

#include <QObject>
#include <functional>
#include <memory>

namespace audin::media {

class Resampler;

/**
 * A live microphone level for the settings page's meter: capture only, nothing is sent or
 * played. Runs on the thread it lives on (a late meter reading harms nobody).
 */
class LevelMonitor : public QObject, private AudioIo
{
    Q_OBJECT
public:
    /** Null factory = the real devices (QtAudioBackend, capture only, on `device`). */
    using BackendFactory = std::function<std::unique_ptr<AudioBackend>(const QString &device)>;

    /** Samples (48 kHz) per levelChanged: 50 ms. */
    static constexpr int WindowSamples = 2400;

    explicit LevelMonitor(BackendFactory factory = {}, QObject *parent = nullptr);
    ~LevelMonitor() override;

    /** Starts metering `inputDevice` (id or description; empty = system default); restarts on another device. */
    void start(const QString &inputDevice);
    void stop();
    bool isRunning() const { return bool(m_backend); }

signals:
    /** RMS and peak of the last 50 ms of audio, in dBFS (AudioLevel's scale; silence is -100). */
    void levelChanged(double rmsDbfs, double peakDbfs);
    /** The device could not be opened, or another one took over (human text). */
    void error(const QString &message);

private:
    // AudioIo
    void captureAvailable(const char *data, qint64 bytes) override;
    void fillPlayout(char *data, qint64 bytes) override;
    void deviceError(const QString &code, const QString &message) override;

    BackendFactory m_factory;
    std::unique_ptr<AudioBackend> m_backend;
    std::unique_ptr<Resampler> m_resampler; // the device's format → 48 kHz mono
    QString m_device;
    bool m_errorReported = false; // during start(): the backend already said what failed
    std::vector<int16_t> m_window;
    double m_sumSquares = 0;
    int m_peak = 0;
    int m_samples = 0;
};

} // namespace audin::media
