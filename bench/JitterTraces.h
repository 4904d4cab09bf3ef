// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Arrival traces for BenchJitter: the file format (see BenchJitter.cpp and docs/PERFORMANCE.md),
// reading, and the seeded generator of the named traces.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QStringList>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace audin::bench {

constexpr int FrameMs = 20;
constexpr double Pi = 3.14159265358979323846;

struct Arrival
{
    qint64 n; // frame index relative to the trace's first frame
    double ms;
};

struct Trace
{
    QString name;
    std::vector<Arrival> arrivals;
    qint64 frames = 0; // highest index + 1
    double baseMs = 0; // smallest arrival - send offset: the network, not any buffer
};

inline bool readTrace(const QString &path, Trace &trace, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = file.errorString();
        return false;
    }
    trace.name = QFileInfo(path).completeBaseName();
    QTextStream in(&file);
    bool first = true;
    quint16 highestSeq = 0;
    qint64 highestN = 0;
    double firstMs = 0;
    int lineNo = 0;
    while (!in.atEnd()) {
        QString line = in.readLine();
        ++lineNo;
        const int hash = line.indexOf(QLatin1Char('#'));
        if (hash >= 0)
            line.truncate(hash);
        const QStringList parts = line.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (parts.isEmpty())
            continue;
        bool okSeq = false;
        bool okMs = false;
        const uint seq = parts.value(0).toUInt(&okSeq);
        const double ms = parts.value(1).toDouble(&okMs);
        if (parts.size() != 2 || !okSeq || !okMs || seq > 65535) {
            *error = QStringLiteral("line %1: expected \"<sequence> <arrival_ms>\"").arg(lineNo);
            return false;
        }
        // Unwrap against the highest sequence so far: frame indices count from the first line.
        qint64 n = 0;
        if (first) {
            firstMs = ms;
            first = false;
            highestSeq = quint16(seq);
        } else {
            n = highestN + qint16(quint16(quint16(seq) - highestSeq));
        }
        if (n < 0) {
            *error = QStringLiteral("line %1: sequence before the first frame").arg(lineNo);
            return false;
        }
        if (n > highestN) {
            highestN = n;
            highestSeq = quint16(seq);
        }
        trace.arrivals.push_back(Arrival {n, ms - firstMs});
    }
    if (trace.arrivals.empty()) {
        *error = QStringLiteral("no frames");
        return false;
    }
    std::stable_sort(trace.arrivals.begin(), trace.arrivals.end(),
                     [](const Arrival &a, const Arrival &b) { return a.ms < b.ms; });
    trace.baseMs = 1e18;
    for (const Arrival &a : trace.arrivals) {
        trace.frames = std::max(trace.frames, a.n + 1);
        trace.baseMs = std::min(trace.baseMs, a.ms - double(a.n) * FrameMs);
    }
    return true;
}

inline Trace traceFromArrivals(const QString &name, const std::vector<double> &arrivals)
{
    Trace trace;
    trace.name = name;
    trace.baseMs = 1e18;
    for (size_t n = 0; n < arrivals.size(); ++n) {
        trace.arrivals.push_back(Arrival {qint64(n), arrivals[n] - arrivals.front()});
        trace.baseMs = std::min(trace.baseMs, trace.arrivals.back().ms - double(n) * FrameMs);
    }
    std::stable_sort(trace.arrivals.begin(), trace.arrivals.end(),
                     [](const Arrival &a, const Arrival &b) { return a.ms < b.ms; });
    trace.frames = qint64(arrivals.size());
    return trace;
}

// mt19937 is specified bit for bit; the standard distributions are not, so map by hand.
struct Rng
{
    std::mt19937 engine;
    explicit Rng(uint32_t seed)
        : engine(seed)
    {
    }
    double uniform(double lo, double hi) { return lo + (hi - lo) * (engine() / 4294967296.0); }
};

struct GeneratedTrace
{
    const char *name;
    const char *description;
};

