// SPDX-License-Identifier: GPL-3.0-or-later
#include "AudioDecoder.h"
#include "CallQuality.h"
#include "JitterBuffer.h"
#include "PcmQueue.h"

#include <QTest>
#include <QtEndian>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

using namespace audin::media;

using SequenceFn = std::function<quint16(int)>;
using TimestampFn = std::function<quint32(int)>;
Q_DECLARE_METATYPE(SequenceFn)
Q_DECLARE_METATYPE(TimestampFn)

namespace {

constexpr int Rate = 48000;
constexpr int Frame = 960;
constexpr double Pi = 3.14159265358979323846;
constexpr double Never = std::numeric_limits<double>::quiet_NaN();

// Writes each frame's index into its samples (a constant level per frame), so the test can check
// which frame is playing and in what order frames were decoded. With `pauses`, every other half
// second is digital silence, as between phrases.
class TagDecoder final : public AudioDecoder
{
public:
    bool pauses = false;
    std::vector<qint64> order;

    static int16_t level(qint64 n) { return int16_t(8000 + n % 16000); }
    bool silent(qint64 n) const { return pauses && (n / 25) % 2 == 1; }
    int16_t valueFor(qint64 n) const { return silent(n) ? 0 : level(n); }

    int sampleRate() const override { return Rate; }
    int decode(const QByteArray &packet, int16_t *out, int maxSamples) override
    {
        if (packet.size() != 4 || maxSamples < Frame)
            return -1;
        const qint64 n = qFromLittleEndian<quint32>(packet.constData());
        order.push_back(n);
        std::fill(out, out + Frame, valueFor(n));
        return Frame;
    }
    int conceal(int16_t *out, int samples) override
    {
        std::fill(out, out + samples, int16_t(0));
        return samples;
    }
};

QByteArray payloadFor(qint64 n)
{
    QByteArray p(4, '\0');
    qToLittleEndian(quint32(n), p.data());
    return p;
}

struct Delivery
{
    qint64 n; // frame index; sent at n x 20 ms
    double arrivalMs;
    bool flag = false;
    qint64 timestampFrames = -1; // timestamp in frames when not n (DTX moves it ahead)
};

struct Outcome
{
    qint64 total = 0;
    qint64 concealed = 0;
    std::vector<double> delays; // added delay per pull, with the time it was measured
    std::vector<double> times;
    double maxTagError = 0;
    JitterBufferStats stats;
    std::vector<qint64> order;

