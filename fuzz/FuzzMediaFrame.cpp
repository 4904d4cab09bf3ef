// SPDX-License-Identifier: GPL-3.0-or-later
// The binary audio frames of the call channel (PROTOCOL.md 4.2) as AudioEngine::receiveFrame()
// handles them: MediaFrame::parse(), then the jitter buffer and the real Opus decoder.
//
// The whole input is first parsed as one frame (parse accepts exactly the frames it can encode
// back, byte for byte). It is then read as a stream of records `delay (1 byte, ms) | length
// (1 byte) | frame`: time advances by the delay, the playout pulls every 10 ms it owes, and the
// frame is inserted, so hostile sequence numbers, timestamps, flags and Opus packets reach the
// buffer's arithmetic and the decoder in every order.
#include "JitterBuffer.h"
#include "MediaFrame.h"
#include "OpusCodec.h"

#include <QByteArray>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace audin::media;

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "FUZZ CHECK FAILED: %s\n", what);
    std::abort();
}

constexpr int ChunkSamples = 480; // AudioEngine renders 10 ms at 48 kHz per pull
constexpr int MaxPulls = 400; // 4 s of playout per input keeps each run fast

void checkSingleFrame(const QByteArray &data)
{
    const std::optional<MediaFrame> frame = MediaFrame::parse(data);
    const bool shaped = data.size() >= MediaFrame::HeaderSize && quint8(data.at(0)) == MediaFrame::KindAudio;
    if (frame.has_value() != shaped)
        fail("parse() accepted a frame that is too short or not audio, or refused a well-formed one");
    if (!frame)
        return;
    if (frame->encode() != data)
        fail("parse() then encode() does not give the same bytes");
    if (frame->payload.size() != data.size() - MediaFrame::HeaderSize)
        fail("the payload is not everything after the header");
    QByteArray reused(3, 'x');
    MediaFrame::encodeInto(reused, frame->sequence, frame->timestamp, frame->payload.constData(),
                           int(frame->payload.size()), frame->flags);
    if (reused != data)
        fail("encodeInto() into a used buffer differs from encode()");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray whole(reinterpret_cast<const char *>(data), qsizetype(size));
    checkSingleFrame(whole);

    OpusVoiceDecoder decoder(48000);
    if (!decoder.isValid())
        fail("no Opus decoder");
    JitterBuffer jitter(JitterBufferConfig {}, &decoder);
    std::vector<int16_t> out(ChunkSamples);
    qint64 nowMs = 0;
    qint64 playedUntilMs = 0;
    int pulls = 0;
    size_t pos = 0;
    while (pos + 2 <= size && pulls < MaxPulls) {
        nowMs += data[pos];
        const size_t length = std::min<size_t>(data[pos + 1], size - pos - 2);
        const QByteArray bytes(reinterpret_cast<const char *>(data + pos + 2), qsizetype(length));
        pos += 2 + length;
        for (; playedUntilMs + 10 <= nowMs && pulls < MaxPulls; playedUntilMs += 10, ++pulls) {
            const JitterBuffer::PullResult result = jitter.pull(out.data(), ChunkSamples, playedUntilMs);
            if (result.decodedSamples < 0 || result.concealedSamples < 0 || result.otherSamples < 0
                || result.decodedSamples + result.concealedSamples + result.otherSamples > ChunkSamples)
                fail("pull() accounts for more or fewer samples than it handed out");
        }
        if (const std::optional<MediaFrame> frame = MediaFrame::parse(bytes))
            jitter.insert(frame->sequence, frame->timestamp, frame->payload, nowMs, frame->isFirstAfterSilence());
    }
    // Drain what is left, as the playout would after the far end stopped sending.
    for (int i = 0; i < 20 && pulls < MaxPulls; ++i, ++pulls, playedUntilMs += 10)
        jitter.pull(out.data(), ChunkSamples, playedUntilMs);
    const JitterBufferStats stats = jitter.stats();
    if (stats.totalSamples < 0 || stats.bufferedMs < 0 || stats.bufferedMs > 60000)
        fail("jitter buffer statistics out of range");
    return 0;
}
