// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioBackend.h"
#include "PacedClock.h"
#include "WavFile.h"

namespace audin::media {

/**
 * Capture from a WAV file (any rate and channel count the reader understands), played in real
 * time; silence after its end (or from the start, again, with `loop`). Playout is paced and
 * discarded: the engine's recording tap writes what the operator would hear.
 */
class WavFileAudioBackend final : public AudioBackend
{
    Q_OBJECT
public:
    explicit WavFileAudioBackend(QString inputPath, bool loop = false, QObject *parent = nullptr);
    bool start(AudioIo *io, QString *error) override;
    void stop() override;
    AudioFormatSpec captureFormat() const override { return m_format; }
    AudioFormatSpec playoutFormat() const override { return AudioFormatSpec::voiceFormat(); }
    int playoutLatencyMs() const override { return 0; }
    int captureLatencyMs() const override { return 0; }
    QString describe() const override;
    /** True once every sample of the file has been captured (never with `loop`). */
    bool inputFinished() const { return !m_loop && m_position >= m_frames; }

private:
    void tick();

    QString m_path;
    bool m_loop;
    PacedClock m_clock;
    AudioIo *m_io = nullptr;
    AudioFormatSpec m_format = AudioFormatSpec::voiceFormat();
    std::vector<int16_t> m_samples; // interleaved
    qint64 m_frames = 0;
    qint64 m_position = 0;
    std::vector<int16_t> m_chunk;
    std::vector<char> m_playout;
};

} // namespace audin::media