    double concealedPercent() const { return total ? 100.0 * double(concealed) / double(total) : 0.0; }
    double mean() const
    {
        double sum = 0;
        for (double d : delays)
            sum += d;
        return delays.empty() ? 0 : sum / double(delays.size());
    }
    double percentile(double q) const
    {
        std::vector<double> s = delays;
        std::sort(s.begin(), s.end());
        return s.empty() ? 0 : s[std::min(s.size() - 1, size_t(q * double(s.size())))];
    }
    double meanBetween(double fromMs, double toMs) const
    {
        double sum = 0;
        int count = 0;
        for (size_t i = 0; i < delays.size(); ++i) {
            if (times[i] >= fromMs && times[i] < toMs) {
                sum += delays[i];
                ++count;
            }
        }
        return count ? sum / count : 0.0;
    }
};

struct Options
{
    int pullMs = 20;
    quint16 sequenceOrigin = 0;
    quint32 timestampOrigin = 0;
    bool pauses = false;
    JitterBufferConfig config;
};

// Replays deliveries against a playout clock ticking every pullMs, the way the audio device would
// pull, and measures what the listener gets until the last frame has been played.
Outcome replay(std::vector<Delivery> deliveries, const Options &options)
{
    std::stable_sort(deliveries.begin(), deliveries.end(),
                     [](const Delivery &a, const Delivery &b) { return a.arrivalMs < b.arrivalMs; });
    qint64 lastTs = 0;
    double base = 1e18;
    for (const Delivery &d : deliveries) {
        const qint64 ts = d.timestampFrames >= 0 ? d.timestampFrames : d.n;
        lastTs = std::max(lastTs, ts);
        base = std::min(base, d.arrivalMs - double(ts) * 20.0);
    }
    TagDecoder decoder;
    decoder.pauses = options.pauses;
    JitterBuffer buffer(options.config, &decoder);
    Outcome outcome;
    const int samples = Rate / 1000 * options.pullMs;
    std::vector<int16_t> out(static_cast<size_t>(samples));
    size_t next = 0;
    bool counting = true;
    bool previousHadGap = true;
    const qint64 end = qint64(deliveries.back().arrivalMs) + 3000;
    for (qint64 now = 0; now <= end && counting; now += options.pullMs) {
        while (next < deliveries.size() && deliveries[next].arrivalMs <= double(now)) {
            const Delivery &d = deliveries[next++];
            const qint64 ts = d.timestampFrames >= 0 ? d.timestampFrames : d.n;
            buffer.insert(quint16(options.sequenceOrigin + d.n), quint32(options.timestampOrigin + quint32(ts) * Frame),
                          payloadFor(ts), qint64(std::llround(d.arrivalMs)), d.flag);
        }
        const JitterBuffer::PullResult r = buffer.pull(out.data(), samples, now);
        if (buffer.stats().totalSamples == 0)
            continue;
        outcome.total += samples;
        outcome.concealed += r.concealedSamples;
        if (r.hasTimestamp) {
            const qint64 tag = qint64(quint32(r.timestamp - options.timestampOrigin));
            const qint64 frame = tag / Frame;
            const double playedAt = double(now) + r.timestampOffset * 1000.0 / Rate;
            outcome.delays.push_back(playedAt - double(tag) * 1000.0 / Rate - base);
            outcome.times.push_back(double(now));
            // The reported position must be what is actually playing (cross-fades aside).
            if (!previousHadGap && r.concealedSamples == 0 && r.otherSamples == 0) {
                const double error = std::abs(double(out[size_t(r.timestampOffset)]) - decoder.valueFor(frame));
                outcome.maxTagError = std::max(outcome.maxTagError, error);
            }
            if (frame >= lastTs)
                counting = false;
        }
        previousHadGap = r.concealedSamples > 0 || r.otherSamples > 0;
    }
    outcome.stats = buffer.stats();
    outcome.order = decoder.order;
    return outcome;
}

double uniform(std::mt19937 &rng, double lo, double hi)
{
    return lo + (hi - lo) * (rng() / 4294967296.0);
}

// TCP delivers in order: a frame cannot overtake the one before it.
void inOrder(std::vector<Delivery> &d)
{
    for (size_t i = 1; i < d.size(); ++i)
        d[i].arrivalMs = std::max(d[i].arrivalMs, d[i - 1].arrivalMs);
}

std::vector<Delivery> steadyTrace(int frames, double baseMs = 30, double jitterMs = 2, uint32_t seed = 1)
{
    std::mt19937 rng(seed);
    std::vector<Delivery> d;
    for (int n = 0; n < frames; ++n)
        d.push_back({n, n * 20.0 + baseMs + uniform(rng, -jitterMs, jitterMs)});
    inOrder(d);
    return d;
}

std::vector<Delivery> burstTrace(int frames, double periodMs)
{
    std::vector<Delivery> d;
    for (int n = 0; n < frames; ++n)
        d.push_back({n, std::floor(n * 20.0 / periodMs + 1) * periodMs + 30});
    return d;
}

// Everything sent during a stall arrives when it ends (the retransmission got through).
std::vector<Delivery> stallTrace(int frames, const std::vector<std::pair<double, double>> &stalls)
{
    std::vector<Delivery> d = steadyTrace(frames, 30, 3, 7);
    for (Delivery &x : d) {
        for (const auto &[start, length] : stalls) {
            if (x.arrivalMs >= start && x.arrivalMs < start + length)
                x.arrivalMs = start + length;
        }
    }
    inOrder(d);
    return d;
}

// A live stream as the call channel delivers it: frame n is sent at n x 20 ms and arrives 30 ms
// later, with the wire sequence number, timestamp and flag the functions give; the device pulls
// 20 ms every 20 ms. Records what was played and the delay the buffer reported at every pull.
struct LiveStream
{
    int frames = 600;
    std::function<quint16(int)> sequence = [](int n) { return quint16(n); };
    std::function<quint32(int)> timestamp = [](int n) { return quint32(n) * Frame; };
    std::function<bool(int)> flag = [](int n) { return n == 0; };
    std::function<QByteArray(int)> payload = [](int n) { return payloadFor(n); };
    JitterBufferConfig config;
};

struct LiveOutcome
{
    std::vector<qint64> order; // frames decoded, in order
    std::vector<int> concealed; // per pull
    double lowestDelayMs = 1e9;
    double lowestBufferedMs = 1e9;
    JitterBufferStats stats;

