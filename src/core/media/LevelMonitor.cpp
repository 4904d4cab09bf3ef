// SPDX-License-Identifier: GPL-3.0-or-later
#include "LevelMonitor.h"

#include "AudioLevel.h"
#include "QtAudioBackend.h"
#include "Resampler.h"

#include <cmath>
#include <cstring>

namespace audin::media {

LevelMonitor::LevelMonitor(BackendFactory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
    , m_window(WindowSamples)
{
}

LevelMonitor::~LevelMonitor()
{
    stop();
}

void LevelMonitor::start(const QString &inputDevice)
{
    if (m_backend && inputDevice == m_device)
        return;
    stop();
    m_device = inputDevice;
    if (m_factory) {
        m_backend = m_factory(inputDevice);
    } else {
        QtAudioBackend::Settings settings;
        settings.inputDevice = inputDevice;
        settings.playout = false;
        settings.captureBufferMs = 50; // one reading's worth: fewer wake-ups on the GUI thread
        m_backend = std::make_unique<QtAudioBackend>(settings);
    }
    if (!m_backend) {
        emit error(tr("No microphone is available."));
        return;
    }
    m_errorReported = false;
    QString why;
    if (!m_backend->start(this, &why)) {
        m_backend.reset();
        // The backend usually said which device failed already (deviceError).
        if (!m_errorReported)
            emit error(tr("The microphone level cannot be shown (%1).").arg(why));
    }
}

void LevelMonitor::stop()
{
    if (m_backend) {
        m_backend->stop();
        m_backend.reset();
    }
    m_resampler.reset();
    m_sumSquares = 0;
    m_peak = 0;
    m_samples = 0;
}

void LevelMonitor::captureAvailable(const char *data, qint64 bytes)
{
    if (!m_backend)
        return;
    const AudioFormatSpec format = m_backend->captureFormat();
    // The device may change format when the backend moves to another one.
    if (!m_resampler || m_resampler->inputFormat() != format)
        m_resampler = std::make_unique<Resampler>(format, AudioFormatSpec::voiceFormat());
    if (!m_resampler->isValid())
        return;
    m_resampler->push(data, bytes);
    while (m_resampler->availableFrames() > 0) {
        const int wanted = std::min(m_resampler->availableFrames(), WindowSamples - m_samples);
        const int got = m_resampler->pull(m_window.data(), wanted);
        for (int i = 0; i < got; ++i) {
            const int s = m_window[size_t(i)];
            m_sumSquares += double(s) * s;
            m_peak = std::max(m_peak, std::abs(s));
        }
        m_samples += got;
        if (m_samples < WindowSamples)
            continue;
        const double rms = std::sqrt(m_sumSquares / m_samples);
        // Peak on the same scale as the RMS: a full-scale square wave reads 0 dBFS on both.
        const double peak
            = m_peak > 0 ? std::max(AudioLevel::MinDbfs, 20.0 * std::log10(m_peak / 32768.0)) : AudioLevel::MinDbfs;
        m_sumSquares = 0;
        m_peak = 0;
        m_samples = 0;
        emit levelChanged(AudioLevel::toDbfs(rms), peak);
    }
}

void LevelMonitor::fillPlayout(char *data, qint64 bytes)
{
    std::memset(data, 0, size_t(bytes)); // capture only: never asked, but never garbage either
}

void LevelMonitor::deviceError(const QString &, const QString &message)
{
    m_errorReported = true;
    emit error(message);
}

} // namespace audin::media
