// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallQuality.h"

#include <algorithm>
#include <cmath>

namespace audin::media {

namespace {

// R0 as in twilio-voice.js lib/twilio/rtc/mos.ts, where ITU-T G.107's default R would be 93.2:
// kept so that our scores match the ones operators know from Twilio.
constexpr double R0 = 94.768;

bool valid(double v)
{
    return std::isfinite(v) && v >= 0.0;
}

const QString &metricName(int metric)
{
    static const QString names[] = {
        QStringLiteral("high-rtt"),
        QStringLiteral("high-jitter"),
        QStringLiteral("high-packet-loss"),
        QStringLiteral("low-mos"),
        QStringLiteral("constant-audio-input-level"),
    };
    return names[metric];
}

} // namespace

std::optional<double> estimateRFactor(double rttMs, double jitterMs, double lossPercent)
{
    if (!valid(rttMs) || !valid(jitterMs) || !valid(lossPercent))
        return std::nullopt;
    const double effectiveLatency = rttMs + 2.0 * jitterMs + 10.0;
    double r = 0.0;
    if (effectiveLatency < 160.0)
        r = R0 - effectiveLatency / 40.0;
    else if (effectiveLatency < 1000.0)
        r = R0 - (effectiveLatency - 120.0) / 10.0;
    if (lossPercent <= r / 2.5)
        r = std::max(r - lossPercent * 2.5, 6.52);
    else
        r = 0.0;
    return r;
}

std::optional<double> estimateMos(double rttMs, double jitterMs, double lossPercent)
{
    const auto r = estimateRFactor(rttMs, jitterMs, lossPercent);
    if (!r)
        return std::nullopt;
    const double R = *r;
    return 1.0 + 0.035 * R + 0.000007 * R * (R - 60.0) * (100.0 - R);
}

void QualityWarnings::Window::push(double v, int capacity)
{
    values[size_t(next)] = v;
    next = (next + 1) % capacity;
    count = std::min(count + 1, capacity);
}

QualityWarnings::QualityWarnings(const QualityThresholds &thresholds)
    : m_thresholds(thresholds)
{
    m_thresholds.sampleCount = std::clamp(m_thresholds.sampleCount, 1, MaxWindow);
    m_thresholds.raiseCount = std::clamp(m_thresholds.raiseCount, 1, m_thresholds.sampleCount);
    m_thresholds.inputLevelSampleCount = std::clamp(m_thresholds.inputLevelSampleCount, 2, MaxWindow);
}

void QualityWarnings::reset()
{
    for (auto &s : m_states)
        s = State {};
}

bool QualityWarnings::isActive(const QString &name) const
{
    for (int m = 0; m < MetricCount; ++m) {
        if (metricName(m) == name)
            return m_states[size_t(m)].active;
    }
    return false;
}

std::vector<QString> QualityWarnings::activeWarnings() const
{
    std::vector<QString> out;
    for (int m = 0; m < MetricCount; ++m) {
        if (m_states[size_t(m)].active)
            out.push_back(metricName(m));
    }
    return out;
}

void QualityWarnings::raise(Metric metric, double value, std::vector<QualityEvent> &events)
{
    State &s = m_states[metric];
    if (s.active)
        return;
    s.active = true;
    s.raisedFor = 0;
    events.push_back({metricName(metric), QualityEvent::Kind::Raised, value});
}

void QualityWarnings::clear(Metric metric, double value, std::vector<QualityEvent> &events)
{
    State &s = m_states[metric];
    if (!s.active || s.raisedFor < m_thresholds.minRaisedSamples)
        return;
    s.active = false;
    events.push_back({metricName(metric), QualityEvent::Kind::Cleared, value});
}

void QualityWarnings::evaluateThreshold(Metric metric, std::optional<double> value, std::vector<QualityEvent> &events)
{
    State &s = m_states[metric];
    // Like Twilio, a missing value means "not enough information": the window restarts.
    if (!value || !std::isfinite(*value)) {
        s.window.clear();
        return;
    }
    const int n = m_thresholds.sampleCount;
    s.window.push(*value, n);
    if (s.window.count < n)
        return;
    int crossing = 0;
    for (int i = 0; i < n; ++i) {
        const double v = s.window.values[size_t(i)];
        switch (metric) {
        case Rtt:
            crossing += v > m_thresholds.maxRttMs;
            break;
        case Jitter:
            crossing += v > m_thresholds.maxJitterMs;
            break;
        case Loss:
            crossing += v > m_thresholds.maxPacketLossPercent;
            break;
        case Mos:
            crossing += v < m_thresholds.minMos;
            break;
        default:
            break;
        }
    }
    if (crossing >= m_thresholds.raiseCount)
        raise(metric, *value, events);
    else if (crossing == 0)
        clear(metric, *value, events);
}

void QualityWarnings::evaluateInputLevel(const QualitySample &sample, std::vector<QualityEvent> &events)
{
    State &s = m_states[InputLevel];
    if (sample.muted || !sample.inputLevel || !std::isfinite(*sample.inputLevel)) {
        s.window.clear();
        if (s.active && sample.muted) {
            // Muting explains the silence: clear at once, without the minimum raised time.
            s.active = false;
            events.push_back({metricName(InputLevel), QualityEvent::Kind::Cleared, 0.0});
        }
        return;
    }
    const int n = m_thresholds.inputLevelSampleCount;
    s.window.push(*sample.inputLevel, n);
    if (s.window.count < n)
        return;
    double mean = 0.0;
    for (int i = 0; i < n; ++i)
        mean += s.window.values[size_t(i)];
    mean /= n;
    double var = 0.0;
    for (int i = 0; i < n; ++i) {
        const double d = s.window.values[size_t(i)] - mean;
        var += d * d;
    }
    const double stddev = std::sqrt(var / n);
    if (stddev < m_thresholds.minInputLevelStdDev)
        raise(InputLevel, stddev, events);
    else
        clear(InputLevel, stddev, events);
}

std::vector<QualityEvent> QualityWarnings::update(const QualitySample &sample)
{
    std::vector<QualityEvent> events;
    for (auto &s : m_states) {
        if (s.active)
            ++s.raisedFor;
    }
    std::optional<double> mos = sample.mos;
    if (!mos && sample.rttMs && sample.jitterMs && sample.packetLossPercent)
        mos = estimateMos(*sample.rttMs, *sample.jitterMs, *sample.packetLossPercent);
    evaluateThreshold(Rtt, sample.rttMs, events);
    evaluateThreshold(Jitter, sample.jitterMs, events);
    evaluateThreshold(Loss, sample.packetLossPercent, events);
    evaluateThreshold(Mos, mos, events);
    evaluateInputLevel(sample, events);
    return events;
}

} // namespace audin::media
