// SPDX-License-Identifier: GPL-3.0-or-later
// Jitter buffer bench: replays arrival traces through our adaptive buffer, fixed 60 ms and 120 ms
// buffers and speexdsp's jitter buffer driven the way Mumble drives it, all with the same playout
// loop, the same Opus stream and the same accounting; prints a Markdown table (docs/PERFORMANCE.md).
//
// Trace format (bench/traces/*.txt): '#' starts a comment; every other line is
// "<sequence> <arrival_ms>": a uint16 sequence number (may wrap) and its arrival time in ms on any
// clock (decimals allowed). Frame n (the unwrapped sequence number) was sent at n x 20 ms; only
// differences matter. Lines are in arrival order; a repeated sequence is a duplicate delivery;
// a missing one never arrived.

#include "JitterContenders.h"
#include "JitterTraces.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <cstdio>
#include <memory>

using namespace audin::bench;

namespace {

// The E-model's assumptions: delay outside the jitter buffer, and the codec's packet-loss robustness.
struct ScoreModel
{
    double pathMs = 100.0;
    double bpl = 25.1;
};

struct Outcome
{
    QString buffer;
    qint64 total = 0;
    qint64 concealed = 0;
    std::vector<double> delays;
    qint64 speechFrames = 0;
    qint64 lostSpeech = 0;
    double cpuMs = 0;

    double concealmentPercent() const { return total ? 100.0 * concealed / total : 0; }
    double lostSpeechPercent() const { return total ? 100.0 * lostSpeech * Frame / total : 0; }
    double meanDelay() const
    {
        double sum = 0;
        for (double d : delays)
            sum += d;
        return delays.empty() ? 0 : sum / double(delays.size());
    }
    double p95Delay() const
    {
        if (delays.empty())
            return 0;
        std::vector<double> sorted = delays;
        const size_t k = std::min(sorted.size() - 1, size_t(std::ceil(0.95 * double(sorted.size()))) - 1);
        std::nth_element(sorted.begin(), sorted.begin() + qint64(k), sorted.end());
        return sorted[k];
    }
    // ITU-T G.107 E-model (Cole & Rosenbluth's simplification), see docs/PERFORMANCE.md:
    // mouth-to-ear delay = 100 ms for the rest of the path + mean added delay; loss = what the
    // listener does not get in order: concealed time plus speech frames that were never played.
    double score(const ScoreModel &model) const
    {
        const double d = model.pathMs + meanDelay();
        const double id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0.0);
        const double ppl = concealmentPercent() + lostSpeechPercent();
        const double ie = 95.0 * ppl / (ppl + model.bpl);
        return 93.2 - id - ie;
    }
};

