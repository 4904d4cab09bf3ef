// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallQuality.h"

#include <QTest>
#include <cmath>

using namespace audin::media;

namespace {

QualitySample network(double rtt, double jitter, double loss)
{
    QualitySample s;
    s.rttMs = rtt;
    s.jitterMs = jitter;
    s.packetLossPercent = loss;
    // No inputLevel: the dead-mic check stays out of the network tests.
    return s;
}

int countEvents(const std::vector<QualityEvent> &events, const QString &name, QualityEvent::Kind kind)
{
    int n = 0;
    for (const auto &e : events)
        n += e.name == name && e.kind == kind;
    return n;
}

} // namespace

class TestCallQuality : public QObject
{
    Q_OBJECT

private slots:
    void mosMatchesHandComputedValues_data()
    {
        QTest::addColumn<double>("rtt");
        QTest::addColumn<double>("jitter");
        QTest::addColumn<double>("loss");
        QTest::addColumn<double>("r");
        QTest::addColumn<double>("mos");
        // Perfect network: eff = 0 + 0 + 10 = 10 < 160, R = 94.768 - 10/40 = 94.518;
        // MOS = 1 + 0.035*94.518 + 7e-6*94.518*(94.518-60)*(100-94.518)
        //     = 1 + 3.30813 + 7e-6*94.518*34.518*5.482 = 1 + 3.30813 + 0.12520 = 4.43333
        QTest::newRow("perfect") << 0.0 << 0.0 << 0.0 << 94.518 << 4.43333;
        // eff = 100 + 2*10 + 10 = 130 < 160: R = 94.768 - 3.25 = 91.518; loss 1 <= 91.518/2.5,
        // R = 91.518 - 2.5 = 89.018; MOS = 1 + 3.11563 + 7e-6*89.018*29.018*10.982 = 4.31421
        QTest::newRow("good") << 100.0 << 10.0 << 1.0 << 89.018 << 4.31421;
        // eff = 300 + 60 + 10 = 370 >= 160: R = 94.768 - (370-120)/10 = 69.768; loss 5:
        // R = 69.768 - 12.5 = 57.268; MOS = 1 + 2.00438 + 7e-6*57.268*(-2.732)*42.732 = 2.95758
        QTest::newRow("poor") << 300.0 << 30.0 << 5.0 << 57.268 << 2.95758;
        // At the 160 ms knee both branches agree: 94.768 - 160/40 = 94.768 - (160-120)/10 = 90.768;
        // MOS = 1 + 3.17688 + 7e-6*90.768*30.768*9.232 = 4.35736
        QTest::newRow("knee") << 150.0 << 0.0 << 0.0 << 90.768 << 4.35736;
        // eff >= 1000: R = 0, then the loss step floors it at 6.52 (0 loss <= 0/2.5):
        // MOS = 1 + 0.2282 + 7e-6*6.52*(-53.48)*93.48 = 1.00003
        QTest::newRow("latency cliff") << 1000.0 << 0.0 << 0.0 << 6.52 << 1.00003;
        // eff = 40: R = 93.768; loss 50 > 93.768/2.5 = 37.5 -> R = 0, MOS = 1
        QTest::newRow("heavy loss") << 20.0 << 5.0 << 50.0 << 0.0 << 1.0;
        // The high-rtt threshold alone: eff = 400 + 60 + 10 = 470, R = 94.768 - 35 = 59.768,
        // MOS = 1 + 2.09188 + 7e-6*59.768*(-0.232)*40.232 = 3.08797
        QTest::newRow("rtt 400 jitter 30") << 400.0 << 30.0 << 0.0 << 59.768 << 3.08797;
    }

    void mosMatchesHandComputedValues()
    {
        QFETCH(double, rtt);
        QFETCH(double, jitter);
        QFETCH(double, loss);
        QFETCH(double, r);
        QFETCH(double, mos);
        const auto gotR = estimateRFactor(rtt, jitter, loss);
        const auto gotMos = estimateMos(rtt, jitter, loss);
        QVERIFY(gotR && gotMos);
        QVERIFY2(std::abs(*gotR - r) < 1e-9, qPrintable(QString::number(*gotR, 'f', 6)));
        QVERIFY2(std::abs(*gotMos - mos) < 5e-5, qPrintable(QString::number(*gotMos, 'f', 6)));
    }

