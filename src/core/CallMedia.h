// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioEngine.h"
#include "CallChannel.h"
#include "CallStats.h"
#include "Logger.h"
#include "Types.h"

#include <QObject>
#include <QThread>

namespace audin {

/**
 * The media half of one call: its CallChannel (network, this thread) and its AudioEngine (own
 * thread, so a busy window never starves the audio), wired together with queued connections.
 */
class CallMedia : public QObject
{
    Q_OBJECT
public:
    CallMedia(CallChannel::Settings channelSettings, media::AudioEngineSettings engineSettings,
              media::AudioBackendFactory backendFactory, Log log, QObject *parent = nullptr);
    ~CallMedia() override;

    void start();
    void stop();
    void setMuted(bool muted);
    void sendDtmf(const QString &digit, int durationMs);
    void hangup();
    /** Ids or descriptions, empty = system default; before the audio starts it picks what opens. */
    void setAudioDevices(const QString &input, const QString &output);
    CallChannel *channel() const { return m_channel; }

signals:
    void connected();
    void ended(audin::CallEndReason reason);
    void reconnecting();
    void reconnected();
    void statsUpdated(const audin::CallStats &stats);
    void qualityWarning(const audin::QualityWarning &warning);
    void error(const audin::OperatorError &error);
    void audioStarted(const QString &description);
    /** The devices in use, when the audio starts and whenever the backend moves. */
    void audioDevicesChanged(const QString &inputDescription, const QString &outputDescription);

private:
    void startEngine();

    Log m_log;
    CallChannel *m_channel;
    QThread m_thread;
    media::AudioEngine *m_engine; // lives on m_thread; deleted there
    bool m_engineStarted = false;
    bool m_stopped = false;
};

} // namespace audin
