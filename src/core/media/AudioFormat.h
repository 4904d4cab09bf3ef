// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QAudioFormat;

namespace audin::media {

/** Sample formats a device (or a WAV file) may hand us; always interleaved, native endian. */
enum class SampleFormat
{
    UInt8,
    Int16,
    Int32,
    Float32,
};

constexpr int bytesPerSample(SampleFormat format)
{
    switch (format) {
    case SampleFormat::UInt8:
        return 1;
    case SampleFormat::Int16:
        return 2;
    case SampleFormat::Int32:
    case SampleFormat::Float32:
        return 4;
    }
    return 0;
}

/** A PCM stream's shape. The pipeline's own format is 48 kHz mono int16 (voiceFormat()). */
struct AudioFormatSpec
{
    int sampleRate = 48000;
    int channels = 1;
    SampleFormat format = SampleFormat::Int16;

    int bytesPerFrame() const { return channels * bytesPerSample(format); }
    bool isValid() const { return sampleRate >= 1000 && sampleRate <= 384000 && channels >= 1 && channels <= 8; }
    bool operator==(const AudioFormatSpec &o) const
    {
        return sampleRate == o.sampleRate && channels == o.channels && format == o.format;
    }
    bool operator!=(const AudioFormatSpec &o) const { return !(*this == o); }

    static constexpr AudioFormatSpec voiceFormat() { return {48000, 1, SampleFormat::Int16}; }
    /** Maps a Qt device format; an unknown sample format gives an invalid spec (channels = 0). */
    static AudioFormatSpec fromQAudioFormat(const QAudioFormat &format);
};

} // namespace audin::media
