// SPDX-License-Identifier: GPL-3.0-or-later
#include "WavFile.h"

#include <QtEndian>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace audin::media {

namespace {

constexpr quint16 FormatPcm = 1;
constexpr quint16 FormatFloat = 3;
constexpr quint16 FormatExtensible = 0xFFFE;
constexpr int HeaderBytes = 44;
// A WAV file is limited to 4 GiB by its 32-bit sizes.
constexpr qint64 MaxDataBytes = 0xFFFFFFFFLL - (HeaderBytes - 8);

quint16 le16(const char *p)
{
    return qFromLittleEndian<quint16>(p);
}

quint32 le32(const char *p)
{
    return qFromLittleEndian<quint32>(p);
}

std::optional<WavAudio> fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

int16_t toInt16(const char *p, WavInfo::Encoding encoding)
{
    switch (encoding) {
    case WavInfo::Encoding::Pcm8:
        return int16_t((int(uchar(*p)) - 128) * 256);
    case WavInfo::Encoding::Pcm16:
        return qFromLittleEndian<qint16>(p);
    case WavInfo::Encoding::Pcm24: {
        // Assemble in the top 24 bits so the arithmetic shift sign-extends.
        const qint32 v
            = qint32((quint32(uchar(p[0])) << 8) | (quint32(uchar(p[1])) << 16) | (quint32(uchar(p[2])) << 24)) >> 8;
        // Round to nearest rather than truncate.
        return int16_t(std::clamp((v + 128) >> 8, -32768, 32767));
    }
    case WavInfo::Encoding::Pcm32:
        return int16_t(qFromLittleEndian<qint32>(p) >> 16);
    case WavInfo::Encoding::Float32: {
        float f;
        const quint32 bits = qFromLittleEndian<quint32>(p);
        std::memcpy(&f, &bits, 4);
        if (!std::isfinite(f))
            return 0;
        const float v = std::clamp(f * 32768.0f, -32768.0f, 32767.0f);
        return int16_t(std::lround(v));
    }
    }
    return 0;
}

} // namespace

std::optional<WavAudio> WavReader::readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    // Voice recordings are small; a multi-GiB file is not something to slurp by accident.
    if (file.size() > (qint64(1) << 31))
        return fail(error, QStringLiteral("%1: file too large (%2 bytes)").arg(path).arg(file.size()));
    const QByteArray bytes = file.readAll();
    QString message;
    auto audio = readBytes(bytes, &message);
    if (!audio)
        return fail(error, QStringLiteral("%1: %2").arg(path, message));
    return audio;
}

std::optional<WavAudio> WavReader::readBytes(const QByteArray &bytes, QString *error)
{
    const char *d = bytes.constData();
    const qint64 size = bytes.size();
    if (size < 12 || std::memcmp(d, "RIFF", 4) != 0 || std::memcmp(d + 8, "WAVE", 4) != 0)
        return fail(error, QStringLiteral("not a RIFF/WAVE file"));

    WavInfo info;
    bool haveFormat = false;
    int bitsPerSample = 0;
    int blockAlign = 0;
    qint64 pos = 12;
    while (pos + 8 <= size) {
        const char *chunk = d + pos;
        const quint32 chunkSize = le32(chunk + 4);
        const qint64 body = pos + 8;
        if (std::memcmp(chunk, "fmt ", 4) == 0) {
            if (chunkSize < 16 || body + 16 > size)
                return fail(error, QStringLiteral("fmt chunk too short"));
            quint16 tag = le16(d + body);
            info.channels = le16(d + body + 2);
            info.sampleRate = int(le32(d + body + 4));
            blockAlign = le16(d + body + 12);
            bitsPerSample = le16(d + body + 14);
            if (tag == FormatExtensible) {
                if (chunkSize < 40 || body + 40 > size)
                    return fail(error, QStringLiteral("extensible fmt chunk too short"));
                // The sub-format GUID starts with the plain format tag.
                tag = le16(d + body + 24);
            }
            if (tag == FormatPcm && bitsPerSample == 8)
                info.encoding = WavInfo::Encoding::Pcm8;
            else if (tag == FormatPcm && bitsPerSample == 16)
                info.encoding = WavInfo::Encoding::Pcm16;
            else if (tag == FormatPcm && bitsPerSample == 24)
                info.encoding = WavInfo::Encoding::Pcm24;
            else if (tag == FormatPcm && bitsPerSample == 32)
                info.encoding = WavInfo::Encoding::Pcm32;
            else if (tag == FormatFloat && bitsPerSample == 32)
                info.encoding = WavInfo::Encoding::Float32;
            else
                return fail(
                    error, QStringLiteral("unsupported encoding (format tag %1, %2 bits)").arg(tag).arg(bitsPerSample));
            if (info.channels < 1 || info.channels > 8)
                return fail(error, QStringLiteral("unsupported channel count %1").arg(info.channels));
            if (info.sampleRate < 1000 || info.sampleRate > 384000)
                return fail(error, QStringLiteral("unsupported sample rate %1").arg(info.sampleRate));
            if (blockAlign != info.channels * bitsPerSample / 8)
                return fail(error, QStringLiteral("inconsistent block alignment %1").arg(blockAlign));
            haveFormat = true;
        } else if (std::memcmp(chunk, "data", 4) == 0) {
            if (!haveFormat)
                return fail(error, QStringLiteral("data chunk before fmt chunk"));
            qint64 dataBytes = chunkSize;
            const qint64 inFile = size - body;
            if (chunkSize == 0 || chunkSize == 0xFFFFFFFFu || dataBytes > inFile) {
                info.truncated = chunkSize != 0 && chunkSize != 0xFFFFFFFFu;
                dataBytes = inFile;
            }
            const qint64 frames = dataBytes / blockAlign;
            const int bytesPerSample = bitsPerSample / 8;
            WavAudio audio;
            audio.info = info;
            audio.samples.resize(size_t(frames * info.channels));
            const char *p = d + body;
            for (size_t i = 0; i < audio.samples.size(); ++i, p += bytesPerSample)
                audio.samples[i] = toInt16(p, info.encoding);
            return audio;
        }
        // Chunks are padded to an even size.
        pos = body + qint64(chunkSize) + (chunkSize & 1);
    }
    return fail(error, haveFormat ? QStringLiteral("no data chunk") : QStringLiteral("no fmt chunk"));
}

