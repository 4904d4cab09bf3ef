// SPDX-License-Identifier: GPL-3.0-or-later
#include "TonePlayer.h"

#include "QtAudioBackend.h"
#include "Resampler.h"

#include <QCoreApplication>
#include <QTimer>
#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <deque>
#include <functional>

namespace audin::media {

namespace {
constexpr int chunkSamples = 480; // 10 ms at 48 kHz
constexpr double gainStep = 1.0 / chunkSamples; // a full swing of the volume takes 10 ms

} // namespace

/** The audio-thread half of a TonePlayer: owns the backend and renders the sound into it. */
class TonePlayerWorker final : public QObject, private AudioIo
{
public:
    TonePlayerWorker(TonePlayer::BackendFactory factory, TonePlayer *player)
        : m_factory(std::move(factory))
        , m_player(player)
    {
    }
    ~TonePlayerWorker() override { stop(); }

    void play(quint64 generation, std::vector<int16_t> pcm, bool loop, double volume, const QString &device);
    void stop();
    /**
     * Runs `job` (a play or a stop) now, or, when another job is still running further up this thread's
     * stack, right after it. Opening and closing a Qt audio device processes pending events, which can
     * deliver the next request while the previous one is half done: run there, it would free the device
     * the previous one is still using.
     */
    void run(std::function<void()> job);

    std::atomic<double> volume {1.0}; // written by the GUI thread, read while rendering

private:
    void captureAvailable(const char *, qint64) override { }
    void fillPlayout(char *data, qint64 bytes) override;
    void deviceError(const QString &code, const QString &message) override;
    void renderChunk();
    void finishAfter(int delayMs);
    void reportError(const QString &message, bool fatal);

