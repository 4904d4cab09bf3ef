// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace audin::media {

/**
 * Deterministic speech-like signal: a glottal pulse train with moving pitch through vowel formant
 * resonators, shaped into syllables (~4 per second) with fricative noise and pauses. Echo
 * cancellers, noise suppressors and codecs treat it like speech (white noise or a sine would
 * exercise other paths), and it needs no recordings: tests, benches and the simulator use it as
 * the far end. Active speech sits at about -20 dBFS RMS.
 */
class SyntheticVoice
{
public:
    explicit SyntheticVoice(uint32_t seed = 1, int sampleRate = 48000);

    void generate(int16_t *out, int count);
    int sampleRate() const { return m_sampleRate; }

private:
    struct Resonator
    {
        double a1 = 0.0;
        double a2 = 0.0;
        double gain = 0.0;
        double y1 = 0.0;
        double y2 = 0.0;
        void tune(double frequency, double bandwidth, int sampleRate);
        double step(double x);
    };

    uint32_t random();
    double uniform() { return (random() >> 8) * (1.0 / 16777216.0); }
    void startSegment();
    double nextSample();

    uint32_t m_state;
    int m_sampleRate;
    Resonator m_formants[3];
    double m_formantGain[3] = {1.0, 0.5, 0.25};
    // Current segment: voiced syllable, fricative or pause.
    enum class Segment
    {
        Voiced,
        Fricative,
        Pause,
    } m_segment
        = Segment::Pause;
    int m_segmentLength = 1;
    int m_segmentPos = 0;
    int m_syllablesUntilPause = 0;
    double m_pitchStart = 120.0;
    double m_pitchEnd = 120.0;
    double m_phase = 0.0;
    double m_glottal = 0.0;
    double m_lastNoise = 0.0;
    double m_outputGain = 1.0;
};

} // namespace audin::media
