// SPDX-License-Identifier: GPL-3.0-or-later
#include "AllocationCounter.h"
#include "AudioLevel.h"
#include "OpusCodec.h"
#include "SyntheticVoice.h"

#include <QTest>
#include <cmath>
#include <vector>

using namespace audin::media;

namespace {

constexpr int Frame = OpusVoiceEncoder::FrameSamples;

std::vector<int16_t> sine(double hz, double amplitude, int samples)
{
    std::vector<int16_t> s(static_cast<size_t>(samples));
    for (int i = 0; i < samples; ++i)
        s[size_t(i)] = int16_t(std::lround(amplitude * std::sin(2.0 * M_PI * hz * i / 48000.0)));
    return s;
}

std::vector<int16_t> voice(int samples, uint32_t seed = 3)
{
    std::vector<int16_t> s(static_cast<size_t>(samples));
    SyntheticVoice(seed).generate(s.data(), samples);
    return s;
}

// Normalised cross-correlation of x[from, to) with y shifted by `lag`.
double ncc(const std::vector<int16_t> &x, const std::vector<int16_t> &y, int lag, int from, int to)
{
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = from; i < to; ++i) {
        const double a = x[size_t(i)];
        const double b = y[size_t(i + lag)];
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
    }
    return sxy / std::sqrt(sxx * syy + 1e-9);
}

std::vector<int16_t> roundTrip(const std::vector<int16_t> &in, const OpusEncoderSettings &settings = {})
{
    OpusVoiceEncoder enc(settings);
    OpusVoiceDecoder dec;
    std::vector<int16_t> out(in.size());
    for (size_t f = 0; f + Frame <= in.size(); f += Frame) {
        const QByteArray packet = enc.encode(in.data() + f);
        if (packet.isEmpty() || dec.decode(packet, out.data() + f, Frame) != Frame)
            return {};
    }
    return out;
}

} // namespace

class TestOpus : public QObject
{
    Q_OBJECT

private:
    int m_delay = -1;

private slots:
    void constructsWithDefaults()
    {
        OpusVoiceEncoder enc;
        QVERIFY2(enc.isValid(), qPrintable(enc.errorString()));
        QCOMPARE(enc.settings().bitrate, 32000);
        QCOMPARE(enc.settings().complexity, 5);
        QVERIFY(!enc.settings().dtx);
        OpusVoiceDecoder dec;
        QVERIFY(dec.isValid());
        QCOMPARE(dec.sampleRate(), 48000);
    }

    void rejectsBadSettings()
    {
        OpusEncoderSettings bad;
        bad.complexity = 42;
        OpusVoiceEncoder enc(bad);
        QVERIFY(!enc.isValid());
        QVERIFY(enc.errorString().contains(QLatin1String("complexity")));
        QVERIFY(enc.encode(sine(440, 1000, Frame).data()).isEmpty());
    }

    void speechRoundTripCorrelates()
    {
        const int n = 48000 * 4;
        const auto in = voice(n);
        const auto out = roundTrip(in);
        QCOMPARE(out.size(), in.size());
        // Find the codec delay as the lag of the correlation peak; it should be the encoder's
        // lookahead (312 samples = 6.5 ms at 48 kHz in libopus 1.3).
        int best = 0;
        double bestCorr = -1.0;
        for (int lag = 0; lag < 1500; ++lag) {
            const double c = ncc(in, out, lag, 4800, n - 2000);
            if (c > bestCorr) {
                bestCorr = c;
                best = lag;
            }
        }
        m_delay = best;
        qInfo("codec delay %d samples (lookahead %d), correlation %.3f", best, OpusVoiceEncoder().lookahead(),
              bestCorr);
        QVERIFY(std::abs(best - OpusVoiceEncoder().lookahead()) <= 16);
        QVERIFY2(bestCorr > 0.9, qPrintable(QString::number(bestCorr)));
    }