    TonePlayer::BackendFactory m_factory;
    TonePlayer *m_player;
    std::unique_ptr<AudioBackend> m_backend;
    std::unique_ptr<Resampler> m_resampler; // 48 kHz mono → the device's format
    std::vector<int16_t> m_pcm;
    std::array<int16_t, chunkSamples> m_chunk {};
    size_t m_position = 0;
    bool m_loop = false;
    double m_gain = 1.0;
    quint64 m_generation = 0; // the TonePlayer's count for the sound being played
    quint64 m_finishToken = 0; // bumped by stop(): a pending finishAfter() is for a stopped sound
    bool m_ending = false; // the last sample has been rendered
    bool m_starting = false;
    QStringList m_startErrors;
    std::deque<std::function<void()>> m_jobs;
    bool m_running = false;
};

void TonePlayerWorker::run(std::function<void()> job)
{
    m_jobs.push_back(std::move(job));
    if (m_running)
        return; // the job below us on the stack runs it when it is done
    m_running = true;
    while (!m_jobs.empty()) {
        std::function<void()> next = std::move(m_jobs.front());
        m_jobs.pop_front();
        next();
    }
    m_running = false;
}

void TonePlayerWorker::play(quint64 generation, std::vector<int16_t> pcm, bool loop, double gain, const QString &device)
{
    stop();
    m_generation = generation;
    m_pcm = std::move(pcm);
    m_loop = loop;
    m_position = 0;
    m_gain = std::clamp(gain, 0.0, 1.0);
    m_ending = false;
    if (m_pcm.empty()) {
        finishAfter(0); // nothing to hear; never open a device for it
        return;
    }
    if (m_factory) {
        m_backend = m_factory(device);
    } else {
        QtAudioBackend::Settings settings;
        settings.outputDevice = device;
        settings.capture = false;
        // Latency does not matter for a ringtone, gaps do: a deeper queue rides out a starved
        // thread, and nothing is dropped to keep the delay down.
        settings.playoutBufferMs = 80;
        settings.lossless = true;
        m_backend = std::make_unique<QtAudioBackend>(settings);
    }
    if (!m_backend) {
        reportError(QCoreApplication::translate("audin::media::TonePlayer", "No audio output is available."), true);
        return;
    }
    m_starting = true;
    m_startErrors.clear();
    QString startError;
    const bool ok = m_backend->start(this, &startError);
    m_starting = false;
    if (!ok) {
        m_backend.reset();
        m_resampler.reset();
        reportError(m_startErrors.isEmpty()
                        ? QCoreApplication::translate("audin::media::TonePlayer", "The sound could not be played (%1).")
                              .arg(startError)
                        : m_startErrors.join(QLatin1Char(' ')),
                    true);
        return;
    }
    for (const QString &message : std::as_const(m_startErrors))
        reportError(message, false); // e.g. the chosen speaker is missing and the default plays
    QString description = m_backend->outputDescription();
    if (description.isEmpty())
        description = m_backend->describe();
    QMetaObject::invokeMethod(
        m_player, [player = m_player, generation, description] { player->onStarted(generation, description); },
        Qt::QueuedConnection);
}

void TonePlayerWorker::stop()
{
    if (m_backend) {
        m_backend->stop();
        m_backend.reset();
    }
    m_resampler.reset();
    m_pcm.clear();
    ++m_finishToken;
}

void TonePlayerWorker::fillPlayout(char *data, qint64 bytes)
{
    const AudioFormatSpec format = m_backend ? m_backend->playoutFormat() : AudioFormatSpec::voiceFormat();
    // Created here, not after start(): the device asks for its first chunk while it opens, and may
    // change format when it moves to another device.
    if (!m_resampler || m_resampler->outputFormat() != format)
        m_resampler = std::make_unique<Resampler>(AudioFormatSpec::voiceFormat(), format);
    const int bytesPerFrame = format.bytesPerFrame();
    if (!m_resampler->isValid() || bytesPerFrame <= 0) {
        std::memset(data, 0, size_t(bytes));
        return;
    }
    const int frames = int(bytes / bytesPerFrame);
    const bool endedBefore = m_ending;
    while (m_resampler->availableFrames() < frames)
        renderChunk();
    m_resampler->pull(data, frames);
    if (m_ending && !endedBefore && m_backend) {
        // The last sample is somewhere in what the device still holds: finish once that is heard.
        const int queuedMs = int((qint64(frames) + m_resampler->availableFrames()) * 1000 / format.sampleRate);
        finishAfter(m_backend->playoutLatencyMs() + queuedMs);
    }
}

void TonePlayerWorker::renderChunk()
{
    const double target = std::clamp(volume.load(std::memory_order_relaxed), 0.0, 1.0);
    for (int i = 0; i < chunkSamples; ++i) {
        int16_t sample = 0;
        if (m_position < m_pcm.size()) {
            sample = m_pcm[m_position++];
            if (m_position == m_pcm.size() && m_loop)
                m_position = 0;
        }
        if (m_gain < target)
            m_gain = std::min(target, m_gain + gainStep);
        else if (m_gain > target)
            m_gain = std::max(target, m_gain - gainStep);
        m_chunk[size_t(i)] = int16_t(std::clamp<long>(std::lround(sample * m_gain), -32768, 32767));
    }
    m_resampler->push(m_chunk.data(), qint64(sizeof(int16_t)) * chunkSamples);
    if (!m_loop && m_position >= m_pcm.size())
        m_ending = true;
}

void TonePlayerWorker::finishAfter(int delayMs)
{
    QTimer::singleShot(std::max(0, delayMs), this, [this, token = m_finishToken, generation = m_generation] {
        run([this, token, generation] {
            if (token != m_finishToken)
                return;
            stop();
            QMetaObject::invokeMethod(
                m_player, [player = m_player, generation] { player->onFinished(generation); }, Qt::QueuedConnection);
        });
    });
}

void TonePlayerWorker::deviceError(const QString &, const QString &message)
{
    if (m_starting)
        m_startErrors << message;
    else
        reportError(message, false);
}

void TonePlayerWorker::reportError(const QString &message, bool fatal)
{
    QMetaObject::invokeMethod(
        m_player,
        [player = m_player, generation = m_generation, message, fatal] { player->onError(generation, message, fatal); },
        Qt::QueuedConnection);
}

TonePlayer::TonePlayer(BackendFactory factory, QObject *parent)
    : QObject(parent)
    , m_worker(new TonePlayerWorker(std::move(factory), this))
{
    m_thread.setObjectName(QStringLiteral("audin-tones"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::HighPriority);
}

TonePlayer::~TonePlayer()
{
    // The devices close on their own thread before it ends.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->run([worker] { worker->stop(); }); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void TonePlayer::play(std::vector<int16_t> pcm48kMono, bool loop, double volume, const QString &device)
{
    const quint64 generation = ++m_generation;
    m_playing = true;
    volume = std::clamp(volume, 0.0, 1.0);
    m_worker->volume.store(volume);
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, generation, pcm = std::move(pcm48kMono), loop, volume, device]() mutable {
            worker->run([worker, generation, pcm = std::move(pcm), loop, volume, device]() mutable {
                worker->play(generation, std::move(pcm), loop, volume, device);
            });
        },
        Qt::QueuedConnection);
}

void TonePlayer::stop()
{
    ++m_generation; // whatever the worker still reports about the old sound is ignored
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->run([worker] { worker->stop(); }); }, Qt::QueuedConnection);
    if (!m_playing)
        return;
    m_playing = false;
    emit finished();
}

void TonePlayer::setVolume(double volume)
{
    m_worker->volume.store(std::clamp(volume, 0.0, 1.0));
}

void TonePlayer::onStarted(quint64 generation, const QString &description)
{
    if (generation == m_generation && m_playing)
        emit started(description);
}

void TonePlayer::onFinished(quint64 generation)
{
    if (generation != m_generation || !m_playing)
        return;
    m_playing = false;
    emit finished();
}

void TonePlayer::onError(quint64 generation, const QString &message, bool fatal)
{
    if (generation != m_generation)
        return;
    if (fatal)
        m_playing = false;
    emit error(message);
}

} // namespace audin::media
