// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallMedia.h"

namespace audin {

CallMedia::CallMedia(CallChannel::Settings channelSettings, media::AudioEngineSettings engineSettings,
                     media::AudioBackendFactory backendFactory, Log log, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_channel(new CallChannel(std::move(channelSettings), log, this))
    , m_engine(new media::AudioEngine(std::move(engineSettings), std::move(backendFactory)))
{
    m_thread.setObjectName(QStringLiteral("audin-media"));
    m_engine->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    m_thread.start(QThread::TimeCriticalPriority);

    // Network → engine and engine → network cross threads through queued connections.
    connect(m_channel, &CallChannel::audioFrameReceived, m_engine, &media::AudioEngine::receiveFrame);
    connect(m_engine, &media::AudioEngine::frameReady, m_channel, &CallChannel::sendAudioFrame);
    connect(m_channel, &CallChannel::rttMeasured, m_engine, &media::AudioEngine::setRttMs);
    connect(m_engine, &media::AudioEngine::statsUpdated, this, [this](CallStats stats) {
        stats.droppedBinaryFrames = m_channel->droppedBinaryFrames(); // counted where they arrive
        emit statsUpdated(stats);
    });
    connect(m_engine, &media::AudioEngine::qualityWarning, this, &CallMedia::qualityWarning);
    connect(m_engine, &media::AudioEngine::error, this, &CallMedia::error);
    connect(m_engine, &media::AudioEngine::backendStarted, this, [this](const QString &description) {
        m_log.info(QStringLiteral("audio on %1").arg(description));
        emit audioStarted(description);
    });
    connect(m_engine, &media::AudioEngine::devicesChanged, this, &CallMedia::audioDevicesChanged);

    // Only for a codec the channel offered: it refuses anything else (PROTOCOL_ERROR, call failed).
    connect(m_channel, &CallChannel::started, this, &CallMedia::startEngine);
    connect(m_channel, &CallChannel::connected, this, &CallMedia::connected);
    connect(m_channel, &CallChannel::reconnecting, this, &CallMedia::reconnecting);
    connect(m_channel, &CallChannel::reconnected, this, &CallMedia::reconnected);
    connect(m_channel, &CallChannel::error, this, &CallMedia::error);
    connect(m_channel, &CallChannel::ended, this, [this](CallEndReason reason) {
        stop();
        emit ended(reason);
    });
}

CallMedia::~CallMedia()
{
    stop();
    m_thread.quit();
    m_thread.wait();
}

void CallMedia::start()
{
    m_channel->open();
}

void CallMedia::startEngine()
{
    if (m_engineStarted || m_stopped)
        return;
    m_engineStarted = true;
    QMetaObject::invokeMethod(m_engine, &media::AudioEngine::start, Qt::QueuedConnection);
}

void CallMedia::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_channel->close();
    if (m_engineStarted && m_thread.isRunning())
        QMetaObject::invokeMethod(m_engine, &media::AudioEngine::stop, Qt::BlockingQueuedConnection);
}

void CallMedia::setMuted(bool muted)
{
    QMetaObject::invokeMethod(
        m_engine, [engine = m_engine, muted] { engine->setMuted(muted); }, Qt::QueuedConnection);
    m_channel->sendMute(muted);
}

void CallMedia::sendDtmf(const QString &digit, int durationMs)
{
    if (!m_channel->sendDtmf(digit, durationMs))
        return;
    QMetaObject::invokeMethod(
        m_engine, [engine = m_engine, digit] { engine->playDtmfTone(digit); }, Qt::QueuedConnection);
}

void CallMedia::setAudioDevices(const QString &input, const QString &output)
{
    // Queued behind start() when that is pending, so the engine's backend opens these directly.
    QMetaObject::invokeMethod(
        m_engine, [engine = m_engine, input, output] { engine->setDevices(input, output); }, Qt::QueuedConnection);
}

void CallMedia::hangup()
{
    m_channel->hangup();
}

} // namespace audin
