// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>
#include <cstdint>
#include <vector>

namespace audin::media {

/**
 * Mono PCM waiting to be played, each sample tagged with where it came from (its stream timestamp,
 * or a negative tag for generated audio), with the overlap-add edits a jitter buffer uses to
 * shorten or lengthen it. Tags make delay and concealment accounting exact however the audio was
 * stretched. Used by JitterBuffer; kept apart so the signal processing stays separately readable.
 */
class PcmQueue
{
public:
    static constexpr qint64 TagConcealed = -1;
    static constexpr qint64 TagSilence = -2;

    int size() const { return int(m_samples.size()); }
    const int16_t *data() const { return m_samples.data(); }
    int16_t *data() { return m_samples.data(); }
    qint64 tag(int index) const { return m_tags[size_t(index)]; }

    /** Appends `count` samples (to be written through the returned pointer) tagged `firstTag`,
     *  `firstTag + 1`, ... when `consecutive`, else all `firstTag`. */
    int16_t *append(int count, qint64 firstTag, bool consecutive);
    /** Drops samples from `size` on (a decoder delivered less than room was made for). */
    void truncate(int size);
    /** Drops the first `count` samples (they were played). */
    void consume(int count);
    /** Re-tags samples before `end` that carry `from`. */
    void retag(qint64 from, qint64 to, int end);
    void clear();

    /**
     * Lag in [minLag, maxLag] at which the audio from `start` best matches itself over `window`
     * samples (normalised cross-correlation, written to `correlation`): a pitch period or a
     * multiple of one. Needs start + maxLag + window <= size().
     */
    int bestLag(int start, int minLag, int maxLag, int window, double *correlation) const;
    /** Removes `length` samples after `start`, cross-fading over `fade` samples across the cut.
     *  Needs start + length + fade <= size(). */
    void remove(int start, int length, int fade);
    /** Plays `length` samples from `start` twice, cross-fading over `fade` samples back into the
     *  repeat. Needs start + length + fade <= size(). */
    void repeat(int start, int length, int fade);

private:
    std::vector<int16_t> m_samples;
    std::vector<qint64> m_tags;
    std::vector<int16_t> m_scratch;
    std::vector<qint64> m_scratchTags;
    mutable std::vector<float> m_decimated;
};

} // namespace audin::media