    void toneRoundTripCorrelates()
    {
        QVERIFY(m_delay >= 0);
        const int n = 48000 * 2;
        const auto in = sine(440, 10000, n);
        const auto out = roundTrip(in);
        const double c = ncc(in, out, m_delay, 4800, n - 2000);
        QVERIFY2(c > 0.9, qPrintable(QString::number(c)));
        // Level preserved within 1 dB.
        const double inDb = AudioLevel::rmsDbfs(in.data() + 4800, n - 9600);
        const double outDb = AudioLevel::rmsDbfs(out.data() + 4800 + m_delay, n - 9600);
        QVERIFY2(std::abs(inDb - outDb) < 1.0, qPrintable(QStringLiteral("%1 vs %2").arg(inDb).arg(outDb)));
        // And a different tone does not correlate: the check can fail.
        const auto other = sine(600, 10000, n);
        QVERIFY(std::abs(ncc(other, out, m_delay, 4800, n - 2000)) < 0.2);
    }

    void bitrateFollowsSetting()
    {
        const auto in = voice(48000 * 4);
        for (int bitrate : {16000, 32000}) {
            OpusEncoderSettings s;
            s.bitrate = bitrate;
            OpusVoiceEncoder enc(s);
            qint64 bytes = 0;
            for (size_t f = 0; f + Frame <= in.size(); f += Frame)
                bytes += enc.encode(in.data() + f).size();
            const double kbps = bytes * 8.0 / 4.0 / 1000.0;
            // VBR: the synthetic voice has pauses, so the average stays at or under the target.
            QVERIFY2(kbps < bitrate / 1000.0 * 1.1 && kbps > bitrate / 1000.0 * 0.4, qPrintable(QString::number(kbps)));
        }
    }

    void dtxShrinksSilence()
    {
        OpusEncoderSettings s;
        s.dtx = true;
        OpusVoiceEncoder dtx(s);
        OpusVoiceEncoder plain;
        int dtxSmall = 0;
        int plainSmall = 0;
        const int frames = 100; // 2 s of silence
        for (int i = 0; i < frames; ++i) {
            dtxSmall += OpusVoiceEncoder::isDtxPacket(int(dtx.encodeSilence().size()));
            plainSmall += OpusVoiceEncoder::isDtxPacket(int(plain.encodeSilence().size()));
        }
        // With DTX, after ~200 ms of hangover only one refresh packet every 400 ms carries data.
        QVERIFY2(dtxSmall > frames * 3 / 4, qPrintable(QString::number(dtxSmall)));
        QVERIFY(dtx.inDtx());
        QCOMPARE(plainSmall, 0);
        QVERIFY(!plain.inDtx());
    }

    void encodedSilenceDecodesToSilence()
    {
        for (bool dtxOn : {false, true}) {
            OpusEncoderSettings s;
            s.dtx = dtxOn;
            OpusVoiceEncoder enc(s);
            OpusVoiceDecoder dec;
            // Speech first (mute in the middle of a call), then silence.
            const auto speech = voice(Frame * 25);
            std::vector<int16_t> out(Frame);
            for (int f = 0; f < 25; ++f)
                dec.decode(enc.encode(speech.data() + f * Frame), out.data(), Frame);
            QVERIFY(AudioLevel::rmsDbfs(out.data(), Frame) > -60.0);
            double worst = -200.0;
            for (int f = 0; f < 50; ++f) {
                QCOMPARE(dec.decode(enc.encodeSilence(), out.data(), Frame), Frame);
                if (f >= 3) // let the decoder's overlap ring out
                    worst = std::max(worst, AudioLevel::rmsDbfs(out.data(), Frame));
            }
            QVERIFY2(worst < -60.0, qPrintable(QStringLiteral("dtx %1: %2 dBFS").arg(dtxOn).arg(worst)));
        }
    }

    void concealmentContinuesTone()
    {
        const auto in = sine(440, 10000, Frame * 30);
        OpusVoiceEncoder enc;
        OpusVoiceDecoder dec;
        std::vector<int16_t> out(Frame);
        for (int f = 0; f < 20; ++f)
            QCOMPARE(dec.decode(enc.encode(in.data() + f * Frame), out.data(), Frame), Frame);
        const double toneDb = AudioLevel::rmsDbfs(out.data(), Frame);
        // Two lost frames: concealment carries the tone on, no hard zeros.
        for (int lost = 0; lost < 2; ++lost) {
            QCOMPARE(dec.conceal(out.data(), Frame), Frame);
            int zeroRun = 0;
            int longestZeroRun = 0;
            for (int16_t s : out) {
                zeroRun = s == 0 ? zeroRun + 1 : 0;
                longestZeroRun = std::max(longestZeroRun, zeroRun);
            }
            QVERIFY2(longestZeroRun < 8, qPrintable(QString::number(longestZeroRun)));
            const double db = AudioLevel::rmsDbfs(out.data(), Frame);
            QVERIFY2(db > toneDb - 12.0, qPrintable(QStringLiteral("%1 vs %2").arg(db).arg(toneDb)));
            QVERIFY(AudioLevel::goertzelDbfs(out.data(), Frame, 440, 48000) > db - 3.0);
        }
        // Odd sizes are served too (rounded internally to 2.5 ms steps).
        QCOMPARE(dec.conceal(out.data(), 500), 500);
        // Decoding resumes normally.
        QCOMPARE(dec.decode(enc.encode(in.data() + 25 * Frame), out.data(), Frame), Frame);
    }

