// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace audin::media {

/**
 * Level measurements on int16 PCM. dBFS here is relative to a full-scale square wave, so a
 * full-scale sine reads -3.01 dBFS RMS; digital silence reads MinDbfs.
 */
namespace AudioLevel {

constexpr double MinDbfs = -100.0;

int peak(const int16_t *samples, int count);
double rms(const int16_t *samples, int count);
double rmsDbfs(const int16_t *samples, int count);
double toDbfs(double linearRms);
/**
 * Level of one frequency over the block (Goertzel), on the same scale as rmsDbfs(): for a pure
 * sine at that frequency (over a whole number of periods) both give the same value.
 */
double goertzelDbfs(const int16_t *samples, int count, double frequency, int sampleRate);
/** Saturating add of `add` into `mix`. */
void mixInto(int16_t *mix, const int16_t *add, int count);

} // namespace AudioLevel

} // namespace audin::media
