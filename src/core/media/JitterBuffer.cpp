// SPDX-License-Identifier: GPL-3.0-or-later
#include "JitterBuffer.h"

#include "AudioDecoder.h"
#include "MediaFrame.h"

#include <algorithm>
#include <cmath>

namespace audin::media {

namespace {

constexpr qint64 TagConcealed = PcmQueue::TagConcealed;
constexpr qint64 TagSilence = PcmQueue::TagSilence;
// Unwrapped counters start this far up, a whole number of wraps, so frames older than the first
// one never go negative (negative tags mean generated audio) and the low bits stay the wire value.
constexpr qint64 TimestampBase = qint64(1) << 36;
constexpr qint64 SequenceBase = qint64(1) << 20;
// Concealment is asked of the codec in pieces it accepts (Opus: at most 120 ms, 2.5 ms steps).
constexpr int ConcealChunkMs = 20;

// Packets whose sequence we remember, to tell a duplicate from a late frame.
constexpr int SeenWindow = 1024;
// Before this many arrivals (a second) the history says little: keep at least the start delay.
constexpr int MinHistoryForTarget = 50;
// Longest Opus packet is 120 ms.
constexpr int MaxPacketMs = 120;
// Pitch-synchronous stretching: lags of 2.5-15 ms cover voices from ~65 to 400 Hz; matching
// over 5 ms is enough to align voiced speech, and the overlap-add over the same length hides the
// seam. Quiet stretches need no alignment, only a short fade against clicks.
constexpr double MinLagMs = 2.5;
constexpr double MaxLagMs = 15.0;
constexpr double WindowMs = 5.0;
constexpr double QuietFadeMs = 2.5;
constexpr double MinQuietCutMs = 0.5;
constexpr double MinCorrelation = 0.5;
// Far behind (a stall burst): stretching speech harder beats keeping 100+ ms of extra delay.
constexpr double FarBehindMs = 60.0;
// Peak detection: how far above the target a delay must be to count, and how close two peaks
// must be to be taken as a pattern rather than an accident.
constexpr double PeakMarginMs = 20.0;
constexpr qint64 PeakWindowMs = 3000;
// Absolute floor under which a frame is quiet whatever the level tracking says (~ -56 dBFS).
constexpr double AbsoluteQuietRms = 50.0;

// Target search: candidate spacing, and how fast the model's delay returns to the target after
// a late frame (accelerate removes roughly a pitch period per 20 ms frame in speech, more in quiet).
constexpr double CandidateStepMs = 2.0;
constexpr double CoarseStepMs = 10.0;
// Recompute the target every few arrivals once the history is established (it moves slowly).
constexpr int TargetUpdateInterval = 5;
constexpr double ModelDecayPerFrameMs = 8.0;

// ITU-T G.107 E-model impairments, in Cole & Rosenbluth's closed form: delay (Id) for a
// mouth-to-ear delay in ms, and effective equipment impairment (Ie-eff) for a loss percentage,
// with Ie = 0 and Bpl = 25.1 (G.113's value for a codec with good concealment), random loss.
double delayImpairment(double ms)
{
    return 0.024 * ms + (ms > 177.3 ? 0.11 * (ms - 177.3) : 0.0);
}

double lossImpairment(double percent)
{
    return 95.0 * percent / (percent + 25.1);
}

int16_t clampSample(double v)
{
    return static_cast<int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
}

} // namespace

JitterBuffer::JitterBuffer(JitterBufferConfig config, AudioDecoder *decoder)
    : m_config(config)
    , m_decoder(decoder)
{
    m_config.sampleRate = std::max(8000, m_config.sampleRate);
    m_config.frameMs = std::max(1, m_config.frameMs);
    m_config.minDelayMs = std::max(0, m_config.minDelayMs);
    m_config.maxDelayMs = std::max(m_config.minDelayMs + m_config.frameMs, m_config.maxDelayMs);
    if (m_config.percentile > 0)
        m_config.percentile = std::clamp(m_config.percentile, 0.5, 1.0);
    m_historyCapacity = std::max(10, m_config.historyMs / m_config.frameMs);
    reset();
}

JitterBuffer::~JitterBuffer() = default;

void JitterBuffer::reset()
{
    m_stats = JitterBufferStats();
    m_packets.clear();
    m_queue.clear();
    m_offsets.clear();
    m_arrivalsSinceTarget = 0;
    m_targetMs = std::clamp(m_config.startDelayMs, m_config.minDelayMs, m_config.maxDelayMs);
    m_baseTargetMs = m_targetMs;
    m_peaks.clear();
    m_inPeak = false;
    m_refMs = 0;
    m_haveTimestamp = false;
    m_timelineCount = 0;
    m_seen.assign(SeenWindow, false);
    m_haveFirstArrival = false;
    m_started = false;
    m_next = 0;
    m_underrun = false;
    m_pendingConcealed = 0;
    m_lastPullSamples = 0;
    m_frameSamples = m_config.sampleRate / 1000 * m_config.frameMs;
    m_noiseFloor = -1;
    m_speechLevel = 0;
    m_stats.targetDelayMs = m_targetMs;
}

void JitterBuffer::insert(uint16_t sequence, uint32_t timestamp, const QByteArray &payload, qint64 arrivalMs,
                          bool firstAfterSilenceOrResume)
{
    if (payload.size() > MediaFrame::MaxPayloadSize) {
        // No codec packet is this big: broken or hostile, and holding on to it would cost memory.
        ++m_stats.oversizedFrames;
        ++m_stats.discardedFrames;
        return;
    }
    // Unwrap both counters against the newest values seen; the extended timestamp keeps the
    // wire value in its low 32 bits until the sender jumps (then wireTimestamp() maps it back).
    qint64 extTimestamp;
    qint64 extSequence;
    if (!m_haveTimestamp) {
        m_haveTimestamp = true;
        extTimestamp = TimestampBase + timestamp;
        extSequence = SequenceBase + sequence;
        m_highestTimestamp = timestamp;
        m_highestExtTimestamp = extTimestamp;
        m_highestArrivalMs = arrivalMs;
        m_highestSequence = sequence;
        m_highestExtSequence = extSequence;
        startTimeline(extTimestamp, timestamp);
    } else {
        const int seqDelta = seqDiff(sequence, m_highestSequence);
        const qint64 tsDelta = timestampDiff(timestamp, m_highestTimestamp);
        extTimestamp = m_highestExtTimestamp + tsDelta;
        extSequence = m_highestExtSequence + seqDelta;
        // How much further the sender's clock may run than ours between two frames; twice that
        // back is older than any late frame can be (nothing that old is kept).
        const qint64 bound = qint64(m_config.maxDelayMs) * m_config.sampleRate / 1000;
        const qint64 elapsed = std::max<qint64>(0, arrivalMs - m_highestArrivalMs) * m_config.sampleRate / 1000;
        bool newTimeline = false;
        bool newSequence = false;
        if (tsDelta > elapsed + bound) {
            // Audio from further ahead than time went by: the sender's clock jumped forward.
            newTimeline = true;
            newSequence = seqDelta <= 0;
        } else if (tsDelta < 0 && seqDelta > 0) {
            // A later frame from an earlier time: a jump back (or ahead by more than 2^31).
            newTimeline = true;
        } else if (tsDelta > 0 && seqDelta <= 0) {
            newSequence = true; // the numbering restarted, time did not
        } else if (tsDelta < -2 * bound && !isDuplicate(extSequence)) {
            // Far older than any late frame, and no copy of one seen: the sender restarted.
            newTimeline = true;
            newSequence = true;
        }
        if (newTimeline) {
            // Carry on where the old timeline ends, by wall time: what is buffered still plays
            // first, the arrival history (arrival - timestamp) stays valid, the new audio plays next.
            const qint64 frames = std::max<qint64>(1, (elapsed + m_frameSamples / 2) / m_frameSamples);
            qint64 position = m_highestExtTimestamp + frames * m_frameSamples;
            if (m_started)
                position = std::max(position, m_next);
            extTimestamp = position;
            startTimeline(position, timestamp);
        }
        if (newSequence) {
            // Past everything remembered, so no new number passes for a duplicate of an old one.
            m_highestExtSequence += SeenWindow;
            m_highestSequence = sequence;
            extSequence = m_highestExtSequence;
            std::fill(m_seen.begin(), m_seen.end(), false);
        }
        if (newTimeline || newSequence)
            ++m_stats.timelineResets;
    }

    if (extSequence <= m_highestExtSequence - SeenWindow) {
        ++m_stats.lateFrames;
        ++m_stats.discardedFrames;
        return;
    }
    if (extSequence > m_highestExtSequence) {
        for (qint64 s = m_highestExtSequence + 1; s <= extSequence && s <= m_highestExtSequence + SeenWindow; ++s)
            m_seen[size_t(s % SeenWindow)] = false;
        m_highestExtSequence = extSequence;
        m_highestSequence = sequence;
    }
    const size_t seenIndex = size_t(extSequence % SeenWindow);
    if (m_seen[seenIndex]) {
        ++m_stats.duplicateFrames;
        return;
    }
    m_seen[seenIndex] = true;
    if (extTimestamp > m_highestExtTimestamp) {
        m_highestExtTimestamp = extTimestamp;
        m_highestTimestamp = timestamp;
        m_highestArrivalMs = arrivalMs;
    }
    if (!m_haveFirstArrival) {
        m_haveFirstArrival = true;
        m_firstArrivalMs = arrivalMs;
    }

    // Late frames still say something about the network: learn from them before dropping.
    addArrival(extTimestamp, arrivalMs, firstAfterSilenceOrResume);

    if (m_started && extTimestamp < m_next) {
        ++m_stats.lateFrames;
        ++m_stats.discardedFrames;
        return;
    }

    auto it = std::lower_bound(m_packets.begin(), m_packets.end(), extTimestamp,
                               [](const Packet &p, qint64 ts) { return p.timestamp < ts; });
    if (it != m_packets.end() && it->timestamp == extTimestamp) {
        ++m_stats.duplicateFrames;
        return;
    }
    m_packets.insert(it, Packet {extTimestamp, payload, firstAfterSilenceOrResume});
    ++m_stats.insertedFrames;

    // Memory bound for when nobody pulls (playout stopped) or a burst floods in: far more than
    // maxDelay is never played, and no real packet is shorter than 2.5 ms.
    const qint64 spanLimit = qint64(m_config.maxDelayMs) * 2 * m_config.sampleRate / 1000;
    const size_t packetLimit = size_t(std::max<qint64>(2, spanLimit / std::max(1, m_config.sampleRate / 400)));
    while (
        m_packets.size() > 1
        && (m_packets.size() > packetLimit || m_packets.back().timestamp - m_packets.front().timestamp > spanLimit)) {
        ++m_stats.overflowFrames;
        discardFront(false);
    }
}

bool JitterBuffer::isDuplicate(qint64 extSequence) const
{
    return extSequence > m_highestExtSequence - SeenWindow && extSequence <= m_highestExtSequence
        && m_seen[size_t(extSequence % SeenWindow)];
}

void JitterBuffer::startTimeline(qint64 position, quint32 wire)
{
    if (m_timelineCount == TimelineSlots) {
        std::copy(m_timelines.begin() + 1, m_timelines.end(), m_timelines.begin());
        --m_timelineCount;
    }
    m_timelines[size_t(m_timelineCount++)] = Timeline {position, position - qint64(wire)};
}

quint32 JitterBuffer::wireTimestamp(qint64 timestamp) const
{
    for (int i = m_timelineCount - 1; i > 0; --i) {
        if (timestamp >= m_timelines[size_t(i)].start)
            return static_cast<quint32>(timestamp - m_timelines[size_t(i)].shift);
    }
    return static_cast<quint32>(timestamp - (m_timelineCount > 0 ? m_timelines[0].shift : 0));
}

void JitterBuffer::addArrival(qint64 timestamp, qint64 arrivalMs, bool resync)
{
    const double offset = double(arrivalMs) - double(timestamp) * 1000.0 / m_config.sampleRate;
    if (!m_offsets.empty()) {
        // A resumed channel whose timestamps did not follow wall time, or a sender that jumped
        // ahead, would make every later packet look late (or every earlier one): re-anchor the
        // history on this packet instead, keeping the learnt spread.
        const double deviation = offset - m_refMs;
        const double limit = std::max(m_config.maxDelayMs, 1000);
        if ((resync && deviation > limit) || deviation < -limit) {
            for (double &o : m_offsets)
                o += deviation;
            m_refMs += deviation;
        }
    }
    m_offsets.push_back(offset);
    while (int(m_offsets.size()) > m_historyCapacity)
        m_offsets.pop_front();
    if (++m_arrivalsSinceTarget >= TargetUpdateInterval || int(m_offsets.size()) < MinHistoryForTarget) {
        m_arrivalsSinceTarget = 0;
        updateTarget();
    }
    trackPeaks(offset - m_refMs, arrivalMs);
}

void JitterBuffer::trackPeaks(double delayMs, qint64 arrivalMs)
{
    // NetEq's old DelayPeakDetector, for the onset of bursty delivery: the long history needs
    // seconds to learn a new pattern, and meanwhile every burst would be waited for and then
    // accelerated away again. Two separate delay peaks within a few seconds mean the pattern
    // repeats: hold the delay at the lower of the two highest peaks. One isolated peak (a TCP
    // stall) is not held, so the delay comes back down right after it.
    if (delayMs > m_baseTargetMs + PeakMarginMs) {
        if (!m_inPeak)
            m_peaks.push_back(Peak {arrivalMs, delayMs});
        else
            m_peaks.back().heightMs = std::max(m_peaks.back().heightMs, delayMs);
        m_inPeak = true;
    } else {
        m_inPeak = false;
    }
    while (!m_peaks.empty() && m_peaks.front().atMs < arrivalMs - PeakWindowMs)
        m_peaks.pop_front();
    double held = 0;
    if (m_peaks.size() >= 2) {
        double highest = 0;
        for (const Peak &p : m_peaks) {
            if (p.heightMs > highest) {
                held = highest;
                highest = p.heightMs;
            } else {
                held = std::max(held, p.heightMs);
            }
        }
    }
    m_targetMs = std::clamp(std::max(m_baseTargetMs, held), double(m_config.minDelayMs), double(m_config.maxDelayMs));
}

void JitterBuffer::updateTarget()
{
    const int n = int(m_offsets.size());
    if (n == 0)
        return;
    m_refMs = *std::min_element(m_offsets.begin(), m_offsets.end());
    double target;
    if (m_config.percentile > 0) {
        m_sorted.assign(m_offsets.begin(), m_offsets.end());
        const int index = std::clamp(int(std::ceil(m_config.percentile * n)) - 1, 0, n - 1);
        std::nth_element(m_sorted.begin(), m_sorted.begin() + index, m_sorted.end());
        target = m_sorted[size_t(index)] - m_refMs;
    } else {
        target = costOptimalTarget();
    }
    if (n < MinHistoryForTarget)
        target = std::max(target, double(m_config.startDelayMs));
    m_baseTargetMs = std::clamp(target, double(m_config.minDelayMs), double(m_config.maxDelayMs));
    m_targetMs = std::max(m_targetMs, m_baseTargetMs);
    if (m_peaks.size() < 2)
        m_targetMs = m_baseTargetMs;
}

double JitterBuffer::costOptimalTarget()
{
    // Replays the history through a model of this buffer for each candidate target: a frame later
    // than the current delay is waited for (concealment of the difference) and raises the delay,
    // which then decays back to the target as accelerate would. The candidate with the smallest
    // E-model impairment (delay + loss) wins. A fixed percentile cannot do this: bursty links need
    // ~99 % (rare 20 ms waits cost more than the delay), stalls need ~90 % (waiting out a 500 ms
    // stall is cheaper than carrying 500 ms all the time).
    m_sorted.assign(m_offsets.begin(), m_offsets.end()); // arrival order kept
    double highest = 0;
    for (double &d : m_sorted) {
        d -= m_refMs;
        highest = std::max(highest, d);
    }
    const double count = double(m_sorted.size());
    const double lo = m_config.minDelayMs;
    const double hi = std::min(double(m_config.maxDelayMs), highest + CandidateStepMs);
    const auto cost = [&](double target) {
        double delay = target;
        double waited = 0;
        double sum = 0;
        for (double d : m_sorted) {
            if (d > delay) {
                waited += d - delay;
                delay = d;
            }
            sum += delay;
            delay = std::max(target, delay - ModelDecayPerFrameMs);
        }
        const double lossPercent = 100.0 * waited / (count * m_config.frameMs);
        return delayImpairment(m_config.pathDelayMs + sum / count) + lossImpairment(lossPercent);
    };
    // Coarse pass, then a fine one around the best; past the point where the delay alone costs
    // more than the best so far, no target can win.
    double best = lo;
    double bestCost = cost(lo);
    for (double target = lo + CoarseStepMs; target <= hi; target += CoarseStepMs) {
        if (delayImpairment(m_config.pathDelayMs + target) >= bestCost)
            break;
        const double c = cost(target);
        if (c < bestCost - 1e-9) {
            bestCost = c;
            best = target;
        }
    }
    const double fineLo = std::max(lo, best - CoarseStepMs + CandidateStepMs);
    const double fineHi = std::min(hi, best + CoarseStepMs - CandidateStepMs);
    for (double target = fineLo; target <= fineHi; target += CandidateStepMs) {
        const double c = cost(target);
        if (c < bestCost - 1e-9) {
            bestCost = c;
            best = target;
        }
    }
    return best;
}

double JitterBuffer::delayAtMs(qint64 timestamp, double atMs) const
{
    return atMs - double(timestamp) * 1000.0 / m_config.sampleRate - m_refMs;
}

double JitterBuffer::queuedMs() const
{
    return double(m_queue.size()) * 1000.0 / m_config.sampleRate;
}

void JitterBuffer::discardFront(bool late)
{
    const Packet &front = m_packets.front();
    if (m_started && front.timestamp >= m_next) {
        // Skipping audio that was never played: the playout position moves past it.
        const qint64 end = front.timestamp + m_frameSamples;
        m_next = m_packets.size() > 1 ? std::min(end, m_packets[1].timestamp) : end;
    }
    if (late)
        ++m_stats.lateFrames;
    ++m_stats.discardedFrames;
    m_packets.pop_front();
}

JitterBuffer::PullResult JitterBuffer::pull(int16_t *out, int samples, qint64 nowMs)
{
    PullResult result;
    if (samples <= 0)
        return result;
    if (m_lastPullSamples != samples) {
        m_lastPullSamples = samples;
        updateTarget();
    }
    if (!m_started) {
        // The first frame sets the clock: hold it for the start delay, as there is no history yet.
        if (m_packets.empty() || nowMs < m_firstArrivalMs + m_config.startDelayMs) {
            std::fill(out, out + samples, int16_t(0));
            result.otherSamples = samples;
            return result;
        }
        m_started = true;
        m_next = m_packets.front().timestamp;
    }

    fillQueue(nowMs, samples);

    std::copy(m_queue.data(), m_queue.data() + samples, out);
    for (int i = 0; i < samples; ++i) {
        const qint64 tag = m_queue.tag(i);
        if (tag >= 0) {
            if (!result.hasTimestamp) {
                result.hasTimestamp = true;
                result.timestamp = wireTimestamp(tag);
                result.timestampOffset = i;
                // Never below zero: audio cannot play before it arrived (a re-anchored reference
                // may still sit above frames queued before it moved).
                m_stats.currentDelayMs
                    = std::max(0.0, delayAtMs(tag, double(nowMs) + i * 1000.0 / m_config.sampleRate));
            }
            ++result.decodedSamples;
        } else if (tag == TagConcealed) {
            ++result.concealedSamples;
        } else {
            ++result.otherSamples;
        }
    }
    m_queue.consume(samples);

    m_pendingConcealed += result.concealedSamples;
    m_stats.totalSamples += samples;
    m_stats.concealedSamples += result.concealedSamples;
    m_stats.silenceSamples += result.otherSamples;
    return result;
}

void JitterBuffer::fillQueue(qint64 nowMs, int samples)
{
    const double samplesPerMs = m_config.sampleRate / 1000.0;
    while (m_queue.size() < samples) {
        const int needed = samples - m_queue.size();
        const double atMs = double(nowMs) + queuedMs(); // when the next produced sample plays

        while (!m_packets.empty() && m_packets.front().timestamp < m_next)
            discardFront(true);
        if (m_packets.empty()) {
            conceal(needed, false);
            continue;
        }
        const Packet &front = m_packets.front();
        if (front.timestamp > m_next) {
            const qint64 gap = front.timestamp - m_next;
            if (front.resync) {
                // A pause the sender chose (DTX) or a resume: free to lengthen or shorten it.
                if (delayAtMs(front.timestamp, double(nowMs)) >= m_targetMs)
                    m_next = front.timestamp;
                else
                    generate(needed, TagSilence);
                continue;
            }
            // Over TCP a later frame arriving first means this one will never come.
            if (gap > qint64(m_config.maxDelayMs * samplesPerMs)) {
                m_next = front.timestamp;
                continue;
            }
            m_stats.lostFrames += int(std::max<qint64>(1, (gap + m_frameSamples / 2) / m_frameSamples));
            conceal(int(gap), true);
            continue;
        }
        // The next frame is here. Above the bound, the oldest audio goes unplayed.
        if (m_packets.size() > 1 && delayAtMs(front.timestamp, atMs) > m_config.maxDelayMs) {
            discardFront(false);
            continue;
        }
        decodeFront(double(nowMs));
    }
}

void JitterBuffer::conceal(int samples, bool advance)
{
    const int n = generate(samples, TagConcealed);
    if (!m_underrun)
        ++m_stats.expandCount;
    m_underrun = true;
    // The gap is covered; what the codec's 2.5 ms steps add beyond it is delay, not stream time
    // (moving past the next packet would make it, and every one after it, late).
    if (advance)
        m_next += std::min(n, samples);
}

int JitterBuffer::generate(int samples, qint64 tag)
{
    // Concealment for missing audio; for a DTX pause, the codec's concealment after its last
    // (silence) frame is its comfort noise.
    const int quantum = std::max(1, m_config.sampleRate / 400);
    const int n = (samples + quantum - 1) / quantum * quantum;
    const int chunk = m_config.sampleRate / 1000 * ConcealChunkMs;
    int16_t *out = m_queue.append(n, tag, false);
    for (int done = 0; done < n;) {
        const int size = std::min(chunk, n - done);
        const int produced = m_decoder ? m_decoder->conceal(out + done, size) : 0;
        if (produced < size)
            std::fill(out + done + std::max(0, produced), out + done + size, int16_t(0));
        done += size;
    }
    return n;
}

bool JitterBuffer::decodeFront(double nowMs)
{
    const Packet packet = m_packets.front();
    m_packets.pop_front();

    const int fade = m_config.sampleRate / 400;
    const bool merge = m_underrun && m_decoder;
    if (merge) {
        // Continue the concealment a little further to cross-fade into the real audio (NetEq's
        // merge); done before decoding so the codec's concealment state is the one it ended with.
        m_mergeTail.resize(size_t(fade));
        if (m_decoder->conceal(m_mergeTail.data(), fade) < fade)
            std::fill(m_mergeTail.begin(), m_mergeTail.end(), int16_t(0));
    }

    const int start = m_queue.size();
    const int capacity = m_config.sampleRate / 1000 * MaxPacketMs;
    int16_t *pcm = m_queue.append(capacity, packet.timestamp, true);
    int decoded = m_decoder ? m_decoder->decode(packet.payload, pcm, capacity) : -1;
    if (decoded <= 0) {
        m_queue.truncate(start);
        ++m_stats.decodeErrors;
        ++m_stats.discardedFrames;
        conceal(m_frameSamples, true);
        return false;
    }
    // A packet cannot reach into the next one (a garbage payload may decode as 120 ms): the next
    // packet holds what was sent for that time, so it must not be thrown away as late.
    if (!m_packets.empty() && m_packets.front().timestamp > packet.timestamp)
        decoded = int(std::min<qint64>(decoded, m_packets.front().timestamp - packet.timestamp));
    m_queue.truncate(start + decoded);
    pcm = m_queue.data() + start;
    if (merge) {
        const int n = std::min(fade, decoded);
        for (int i = 0; i < n; ++i) {
            const double w = (i + 0.5) / n;
            pcm[i] = clampSample((1.0 - w) * m_mergeTail[size_t(i)] + w * pcm[i]);
        }
    }
    m_next = packet.timestamp + decoded;
    m_frameSamples = decoded;
    ++m_stats.decodedFrames;

    if (packet.resync && m_pendingConcealed > 0) {
        // What looked like the network failing was the sender pausing (DTX) or resuming.
        m_stats.concealedSamples -= m_pendingConcealed;
        m_stats.silenceSamples += m_pendingConcealed;
    }
    if (packet.resync)
        m_queue.retag(TagConcealed, TagSilence, start);
    m_pendingConcealed = 0;
    const bool afterConcealment = m_underrun;
    m_underrun = false;

    const bool quiet = classifyQuiet(pcm, decoded);
    // Right after concealment the delay has just been raised by a late frame: let it settle
    // for one frame, like NetEq plays a merge before any time-stretching.
    if (!afterConcealment)
        adjust(start, delayAtMs(packet.timestamp, nowMs), quiet);
    return true;
}

bool JitterBuffer::classifyQuiet(const int16_t *pcm, int samples)
{
    double energy = 0;
    for (int i = 0; i < samples; ++i)
        energy += double(pcm[i]) * pcm[i];
    const double rms = std::sqrt(energy / std::max(1, samples));
    // Track a noise floor (fast down, slow up: ~4 dB/s) and a speech level (fast up, slow down),
    // as Mumble does before letting speexdsp move its delay; quiet = near the floor.
    if (m_noiseFloor < 0) {
        m_noiseFloor = rms;
        m_speechLevel = rms;
    }
    if (rms < m_noiseFloor)
        m_noiseFloor = rms;
    else
        m_noiseFloor = std::min(m_noiseFloor * 1.01 + 0.01, rms);
    if (rms > m_speechLevel)
        m_speechLevel = rms;
    else
        m_speechLevel = std::max(m_speechLevel * 0.998, m_noiseFloor);
    if (rms < AbsoluteQuietRms)
        return true;
    // Without a real dynamic range seen yet, nothing is known to be quiet.
    if (m_speechLevel < 8 * std::max(m_noiseFloor, 1.0))
        return false;
    return rms < 2 * m_noiseFloor + 0.02 * (m_speechLevel - m_noiseFloor);
}

void JitterBuffer::adjust(int regionStart, double needDelayMs, bool quiet)
{
    // Frames are needed at pull instants, so the delay that decides lateness (needDelayMs) moves
    // in whole pull periods; what is left of the previous frame (regionStart samples) only adds
    // delay. So: trim the leftover whenever possible, drop a whole period more while the next
    // frame would still be needed no earlier than the target, add just enough to reach the
    // target when below it.
    const double samplesPerMs = m_config.sampleRate / 1000.0;
    const int region = m_queue.size() - regionStart;
    const int pull = m_lastPullSamples > 0 ? m_lastPullSamples : m_frameSamples;
    const double pullMs = pull / samplesPerMs;
    int change = 0; // > 0: may remove up to this; < 0: must add at least this
    if (needDelayMs >= m_targetMs) {
        // Until the history says what the network does, only trim: lowering the delay on a
        // guess costs concealment as soon as the first late frame comes.
        const bool known = int(m_offsets.size()) >= MinHistoryForTarget;
        const int periods = known ? int(std::floor((needDelayMs - m_targetMs) / pullMs)) : 0;
        change = regionStart + periods * pull;
    } else if (needDelayMs < m_targetMs - m_config.hysteresisMs) {
        // Slightly below target is left alone: a late frame raises the delay by itself, and
        // reacting to every wobble of the target would stretch back and forth.
        const int periods = int(std::ceil((m_targetMs - needDelayMs) / pullMs));
        change = std::min(0, regionStart - periods * pull);
    } else {
        change = regionStart;
    }
    if (change == 0 || region <= 0)
        return;

    if (quiet) {
        // Short cuts get a short fade: in a quiet stretch even 1 ms is inaudible.
        const int minimum = std::max(1, int(MinQuietCutMs * samplesPerMs));
        const int fade = std::clamp(std::abs(change), minimum, int(QuietFadeMs * samplesPerMs));
        const int length = std::min(std::abs(change), region - fade);
        if (length < minimum)
            return;
        if (change > 0) {
            m_queue.remove(regionStart, length, fade);
            ++m_stats.accelerateCount;
            m_stats.removedSamples += length;
        } else {
            m_queue.repeat(regionStart, length, fade);
            ++m_stats.preemptiveExpandCount;
            m_stats.addedSamples += length;
        }
        return;
    }

    const int window = int(WindowMs * samplesPerMs);
    const int minLag = int(MinLagMs * samplesPerMs);
    int maxLag = std::min(int(MaxLagMs * samplesPerMs), region - window);
    if (change > 0 && change < FarBehindMs * samplesPerMs)
        maxLag = std::min(maxLag, change); // a longer period could not be taken out anyway
    if (maxLag < minLag)
        return;
    double correlation = 0;
    const int period = m_queue.bestLag(regionStart, minLag, maxLag, window, &correlation);
    const bool farBehind = change > FarBehindMs * samplesPerMs;
    if (correlation < MinCorrelation && !farBehind)
        return;

    if (change > 0) {
        // One pitch period per frame normally (~NetEq's accelerate); up to half the frame when
        // far behind, in whole periods so the seam stays pitch-synchronous.
        if (period > change)
            return;
        const int cap = farBehind ? std::max(period, region / 2) : period;
        int periods = std::max(1, std::min(change, cap) / period);
        while (periods > 1 && periods * period + window > region)
            --periods;
        int lag = periods * period;
        if (periods > 1) {
            // Re-align around the multiple: pitch drifts within a frame.
            double c = 0;
            const int slack = std::max(1, period / 8);
            const int hi = std::min({lag + slack, region - window, change});
            lag = m_queue.bestLag(regionStart, std::min(lag - slack, hi), hi, window, &c);
        }
        if (lag + window > region)
            return;
        m_queue.remove(regionStart, lag, window);
        ++m_stats.accelerateCount;
        m_stats.removedSamples += lag;
    } else {
        if (correlation < MinCorrelation)
            return;
        const int wanted = -change;
        int periods = std::max(1, (wanted + period - 1) / period);
        while (periods > 1 && (periods * period + window > region || periods * period > region / 2))
            --periods;
        if (periods * period + window > region)
            return;
        m_queue.repeat(regionStart, periods * period, window);
        ++m_stats.preemptiveExpandCount;
        m_stats.addedSamples += periods * period;
    }
}

JitterBufferStats JitterBuffer::stats() const
{
    JitterBufferStats s = m_stats;
    s.targetDelayMs = m_targetMs;
    double buffered = queuedMs();
    if (!m_packets.empty()) {
        const qint64 from = m_started ? m_next : m_packets.front().timestamp;
        buffered += double(std::max<qint64>(0, m_packets.back().timestamp + m_frameSamples - from)) * 1000.0
            / m_config.sampleRate;
    }
    s.bufferedMs = buffered;
    return s;
}

} // namespace audin::media