    bool played(qint64 n) const { return std::find(order.begin(), order.end(), n) != order.end(); }
    // Concealed share of the last `pulls` pulls, in percent.
    double concealedPercentOfLast(int pulls) const
    {
        qint64 sum = 0;
        const int from = std::max(0, int(concealed.size()) - pulls);
        for (int i = from; i < int(concealed.size()); ++i)
            sum += concealed[size_t(i)];
        return 100.0 * double(sum) / double(std::max(1, int(concealed.size()) - from) * Frame);
    }
};

LiveOutcome playLive(const LiveStream &stream)
{
    TagDecoder decoder;
    JitterBuffer buffer(stream.config, &decoder);
    LiveOutcome outcome;
    std::vector<int16_t> out(Frame);
    int next = 0;
    // Until the last frame has played: the stream's end is no concealment.
    for (qint64 now = 0; now <= qint64(stream.frames) * 20 + 2000; now += 20) {
        if (!decoder.order.empty() && decoder.order.back() == stream.frames - 1)
            break;
        for (; next < stream.frames && next * 20 + 30 <= now; ++next)
            buffer.insert(stream.sequence(next), stream.timestamp(next), stream.payload(next), next * 20 + 30,
                          stream.flag(next));
        const JitterBuffer::PullResult r = buffer.pull(out.data(), Frame, now);
        const JitterBufferStats s = buffer.stats();
        if (s.totalSamples > 0)
            outcome.concealed.push_back(r.concealedSamples);
        outcome.lowestDelayMs = std::min(outcome.lowestDelayMs, s.currentDelayMs);
        outcome.lowestBufferedMs = std::min(outcome.lowestBufferedMs, s.bufferedMs);
    }
    outcome.order = decoder.order;
    outcome.stats = buffer.stats();
    return outcome;
}

// Frame index at which the streams below misbehave.
constexpr int JumpAt = 300;

bool strictlyIncreasing(const std::vector<qint64> &order)
{
    for (size_t i = 1; i < order.size(); ++i) {
        if (order[i] <= order[i - 1])
            return false;
    }
    return true;
}

} // namespace

class TestJitterBuffer : public QObject
{
    Q_OBJECT

private slots:
    void steady_data()
    {
        QTest::addColumn<int>("pullMs");
        QTest::newRow("20 ms pulls") << 20;
        QTest::newRow("10 ms pulls") << 10;
    }

    void steady()
    {
        QFETCH(int, pullMs);
        Options options;
        options.pullMs = pullMs;
        const Outcome o = replay(steadyTrace(1500), options);
        QCOMPARE(o.concealed, qint64(0));
        QVERIFY2(o.mean() < 45, qPrintable(QString::number(o.mean())));
        QVERIFY2(o.percentile(0.95) < 50, qPrintable(QString::number(o.percentile(0.95))));
        QVERIFY(strictlyIncreasing(o.order));
        QCOMPARE(qint64(o.order.size()), qint64(1500));
        QVERIFY2(o.maxTagError <= 2, qPrintable(QString::number(o.maxTagError)));
        QCOMPARE(o.stats.lateFrames, 0);
        QCOMPARE(o.stats.discardedFrames, 0);
    }

    void jittery_data()
    {
        QTest::addColumn<int>("pullMs");
        QTest::newRow("20 ms pulls") << 20;
        QTest::newRow("10 ms pulls") << 10;
    }

    void jittery()
    {
        QFETCH(int, pullMs);
        Options options;
        options.pullMs = pullMs;
        const Outcome o = replay(steadyTrace(3000, 50, 40, 3), options);
        // Relative delays spread over ~80 ms: the buffer has to go there, and no further.
        QVERIFY2(o.concealedPercent() < 0.5, qPrintable(QString::number(o.concealedPercent())));
        QVERIFY2(o.mean() > 60 && o.mean() < 110, qPrintable(QString::number(o.mean())));
        QVERIFY2(o.percentile(0.95) < 120, qPrintable(QString::number(o.percentile(0.95))));
        QVERIFY(o.stats.targetDelayMs > 60);
        QVERIFY(strictlyIncreasing(o.order));
        QVERIFY2(o.maxTagError <= 2, qPrintable(QString::number(o.maxTagError)));
    }

    void bursts()
    {
        Options options;
        const Outcome o = replay(burstTrace(3000, 100), options);
        QVERIFY2(o.concealedPercent() < 0.5, qPrintable(QString::number(o.concealedPercent())));
        QVERIFY2(o.mean() > 60 && o.mean() < 140, qPrintable(QString::number(o.mean())));
        QVERIFY2(o.percentile(0.95) < 150, qPrintable(QString::number(o.percentile(0.95))));
        QCOMPARE(qint64(o.order.size()), qint64(3000));
    }

    void stallsAreWaitedOutThenCaughtUp_data()
    {
        QTest::addColumn<bool>("pauses");
        QTest::newRow("continuous speech") << false;
        QTest::newRow("with pauses") << true;
    }

