// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Sample-accurate latency markers: short tone bursts on silence, found again by their onset.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace audin::bench {

constexpr int markerPeriodMs = 500;
constexpr int markerLengthMs = 20;

/**
 * `seconds` of silence with a 1 kHz burst (-6 dBFS, 20 ms) every `periodMs` (500 by default: every
 * marker at the same place in its 20 ms frame), from 250 ms on.
 */
inline std::vector<int16_t> markerSignal(double seconds, int periodMs = markerPeriodMs)
{
    std::vector<int16_t> out(size_t(seconds * 48000), 0);
    for (size_t start = 48 * 250; start + 48 * markerLengthMs < out.size(); start += size_t(48 * periodMs)) {
        for (int i = 0; i < 48 * markerLengthMs; ++i)
            out[start + i] = int16_t(16000 * std::sin(2 * M_PI * 1000.0 * i / 48000.0));
    }
    return out;
}

/** Sample indexes where the signal first exceeds `threshold` after at least 200 ms of quiet. */
inline std::vector<long> onsets(const std::vector<int16_t> &signal, int threshold = 3000)
{
    std::vector<long> out;
    long quietSince = 0;
    for (long i = 0; i < long(signal.size()); ++i) {
        if (std::abs(int(signal[i])) > threshold) {
            if (i - quietSince >= 48 * 200)
                out.push_back(i);
            quietSince = i;
        }
    }
    return out;
}

/** For each input onset, the delay (ms) to the first output onset within `maxMs` after it. */
inline std::vector<double> markerDelaysMs(const std::vector<long> &in, const std::vector<long> &out, int maxMs = 450)
{
    std::vector<double> delays;
    size_t j = 0;
    for (long start : in) {
        while (j < out.size() && out[j] < start)
            ++j;
        if (j < out.size() && out[j] - start <= 48L * maxMs)
            delays.push_back(double(out[j] - start) / 48.0);
    }
    return delays;
}

inline double median(std::vector<double> values)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace audin::bench