    void mosRejectsBadInput()
    {
        QVERIFY(!estimateMos(-1.0, 0.0, 0.0));
        QVERIFY(!estimateMos(0.0, std::nan(""), 0.0));
        QVERIFY(!estimateMos(0.0, 0.0, INFINITY));
    }

    void highRttRaisedThenClearedWithHysteresis()
    {
        QualityWarnings w;
        const QString name = QStringLiteral("high-rtt");
        // Two bad seconds: not yet (3 of the last 5 needed).
        QVERIFY(w.update(network(500, 5, 0)).empty());
        QVERIFY(w.update(network(500, 5, 0)).empty());
        QVERIFY(!w.isActive(name));
        // Window incomplete until 5 samples: feed 3 good ones, then bad again.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(countEvents(w.update(network(100, 5, 0)), name, QualityEvent::Kind::Raised), 0);
        // Window: bad, bad, good, good, good -> 2 of 5, nothing.
        QVERIFY(!w.isActive(name));
        w.update(network(500, 5, 0)); // bad, good, good, good, bad -> 2
        auto events = w.update(network(600, 5, 0)); // good, good, good, bad, bad -> 2
        QVERIFY(!w.isActive(name));
        events = w.update(network(700, 5, 0)); // good, good, bad, bad, bad -> 3: raised
        QCOMPARE(countEvents(events, name, QualityEvent::Kind::Raised), 1);
        QCOMPARE(events.front().value, 700.0);
        QVERIFY(w.isActive(name));
        // Raised once, not again while it persists.
        QCOMPARE(countEvents(w.update(network(700, 5, 0)), name, QualityEvent::Kind::Raised), 0);
        // Recovery: cleared only when none of the last 5 crosses (5 good samples).
        for (int i = 0; i < 4; ++i)
            QCOMPARE(countEvents(w.update(network(100, 5, 0)), name, QualityEvent::Kind::Cleared), 0);
        events = w.update(network(100, 5, 0));
        QCOMPARE(countEvents(events, name, QualityEvent::Kind::Cleared), 1);
        QVERIFY(!w.isActive(name));
    }

    void flappingDoesNotClear()
    {
        QualityWarnings w;
        const QString name = QStringLiteral("high-jitter");
        const double pattern[] = {50, 5, 50, 5, 50}; // 3 of 5 above 30 ms
        std::vector<QualityEvent> all;
        for (double j : pattern) {
            const auto e = w.update(network(50, j, 0));
            all.insert(all.end(), e.begin(), e.end());
        }
        QCOMPARE(countEvents(all, name, QualityEvent::Kind::Raised), 1);
        // Alternating keeps 2-3 of 5 above the threshold: never cleared, never raised again.
        for (int i = 0; i < 20; ++i) {
            const auto e = w.update(network(50, i % 2 ? 50 : 5, 0));
            QCOMPARE(countEvents(e, name, QualityEvent::Kind::Cleared), 0);
            QCOMPARE(countEvents(e, name, QualityEvent::Kind::Raised), 0);
        }
        QVERIFY(w.isActive(name));
    }

    void clearWaitsForMinimumRaisedTime()
    {
        QualityThresholds t;
        t.minRaisedSamples = 8;
        QualityWarnings w(t);
        const QString name = QStringLiteral("high-packet-loss");
        for (int i = 0; i < 3; ++i)
            w.update(network(50, 5, 10));
        w.update(network(50, 5, 10));
        w.update(network(50, 5, 10)); // raised here (3 of 5 at the 5th sample)
        QVERIFY(w.isActive(name));
        // Five good samples empty the window, but only 5 < 8 samples have passed.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(countEvents(w.update(network(50, 5, 0)), name, QualityEvent::Kind::Cleared), 0);
        QVERIFY(w.isActive(name));
        w.update(network(50, 5, 0));
        w.update(network(50, 5, 0));
        QCOMPARE(countEvents(w.update(network(50, 5, 0)), name, QualityEvent::Kind::Cleared), 1);
    }

