// SPDX-License-Identifier: GPL-3.0-or-later
#include "NullAudioBackend.h"

namespace audin::media {

namespace {
constexpr int periodMs = 20;
}

NullAudioBackend::NullAudioBackend(QObject *parent)
    : AudioBackend(parent)
{
}

bool NullAudioBackend::start(AudioIo *io, QString *)
{
    m_io = io;
    m_buffer.assign(size_t(AudioFormatSpec::voiceFormat().bytesPerFrame() * 48 * periodMs), 0);
    m_clock.start(periodMs, [this] {
        std::fill(m_buffer.begin(), m_buffer.end(), 0);
        m_io->captureAvailable(m_buffer.data(), qint64(m_buffer.size()));
        m_io->fillPlayout(m_buffer.data(), qint64(m_buffer.size()));
    });
    return true;
}

void NullAudioBackend::stop()
{
    m_clock.stop();
}

} // namespace audin::media
