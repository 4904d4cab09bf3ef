// SPDX-License-Identifier: GPL-3.0-or-later
#include "AudioLevel.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace audin::media::AudioLevel {

int peak(const int16_t *samples, int count)
{
    int p = 0;
    for (int i = 0; i < count; ++i)
        p = std::max(p, std::abs(int(samples[i])));
    return p;
}

double rms(const int16_t *samples, int count)
{
    if (count <= 0)
        return 0.0;
    double sum = 0.0;
    for (int i = 0; i < count; ++i)
        sum += double(samples[i]) * samples[i];
    return std::sqrt(sum / count);
}

double toDbfs(double linearRms)
{
    if (linearRms <= 0.0)
        return MinDbfs;
    return std::max(MinDbfs, 20.0 * std::log10(linearRms / 32768.0));
}

double rmsDbfs(const int16_t *samples, int count)
{
    return toDbfs(rms(samples, count));
}

double goertzelDbfs(const int16_t *samples, int count, double frequency, int sampleRate)
{
    if (count <= 0 || sampleRate <= 0)
        return MinDbfs;
    const double w = 2.0 * M_PI * frequency / sampleRate;
    const double coeff = 2.0 * std::cos(w);
    double s1 = 0.0;
    double s2 = 0.0;
    for (int i = 0; i < count; ++i) {
        const double s0 = samples[i] + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    const double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    // |X(f)| = A * N / 2 for a sine of amplitude A, whose RMS is A / sqrt(2).
    const double amplitude = 2.0 * std::sqrt(std::max(0.0, power)) / count;
    return toDbfs(amplitude / std::sqrt(2.0));
}

void mixInto(int16_t *mix, const int16_t *add, int count)
{
    for (int i = 0; i < count; ++i)
        mix[i] = int16_t(std::clamp(int(mix[i]) + int(add[i]), -32768, 32767));
}

} // namespace audin::media::AudioLevel
