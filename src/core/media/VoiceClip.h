// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace audin::media {

/**
 * Decodes a WAV file (anything WavReader reads: any rate, 1-8 channels, 8-32 bit or float) to
 * 48 kHz mono int16, the format TonePlayer plays. The length is the file's duration at 48 kHz
 * and the first sample is the file's first (no resampler delay), so a loop stays seamless.
 * nullopt and a human `error` for anything that is not such a file.
 */
std::optional<std::vector<int16_t>> decodeToVoice(const QByteArray &wavBytes, QString *error = nullptr);

} // namespace audin::media
