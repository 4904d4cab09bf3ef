// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace audin::sim {

/**
 * The words the `speech` far end says: a recorded prompt shipped with the simulator
 * (src/sim/data/speech-prompt.wav, embedded as this resource; docs/SIMULATOR.md says how it was
 * made), played in a loop.
 */
inline constexpr char DefaultSpeechPromptPath[] = ":/audin/sim/speech-prompt.wav";

/**
 * Reads a WAV file or resource of any rate and channel count and converts it to 48 kHz mono
 * int16. Empty, with `error` set, when it cannot be read.
 */
std::vector<int16_t> loadSpeechPrompt(const QString &path, QString *error = nullptr);

} // namespace audin::sim
