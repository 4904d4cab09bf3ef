// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <cstdint>
#include <optional>

namespace audin::media {

/**
 * One binary audio frame of the call channel (PROTOCOL.md 4.2):
 * kind (1 byte) | flags (1) | sequence (uint16 BE) | timestamp (uint32 BE) | codec packet.
 */
struct MediaFrame
{
    static constexpr quint8 KindAudio = 0x01;
    /** flags bit 0: first frame after silence (DTX) or after a resume. */
    static constexpr quint8 FlagFirstAfterSilence = 0x01;
    static constexpr int HeaderSize = 8;
    /**
     * Largest codec packet accepted: well above any real one (Opus: at most 1275 bytes per 20 ms,
     * 120 ms per packet; PCMU: 160 bytes per 20 ms). Bigger frames are broken or hostile.
     */
    static constexpr int MaxPayloadSize = 16384;

    quint8 flags = 0;
    quint16 sequence = 0;
    quint32 timestamp = 0;
    QByteArray payload;

    bool isFirstAfterSilence() const { return (flags & FlagFirstAfterSilence) != 0; }

    QByteArray encode() const;
    /**
     * Writes the frame into `out`, reusing its capacity, so a sender that keeps one QByteArray
     * around does not allocate per frame (as long as nobody else holds a copy of it).
     */
    static void encodeInto(QByteArray &out, quint16 sequence, quint32 timestamp, const char *payload, int payloadSize,
                           quint8 flags = 0);
    /** A header, the audio kind, and a payload no larger than MaxPayloadSize. */
    static bool isWellFormed(const QByteArray &data);
    /**
     * nullopt for a frame shorter than the header, of an unknown kind or with a payload over
     * MaxPayloadSize (the caller counts and drops it).
     */
    static std::optional<MediaFrame> parse(const QByteArray &data);
};

/** Signed distance a - b between two 16-bit sequence numbers, taking wrap-around into account. */
constexpr int seqDiff(quint16 a, quint16 b)
{
    return static_cast<qint16>(static_cast<quint16>(a - b));
}

/** True when sequence number `a` comes after `b` (within half the sequence space). */
constexpr bool isNewer(quint16 a, quint16 b)
{
    return seqDiff(a, b) > 0;
}

/** Signed distance a - b between two 32-bit timestamps, taking wrap-around into account. */
constexpr qint64 timestampDiff(quint32 a, quint32 b)
{
    return static_cast<qint32>(static_cast<quint32>(a - b));
}

constexpr bool isTimestampNewer(quint32 a, quint32 b)
{
    return timestampDiff(a, b) > 0;
}

/**
 * Numbers outgoing frames: sequence +1 per frame, timestamp + samples per frame (960 for 20 ms at
 * 48 kHz), both wrapping; sets the "first after silence" flag on the frame after a discontinuity
 * (start, resume, or frames skipped by DTX).
 */
class MediaFrameSequencer
{
public:
    explicit MediaFrameSequencer(quint16 firstSequence = 0, quint32 firstTimestamp = 0)
        : m_sequence(firstSequence)
        , m_timestamp(firstTimestamp)
    {
    }

    /** Builds the next frame into `out` and advances sequence and timestamp. */
    void next(QByteArray &out, const char *payload, int payloadSize, quint32 samplesInFrame);
    QByteArray next(const QByteArray &payload, quint32 samplesInFrame);
    /**
     * A frame's worth of audio was not sent (DTX): the timestamp advances, the sequence does not
     * (sequence counts frames sent), and the next frame sent carries the flag.
     */
    void skip(quint32 samplesInFrame);
    /** The next frame carries the flag (after a resume). */
    void markDiscontinuity() { m_discontinuity = true; }

    quint16 nextSequence() const { return m_sequence; }
    quint32 nextTimestamp() const { return m_timestamp; }

private:
    quint16 m_sequence;
    quint32 m_timestamp;
    bool m_discontinuity = true;
};

} // namespace audin::media
