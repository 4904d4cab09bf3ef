// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyntheticVoice.h"

#include <algorithm>
#include <cmath>

namespace audin::media {

namespace {

struct Vowel
{
    double f1, f2, f3;
};
// Peterson & Barney averages (adult male): a, e, i, o, u.
constexpr Vowel Vowels[] = {
    {730, 1090, 2440}, {530, 1840, 2480}, {270, 2290, 3010}, {570, 840, 2410}, {300, 870, 2240},
};
constexpr double Bandwidths[3] = {80.0, 100.0, 140.0};

} // namespace

void SyntheticVoice::Resonator::tune(double frequency, double bandwidth, int sampleRate)
{
    const double r = std::exp(-M_PI * bandwidth / sampleRate);
    const double theta = 2.0 * M_PI * frequency / sampleRate;
    a1 = 2.0 * r * std::cos(theta);
    a2 = -r * r;
    // Unity gain at the centre frequency (approximately), so formant gains set the spectrum.
    gain = (1.0 - r) * std::sqrt(1.0 - 2.0 * r * std::cos(2.0 * theta) + r * r);
}

double SyntheticVoice::Resonator::step(double x)
{
    const double y = gain * x + a1 * y1 + a2 * y2;
    y2 = y1;
    y1 = y;
    return y;
}

SyntheticVoice::SyntheticVoice(uint32_t seed, int sampleRate)
    : m_state(seed ? seed : 1)
    , m_sampleRate(sampleRate > 0 ? sampleRate : 48000)
{
    startSegment();
    // Calibrate the output level on a private copy so the sequence itself stays seed-determined.
    SyntheticVoice probe = *this;
    probe.m_outputGain = 1.0;
    double sum = 0.0;
    int voiced = 0;
    for (int i = 0; i < 4 * m_sampleRate; ++i) {
        const bool isVoiced = probe.m_segment == Segment::Voiced;
        const double v = probe.nextSample();
        if (isVoiced) {
            sum += v * v;
            ++voiced;
        }
    }
    const double rms = voiced > 0 ? std::sqrt(sum / voiced) : 0.0;
    m_outputGain = rms > 0.0 ? (32768.0 * 0.1) / rms : 1.0; // -20 dBFS
}

uint32_t SyntheticVoice::random()
{
    // xorshift32: tiny, deterministic on every platform.
    m_state ^= m_state << 13;
    m_state ^= m_state >> 17;
    m_state ^= m_state << 5;
    return m_state;
}

void SyntheticVoice::startSegment()
{
    m_segmentPos = 0;
    if (m_segment == Segment::Voiced) {
        // After a syllable: a consonant-ish gap, sometimes a pause between phrases.
        if (--m_syllablesUntilPause <= 0) {
            m_segment = Segment::Pause;
            m_segmentLength = int((0.25 + 0.4 * uniform()) * m_sampleRate);
        } else if (uniform() < 0.4) {
            m_segment = Segment::Fricative;
            m_segmentLength = int((0.04 + 0.06 * uniform()) * m_sampleRate);
        } else {
            m_segment = Segment::Pause;
            m_segmentLength = int((0.02 + 0.05 * uniform()) * m_sampleRate);
        }
        return;
    }
    if (m_syllablesUntilPause <= 0)
        m_syllablesUntilPause = 4 + int(random() % 8);
    m_segment = Segment::Voiced;
    m_segmentLength = int((0.12 + 0.16 * uniform()) * m_sampleRate);
    const Vowel &v = Vowels[random() % 5];
    const double f[3] = {v.f1, v.f2, v.f3};
    for (int i = 0; i < 3; ++i)
        m_formants[i].tune(f[i] * (0.95 + 0.1 * uniform()), Bandwidths[i], m_sampleRate);
    m_pitchStart = m_pitchEnd > 0 ? m_pitchEnd : 120.0;
    m_pitchEnd = 95.0 + 80.0 * uniform();
}

double SyntheticVoice::nextSample()
{
    if (m_segmentPos >= m_segmentLength)
        startSegment();
    const double progress = double(m_segmentPos) / m_segmentLength;
    // 15 ms raised-cosine edges on every segment.
    const int edge = std::min(m_segmentPos, m_segmentLength - 1 - m_segmentPos);
    const int ramp = m_sampleRate * 15 / 1000;
    const double envelope = edge < ramp ? 0.5 - 0.5 * std::cos(M_PI * edge / ramp) : 1.0;
    ++m_segmentPos;

    double out = 0.0;
    if (m_segment == Segment::Voiced) {
        const double pitch = m_pitchStart + (m_pitchEnd - m_pitchStart) * progress;
        m_phase += pitch / m_sampleRate;
        double pulse = 0.0;
        if (m_phase >= 1.0) {
            m_phase -= 1.0;
            pulse = 1.0;
        }
        // One-pole smoothing of the pulse train gives the glottal spectral tilt.
        m_glottal = 0.9 * m_glottal + pulse + 0.02 * (uniform() - 0.5);
        for (int i = 0; i < 3; ++i)
            out += m_formantGain[i] * m_formants[i].step(m_glottal);
        out *= envelope;
    } else {
        // Keep the resonators ringing down naturally.
        for (int i = 0; i < 3; ++i)
            out += m_formantGain[i] * m_formants[i].step(0.0);
        if (m_segment == Segment::Fricative) {
            const double noise = uniform() - 0.5;
            // First difference: a high-pass "s"/"f"-like hiss.
            out += 0.6 * (noise - m_lastNoise) * envelope * 0.05;
            m_lastNoise = noise;
        }
    }
    return out * m_outputGain;
}

void SyntheticVoice::generate(int16_t *out, int count)
{
    for (int i = 0; i < count; ++i)
        out[i] = int16_t(std::clamp(std::lround(nextSample()), -32768L, 32767L));
}

} // namespace audin::media