    void stallsAreWaitedOutThenCaughtUp()
    {
        QFETCH(bool, pauses);
        Options options;
        options.pauses = pauses;
        const std::vector<std::pair<double, double>> stalls = {{6000, 200}, {14000, 350}, {22000, 500}, {30000, 300}};
        const Outcome o = replay(stallTrace(2000, stalls), options);
        // Concealment is at most the stalls themselves (1350 ms of 40 s), not more.
        QVERIFY2(o.concealedPercent() < 1350.0 / 400, qPrintable(QString::number(o.concealedPercent())));
        QVERIFY2(o.concealedPercent() > 1.0, qPrintable(QString::number(o.concealedPercent())));
        // Every word is played: nothing is thrown away over TCP.
        QCOMPARE(qint64(o.order.size()), qint64(2000));
        QVERIFY(strictlyIncreasing(o.order));
        QCOMPARE(o.stats.discardedFrames, 0);
        QVERIFY(o.stats.accelerateCount > 0);
        QVERIFY2(o.mean() < 120, qPrintable(QString::number(o.mean())));
        // After each stall the delay comes back down within a few seconds (adapts both ways).
        for (const auto &[start, length] : stalls) {
            const double peak = o.meanBetween(start + length, start + length + 200);
            const double after = o.meanBetween(start + length + 3000, start + length + 4000);
            QVERIFY2(peak > 150, qPrintable(QStringLiteral("peak %1 after stall at %2").arg(peak).arg(start)));
            QVERIFY2(after < 100, qPrintable(QStringLiteral("%1 ms after stall at %2").arg(after).arg(start)));
        }
        if (pauses)
            QVERIFY(o.stats.removedSamples > 0);
    }

    void targetFollowsTheNetworkBothWays()
    {
        // 30 s of +-40 ms jitter, then 30 s of a calm network.
        std::vector<Delivery> d = steadyTrace(1500, 50, 40, 5);
        // Calm at the jittery phase's fastest: what remains is the buffer's doing.
        const std::vector<Delivery> calm = steadyTrace(1500, 10, 1, 6);
        for (const Delivery &x : calm)
            d.push_back({x.n + 1500, x.arrivalMs + 30000});
        inOrder(d);
        Options options;
        const Outcome o = replay(d, options);
        const double jittery = o.meanBetween(20000, 30000);
        const double calmed = o.meanBetween(50000, 60000);
        QVERIFY2(jittery > 60, qPrintable(QString::number(jittery)));
        QVERIFY2(calmed < 45, qPrintable(QString::number(calmed)));
        QVERIFY(o.stats.targetDelayMs < 30);
        QVERIFY(o.concealedPercent() < 0.5);
    }

    void sequenceAndTimestampWrap()
    {
        Options options;
        options.sequenceOrigin = 65000;
        options.timestampOrigin = 0xFFFFFFFFu - 960u * 300u;
        const Outcome o = replay(steadyTrace(1500, 30, 10, 9), options);
        QCOMPARE(qint64(o.order.size()), qint64(1500));
        QVERIFY(strictlyIncreasing(o.order));
        QCOMPARE(o.concealed, qint64(0));
        QCOMPARE(o.stats.lostFrames, 0);
        QVERIFY(o.mean() < 60);
    }

    void duplicatesAndLateFramesAreSafe()
    {
        std::vector<Delivery> d = steadyTrace(1000);
        const size_t count = d.size();
        for (size_t i = 0; i < count; i += 10)
            d.push_back({d[i].n, d[i].arrivalMs + 5}); // retransmitted copy
        // Frame 500 shows up 300 ms after its successors (never over TCP, but must be safe).
        for (Delivery &x : d) {
            if (x.n == 500)
                x.arrivalMs += 300;
        }
        Options options;
        const Outcome o = replay(d, options);
        QCOMPARE(o.stats.duplicateFrames, 100);
        QCOMPARE(o.stats.lateFrames, 1);
        QCOMPARE(o.stats.lostFrames, 1);
        QVERIFY(strictlyIncreasing(o.order));
        QCOMPARE(qint64(o.order.size()), qint64(999));
        QVERIFY(o.concealed > 0 && o.concealed <= 2 * Frame);
    }

    void maximumDelayIsBounded()
    {
        Options options;
        options.config.maxDelayMs = 300;
        const Outcome o = replay(stallTrace(1500, {{10000, 1500}}), options);
        double highest = 0;
        for (double v : o.delays)
            highest = std::max(highest, v);
        QVERIFY2(highest <= 300 + options.pullMs + 5, qPrintable(QString::number(highest)));
        QVERIFY(o.stats.discardedFrames > 0);
        QVERIFY(strictlyIncreasing(o.order));
    }

    void dtxPauseIsNotALoss()
    {
        // 4 s of speech, a 1 s pause the sender did not transmit (timestamps jump, sequence does
        // not), then speech again with the flag set on the first frame.
        std::vector<Delivery> d;
        for (int n = 0; n < 400; ++n) {
            const qint64 ts = n < 200 ? n : n + 50;
            d.push_back({n, double(ts) * 20 + 30, n == 200, ts});
        }
        Options options;
        const Outcome o = replay(d, options);
        QCOMPARE(o.stats.lostFrames, 0);
        // While waiting, the buffer could not know it was a pause; the flagged frame re-labels it.
        QVERIFY(o.concealed > 0);
        QCOMPARE(o.stats.concealedSamples, qint64(0));
        QVERIFY(o.stats.silenceSamples >= qint64(Rate) * 9 / 10);
        QCOMPARE(qint64(o.order.size()), qint64(400));
        QVERIFY(o.meanBetween(6000, 8000) < 45);
    }

