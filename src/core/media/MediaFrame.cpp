// SPDX-License-Identifier: GPL-3.0-or-later
#include "MediaFrame.h"

#include <cstring>

namespace audin::media {

namespace {

void writeHeader(char *d, quint8 flags, quint16 sequence, quint32 timestamp)
{
    d[0] = static_cast<char>(MediaFrame::KindAudio);
    d[1] = static_cast<char>(flags);
    d[2] = static_cast<char>(sequence >> 8);
    d[3] = static_cast<char>(sequence & 0xff);
    d[4] = static_cast<char>(timestamp >> 24);
    d[5] = static_cast<char>((timestamp >> 16) & 0xff);
    d[6] = static_cast<char>((timestamp >> 8) & 0xff);
    d[7] = static_cast<char>(timestamp & 0xff);
}

} // namespace

QByteArray MediaFrame::encode() const
{
    QByteArray out;
    encodeInto(out, sequence, timestamp, payload.constData(), int(payload.size()), flags);
    return out;
}

void MediaFrame::encodeInto(QByteArray &out, quint16 sequence, quint32 timestamp, const char *payload, int payloadSize,
                            quint8 flags)
{
    out.resize(HeaderSize + payloadSize);
    char *d = out.data();
    writeHeader(d, flags, sequence, timestamp);
    if (payloadSize > 0)
        std::memcpy(d + HeaderSize, payload, size_t(payloadSize));
}

bool MediaFrame::isWellFormed(const QByteArray &data)
{
    return data.size() >= HeaderSize && data.size() <= HeaderSize + MaxPayloadSize && quint8(data.at(0)) == KindAudio;
}

std::optional<MediaFrame> MediaFrame::parse(const QByteArray &data)
{
    if (!isWellFormed(data))
        return std::nullopt;
    const auto *d = reinterpret_cast<const uchar *>(data.constData());
    MediaFrame frame;
    frame.flags = d[1];
    frame.sequence = quint16((d[2] << 8) | d[3]);
    frame.timestamp = (quint32(d[4]) << 24) | (quint32(d[5]) << 16) | (quint32(d[6]) << 8) | quint32(d[7]);
    frame.payload = data.mid(HeaderSize);
    return frame;
}

void MediaFrameSequencer::next(QByteArray &out, const char *payload, int payloadSize, quint32 samplesInFrame)
{
    MediaFrame::encodeInto(out, m_sequence, m_timestamp, payload, payloadSize,
                           m_discontinuity ? MediaFrame::FlagFirstAfterSilence : 0);
    m_discontinuity = false;
    ++m_sequence;
    m_timestamp += samplesInFrame;
}

QByteArray MediaFrameSequencer::next(const QByteArray &payload, quint32 samplesInFrame)
{
    QByteArray out;
    next(out, payload.constData(), int(payload.size()), samplesInFrame);
    return out;
}

void MediaFrameSequencer::skip(quint32 samplesInFrame)
{
    m_timestamp += samplesInFrame;
    m_discontinuity = true;
}

} // namespace audin::media