// which: 0 ours, 1 fixed 60 ms (or fixedMs when set), 2 fixed 120 ms, 3 speexdsp.
Outcome run(const Trace &trace, const Source &source, int which, int pullMs, const JitterBufferConfig &config,
            bool timeline, int fixedMs = 0)
{
    std::unique_ptr<Contender> contender;
    RecordingDecoder *decoder = nullptr;
    Outcome outcome;
    switch (which) {
    case 0: {
        auto c = std::make_unique<OurContender>(trace.frames, config);
        decoder = &c->decoder();
        contender = std::move(c);
        outcome.buffer = QStringLiteral("**audin adaptive**");
        break;
    }
    case 1:
    case 2: {
        const int delayMs = fixedMs > 0 ? fixedMs : which == 1 ? 60 : 120;
        auto c = std::make_unique<FixedContender>(trace.frames, delayMs);
        decoder = &c->decoder();
        contender = std::move(c);
        outcome.buffer = QStringLiteral("fixed %1 ms").arg(delayMs);
        break;
    }
    default: {
        auto c = std::make_unique<SpeexContender>(trace.frames);
        decoder = &c->decoder();
        contender = std::move(c);
        outcome.buffer = QStringLiteral("speexdsp (Mumble)");
        break;
    }
    }

    const int samples = Rate / 1000 * pullMs;
    std::vector<int16_t> out(static_cast<size_t>(samples));
    size_t next = 0;
    const qint64 lastArrival = qint64(std::ceil(trace.arrivals.back().ms));
    bool counting = true;
    QElapsedTimer timer;
    timer.start();
    for (qint64 now = 0; now <= lastArrival + 2000; now += pullMs) {
        while (next < trace.arrivals.size() && trace.arrivals[next].ms <= double(now)) {
            const Arrival &a = trace.arrivals[next++];
            contender->insert(a.n, source.packets[size_t(a.n)], qint64(std::llround(a.ms)));
        }
        const Pulled p = contender->pull(out.data(), samples, now);
        if (!counting || !p.playing)
            continue;
        outcome.total += p.total;
        outcome.concealed += p.concealed;
        if (p.hasPosition) {
            const double playedAt = double(now) + p.offset * 1000.0 / Rate;
            outcome.delays.push_back(playedAt - p.positionMs - trace.baseMs);
        }
        if (p.reachedEnd)
            counting = false; // what comes after the last frame is not the buffer's doing
        if (timeline && which == 0 && now % 1000 == 0) {
            const JitterBufferStats s = static_cast<OurContender *>(contender.get())->stats();
            std::fprintf(stderr,
                         "%s t=%lld target=%.1f current=%.1f buffered=%.1f concealed=%lld accelerate=%d "
                         "preemptive=%d expand=%d late=%d discarded=%d\n",
                         qPrintable(trace.name), now, s.targetDelayMs, s.currentDelayMs, s.bufferedMs,
                         s.concealedSamples, s.accelerateCount, s.preemptiveExpandCount, s.expandCount, s.lateFrames,
                         s.discardedFrames);
        }
    }
    outcome.cpuMs = double(timer.nsecsElapsed()) / 1e6;

    std::vector<bool> present(size_t(trace.frames), false);
    for (const Arrival &a : trace.arrivals)
        present[size_t(a.n)] = true;
    for (qint64 n = 0; n < trace.frames; ++n) {
        if (!present[size_t(n)] || !source.speech[size_t(n)])
            continue;
        ++outcome.speechFrames;
        if (!decoder->decoded(n))
            ++outcome.lostSpeech;
    }
    return outcome;
}

