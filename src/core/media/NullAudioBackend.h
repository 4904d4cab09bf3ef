// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioBackend.h"
#include "PacedClock.h"

namespace audin::media {

/** Silence in, playout discarded, paced in real time: for headless operators and tests. */
class NullAudioBackend final : public AudioBackend
{
    Q_OBJECT
public:
    explicit NullAudioBackend(QObject *parent = nullptr);
    bool start(AudioIo *io, QString *error) override;
    void stop() override;
    AudioFormatSpec captureFormat() const override { return AudioFormatSpec::voiceFormat(); }
    AudioFormatSpec playoutFormat() const override { return AudioFormatSpec::voiceFormat(); }
    int playoutLatencyMs() const override { return 0; }
    int captureLatencyMs() const override { return 0; }
    QString describe() const override { return QStringLiteral("null audio"); }

private:
    PacedClock m_clock;
    AudioIo *m_io = nullptr;
    std::vector<char> m_buffer;
};

} // namespace audin::media
