// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace audin::media {

/**
 * The DTMF dual tone for one key (ITU-T Q.23: rows 697/770/852/941 Hz, columns
 * 1209/1336/1477/1633 Hz), for the operator's local key feedback. Streams: call generate() or
 * mixInto() with successive playout frames until finished(). Short raised-cosine fades avoid clicks.
 */
class DtmfTone
{
public:
    static constexpr int DefaultDurationMs = 160;
    /** RMS level of each sine; together they peak at -11 dBFS (0.28 of full scale): audible, not harsh. */
    static constexpr double DefaultToneDbfs = -20.0;

    /** Row and column frequencies for 0-9, *, #, A-D; false for anything else. */
    static bool frequencies(char key, int *lowHz, int *highHz);
    static bool isValidKey(char key) { return frequencies(key, nullptr, nullptr); }

    explicit DtmfTone(char key, int durationMs = DefaultDurationMs, int sampleRate = 48000,
                      double toneDbfs = DefaultToneDbfs, int fadeMs = 5);

    bool isValid() const { return m_low > 0; }
    char key() const { return m_key; }
    int lowHz() const { return m_low; }
    int highHz() const { return m_high; }
    int totalSamples() const { return m_total; }
    int remainingSamples() const { return m_total - m_pos; }
    bool finished() const { return m_pos >= m_total; }

    /** Writes the next samples of the tone (then zeros once finished); returns tone samples written. */
    int generate(int16_t *out, int count);
    /** Adds the next samples of the tone into `mix` (saturating); returns tone samples mixed. */
    int mixInto(int16_t *mix, int count);
    void restart() { m_pos = 0; }

private:
    float sampleAt(int n) const;

    char m_key;
    int m_low = 0;
    int m_high = 0;
    int m_sampleRate;
    int m_total = 0;
    int m_fade = 0;
    int m_pos = 0;
    float m_amplitude = 0.0f;
};

} // namespace audin::media
