// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PcmQueue.h"

#include <QByteArray>
#include <QtGlobal>
#include <array>
#include <cstdint>
#include <deque>
#include <vector>

namespace audin::media {

class AudioDecoder;

/** Tuning of the jitter buffer. Times in milliseconds; the defaults suit 20 ms Opus over WebSockets. */
struct JitterBufferConfig
{
    int sampleRate = 48000;
    /** Nominal packet duration; sizes the arrival history before the first decode. */
    int frameMs = 20;
    /** Floor of the target delay. */
    int minDelayMs = 20;
    /** Hard bound: audio older than this is dropped (oldest first) instead of being played late. */
    int maxDelayMs = 500;
    /**
     * 0 (default): the target is the delay that minimises the E-model impairment (delay + loss) of
     * the recent arrivals. Otherwise a fixed quantile of the relative arrival delay, NetEq-style.
     */
    double percentile = 0.0;
    /** Rest of the mouth-to-ear path (capture, codec, network one way, playback) for the E-model. */
    int pathDelayMs = 100;
    /** How much arrival history the target looks at (in packets' worth of audio). */
    int historyMs = 10000;
    /** Delay used for the first frame, before there is any history. */
    int startDelayMs = 60;
    /** How far below the target the delay may sit before it is raised ahead of a late frame. */
    int hysteresisMs = 5;
};

/** What the buffer did so far. Sample counts are output samples since playout started. */
struct JitterBufferStats
{
    double targetDelayMs = 0; ///< current target, relative to the fastest recent packet
    double currentDelayMs = 0; ///< delay of the audio played last, same reference
    double bufferedMs = 0; ///< audio held (decoded and encoded) ahead of the playout position
    qint64 totalSamples = 0; ///< samples handed out by pull() since playout started
    qint64 concealedSamples = 0; ///< produced by AudioDecoder::conceal() for missing audio
    qint64 silenceSamples = 0; ///< filled in for DTX pauses and resumes (flagged): not losses
    qint64 removedSamples = 0; ///< taken out by accelerate
    qint64 addedSamples = 0; ///< added by preemptive expand
    int accelerateCount = 0; ///< time-compressions (pitch-synchronous, or a cut in a quiet stretch)
    int expandCount = 0; ///< concealment episodes (buffer ran dry, or a frame never came)
    int preemptiveExpandCount = 0; ///< time-expansions made while audio was available
    int insertedFrames = 0; ///< packets accepted by insert()
    int decodedFrames = 0;
    int lateFrames = 0; ///< arrived after their playout time
    int discardedFrames = 0; ///< dropped without being played (late, over the maximum delay, overflow)
    int duplicateFrames = 0;
    int lostFrames = 0; ///< sequence gaps not explained by DTX (the sender skipped them)
    int decodeErrors = 0;
    int oversizedFrames = 0; ///< payload over MediaFrame::MaxPayloadSize: dropped (also in discardedFrames)
    int overflowFrames = 0; ///< dropped unplayed to keep the buffer within its depth (also in discardedFrames)
    int timelineResets = 0; ///< the sender's timestamps or sequence numbers jumped: a new timeline
};

/**
 * Adaptive jitter buffer for audio carried over TCP (WebSockets).
 *
 * Over TCP nothing is lost and nothing is reordered, but frames come late, in bursts, and all at
 * once after a 200-500 ms retransmission stall. That changes which NetEq ideas apply:
 *
 * - Measuring. As in NetEq's PacketArrivalHistory, each packet's relative arrival delay is its
 *   arrival time minus its timestamp, minus the smallest such value in the history (the fastest
 *   packet: the network's base delay, which no buffer can remove). Raw offsets are kept and the
 *   reference taken at query time, so a drifting base delay and the target never disagree. The
 *   history is counted in packets (historyMs of audio), so a DTX pause does not erase it.
 * - Target. NetEq takes a fixed percentile (0.95) of that delay; measured here, no percentile
 *   serves both bursty links (late frames recur: waiting for them costs more than ~99 % of the
 *   delay) and TCP stalls (one 500 ms stall every few seconds: carrying 500 ms all the time costs
 *   more than waiting it out). So, by default, each candidate target is replayed against the
 *   history through a model of this buffer (a late frame is waited for, then the delay decays back)
 *   and the one with the smallest ITU-T G.107 E-model impairment (delay + loss) wins; pathDelayMs
 *   is the rest of the mouth-to-ear delay, which sets where delay starts to hurt. A fixed
 *   percentile is still available. On top, NetEq's old peak detector: two separate delay peaks
 *   within 3 s mean a pattern has started (the history needs seconds to learn it), so the target
 *   is held at the lower of the two highest; one isolated peak, a stall, is not held.
 * - Deciding. The delay that decides whether a frame is late is the one at the pull that needs
 *   it, and it moves in whole pull periods; what is left of the previous frame in the PCM queue
 *   only adds delay. So the leftover is trimmed whenever possible, a whole period more is cut while
 *   the needed-at delay stays at or above target, and just enough is added when it falls more than
 *   hysteresisMs below. The first second only trims: lowering the delay on a guess costs
 *   concealment at the first late frame.
 * - Missing audio. A frame that is not there yet is waited for: concealment does not advance the
 *   playout position (NetEq's expand), so the frame is played when it comes and the listener
 *   loses no words; the delay grows by the wait and is then taken back. Over TCP a later frame
 *   arriving first means the missing one will never come: only then is the gap concealed and
 *   skipped. Whole packets are discarded only beyond maxDelayMs (oldest first).
 * - Stretching. Quiet stretches are cut or lengthened outright with a short fade (inaudible, and
 *   fast: up to ~90 % of a frame); speech by whole pitch periods with an overlap-add at the
 *   best-correlating lag (WSOLA, NetEq's accelerate and preemptive expand): one period per frame,
 *   up to half a frame when more than 60 ms behind. Dropping whole chunks would clip words;
 *   stretching speech alone would take seconds to recover from a 500 ms stall.
 * - Timeline jumps. A sender whose timestamps jump backwards (a later sequence number with an
 *   earlier time, or a time far older than any late frame could be), or further ahead than the
 *   wall clock moved, has started a new timeline: it is mapped to continue where the old one ended
 *   (by wall time), so audio already buffered still plays, the arrival history stays valid and the
 *   new frames play at once. Sequence numbers that go back while time goes on are re-anchored the
 *   same way. Depth is capped in time and in packets, oldest dropped first.
 * - DTX and resume (the flag bit). A timestamp jump before a flagged frame is a pause, not a loss:
 *   it is filled with the codec's comfort noise, counted as silence (concealment produced while
 *   waiting for it is re-labelled), and shortened or lengthened for free toward the target. A
 *   flagged frame whose offset is far off (the channel resumed and timestamps did not follow wall
 *   time) re-anchors the history instead of poisoning it.
 *
 * Pure: time is passed in, nothing is global, one thread at a time (the playout thread should own
 * it; insert from the network thread through a queued hand-over or a mutex around both calls).
 */
class JitterBuffer
{
public:
    /** Where the audio handed out by one pull() came from. */
    struct PullResult
    {
        int decodedSamples = 0; ///< from packets (possibly time-stretched)
        int concealedSamples = 0;
        int otherSamples = 0; ///< silence: before start, DTX pauses, expansion in quiet stretches
        bool hasTimestamp = false;
        quint32 timestamp = 0; ///< stream timestamp of the first decoded sample of this pull...
        int timestampOffset = 0; ///< ...which is out[timestampOffset]
    };

