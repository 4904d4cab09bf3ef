// SPDX-License-Identifier: GPL-3.0-or-later
#include "PcmQueue.h"

#include <algorithm>
#include <cmath>

namespace audin::media {

namespace {

int16_t clampSample(double v)
{
    return static_cast<int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
}

// Normalised cross-correlation of x[0, window) with x[lag, lag + window).
template<typename T> double correlationAt(const T *x, int lag, int window)
{
    double cross = 0;
    double energyA = 0;
    double energyB = 0;
    for (int i = 0; i < window; ++i) {
        const double a = x[i];
        const double b = x[lag + i];
        cross += a * b;
        energyA += a * a;
        energyB += b * b;
    }
    // Silence matches anything.
    if (energyA < 1.0 && energyB < 1.0)
        return 1.0;
    return cross / std::sqrt(std::max(energyA * energyB, 1e-9));
}

} // namespace

int16_t *PcmQueue::append(int count, qint64 firstTag, bool consecutive)
{
    const size_t start = m_samples.size();
    m_samples.resize(start + size_t(count), 0);
    m_tags.resize(m_samples.size());
    for (int i = 0; i < count; ++i)
        m_tags[start + size_t(i)] = consecutive ? firstTag + i : firstTag;
    return m_samples.data() + start;
}

void PcmQueue::truncate(int size)
{
    m_samples.resize(size_t(size));
    m_tags.resize(size_t(size));
}

void PcmQueue::consume(int count)
{
    m_samples.erase(m_samples.begin(), m_samples.begin() + count);
    m_tags.erase(m_tags.begin(), m_tags.begin() + count);
}

void PcmQueue::retag(qint64 from, qint64 to, int end)
{
    for (int i = 0; i < end; ++i) {
        if (m_tags[size_t(i)] == from)
            m_tags[size_t(i)] = to;
    }
}

void PcmQueue::clear()
{
    m_samples.clear();
    m_tags.clear();
}

int PcmQueue::bestLag(int start, int minLag, int maxLag, int window, double *correlation) const
{
    const int16_t *x = m_samples.data() + start;
    // Coarse search on a 4x decimated copy (12 kHz keeps speech pitch), then refine at full rate.
    constexpr int Factor = 4;
    int lo = minLag;
    int hi = maxLag;
    if (maxLag - minLag > 8 * Factor) {
        const int length = (maxLag + window) / Factor;
        m_decimated.resize(size_t(length));
        for (int i = 0; i < length; ++i) {
            const int16_t *p = x + i * Factor;
            m_decimated[size_t(i)] = float(p[0] + p[1] + p[2] + p[3]);
        }
        int coarse = minLag / Factor;
        double coarseValue = -2;
        for (int lag = (minLag + Factor - 1) / Factor; lag <= maxLag / Factor; ++lag) {
            const double value = correlationAt(m_decimated.data(), lag, window / Factor);
            if (value > coarseValue) {
                coarseValue = value;
                coarse = lag;
            }
        }
        lo = std::max(minLag, coarse * Factor - Factor);
        hi = std::min(maxLag, coarse * Factor + Factor);
    }
    int best = lo;
    double bestValue = -2;
    for (int lag = lo; lag <= hi; ++lag) {
        const double value = correlationAt(x, lag, window);
        if (value > bestValue) {
            bestValue = value;
            best = lag;
        }
    }
    *correlation = bestValue;
    return best;
}

void PcmQueue::remove(int start, int length, int fade)
{
    // The cross-faded samples carry the later audio's tags: that is what plays on after them.
    for (int i = 0; i < fade; ++i) {
        const double w = (i + 0.5) / fade;
        const size_t a = size_t(start + i);
        const size_t b = size_t(start + length + i);
        m_samples[a] = clampSample((1.0 - w) * m_samples[a] + w * m_samples[b]);
        m_tags[a] = m_tags[b];
    }
    const auto first = qint64(start + fade);
    m_samples.erase(m_samples.begin() + first, m_samples.begin() + first + length);
    m_tags.erase(m_tags.begin() + first, m_tags.begin() + first + length);
}

void PcmQueue::repeat(int start, int length, int fade)
{
    const size_t tail = m_samples.size() - size_t(start);
    m_scratch.assign(m_samples.begin() + start, m_samples.end());
    m_scratchTags.assign(m_tags.begin() + start, m_tags.end());
    m_samples.resize(m_samples.size() + size_t(length));
    m_tags.resize(m_samples.size());
    int16_t *y = m_samples.data() + start;
    qint64 *t = m_tags.data() + start;
    for (int i = 0; i < length; ++i) {
        y[i] = m_scratch[size_t(i)];
        t[i] = m_scratchTags[size_t(i)];
    }
    for (int i = 0; i < fade; ++i) {
        const double w = (i + 0.5) / fade;
        y[length + i] = clampSample((1.0 - w) * m_scratch[size_t(length + i)] + w * m_scratch[size_t(i)]);
        t[length + i] = m_scratchTags[size_t(i)];
    }
    for (size_t i = size_t(fade); i < tail; ++i) {
        y[size_t(length) + i] = m_scratch[i];
        t[size_t(length) + i] = m_scratchTags[i];
    }
}

} // namespace audin::media
