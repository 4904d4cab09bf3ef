// SPDX-License-Identifier: GPL-3.0-or-later
#include "AudioLevel.h"
#include "DtmfTone.h"

#include <QTest>
#include <vector>

using namespace audin::media;

class TestDtmfTone : public QObject
{
    Q_OBJECT

private slots:
    void goertzelFindsExactlyTheTwoFrequencies_data()
    {
        QTest::addColumn<char>("key");
        QTest::addColumn<int>("low");
        QTest::addColumn<int>("high");
        QTest::newRow("1") << '1' << 697 << 1209;
        QTest::newRow("2") << '2' << 697 << 1336;
        QTest::newRow("3") << '3' << 697 << 1477;
        QTest::newRow("4") << '4' << 770 << 1209;
        QTest::newRow("5") << '5' << 770 << 1336;
        QTest::newRow("6") << '6' << 770 << 1477;
        QTest::newRow("7") << '7' << 852 << 1209;
        QTest::newRow("8") << '8' << 852 << 1336;
        QTest::newRow("9") << '9' << 852 << 1477;
        QTest::newRow("*") << '*' << 941 << 1209;
        QTest::newRow("0") << '0' << 941 << 1336;
        QTest::newRow("#") << '#' << 941 << 1477;
    }

    void goertzelFindsExactlyTheTwoFrequencies()
    {
        QFETCH(char, key);
        QFETCH(int, low);
        QFETCH(int, high);
        DtmfTone tone(key);
        QVERIFY(tone.isValid());
        QCOMPARE(tone.lowHz(), low);
        QCOMPARE(tone.highHz(), high);
        QCOMPARE(tone.totalSamples(), 160 * 48);
        std::vector<int16_t> pcm(size_t(tone.totalSamples()));
        // In 20 ms playout frames, as the pipeline would pull it.
        for (size_t pos = 0; pos < pcm.size(); pos += 960)
            QCOMPARE(tone.generate(pcm.data() + pos, 960), 960);
        QVERIFY(tone.finished());

        // Detector over the steady middle 100 ms: the eight DTMF frequencies.
        const int16_t *mid = pcm.data() + 30 * 48;
        const int n = 100 * 48;
        const int all[] = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
        for (int f : all) {
            const double db = AudioLevel::goertzelDbfs(mid, n, f, 48000);
            if (f == low || f == high)
                QVERIFY2(std::abs(db - DtmfTone::DefaultToneDbfs) < 0.5,
                         qPrintable(QStringLiteral("%1 Hz: %2").arg(f).arg(db)));
            else
                QVERIFY2(db < DtmfTone::DefaultToneDbfs - 25.0, qPrintable(QStringLiteral("%1 Hz: %2").arg(f).arg(db)));
        }
    }

    void fadesAndLevel()
    {
        DtmfTone tone('5', 160, 48000, -16.0, 5);
        std::vector<int16_t> pcm(size_t(tone.totalSamples()));
        tone.generate(pcm.data(), int(pcm.size()));
        // Starts and ends at zero (no click), ramps over 5 ms.
        QCOMPARE(pcm.front(), int16_t(0));
        QVERIFY(std::abs(pcm.back()) < 50);
        QVERIFY(AudioLevel::peak(pcm.data(), 48) < AudioLevel::peak(pcm.data() + 480, 480) / 4);
        // Two sines at -16 dBFS each: -13 dBFS together; peak 2 * sqrt(2) * 10^(-16/20) = 0.449 FS.
        QVERIFY(std::abs(AudioLevel::rmsDbfs(pcm.data() + 480, 4800) + 13.0) < 0.5);
        QVERIFY(AudioLevel::peak(pcm.data(), int(pcm.size())) < 32768 * 0.45);
    }

    void streamsAndMixes()
    {
        DtmfTone tone('#', 50);
        std::vector<int16_t> frame(960, 100);
        // 50 ms = 2400 samples: two full frames and a partial third, then nothing.
        QCOMPARE(tone.mixInto(frame.data(), 960), 960);
        QCOMPARE(tone.mixInto(frame.data(), 960), 960);
        std::fill(frame.begin(), frame.end(), int16_t(100));
        QCOMPARE(tone.mixInto(frame.data(), 960), 480);
        QVERIFY(std::all_of(frame.begin() + 480, frame.end(), [](int16_t s) { return s == 100; }));
        QVERIFY(tone.finished());
        QCOMPARE(tone.generate(frame.data(), 960), 0);
        QVERIFY(std::all_of(frame.begin(), frame.end(), [](int16_t s) { return s == 0; }));
        tone.restart();
        QCOMPARE(tone.remainingSamples(), 2400);
    }

    void rejectsOtherKeys()
    {
        for (char c : {'x', 'E', ' ', '\0', '+'}) {
            QVERIFY(!DtmfTone::isValidKey(c));
            DtmfTone tone(c);
            QVERIFY(!tone.isValid());
            QVERIFY(tone.finished());
            int16_t s = 7;
            QCOMPARE(tone.generate(&s, 1), 0);
        }
        QVERIFY(DtmfTone::isValidKey('A') && DtmfTone::isValidKey('D'));
    }
};

QTEST_GUILESS_MAIN(TestDtmfTone)
#include "TestDtmfTone.moc"
