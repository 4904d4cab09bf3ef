// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <cstdint>

namespace audin::media {

/**
 * What the jitter buffer needs from a codec: decode one packet, or conceal a gap.
 * Mono 16-bit PCM at the decoder's sample rate. Implemented by OpusDecoder (real) and by
 * synthetic decoders in tests and benches.
 */
class AudioDecoder
{
public:
    virtual ~AudioDecoder() = default;
    virtual int sampleRate() const = 0;
    /** Decodes one packet into `out` (capacity `maxSamples`); returns samples written, or -1 on error. */
    virtual int decode(const QByteArray &packet, int16_t *out, int maxSamples) = 0;
    /** Produces `samples` samples of concealment (packet-loss concealment) continuing the signal. */
    virtual int conceal(int16_t *out, int samples) = 0;
};

} // namespace audin::media