struct Row
{
    QString trace;
    Outcome outcome;
    double score;
    int wins = 0; // seeds on which this buffer scored best (robustness mode)
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

void printHeader(bool robustness)
{
    if (robustness) {
        std::printf("| trace (median of seeds) | buffer | concealment %% | lost speech %% | mean added delay (ms) "
                    "| p95 added delay (ms) | score (R) | strictly best on |\n");
        std::printf("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    } else {
        std::printf("| trace | buffer | concealment %% | lost speech %% | mean added delay (ms) | p95 added delay (ms) "
                    "| score (R) | CPU ms per minute |\n");
        std::printf("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    }
}

// Runs the four contenders on one trace; returns the outcomes, ours first.
std::vector<Outcome> runAll(const Trace &trace, const Source &source, int pullMs, const JitterBufferConfig &config,
                            int runs, bool timeline)
{
    std::vector<Outcome> outcomes;
    for (int which = 0; which < 4; ++which) {
        std::vector<double> cpu;
        Outcome o;
        for (int r = 0; r < runs; ++r) {
            o = run(trace, source, which, pullMs, config, timeline && r == 0);
            cpu.push_back(o.cpuMs);
        }
        o.cpuMs = median(cpu);
        outcomes.push_back(o);
    }
    return outcomes;
}

// Ours against one other buffer without any weighting of delay against loss: better on both (or
// on one, equal on the other), equal, worse, or a trade-off with its size. Equal = equal as printed.
QString pareto(const Outcome &ours, const Outcome &other)
{
    const double lossOurs = ours.concealmentPercent() + ours.lostSpeechPercent();
    const double lossOther = other.concealmentPercent() + other.lostSpeechPercent();
    const double dLoss = std::round((lossOurs - lossOther) * 100) / 100;
    const double dDelay = std::round((ours.meanDelay() - other.meanDelay()) * 10) / 10;
    if (dLoss == 0 && dDelay == 0)
        return QStringLiteral("equal");
    if (dLoss <= 0 && dDelay <= 0)
        return QStringLiteral("better on both");
    if (dLoss >= 0 && dDelay >= 0)
        return QStringLiteral("worse on both");
    return QStringLiteral("trade-off: %1%2 % loss, %3%4 ms delay")
        .arg(dLoss < 0 ? QStringLiteral("−") : QStringLiteral("+"))
        .arg(std::abs(dLoss), 0, 'f', 2)
        .arg(dDelay < 0 ? QStringLiteral("−") : QStringLiteral("+"))
        .arg(std::abs(dDelay), 0, 'f', 1);
}

// Fixed buffers of every delay from lo to hi on each trace, next to ours: whether any fixed delay,
// even one chosen knowing the whole trace, beats the adaptive buffer.
int sweepFixed(const std::vector<Trace> &traces, const Source &source, int pullMs, const JitterBufferConfig &config,
               const ScoreModel &model, int lo, int hi, int step)
{
    std::printf("| trace | buffer | concealment %% | lost speech %% | mean added delay (ms) | p95 added delay (ms) "
                "| score (R) |\n");
    std::printf("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (const Trace &trace : traces) {
        const Outcome ours = run(trace, source, 0, pullMs, config, false);
        Outcome best;
        double bestScore = -1e9;
        auto print = [&](const Outcome &o) {
            std::printf("| %s | %s | %.2f | %.2f | %.1f | %.1f | %.2f |\n", qPrintable(trace.name),
                        qPrintable(o.buffer), o.concealmentPercent(), o.lostSpeechPercent(), o.meanDelay(),
                        o.p95Delay(), o.score(model));
        };
        print(ours);
        for (int d = lo; d <= hi; d += step) {
            const Outcome o = run(trace, source, 1, pullMs, config, false, d);
            print(o);
            if (o.score(model) > bestScore) {
                bestScore = o.score(model);
                best = o;
            }
        }
        std::printf("\n%s: best fixed buffer of %d-%d ms: %s, R %.2f; ours R %.2f (%s)\n\n", qPrintable(trace.name), lo,
                    hi, qPrintable(best.buffer), bestScore, ours.score(model),
                    ours.score(model) > bestScore        ? "ours strictly better"
                        : ours.score(model) == bestScore ? "tie"
                                                         : "the fixed buffer is better");
    }
    std::printf("playout period %d ms, E-model path %.0f ms, Bpl %.1f\n", pullMs, model.pathMs, model.bpl);
    return 0;
}

// Many seeds per named trace kind: a fixed buffer's fate is decided by how late the first frame
// happens to be, so one trace can flatter it; medians over seeds show the typical case.
int robustness(int seeds, uint32_t seed, int seconds, int pullMs, const JitterBufferConfig &config,
               const ScoreModel &model)
{
    const int frames = seconds * 1000 / FrameMs;
    const Source source = encodeSource(frames);
    printHeader(true);
    int typeIndex = 0;
    for (const GeneratedTrace &g : GeneratedTraces) {
        const QString name = QString::fromLatin1(g.name);
        std::vector<std::vector<Outcome>> all(4);
        std::vector<int> wins(4, 0);
        for (int k = 0; k < seeds; ++k) {
            const uint32_t traceSeed = seed + 1000u * uint32_t(k + 1) + uint32_t(typeIndex);
            const Trace trace = traceFromArrivals(name, generateArrivals(name, frames, traceSeed));
            const std::vector<Outcome> outcomes = runAll(trace, source, pullMs, config, 1, false);
            // A seed counts for a buffer only when it is strictly best: ties count for nobody.
            size_t best = 0;
            int atBest = 0;
            for (size_t i = 0; i < outcomes.size(); ++i) {
                all[i].push_back(outcomes[i]);
                if (outcomes[i].score(model) > outcomes[best].score(model))
                    best = i;
            }
            for (const Outcome &o : outcomes)
                atBest += o.score(model) == outcomes[best].score(model) ? 1 : 0;
            if (atBest == 1)
                ++wins[best];
        }
        for (size_t i = 0; i < all.size(); ++i) {
            std::vector<double> conceal, lost, mean, p95, score;
            for (const Outcome &o : all[i]) {
                conceal.push_back(o.concealmentPercent());
                lost.push_back(o.lostSpeechPercent());
                mean.push_back(o.meanDelay());
                p95.push_back(o.p95Delay());
                score.push_back(o.score(model));
            }
            std::printf("| %s | %s | %.2f | %.2f | %.1f | %.1f | %.1f | %d/%d |\n", qPrintable(name),
                        qPrintable(all[i].front().buffer), median(conceal), median(lost), median(mean), median(p95),
                        median(score), wins[i], seeds);
        }
        ++typeIndex;
    }
    std::printf("\n%d seeds of %d s per trace kind, playout period %d ms, E-model path %.0f ms, Bpl %.1f\n", seeds,
                seconds, pullMs, model.pathMs, model.bpl);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Replays arrival traces through the jitter buffers and prints a Markdown table."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("traces"),
                                 QStringLiteral("Trace files or directories (default: ")
                                     + QStringLiteral(AUDIN_BENCH_DIR "/traces)."));
    const QCommandLineOption generateOption(QStringLiteral("generate"),
                                            QStringLiteral("Write the named traces into <dir> and exit."),
                                            QStringLiteral("dir"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Generator seed."), QStringLiteral("n"),
                                        QStringLiteral("20240611"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("Generated trace length."),
                                           QStringLiteral("s"), QStringLiteral("120"));
    const QCommandLineOption seedsOption(QStringLiteral("seeds"),
                                         QStringLiteral("Robustness: medians over <n> generated variants of each "
                                                        "named trace instead of the trace files."),
                                         QStringLiteral("n"));
    const QCommandLineOption pullOption(QStringLiteral("pull-ms"), QStringLiteral("Playout period (10 or 20)."),
                                        QStringLiteral("ms"), QStringLiteral("20"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Repeat for CPU time medians."),
                                        QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption percentileOption(QStringLiteral("percentile"),
                                              QStringLiteral("Fixed target percentile for ours (default: E-model "
                                                             "cost target)."),
                                              QStringLiteral("q"));
    const QCommandLineOption pathOption(QStringLiteral("path-ms"),
                                        QStringLiteral("Score: mouth-to-ear delay outside the buffer."),
                                        QStringLiteral("ms"), QStringLiteral("100"));
    const QCommandLineOption bplOption(QStringLiteral("bpl"), QStringLiteral("Score: E-model Bpl of the codec."),
                                       QStringLiteral("x"), QStringLiteral("25.1"));
    const QCommandLineOption timelineOption(QStringLiteral("timeline"),
                                            QStringLiteral("Print our buffer's state every second (stderr)."));
    const QCommandLineOption sweepOption(QStringLiteral("sweep-fixed"),
                                         QStringLiteral("Fixed buffers of every delay in <from>:<to>[:<step>] ms on "
                                                        "the traces, next to ours."),
                                         QStringLiteral("range"));
    parser.addOptions({generateOption, seedOption, secondsOption, seedsOption, pullOption, runsOption, percentileOption,
                       pathOption, bplOption, timelineOption, sweepOption});
    parser.process(app);

    if (parser.isSet(generateOption))
        return generate(parser.value(generateOption), parser.value(seedOption).toUInt(),
                        parser.value(secondsOption).toInt());

    const int pullMs = parser.value(pullOption).toInt() == 10 ? 10 : 20;
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const bool timeline = parser.isSet(timelineOption);
    JitterBufferConfig config;
    if (parser.isSet(percentileOption))
        config.percentile = parser.value(percentileOption).toDouble();
    ScoreModel model;
    model.pathMs = parser.value(pathOption).toDouble();
    model.bpl = parser.value(bplOption).toDouble();

    if (parser.isSet(seedsOption))
        return robustness(std::max(1, parser.value(seedsOption).toInt()), parser.value(seedOption).toUInt(),
                          parser.value(secondsOption).toInt(), pullMs, config, model);

    QStringList paths = parser.positionalArguments();
    if (paths.isEmpty())
        paths << QStringLiteral(AUDIN_BENCH_DIR "/traces");
    QStringList files;
    for (const QString &path : paths) {
        if (QFileInfo(path).isDir()) {
            const QDir dir(path);
            for (const QString &f : dir.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name))
                files << dir.filePath(f);
        } else {
            files << path;
        }
    }
    if (files.isEmpty()) {
        std::fprintf(stderr, "no traces found\n");
        return 1;
    }

    std::vector<Trace> traces;
    qint64 longest = 0;
    for (const QString &file : files) {
        Trace trace;
        QString error;
        if (!readTrace(file, trace, &error)) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(file), qPrintable(error));
            return 1;
        }
        longest = std::max(longest, trace.frames);
        traces.push_back(std::move(trace));
    }
    const Source source = encodeSource(longest);

    if (parser.isSet(sweepOption)) {
        const QStringList range = parser.value(sweepOption).split(QLatin1Char(':'));
        const int lo = range.value(0).toInt();
        const int hi = range.value(1).toInt();
        const int step = std::max(1, range.value(2, QStringLiteral("5")).toInt());
        if (range.size() < 2 || lo <= 0 || hi < lo) {
            std::fprintf(stderr, "--sweep-fixed wants <from>:<to>[:<step>] in ms, e.g. 40:140:5\n");
            return 1;
        }
        return sweepFixed(traces, source, pullMs, config, model, lo, hi, step);
    }

    printHeader(false);
    QStringList notBest;
    std::vector<std::vector<Outcome>> allOutcomes;
    for (const Trace &trace : traces) {
        const std::vector<Outcome> outcomes = runAll(trace, source, pullMs, config, runs, timeline);
        allOutcomes.push_back(outcomes);
        const double minutes = double(trace.frames) * FrameMs / 60000.0;
        bool best = true;
        for (size_t i = 1; i < outcomes.size(); ++i)
            best = best && outcomes[0].score(model) > outcomes[i].score(model);
        if (!best)
            notBest << trace.name;
        for (const Outcome &o : outcomes) {
            std::printf("| %s | %s | %.2f | %.2f | %.1f | %.1f | %.1f | %.0f |\n", qPrintable(trace.name),
                        qPrintable(o.buffer), o.concealmentPercent(), o.lostSpeechPercent(), o.meanDelay(),
                        o.p95Delay(), o.score(model), o.cpuMs / minutes);
        }
    }
    std::printf(
        "\nplayout period %d ms, E-model path %.0f ms, Bpl %.1f; ours strictly best on %lld of %lld traces%s%s\n",
        pullMs, model.pathMs, model.bpl, qint64(traces.size() - size_t(notBest.size())), qint64(traces.size()),
        notBest.isEmpty() ? "" : "; not on: ", qPrintable(notBest.join(QStringLiteral(", "))));

    // The same outcomes without the score: loss (concealment + lost speech) and mean added delay.
    std::printf("\n| trace | ours vs %s | ours vs %s | ours vs %s |\n| --- | --- | --- | --- |\n",
                qPrintable(allOutcomes.front()[1].buffer), qPrintable(allOutcomes.front()[2].buffer),
                qPrintable(allOutcomes.front()[3].buffer));
    for (size_t t = 0; t < traces.size(); ++t) {
        const std::vector<Outcome> &o = allOutcomes[t];
        std::printf("| %s | %s | %s | %s |\n", qPrintable(traces[t].name), qPrintable(pareto(o[0], o[1])),
                    qPrintable(pareto(o[0], o[2])), qPrintable(pareto(o[0], o[3])));
    }
    return 0;
}