    JitterBuffer(JitterBufferConfig config, AudioDecoder *decoder);
    ~JitterBuffer();
    JitterBuffer(const JitterBuffer &) = delete;
    JitterBuffer &operator=(const JitterBuffer &) = delete;

    /**
     * Hands over one received frame (the payload is decoded only when played). `arrivalMs` is on
     * the same clock as pull()'s `nowMs`; the flag is MediaFrame::isFirstAfterSilence().
     */
    void insert(uint16_t sequence, uint32_t timestamp, const QByteArray &payload, qint64 arrivalMs,
                bool firstAfterSilenceOrResume);
    /**
     * Fills `out` with exactly `samples` samples. `nowMs` is when this audio must be available
     * (the time of the device's request), on the clock used for arrivals. Statistics count from
     * the first pull that plays audio. A later flagged frame may re-label concealment reported here
     * as silence in stats().
     */
    PullResult pull(int16_t *out, int samples, qint64 nowMs);
    JitterBufferStats stats() const;
    /** Forgets packets, history, playout position and statistics (a new stream). */
    void reset();

private:
    struct Packet
    {
        qint64 timestamp; // unwrapped
        QByteArray payload;
        bool resync;
    };

    void fillQueue(qint64 nowMs, int samples);
    void conceal(int samples, bool advance);
    int generate(int samples, qint64 tag);
    bool decodeFront(double nowMs);
    double costOptimalTarget();
    void adjust(int regionStart, double needDelayMs, bool quiet);
    bool classifyQuiet(const int16_t *pcm, int samples);
    void addArrival(qint64 timestamp, qint64 arrivalMs, bool resync);
    void updateTarget();
    void trackPeaks(double delayMs, qint64 arrivalMs);
    double delayAtMs(qint64 timestamp, double atMs) const;
    quint32 wireTimestamp(qint64 timestamp) const;
    bool isDuplicate(qint64 extSequence) const;
    void startTimeline(qint64 position, quint32 wire);
    double queuedMs() const;
    void discardFront(bool late);