inline const GeneratedTrace GeneratedTraces[] = {
    {"steady", "base 40 ms, +-2 ms jitter"},
    {"jittery", "base 40 ms, uniform +-40 ms jitter per frame"},
    {"bursty", "frames held and delivered together every 40-200 ms, +-3 ms"},
    {"stalls", "base 40 ms, +-3 ms; a 200-500 ms stall every 4-10 s, then the backlog at once"},
    {"mixed", "10 s phases of steady/jittery(+-25 ms)/bursty, base drifting +-15 ms, stalls every 8-15 s"},
};

inline std::vector<double> generateArrivals(const QString &name, int frames, uint32_t seed)
{
    Rng rng(seed);
    std::vector<double> wire(static_cast<size_t>(frames)); // when each frame would arrive without a stall
    double burstEnd = 0;
    for (int n = 0; n < frames; ++n) {
        const double sent = double(n) * FrameMs;
        double base = 40;
        QString regime = name;
        if (name == QLatin1String("mixed")) {
            base += 15 * std::sin(sent / 23000.0 * 2 * Pi);
            const int phase = int(sent / 10000) % 3;
            regime = phase == 0 ? QStringLiteral("steady")
                : phase == 1    ? QStringLiteral("jittery-25")
                                : QStringLiteral("bursty");
        }
        double at;
        if (regime == QLatin1String("steady") || regime == QLatin1String("stalls")) {
            at = sent + base + rng.uniform(-(regime == QLatin1String("steady") ? 2 : 3), 3);
        } else if (regime.startsWith(QLatin1String("jittery"))) {
            const double j = regime == QLatin1String("jittery") ? 40 : 25;
            at = sent + base + rng.uniform(-j, j);
        } else { // bursty: everything sent before the burst boundary leaves with it
            if (sent >= burstEnd)
                burstEnd = sent + rng.uniform(40, 200);
            at = burstEnd + base + rng.uniform(-3, 3);
        }
        wire[size_t(n)] = at;
    }
    // Stalls: TCP retransmission holds everything behind the lost segment.
    if (name == QLatin1String("stalls") || name == QLatin1String("mixed")) {
        const bool mixed = name == QLatin1String("mixed");
        double t = rng.uniform(mixed ? 8000 : 4000, mixed ? 15000 : 10000);
        while (t < double(frames) * FrameMs) {
            const double length = rng.uniform(200, 500);
            for (double &at : wire) {
                if (at >= t && at < t + length)
                    at = t + length;
            }
            t += length + rng.uniform(mixed ? 8000 : 4000, mixed ? 15000 : 10000);
        }
    }
    // In order, and a burst drains at ~1 ms per frame (the link is not infinitely fast).
    std::vector<double> arrivals(static_cast<size_t>(frames));
    double last = -1e9;
    for (int n = 0; n < frames; ++n) {
        const double at = std::max(wire[size_t(n)], last + (wire[size_t(n)] <= last ? 1.0 : 0.0));
        arrivals[size_t(n)] = at;
        last = at;
    }
    return arrivals;
}

inline int generate(const QString &dir, uint32_t seed, int seconds)
{
    QDir().mkpath(dir);
    const int frames = seconds * 1000 / FrameMs;
    uint32_t traceSeed = seed;
    for (const GeneratedTrace &g : GeneratedTraces) {
        const QString name = QString::fromLatin1(g.name);
        const std::vector<double> arrivals = generateArrivals(name, frames, traceSeed++);
        QFile file(QDir(dir).filePath(name + QStringLiteral(".txt")));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
            return 1;
        }
        QTextStream out(&file);
        out << "# " << name << ": " << g.description << "\n";
        out << "# generated by: BenchJitter --generate DIR --seed " << seed << " --seconds " << seconds << "\n";
        out << "# format: <sequence uint16> <arrival_ms>; frame n is sent at n x 20 ms\n";
        for (int n = 0; n < frames; ++n)
            out << n % 65536 << ' ' << QString::number(arrivals[size_t(n)], 'f', 1) << '\n';
        std::printf("wrote %s (%d frames)\n", qPrintable(file.fileName()), frames);
    }
    return 0;
}

} // namespace audin::bench