    void resumeReanchorsTheClock()
    {
        // The call channel drops for 3 s; on resume timestamps carry on where they stopped.
        std::vector<Delivery> d;
        for (int n = 0; n < 600; ++n)
            d.push_back({n, n * 20.0 + 30 + (n >= 300 ? 3000 : 0), n == 300});
        Options options;
        const Outcome o = replay(d, options);
        QCOMPARE(qint64(o.order.size()), qint64(600));
        QCOMPARE(o.stats.concealedSamples, qint64(0)); // the outage is silence, not concealment
        QCOMPARE(o.stats.discardedFrames, 0);
        // Measured against the pre-outage clock, so the 3 s the sender's timestamps skipped are
        // subtracted: what is left is the buffer's own delay.
        const double after = o.meanBetween(14000, 15000) - 3000;
        QVERIFY2(after < 45, qPrintable(QString::number(after)));
        QVERIFY(o.stats.currentDelayMs < 45);
    }

    void timelineJumpsRecover_data()
    {
        QTest::addColumn<SequenceFn>("sequence");
        QTest::addColumn<TimestampFn>("timestamp");
        QTest::addColumn<bool>("flagged");
        QTest::addColumn<bool>("newTimeline");
        using Seq = SequenceFn;
        using Ts = TimestampFn;
        const Seq plainSeq = [](int n) { return quint16(n); };
        const quint32 base = 1000000; // so that 10 s back stays positive
        const Ts plainTs = [=](int n) { return base + quint32(n) * Frame; };
        const auto jumpBy = [=](qint64 frames) {
            return Ts([=](int n) { return base + quint32(n) * Frame + (n >= JumpAt ? quint32(frames * Frame) : 0u); });
        };
        // 10 s back = 500 frames; a jump ahead of 2^31 + 10 s is 2^32 - (2^31 - 10 s) on the wire.
        const qint64 back10s = -500;
        const qint64 aheadHalfRange = (qint64(1) << 31) / Frame + 500;
        QTest::newRow("natural 2^32 and 2^16 wrap")
            << Seq([](int n) { return quint16(65536 - JumpAt + n); })
            << Ts([](int n) { return quint32(0u - quint32(JumpAt * Frame) + quint32(n) * Frame); }) << false << false;
        QTest::newRow("10 s back") << plainSeq << jumpBy(back10s) << false << true;
        QTest::newRow("10 s back, flagged") << plainSeq << jumpBy(back10s) << true << true;
        QTest::newRow("ahead by over 2^31") << plainSeq << jumpBy(aheadHalfRange) << false << true;
        QTest::newRow("ahead by over 2^31, flagged") << plainSeq << jumpBy(aheadHalfRange) << true << true;
        QTest::newRow("an hour ahead") << plainSeq << jumpBy(180000) << false << true;
        QTest::newRow("an hour ahead, flagged") << plainSeq << jumpBy(180000) << true << true;
        // The sender restarts both counters (a new stream on the same channel).
        const Seq restartSeq = [](int n) { return quint16(n < JumpAt ? 20000 + n : n - JumpAt); };
        const Ts restartTs
            = [=](int n) { return n < JumpAt ? base + quint32(n) * Frame : quint32(n - JumpAt) * Frame; };
        QTest::newRow("both counters restart") << restartSeq << restartTs << false << true;
        QTest::newRow("both counters restart, flagged") << restartSeq << restartTs << true << true;
        // Sequence numbers jump while time goes on.
        QTest::newRow("sequence 40000 ahead")
            << Seq([](int n) { return quint16(n < JumpAt ? n : n + 40000); }) << plainTs << false << true;
        QTest::newRow("sequence 30000 back")
            << Seq([](int n) { return quint16(n < JumpAt ? 30000 + n : n); }) << plainTs << false << true;
        // Off the codec's 2.5 ms grid: concealing the gap must not step past the next frame.
        QTest::newRow("100 samples ahead")
            << plainSeq << Ts([=](int n) { return base + quint32(n) * Frame + (n >= JumpAt ? 100u : 0u); }) << false
            << false;
        QTest::newRow("sequence 3000 ahead")
            << Seq([](int n) { return quint16(n < JumpAt ? n : n + 3000); }) << plainTs << false << false;
    }

