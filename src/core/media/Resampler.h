// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioFormat.h"

#include <QString>
#include <cstdint>
#include <vector>

struct SpeexResamplerState_;

namespace audin::media {

/**
 * Streaming format converter between a device format and the pipeline format, built on speexdsp's
 * resampler: capture (e.g. 44.1 kHz stereo int16 -> 48 kHz mono int16) and playout (the reverse).
 *
 * push() takes any number of bytes (partial sample frames are carried over); the converted audio
 * collects in a FIFO from which pull() takes exact frame counts (480 for 10 ms, 960 for 20 ms).
 * Channels are downmixed by averaging before resampling (the pipeline is mono) and upmixed by
 * copying on output. No allocation once the buffers have reached the largest chunk size seen.
 */
class Resampler
{
public:
    /**
     * speexdsp quality 0-10. 3 (speexdsp's "VoIP" preset) already reaches the int16 noise floor
     * (~85 dB SNR) on in-band tones, at about half the CPU of 5 and 1/6 of 10, with 0.5 ms of
     * filter delay at 44.1 kHz (docs/PERFORMANCE.md).
     */
    static constexpr int DefaultQuality = 3;

    Resampler(const AudioFormatSpec &input, const AudioFormatSpec &output, int quality = DefaultQuality);
    ~Resampler();
    Resampler(const Resampler &) = delete;
    Resampler &operator=(const Resampler &) = delete;

    bool isValid() const { return m_valid; }
    QString errorString() const { return m_error; }
    const AudioFormatSpec &inputFormat() const { return m_in; }
    const AudioFormatSpec &outputFormat() const { return m_out; }
    int quality() const { return m_quality; }

    /** Appends interleaved input in the input format. */
    void push(const void *data, qint64 bytes);
    /** Output frames (one sample per channel) ready to pull. */
    int availableFrames() const { return int(m_tail - m_head); }
    /** Writes up to `frames` output frames in the output format; returns the number written. */
    int pull(void *out, int frames);
    /** Drops buffered output and resampler history (e.g. when the device restarts). */
    void reset();

    /** Filter delay of the resampler, in input frames (0 when no resampling is needed). */
    int inputLatencyFrames() const;
    /** Filter delay of the resampler, in output frames. */
    int outputLatencyFrames() const;
    double latencyMs() const;
    /** Total input frames consumed and output frames produced since construction/reset. */
    qint64 framesIn() const { return m_framesIn; }
    qint64 framesProduced() const { return m_framesOut; }

private:
    void convertToMono(const char *data, int frames);
    void ensureTail(size_t frames);
    void appendMono(const float *mono, int frames);

    AudioFormatSpec m_in;
    AudioFormatSpec m_out;
    int m_quality;
    bool m_valid = false;
    QString m_error;
    SpeexResamplerState_ *m_speex = nullptr;

    std::vector<char> m_carry; // partial input frame between pushes
    int m_carryBytes = 0;
    std::vector<float> m_mono; // one chunk of downmixed input
    std::vector<float> m_fifo; // resampled mono output, [m_head, m_tail)
    size_t m_head = 0;
    size_t m_tail = 0;
    qint64 m_framesIn = 0;
    qint64 m_framesOut = 0;
};

} // namespace audin::media
