// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SyntheticVoice.h"
#include "WavFile.h"

#include <QString>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace audin::test {

/** Where a signal best matches a reference, and how well (normalised cross-correlation, -1..1). */
struct CorrelationPeak
{
    double value = 0;
    int lagMs = 0; ///< how much later the reference shows up in the signal
};

/** 48 kHz → 8 kHz by averaging six samples: enough band for speech, 36x cheaper to search. */
inline std::vector<double> decimate6(const std::vector<int16_t> &samples)
{
    std::vector<double> out(samples.size() / 6);
    for (size_t i = 0; i < out.size(); ++i) {
        double sum = 0;
        for (int k = 0; k < 6; ++k)
            sum += samples[i * 6 + k];
        out[i] = sum / 6.0;
    }
    return out;
}

/**
 * Searches lags 0..maxLagMs for the best normalised cross-correlation between `reference`
 * (48 kHz) from `startMs` for `windowMs` and the same stretch of `signal` shifted by the lag.
 */
inline CorrelationPeak bestCorrelation(const std::vector<int16_t> &reference, const std::vector<int16_t> &signal,
                                       int startMs, int windowMs, int maxLagMs)
{
    const std::vector<double> ref = decimate6(reference);
    const std::vector<double> sig = decimate6(signal);
    const int start = startMs * 8;
    const int window = windowMs * 8;
    CorrelationPeak best;
    if (start + window > int(ref.size()))
        return best;
    double refEnergy = 0;
    for (int i = 0; i < window; ++i)
        refEnergy += ref[start + i] * ref[start + i];
    for (int lag = 0; lag <= maxLagMs * 8; ++lag) {
        if (start + lag + window > int(sig.size()))
            break;
        double dot = 0;
        double sigEnergy = 0;
        for (int i = 0; i < window; ++i) {
            const double s = sig[start + lag + i];
            dot += ref[start + i] * s;
            sigEnergy += s * s;
        }
        if (refEnergy <= 0 || sigEnergy <= 0)
            continue;
        const double value = dot / std::sqrt(refEnergy * sigEnergy);
        if (value > best.value) {
            best.value = value;
            best.lagMs = lag / 8;
        }
    }
    return best;
}

inline double rmsDbfs(const std::vector<int16_t> &samples, size_t from = 0, size_t to = size_t(-1))
{
    to = std::min(to, samples.size());
    if (from >= to)
        return -100;
    double sum = 0;
    for (size_t i = from; i < to; ++i)
        sum += double(samples[i]) * samples[i];
    const double rms = std::sqrt(sum / double(to - from));
    return rms > 0 ? 20.0 * std::log10(rms / 32768.0) : -100;
}

/**
 * The median of bestCorrelation() over consecutive windows where the reference is not silent:
 * robust to a jitter buffer that stretches or shrinks time between windows (each window finds its
 * own lag).
 */
inline CorrelationPeak medianCorrelation(const std::vector<int16_t> &reference, const std::vector<int16_t> &signal,
                                         int startMs, int endMs, int windowMs, int maxLagMs)
{
    std::vector<CorrelationPeak> peaks;
    for (int at = startMs; at + windowMs <= endMs; at += windowMs) {
        // A window where the reference is silent says nothing either way (gated takes have pauses).
        if (rmsDbfs(reference, size_t(at) * 48, size_t(at + windowMs) * 48) < -60)
            continue;
        peaks.push_back(bestCorrelation(reference, signal, at, windowMs, maxLagMs));
    }
    if (peaks.empty())
        return {};
    std::sort(peaks.begin(), peaks.end(), [](const auto &a, const auto &b) { return a.value < b.value; });
    return peaks[peaks.size() / 2];
}

/** Writes `seconds` of deterministic speech-like audio at 48 kHz mono; returns the samples. */
/**
 * The share of 100 ms speech windows of `reference` (startMs..endMs) that come back in `signal`
 * nearly sample-exact (normalised correlation >= 0.6) at a lag within minLagMs..maxLagMs. A path
 * with a time-stretching jitter buffer warps some windows, but the rest return intact at the
 * expected delay: 0.5-0.9 of them for a real echo, against 0-0.05 for another take.
 */
inline double matchedFraction(const std::vector<int16_t> &reference, const std::vector<int16_t> &signal, int startMs,
                              int endMs, int minLagMs, int maxLagMs)
{
    int windows = 0;
    int matched = 0;
    for (int at = startMs; at + 100 <= endMs; at += 100) {
        if (rmsDbfs(reference, size_t(at) * 48, size_t(at + 100) * 48) < -50)
            continue;
        const CorrelationPeak peak = bestCorrelation(reference, signal, at, 100, maxLagMs);
        ++windows;
        if (peak.value >= 0.6 && peak.lagMs >= minLagMs)
            ++matched;
    }
    return windows > 0 ? double(matched) / windows : 0.0;
}

inline std::vector<int16_t> writeVoiceWav(const QString &path, double seconds, uint32_t seed = 7)
{
    std::vector<int16_t> samples(size_t(seconds * 48000));
    media::SyntheticVoice voice(seed);
    voice.generate(samples.data(), int(samples.size()));
    media::WavWriter writer(path, 48000, 1);
    if (writer.open()) {
        writer.write(samples.data(), int(samples.size()));
        writer.close();
    }
    return samples;
}

/**
 * Speech-like audio switched on and off at random (100-400 ms each, seeded): pauses at places no
 * other take has, so a recording that matches it is this take and not merely speech-like.
 */
inline std::vector<int16_t> gatedVoice(double seconds, uint32_t seed)
{
    std::vector<int16_t> samples(size_t(seconds * 48000));
    media::SyntheticVoice voice(seed);
    voice.generate(samples.data(), int(samples.size()));
    uint32_t state = seed * 2654435761u + 1;
    size_t at = 0;
    bool on = true;
    while (at < samples.size()) {
        state = state * 1664525u + 1013904223u;
        const size_t length = size_t(48 * (100 + (state >> 8) % 300));
        if (!on)
            std::fill(samples.begin() + long(at), samples.begin() + long(std::min(samples.size(), at + length)), 0);
        at += length;
        on = !on;
    }
    return samples;
}

inline std::vector<int16_t> writeGatedVoiceWav(const QString &path, double seconds, uint32_t seed = 7)
{
    const std::vector<int16_t> samples = gatedVoice(seconds, seed);
    media::WavWriter writer(path, 48000, 1);
    if (writer.open()) {
        writer.write(samples.data(), int(samples.size()));
        writer.close();
    }
    return samples;
}

inline std::vector<int16_t> readMono(const QString &path)
{
    std::optional<media::WavAudio> audio = media::WavReader::readFile(path);
    if (!audio || audio->info.channels != 1)
        return {};
    return audio->samples;
}

} // namespace audin::test
