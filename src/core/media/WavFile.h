// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace audin::media {

/** What a WAV file stored; samples are always handed out as interleaved int16. */
struct WavInfo
{
    enum class Encoding
    {
        Pcm8,
        Pcm16,
        Pcm24,
        Pcm32,
        Float32,
    };
    int sampleRate = 0;
    int channels = 0;
    Encoding encoding = Encoding::Pcm16;
    /** The data chunk claimed more bytes than the file holds (e.g. a recording cut short). */
    bool truncated = false;
};

struct WavAudio
{
    WavInfo info;
    std::vector<int16_t> samples; // interleaved
    qint64 frames() const { return info.channels > 0 ? qint64(samples.size()) / info.channels : 0; }
};

/**
 * Reads RIFF/WAVE: PCM 8/16/24/32-bit and IEEE float 32-bit (also WAVE_FORMAT_EXTENSIBLE), any rate
 * and 1-8 channels; converts to int16. Never throws or crashes on bad input: returns nullopt and sets
 * `error`. A data chunk whose size is 0, 0xFFFFFFFF or larger than the file (a writer killed before
 * its final header update) is read up to the end of the file.
 */
class WavReader
{
public:
    static std::optional<WavAudio> readFile(const QString &path, QString *error = nullptr);
    static std::optional<WavAudio> readBytes(const QByteArray &bytes, QString *error = nullptr);
};

/**
 * Streaming int16 WAV writer. The RIFF and data sizes are rewritten on close() and also every
 * `headerUpdateInterval` writes (and on flush()), so a file whose writer dies is still valid up to
 * the last update (and readers that trust the file length get everything).
 */
class WavWriter
{
public:
    WavWriter(const QString &path, int sampleRate, int channels, int headerUpdateInterval = 50);
    ~WavWriter();
    WavWriter(const WavWriter &) = delete;
    WavWriter &operator=(const WavWriter &) = delete;

    bool open();
    bool isOpen() const { return m_file.isOpen(); }
    QString errorString() const { return m_error; }
    /** Appends interleaved frames. */
    bool write(const int16_t *samples, int frames);
    /** Updates the header sizes and flushes to the OS. */
    bool flush();
    bool close();
    qint64 framesWritten() const { return m_dataBytes / (2 * m_channels); }

private:
    bool writeHeader();

    QFile m_file;
    int m_sampleRate;
    int m_channels;
    int m_headerUpdateInterval;
    int m_writesSinceHeader = 0;
    qint64 m_dataBytes = 0;
    QString m_error;
};

} // namespace audin::media
