// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <array>
#include <optional>
#include <vector>

namespace audin::media {

/**
 * Mean opinion score estimate from network figures, the E-model simplification used by
 * twilio-voice.js (lib/twilio/rtc/mos.ts):
 *
 *   effectiveLatency = rtt + 2 * jitter + 10                       (ms)
 *   R = 94.768 - effectiveLatency / 40           if effectiveLatency < 160
 *   R = 94.768 - (effectiveLatency - 120) / 10   if effectiveLatency < 1000
 *   R = 0                                        otherwise
 *   R = max(R - 2.5 * lossPercent, 6.52)         if lossPercent <= R / 2.5, else R = 0
 *   MOS = 1 + 0.035 R + 7e-6 R (R - 60) (100 - R)
 *
 * lossPercent is 0-100 (Twilio's StatsMonitor passes packetsLost / packetsExpected * 100).
 * Gives about 4.41 on a perfect network, 1.0 at R = 0. Returns nullopt on negative or
 * non-finite input.
 */
std::optional<double> estimateMos(double rttMs, double jitterMs, double lossPercent);
/** The R factor behind estimateMos(). */
std::optional<double> estimateRFactor(double rttMs, double jitterMs, double lossPercent);

/** One second of call statistics. Unknown values stay nullopt and neither raise nor clear. */
struct QualitySample
{
    std::optional<double> rttMs;
    std::optional<double> jitterMs;
    /** Lost / expected packets over the last second, 0-100. */
    std::optional<double> packetLossPercent;
    /** When absent, computed with estimateMos() from rtt, jitter and loss. */
    std::optional<double> mos;
    /**
     * Mic level over the last second, 0-32767 (e.g. mean of AudioLevel::peak() per 20 ms frame,
     * taken before mute is applied). nullopt when the mic is not running.
     */
    std::optional<double> inputLevel;
    bool muted = false;
};

struct QualityEvent
{
    enum class Kind
    {
        Raised,
        Cleared,
    };
    /** "high-rtt", "high-jitter", "high-packet-loss", "low-mos", "constant-audio-input-level" (Twilio's names). */
    QString name;
    Kind kind = Kind::Raised;
    /** The value that decided (latest sample, or the level's standard deviation). */
    double value = 0.0;
};

struct QualityThresholds
{
    double maxRttMs = 400.0;
    double maxJitterMs = 30.0;
    double maxPacketLossPercent = 1.0;
    /** Twilio uses 3.0; we warn a little earlier. */
    double minMos = 3.5;
    /** Window of samples tested, and how many must cross to raise (Twilio: 3 of the last 5). */
    int sampleCount = 5;
    int raiseCount = 3;
    /** A raised warning clears only after this many samples (Twilio: WARNING_TIMEOUT of 5 s). */
    int minRaisedSamples = 5;
    /**
     * Dead-mic detection: the standard deviation of the last `inputLevelSampleCount` unmuted input
     * levels below this (Twilio: 327.67 = 1 % of full scale over 10 samples) means the level is
     * constant (a muted-at-the-hardware, unplugged or dead microphone).
     */
    double minInputLevelStdDev = 327.67;
    int inputLevelSampleCount = 10;
};

/**
 * Call quality warnings with hysteresis, after twilio-voice.js StatsMonitor
 * (lib/twilio/statsMonitor.ts): feed one sample per second; a warning is raised when its condition
 * holds in at least `raiseCount` of the last `sampleCount` samples, and cleared (a matching
 * "cleared" event) when it holds in none of them and it has been raised for at least
 * `minRaisedSamples` samples. The constant-input warning looks at the spread of the last
 * `inputLevelSampleCount` levels; muted seconds do not count and muting clears it (a muted mic is
 * expected to be silent — Twilio suppresses it while muted too). No clock: time is sample count.
 */
class QualityWarnings
{
public:
    explicit QualityWarnings(const QualityThresholds &thresholds = {});

    std::vector<QualityEvent> update(const QualitySample &sample);
    bool isActive(const QString &name) const;
    std::vector<QString> activeWarnings() const;
    void reset();

    static constexpr int MaxWindow = 32;

private:
    enum Metric
    {
        Rtt,
        Jitter,
        Loss,
        Mos,
        InputLevel,
        MetricCount,
    };
    struct Window
    {
        std::array<double, MaxWindow> values {};
        int count = 0;
        int next = 0;
        void push(double v, int capacity);
        void clear() { count = next = 0; }
    };
    struct State
    {
        Window window;
        bool active = false;
        int raisedFor = 0;
    };

    void evaluateThreshold(Metric metric, std::optional<double> value, std::vector<QualityEvent> &events);
    void evaluateInputLevel(const QualitySample &sample, std::vector<QualityEvent> &events);
    void raise(Metric metric, double value, std::vector<QualityEvent> &events);
    void clear(Metric metric, double value, std::vector<QualityEvent> &events);

    QualityThresholds m_thresholds;
    std::array<State, MetricCount> m_states;
};

} // namespace audin::media
