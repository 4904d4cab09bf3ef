// SPDX-License-Identifier: GPL-3.0-or-later
#include "DtmfTone.h"

#include <algorithm>
#include <cmath>

namespace audin::media {

bool DtmfTone::frequencies(char key, int *lowHz, int *highHz)
{
    static constexpr char keys[4][4] = {
        {'1', '2', '3', 'A'},
        {'4', '5', '6', 'B'},
        {'7', '8', '9', 'C'},
        {'*', '0', '#', 'D'},
    };
    static constexpr int rows[4] = {697, 770, 852, 941};
    static constexpr int cols[4] = {1209, 1336, 1477, 1633};
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 4; ++c) {
            if (keys[r][c] == key) {
                if (lowHz)
                    *lowHz = rows[r];
                if (highHz)
                    *highHz = cols[c];
                return true;
            }
        }
    }
    return false;
}

DtmfTone::DtmfTone(char key, int durationMs, int sampleRate, double toneDbfs, int fadeMs)
    : m_key(key)
    , m_sampleRate(sampleRate > 0 ? sampleRate : 48000)
{
    if (!frequencies(key, &m_low, &m_high) || durationMs <= 0) {
        m_low = m_high = 0;
        return;
    }
    m_total = int(int64_t(durationMs) * m_sampleRate / 1000);
    m_fade = std::min(m_total / 2, std::max(0, fadeMs) * m_sampleRate / 1000);
    // toneDbfs is the RMS of each sine on the rmsDbfs() scale: amplitude = sqrt(2) * 10^(dB/20).
    m_amplitude = float(std::sqrt(2.0) * std::pow(10.0, toneDbfs / 20.0) * 32768.0);
}

float DtmfTone::sampleAt(int n) const
{
    const double t = double(n) / m_sampleRate;
    double v = std::sin(2.0 * M_PI * m_low * t) + std::sin(2.0 * M_PI * m_high * t);
    if (m_fade > 0) {
        const int edge = std::min(n, m_total - 1 - n);
        if (edge < m_fade)
            v *= 0.5 - 0.5 * std::cos(M_PI * edge / m_fade);
    }
    return float(v) * m_amplitude;
}

int DtmfTone::generate(int16_t *out, int count)
{
    const int n = std::max(0, std::min(count, remainingSamples()));
    for (int i = 0; i < n; ++i)
        out[i] = int16_t(std::clamp(std::lround(sampleAt(m_pos + i)), -32768L, 32767L));
    std::fill(out + n, out + std::max(n, count), int16_t(0));
    m_pos += n;
    return n;
}

int DtmfTone::mixInto(int16_t *mix, int count)
{
    const int n = std::max(0, std::min(count, remainingSamples()));
    for (int i = 0; i < n; ++i) {
        const long v = long(mix[i]) + std::lround(sampleAt(m_pos + i));
        mix[i] = int16_t(std::clamp(v, -32768L, 32767L));
    }
    m_pos += n;
    return n;
}

} // namespace audin::media