    JitterBufferConfig m_config;
    AudioDecoder *m_decoder;
    JitterBufferStats m_stats;

    std::deque<Packet> m_packets; // sorted by timestamp
    PcmQueue m_queue; // decoded or generated audio not yet handed out
    std::vector<int16_t> m_mergeTail;

    std::deque<double> m_offsets; // arrival - timestamp (ms), oldest first
    std::vector<double> m_sorted;
    struct Peak
    {
        qint64 atMs;
        double heightMs;
    };
    std::deque<Peak> m_peaks;
    bool m_inPeak = false;
    double m_baseTargetMs = 0; // from the history alone
    double m_targetMs = 0; // the base, or held up by repeating peaks
    double m_refMs = 0; // smallest offset in the history: the network's base delay
    int m_historyCapacity = 0;
    int m_arrivalsSinceTarget = 0;

    bool m_haveTimestamp = false;
    quint32 m_highestTimestamp = 0;
    qint64 m_highestExtTimestamp = 0;
    quint16 m_highestSequence = 0;
    qint64 m_highestExtSequence = 0;
    qint64 m_highestArrivalMs = 0; // arrival of the frame with the highest timestamp
    std::vector<bool> m_seen; // by extended sequence modulo its size
    // Where each recent timeline starts on the unwrapped axis, and what to subtract there to get
    // the wire timestamp back; oldest first, the last few only (what is still queued).
    struct Timeline
    {
        qint64 start;
        qint64 shift;
    };
    static constexpr int TimelineSlots = 4;
    std::array<Timeline, TimelineSlots> m_timelines {};
    int m_timelineCount = 0;
    bool m_haveFirstArrival = false;
    qint64 m_firstArrivalMs = 0;

    bool m_started = false;
    qint64 m_next = 0; // timestamp of the next sample to decode
    bool m_underrun = false; // the last audio produced was concealment waiting for m_next
    qint64 m_pendingConcealed = 0; // concealment since the last decoded frame (DTX may re-label it)
    int m_lastPullSamples = 0;
    int m_frameSamples = 0;
    double m_noiseFloor = -1;
    double m_speechLevel = 0;
};

} // namespace audin::media