WavWriter::WavWriter(const QString &path, int sampleRate, int channels, int headerUpdateInterval)
    : m_file(path)
    , m_sampleRate(sampleRate)
    , m_channels(std::max(1, channels))
    , m_headerUpdateInterval(std::max(1, headerUpdateInterval))
{
}

WavWriter::~WavWriter()
{
    close();
}

bool WavWriter::open()
{
    if (m_sampleRate <= 0 || m_channels > 8) {
        m_error = QStringLiteral("unsupported format: %1 Hz, %2 channels").arg(m_sampleRate).arg(m_channels);
        return false;
    }
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_error = QStringLiteral("%1: %2").arg(m_file.fileName(), m_file.errorString());
        return false;
    }
    m_dataBytes = 0;
    m_writesSinceHeader = 0;
    return writeHeader();
}

bool WavWriter::writeHeader()
{
    char h[HeaderBytes];
    const quint32 data = quint32(std::min(m_dataBytes, MaxDataBytes));
    std::memcpy(h, "RIFF", 4);
    qToLittleEndian<quint32>(data + HeaderBytes - 8, h + 4);
    std::memcpy(h + 8, "WAVEfmt ", 8);
    qToLittleEndian<quint32>(16, h + 16);
    qToLittleEndian<quint16>(FormatPcm, h + 20);
    qToLittleEndian<quint16>(quint16(m_channels), h + 22);
    qToLittleEndian<quint32>(quint32(m_sampleRate), h + 24);
    qToLittleEndian<quint32>(quint32(m_sampleRate * m_channels * 2), h + 28);
    qToLittleEndian<quint16>(quint16(m_channels * 2), h + 32);
    qToLittleEndian<quint16>(16, h + 34);
    std::memcpy(h + 36, "data", 4);
    qToLittleEndian<quint32>(data, h + 40);

    const qint64 end = m_file.pos();
    if (!m_file.seek(0) || m_file.write(h, HeaderBytes) != HeaderBytes
        || !m_file.seek(std::max<qint64>(end, HeaderBytes))) {
        m_error = QStringLiteral("%1: %2").arg(m_file.fileName(), m_file.errorString());
        return false;
    }
    m_writesSinceHeader = 0;
    return true;
}

bool WavWriter::write(const int16_t *samples, int frames)
{
    if (!m_file.isOpen() || frames < 0)
        return false;
    const qint64 bytes = qint64(frames) * m_channels * 2;
    if (m_dataBytes + bytes > MaxDataBytes) {
        m_error = QStringLiteral("WAV size limit (4 GiB) reached");
        return false;
    }
#if Q_BYTE_ORDER == Q_BIG_ENDIAN
    for (qint64 i = 0; i < bytes / 2; ++i) {
        char le[2];
        qToLittleEndian<qint16>(samples[i], le);
        if (m_file.write(le, 2) != 2)
            return false;
    }
#else
    if (m_file.write(reinterpret_cast<const char *>(samples), bytes) != bytes) {
        m_error = QStringLiteral("%1: %2").arg(m_file.fileName(), m_file.errorString());
        return false;
    }
#endif
    m_dataBytes += bytes;
    if (++m_writesSinceHeader >= m_headerUpdateInterval)
        return flush();
    return true;
}

bool WavWriter::flush()
{
    if (!m_file.isOpen())
        return false;
    return writeHeader() && m_file.flush();
}

bool WavWriter::close()
{
    if (!m_file.isOpen())
        return true;
    const bool ok = flush();
    m_file.close();
    return ok;
}

} // namespace audin::media