    void timelineJumpsRecover()
    {
        // Found by an adversarial tester: after the far end's timestamps jumped back 10 s (or ahead
        // by more than 2^31) every later frame counted as late, for the rest of the call.
        QFETCH(SequenceFn, sequence);
        QFETCH(TimestampFn, timestamp);
        QFETCH(bool, flagged);
        QFETCH(bool, newTimeline);
        LiveStream stream;
        stream.sequence = sequence;
        stream.timestamp = timestamp;
        stream.flag = [flagged](int n) { return n == 0 || (flagged && n == JumpAt); };
        const LiveOutcome o = playLive(stream);

        // Everything before the jump and everything after it plays, in order.
        for (int n = 0; n < stream.frames; ++n)
            QVERIFY2(o.played(n), qPrintable(QStringLiteral("frame %1 never played").arg(n)));
        QVERIFY(strictlyIncreasing(o.order));
        QCOMPARE(o.stats.lateFrames, 0);
        QCOMPARE(o.stats.discardedFrames, 0);
        QCOMPARE(o.stats.timelineResets > 0, newTimeline);
        // At most a few frames' worth of concealment at the jump (and none once it has passed);
        // so the call quality comes back.
        QVERIFY2(o.stats.concealedSamples <= 5 * Frame, qPrintable(QString::number(o.stats.concealedSamples)));
        QCOMPARE(o.concealedPercentOfLast(200), 0.0);
        const std::optional<double> mos = estimateMos(40, 2, o.concealedPercentOfLast(50));
        QVERIFY(mos && *mos > 4.0);
        // The delay the operator's statistics show is never negative, and ends where it started.
        QVERIFY2(o.lowestDelayMs >= 0, qPrintable(QString::number(o.lowestDelayMs)));
        QVERIFY2(o.lowestBufferedMs >= 0, qPrintable(QString::number(o.lowestBufferedMs)));
        QVERIFY2(o.stats.currentDelayMs < 100, qPrintable(QString::number(o.stats.currentDelayMs)));
    }

    void reportedTimestampIsTheWireOneAfterAJump()
    {
        // PullResult::timestamp is the sender's timestamp, on the new timeline too: the sample
        // there is the one of the frame that timestamp belongs to.
        TagDecoder decoder;
        JitterBuffer buffer(JitterBufferConfig(), &decoder);
        std::vector<int16_t> out(Frame);
        const auto wire = [](int n) { return n < 100 ? 5000000 + quint32(n) * Frame : 7 + quint32(n) * Frame; };
        int checkedBefore = 0;
        int checkedAfter = 0;
        for (int n = 0; n < 200; ++n) {
            buffer.insert(quint16(n), wire(n), payloadFor(n), n * 20, n == 0);
            const JitterBuffer::PullResult r = buffer.pull(out.data(), Frame, n * 20 + 10);
            if (!r.hasTimestamp || r.concealedSamples > 0)
                continue;
            const bool before = r.timestamp >= 5000000;
            const qint64 frame = before ? (r.timestamp - 5000000) / Frame : (r.timestamp - 7) / Frame;
            QVERIFY2(before ? frame < 100 : frame >= 100 && frame < 200, qPrintable(QString::number(r.timestamp)));
            QCOMPARE(out[size_t(r.timestampOffset)], decoder.valueFor(frame));
            ++(before ? checkedBefore : checkedAfter);
        }
        QCOMPARE(buffer.stats().timelineResets, 1);
        QVERIFY(checkedBefore > 80 && checkedAfter > 80);
    }

    void oversizedPayloadsAreDroppedAndCounted()
    {
        LiveStream stream;
        stream.frames = 300;
        stream.payload = [](int n) { return n >= 100 && n < 110 ? QByteArray(1 << 20, 'x') : payloadFor(n); };
        const LiveOutcome o = playLive(stream);
        QCOMPARE(o.stats.oversizedFrames, 10);
        QVERIFY(o.stats.discardedFrames >= 10);
        QCOMPARE(o.stats.decodeErrors, 0); // never handed to the codec
        QCOMPARE(qint64(o.order.size()), qint64(290));
        QCOMPARE(o.concealedPercentOfLast(100), 0.0);
    }

    void floodIsCappedOldestFirst_data()
    {
        QTest::addColumn<quint32>("spacing");
        QTest::newRow("20 ms apart") << quint32(Frame);
        QTest::newRow("1 sample apart") << quint32(1);
    }

