// SPDX-License-Identifier: GPL-3.0-or-later
#include "WavFileAudioBackend.h"

#include <cstring>

namespace audin::media {

namespace {
constexpr int periodMs = 20;
}

WavFileAudioBackend::WavFileAudioBackend(QString inputPath, bool loop, QObject *parent)
    : AudioBackend(parent)
    , m_path(std::move(inputPath))
    , m_loop(loop)
{
}

QString WavFileAudioBackend::describe() const
{
    return QStringLiteral("file %1").arg(m_path);
}

bool WavFileAudioBackend::start(AudioIo *io, QString *error)
{
    QString readError;
    std::optional<WavAudio> audio = WavReader::readFile(m_path, &readError);
    if (!audio) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(m_path, readError);
        return false;
    }
    m_io = io;
    m_format = AudioFormatSpec {audio->info.sampleRate, audio->info.channels, SampleFormat::Int16};
    m_frames = audio->frames(); // before the samples move out
    m_samples = std::move(audio->samples);
    m_position = 0;
    const int framesPerTick = m_format.sampleRate * periodMs / 1000;
    m_chunk.assign(size_t(framesPerTick * m_format.channels), 0);
    m_playout.assign(size_t(AudioFormatSpec::voiceFormat().bytesPerFrame() * 48 * periodMs), 0);
    m_clock.start(periodMs, [this] { tick(); });
    return true;
}

void WavFileAudioBackend::stop()
{
    m_clock.stop();
}

void WavFileAudioBackend::tick()
{
    const int channels = m_format.channels;
    const qint64 framesPerTick = qint64(m_chunk.size()) / channels;
    qint64 copied = 0;
    while (copied < framesPerTick) {
        if (m_position >= m_frames) {
            if (!m_loop || m_frames == 0)
                break;
            m_position = 0;
        }
        const qint64 n = std::min(framesPerTick - copied, m_frames - m_position);
        std::memcpy(m_chunk.data() + copied * channels, m_samples.data() + m_position * channels,
                    size_t(n * channels) * sizeof(int16_t));
        copied += n;
        m_position += n;
    }
    std::fill(m_chunk.begin() + copied * channels, m_chunk.end(), int16_t(0));
    m_io->captureAvailable(reinterpret_cast<const char *>(m_chunk.data()), qint64(m_chunk.size() * sizeof(int16_t)));
    m_io->fillPlayout(m_playout.data(), qint64(m_playout.size()));
}

} // namespace audin::media