    void fecRecoversLostFrame()
    {
        OpusEncoderSettings s;
        s.inbandFec = true;
        s.packetLossPercent = 10;
        const auto in = voice(48000 * 4);
        OpusVoiceEncoder enc(s);
        std::vector<QByteArray> packets;
        for (size_t f = 0; f + Frame <= in.size(); f += Frame)
            packets.push_back(enc.encode(in.data() + f));
        auto decodeWithLoss = [&](bool useFec) {
            OpusVoiceDecoder dec;
            std::vector<int16_t> out(in.size());
            for (size_t f = 0; f < packets.size(); ++f) {
                int16_t *dst = out.data() + f * Frame;
                if (f % 10 == 5)
                    useFec ? dec.decodeFec(packets[f + 1], dst, Frame) : dec.conceal(dst, Frame);
                else
                    dec.decode(packets[f], dst, Frame);
            }
            return out;
        };
        OpusVoiceDecoder clean;
        std::vector<int16_t> reference(in.size());
        for (size_t f = 0; f < packets.size(); ++f)
            clean.decode(packets[f], reference.data() + f * Frame, Frame);
        auto snr = [&](const std::vector<int16_t> &out) {
            double ref = 0, err = 0;
            for (size_t f = 5; f + 1 < packets.size(); f += 10) {
                for (int i = 0; i < Frame; ++i) {
                    const double a = reference[f * Frame + size_t(i)];
                    const double b = out[f * Frame + size_t(i)];
                    ref += a * a;
                    err += (a - b) * (a - b);
                }
            }
            return 10.0 * std::log10(ref / (err + 1e-9));
        };
        const double fecSnr = snr(decodeWithLoss(true));
        const double plcSnr = snr(decodeWithLoss(false));
        qInfo("lost frames vs clean decode: FEC %.1f dB, PLC %.1f dB", fecSnr, plcSnr);
        QVERIFY(fecSnr > plcSnr + 6.0);
    }

    void steadyStateDoesNotAllocate()
    {
        if (!audin::test::canCountAllocations())
            QSKIP("allocation counting needs glibc without sanitizers");
        const auto in = voice(Frame * 60);
        OpusVoiceEncoder enc;
        OpusVoiceDecoder dec;
        unsigned char packet[OpusVoiceEncoder::MaxPacketBytes];
        std::vector<int16_t> out(Frame);
        const long before = audin::test::allocationCount();
        for (int f = 0; f < 60; ++f) {
            const int n = enc.encode(in.data() + f * Frame, packet, int(sizeof packet));
            QVERIFY(n > 0);
            if (f % 7 == 3)
                dec.conceal(out.data(), Frame);
            else
                QCOMPARE(dec.decode(packet, n, out.data(), Frame), Frame);
        }
        QCOMPARE(audin::test::allocationCount() - before, 0L);
    }

    void packetSamplesAndErrors()
    {
        OpusVoiceEncoder enc;
        OpusVoiceDecoder dec;
        const QByteArray p = enc.encode(sine(440, 5000, Frame).data());
        QCOMPARE(dec.packetSamples(p), Frame);
        std::vector<int16_t> out(Frame);
        QCOMPARE(dec.decode(QByteArray(), out.data(), Frame), -1);
        QVERIFY(dec.decode(QByteArray("\xff\xff\xff", 3), out.data(), Frame) < 0);
        // Too small an output buffer is an error, not an overflow.
        QVERIFY(dec.decode(p, out.data(), 480) < 0);
        QCOMPARE(dec.packetSamples(QByteArray()), -1);
    }
};

QTEST_GUILESS_MAIN(TestOpus)
#include "TestOpus.moc"