    void floodIsCappedOldestFirst()
    {
        // 10,000 frames in one burst, then the stream carries on: memory stays bounded (the oldest
        // go first, counted), and the live audio after the burst plays.
        QFETCH(quint32, spacing);
        TagDecoder decoder;
        JitterBufferConfig config;
        JitterBuffer buffer(config, &decoder);
        std::vector<int16_t> out(Frame);
        for (int t = 0; t < 200; t += 20)
            buffer.pull(out.data(), Frame, t);
        constexpr int Flood = 10000;
        for (int n = 0; n < Flood; ++n)
            buffer.insert(quint16(n), quint32(n) * spacing, payloadFor(n), 200, n == 0);
        const JitterBufferStats flooded = buffer.stats();
        QCOMPARE(flooded.insertedFrames, Flood);
        // Held: at most 2 x maxDelayMs of audio, and no more packets than 2.5 ms ones would fill.
        const int held = flooded.insertedFrames - flooded.discardedFrames - flooded.decodedFrames;
        QVERIFY2(held <= 2 * config.maxDelayMs / 2.5 + 1, qPrintable(QString::number(held)));
        QCOMPARE(flooded.overflowFrames, flooded.discardedFrames);
        QVERIFY(flooded.overflowFrames >= Flood - 401);
        QVERIFY2(flooded.bufferedMs <= 2 * config.maxDelayMs + 20, qPrintable(QString::number(flooded.bufferedMs)));
        // Live frames after the burst, on time: they play, with no concealment in the end; of the
        // burst, only the newest were kept to play.
        const quint32 after = quint32(Flood) * spacing;
        std::vector<int> concealed;
        for (int k = 0; k < 300; ++k) {
            const qint64 now = 220 + k * 20;
            buffer.insert(quint16(Flood + k), after + quint32(k) * Frame, payloadFor(Flood + k), now, false);
            concealed.push_back(buffer.pull(out.data(), Frame, now).concealedSamples);
        }
        QVERIFY(!decoder.order.empty());
        QVERIFY2(decoder.order.front() >= Flood - 401, qPrintable(QString::number(decoder.order.front())));
        QCOMPARE(std::accumulate(concealed.end() - 100, concealed.end(), 0), 0);
        const JitterBufferStats s = buffer.stats();
        // Still catching up on the second of burst audio it kept, but within the maximum delay.
        QVERIFY2(decoder.order.back() >= Flood + 299 - config.maxDelayMs / 20,
                 qPrintable(QStringLiteral("last %1 late %2 discarded %3 resets %4 delay %5 target %6 decoded %7")
                                .arg(decoder.order.back())
                                .arg(s.lateFrames)
                                .arg(s.discardedFrames)
                                .arg(s.timelineResets)
                                .arg(s.currentDelayMs)
                                .arg(s.targetDelayMs)
                                .arg(s.decodedFrames)));
        QVERIFY(buffer.stats().currentDelayMs >= 0);
    }

    void garbageThenACleanStream()
    {
        // Random headers (sequence, timestamp, flag) and payloads, several per pull, then a clean
        // stream with unrelated numbering: nothing wedges, memory stays bounded, audio resumes.
        std::mt19937 rng(20261203);
        TagDecoder decoder;
        JitterBufferConfig config;
        JitterBuffer buffer(config, &decoder);
        std::vector<int16_t> out(Frame);
        qint64 now = 0;
        for (int k = 0; k < 1000; ++k, now += 20) {
            for (int i = 0; i < 3; ++i) {
                const int kind = int(rng() % 4);
                QByteArray payload = kind == 0 ? payloadFor(rng() % 1000) : QByteArray(int(rng() % 9), char(rng()));
                buffer.insert(quint16(rng()), quint32(rng()), payload, now, rng() % 2 == 0);
            }
            buffer.pull(out.data(), Frame, now);
            const JitterBufferStats s = buffer.stats();
            QVERIFY(s.currentDelayMs >= 0 && s.bufferedMs >= 0);
            QVERIFY2(s.bufferedMs <= 2 * config.maxDelayMs + 200, qPrintable(QString::number(s.bufferedMs)));
        }
        const qint64 garbageDecoded = qint64(decoder.order.size());
        std::vector<int> concealed;
        for (int n = 0; n < 500; ++n, now += 20) {
            buffer.insert(quint16(777 + n), 123456789u + quint32(n) * Frame, payloadFor(100000 + n), now, n == 0);
            concealed.push_back(buffer.pull(out.data(), Frame, now).concealedSamples);
            QVERIFY(buffer.stats().currentDelayMs >= 0);
        }
        QCOMPARE(std::accumulate(concealed.end() - 200, concealed.end(), 0), 0);
        std::vector<qint64> clean(decoder.order.begin() + garbageDecoded, decoder.order.end());
        clean.erase(std::remove_if(clean.begin(), clean.end(), [](qint64 n) { return n < 100000 || n >= 100500; }),
                    clean.end());
        QVERIFY2(clean.size() >= 480, qPrintable(QString::number(clean.size())));
        for (size_t i = 1; i < clean.size(); ++i)
            QVERIFY2(clean[i] > clean[i - 1],
                     qPrintable(QStringLiteral("%1 after %2").arg(clean[i]).arg(clean[i - 1])));
    }

    void firstFrameSetsTheClock()
    {
        TagDecoder decoder;
        JitterBufferConfig config;
        config.startDelayMs = 60;
        JitterBuffer buffer(config, &decoder);
        std::vector<int16_t> out(Frame);
        QCOMPARE(buffer.pull(out.data(), Frame, 0).otherSamples, Frame);
        buffer.insert(100, 5000, payloadFor(0), 1000, true);
        buffer.insert(101, 5960, payloadFor(1), 1020, false);
        buffer.insert(102, 6920, payloadFor(2), 1040, false);
        QVERIFY(!buffer.pull(out.data(), Frame, 1040).hasTimestamp);
        QCOMPARE(buffer.stats().totalSamples, qint64(0));
        const JitterBuffer::PullResult r = buffer.pull(out.data(), Frame, 1060);
        QVERIFY(r.hasTimestamp);
        QCOMPARE(r.timestamp, quint32(5000));
        QCOMPARE(r.timestampOffset, 0);
        QCOMPARE(out[0], decoder.valueFor(0));
        QCOMPARE(buffer.stats().totalSamples, qint64(Frame));
        QVERIFY(std::abs(buffer.stats().currentDelayMs - 60.0) < 1e-6);
    }