    void lowMosComputedFromNetwork()
    {
        QualityWarnings w;
        std::vector<QualityEvent> all;
        // rtt 380 (below the RTT threshold), jitter 25 (below), loss 0.8 (below): each alone is
        // fine but eff = 380 + 50 + 10 = 440, R = 94.768 - 32 - 2 = 60.768, MOS = 3.13 < 3.5.
        for (int i = 0; i < 5; ++i) {
            const auto e = w.update(network(380, 25, 0.8));
            all.insert(all.end(), e.begin(), e.end());
        }
        QCOMPARE(int(all.size()), 1);
        QCOMPARE(all.front().name, QStringLiteral("low-mos"));
        QVERIFY(std::abs(all.front().value - *estimateMos(380, 25, 0.8)) < 1e-9);
        // An explicit MOS wins over the computed one.
        QualityWarnings explicitMos;
        for (int i = 0; i < 5; ++i) {
            auto s = network(380, 25, 0.8);
            s.mos = 4.2;
            QVERIFY(explicitMos.update(s).empty());
        }
    }

    void missingValuesNeitherRaiseNorClear()
    {
        QualityWarnings w;
        for (int i = 0; i < 10; ++i) {
            QualitySample s;
            s.inputLevel = 1000.0 + 900.0 * (i % 2);
            QVERIFY(w.update(s).empty());
        }
        // Gaps restart the window: bad, bad, (gap), bad, bad does not raise.
        w.update(network(900, 5, 0));
        w.update(network(900, 5, 0));
        QualitySample gap;
        gap.inputLevel = 1500;
        w.update(gap);
        w.update(network(900, 5, 0));
        w.update(network(900, 5, 0));
        QVERIFY(!w.isActive(QStringLiteral("high-rtt")));
    }

    void deadMicrophone()
    {
        QualityWarnings w;
        const QString name = QStringLiteral("constant-audio-input-level");
        auto level = [](double v, bool muted = false) {
            QualitySample s;
            s.inputLevel = v;
            s.muted = muted;
            return s;
        };
        // Speech: the level moves a lot. No warning.
        for (int i = 0; i < 15; ++i)
            QVERIFY(w.update(level(i % 3 == 0 ? 200 : 4000)).empty());
        // Mic goes dead: zeros. The 10-second window still holds speech at first.
        int raisedAt = -1;
        for (int i = 0; i < 15 && raisedAt < 0; ++i) {
            if (countEvents(w.update(level(0)), name, QualityEvent::Kind::Raised))
                raisedAt = i;
        }
        // Raised once the window no longer varies: the 10th zero (spread of 10 zeros = 0).
        QCOMPARE(raisedAt, 9);
        // Still dead: no repeat.
        QVERIFY(w.update(level(0)).empty());
        // Muting explains silence: cleared at once.
        auto events = w.update(level(0, true));
        QCOMPARE(countEvents(events, name, QualityEvent::Kind::Cleared), 1);
        // Muted silence never raises.
        for (int i = 0; i < 20; ++i)
            QVERIFY(w.update(level(0, true)).empty());
        // A constant non-zero level (stuck driver) counts too, once unmuted for 10 s.
        for (int i = 0; i < 9; ++i)
            QVERIFY(w.update(level(1234)).empty());
        QCOMPARE(countEvents(w.update(level(1234)), name, QualityEvent::Kind::Raised), 1);
        // The mic comes back: cleared when the spread exceeds 1 % of full scale (after 5 s raised).
        int clearedAfter = -1;
        for (int i = 0; i < 10 && clearedAfter < 0; ++i) {
            if (countEvents(w.update(level(i % 2 ? 300 : 6000)), name, QualityEvent::Kind::Cleared))
                clearedAfter = i;
        }
        QCOMPARE(clearedAfter, 4);
    }

    void resetForgetsEverything()
    {
        QualityWarnings w;
        for (int i = 0; i < 5; ++i)
            w.update(network(900, 100, 20));
        QCOMPARE(int(w.activeWarnings().size()), 4);
        w.reset();
        QVERIFY(w.activeWarnings().empty());
    }
};

QTEST_GUILESS_MAIN(TestCallQuality)
#include "TestCallQuality.moc"