    void olderFrameBeforeStartIsPlayedFirst()
    {
        // Frame 1 overtakes frame 0 before playout starts; both wrap-around counters sit at 0.
        TagDecoder decoder;
        JitterBuffer buffer(JitterBufferConfig(), &decoder);
        std::vector<int16_t> out(Frame);
        buffer.insert(0, 0, payloadFor(1), 1000, false);
        buffer.insert(65535, quint32(-960), payloadFor(0), 1010, true);
        for (int n = 2; n < 10; ++n)
            buffer.insert(quint16(n - 1), quint32((n - 1) * Frame), payloadFor(n), 1000 + n * 20, false);
        JitterBuffer::PullResult first;
        for (qint64 t = 1000; t < 1260; t += 20) { // frame 9 plays at 1240
            const JitterBuffer::PullResult r = buffer.pull(out.data(), Frame, t);
            if (r.hasTimestamp && !first.hasTimestamp)
                first = r;
        }
        QVERIFY(first.hasTimestamp);
        QCOMPARE(first.timestamp, quint32(-960));
        QCOMPARE(decoder.order.front(), qint64(0));
        QVERIFY(strictlyIncreasing(decoder.order));
        QCOMPARE(buffer.stats().concealedSamples, qint64(0));
    }

    void pcmQueueEditsKeepTags()
    {
        PcmQueue queue;
        int16_t *a = queue.append(100, 1000, true);
        std::fill(a, a + 100, int16_t(100));
        int16_t *b = queue.append(100, 2000, true);
        std::fill(b, b + 100, int16_t(200));
        queue.remove(40, 30, 20); // 40 kept, 20 faded into what was 30 later, rest shifted
        QCOMPARE(queue.size(), 170);
        QCOMPARE(queue.tag(39), qint64(1039));
        QCOMPARE(queue.tag(40), qint64(1070));
        QCOMPARE(queue.tag(60), qint64(1090));
        QCOMPARE(queue.tag(70), qint64(2000));
        QCOMPARE(queue.data()[69], int16_t(100));
        queue.repeat(60, 20, 10); // plays 60..79 twice
        QCOMPARE(queue.size(), 190);
        QCOMPARE(queue.tag(79), qint64(2009));
        QCOMPARE(queue.tag(80), qint64(1090)); // back to the start of the repeated stretch
        QCOMPARE(queue.tag(90), qint64(2000));
        // A periodic signal matches itself one period later.
        PcmQueue tone;
        int16_t *t = tone.append(2000, 0, true);
        for (int i = 0; i < 2000; ++i)
            t[i] = int16_t(8000 * std::sin(2 * Pi * i / 240.0));
        double correlation = 0;
        const int lag = tone.bestLag(0, 120, 700, 240, &correlation);
        QVERIFY2(lag % 240 == 0 || std::abs(lag % 240) <= 1 || 240 - lag % 240 <= 1, qPrintable(QString::number(lag)));
        QVERIFY(correlation > 0.99);
        tone.consume(1500);
        QCOMPARE(tone.size(), 500);
        QCOMPARE(tone.tag(0), qint64(1500));
    }

    void resetForgetsEverything()
    {
        TagDecoder decoder;
        JitterBuffer buffer(JitterBufferConfig(), &decoder);
        std::vector<int16_t> out(Frame);
        for (int n = 0; n < 20; ++n)
            buffer.insert(quint16(n), quint32(n * Frame), payloadFor(n), n * 20, n == 0);
        for (int t = 0; t < 400; t += 20)
            buffer.pull(out.data(), Frame, t);
        QVERIFY(buffer.stats().totalSamples > 0);
        buffer.reset();
        QCOMPARE(buffer.stats().totalSamples, qint64(0));
        QCOMPARE(buffer.stats().insertedFrames, 0);
        QCOMPARE(buffer.pull(out.data(), Frame, 1000).otherSamples, Frame);
        // A new stream with unrelated numbering starts cleanly.
        buffer.insert(40000, 123456, payloadFor(7), 2000, true);
        QCOMPARE(buffer.stats().insertedFrames, 1);
        QVERIFY(buffer.pull(out.data(), Frame, 2060).hasTimestamp);
    }
};

QTEST_GUILESS_MAIN(TestJitterBuffer)
#include "TestJitterBuffer.moc"
