// SPDX-License-Identifier: GPL-3.0-or-later
#include "AllocationCounter.h"
#include "AudioLevel.h"
#include "Resampler.h"

#include <QTest>
#include <cmath>
#include <cstring>
#include <vector>

using namespace audin::media;

namespace {

// Interleaved device-format bytes holding the same sine on every channel.
QByteArray sineBytes(const AudioFormatSpec &spec, double hz, double amplitude, int frames)
{
    QByteArray bytes(qsizetype(frames) * spec.bytesPerFrame(), '\0');
    char *p = bytes.data();
    for (int i = 0; i < frames; ++i) {
        const double x = amplitude * std::sin(2.0 * M_PI * hz * i / spec.sampleRate); // -1..1
        for (int c = 0; c < spec.channels; ++c) {
            switch (spec.format) {
            case SampleFormat::UInt8: {
                const auto v = quint8(std::lround(x * 127.0 + 128.0));
                std::memcpy(p, &v, 1);
                break;
            }
            case SampleFormat::Int16: {
                const auto v = int16_t(std::lround(x * 32767.0));
                std::memcpy(p, &v, 2);
                break;
            }
            case SampleFormat::Int32: {
                const auto v = int32_t(std::lround(x * 2147483647.0));
                std::memcpy(p, &v, 4);
                break;
            }
            case SampleFormat::Float32: {
                const auto v = float(x);
                std::memcpy(p, &v, 4);
                break;
            }
            }
            p += bytesPerSample(spec.format);
        }
    }
    return bytes;
}

// Frequency from rising zero crossings (linearly interpolated) over the block.
double measureFrequency(const std::vector<int16_t> &s, int from, int rate)
{
    double first = -1, last = -1;
    int crossings = 0;
    for (size_t i = size_t(from) + 1; i < s.size(); ++i) {
        if (s[i - 1] < 0 && s[i] >= 0) {
            const double t = double(i - 1) + double(-s[i - 1]) / double(s[i] - s[i - 1]);
            if (first < 0)
                first = t;
            else
                ++crossings;
            last = t;
        }
    }
    return crossings > 0 ? double(crossings) * rate / (last - first) : 0.0;
}

// Pushes `bytes` in irregular chunks (including partial sample frames) and pulls 20 ms frames.
std::vector<int16_t> convertChunked(Resampler &r, const QByteArray &bytes, int pullFrames = 960)
{
    std::vector<int16_t> out;
    std::vector<int16_t> frame(size_t(pullFrames) * size_t(r.outputFormat().channels));
    static const int chunkSizes[] = {1, 7, 1763, 4410, 333, 8820, 3, 17640, 2049};
    qsizetype pos = 0;
    int k = 0;
    while (pos < bytes.size()) {
        const qsizetype n = std::min<qsizetype>(chunkSizes[k++ % 9], bytes.size() - pos);
        r.push(bytes.constData() + pos, n);
        pos += n;
        while (r.availableFrames() >= pullFrames) {
            if (r.pull(frame.data(), pullFrames) != pullFrames)
                return {};
            out.insert(out.end(), frame.begin(), frame.end());
        }
    }
    return out;
}

} // namespace

class TestResampler : public QObject
{
    Q_OBJECT

private slots:
    void captureToVoice_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("format");
        QTest::addColumn<double>("hz");
        QTest::newRow("44.1 kHz stereo int16") << 44100 << 2 << int(SampleFormat::Int16) << 1000.0;
        QTest::newRow("44.1 kHz stereo int16, 3 kHz") << 44100 << 2 << int(SampleFormat::Int16) << 3000.0;
        QTest::newRow("8 kHz mono int16") << 8000 << 1 << int(SampleFormat::Int16) << 1000.0;
        QTest::newRow("48 kHz stereo float") << 48000 << 2 << int(SampleFormat::Float32) << 1000.0;
        QTest::newRow("16 kHz mono int32") << 16000 << 1 << int(SampleFormat::Int32) << 440.0;
        QTest::newRow("96 kHz 6ch float") << 96000 << 6 << int(SampleFormat::Float32) << 2000.0;
        QTest::newRow("22.05 kHz mono uint8") << 22050 << 1 << int(SampleFormat::UInt8) << 700.0;
    }

    void captureToVoice()
    {
        QFETCH(int, rate);
        QFETCH(int, channels);
        QFETCH(int, format);
        QFETCH(double, hz);
        const AudioFormatSpec in {rate, channels, SampleFormat(format)};
        Resampler r(in, AudioFormatSpec::voiceFormat());
        QVERIFY2(r.isValid(), qPrintable(r.errorString()));
        const int seconds = 30;
        const double amplitude = 0.5; // -9 dBFS RMS
        const auto out = convertChunked(r, sineBytes(in, hz, amplitude, rate * seconds));

        // Length: every input frame maps to 48000/rate output frames, with no drift over 30 s;
        // what is not pulled yet (< one 20 ms frame) is still in the FIFO.
        const qint64 expected = qint64(rate) * seconds * 48000 / rate;
        QCOMPARE(r.framesProduced(), expected);
        QCOMPARE(qint64(out.size()) + r.availableFrames(), expected);
        QVERIFY(r.availableFrames() < 960);

        // Frequency kept (zero crossings over ~30 s: within 0.05 %).
        const int settle = 48000 / 10 + r.outputLatencyFrames();
        const double measured = measureFrequency(out, settle, 48000);
        QVERIFY2(std::abs(measured - hz) < hz * 0.0005, qPrintable(QString::number(measured)));
        // Amplitude within 1 dB (sine at 0.5 of full scale: -9.03 dBFS RMS) and the energy is at hz.
        const int n = int(out.size()) - settle;
        const double rmsDb = AudioLevel::rmsDbfs(out.data() + settle, n);
        const double expectedDb = 20.0 * std::log10(amplitude / std::sqrt(2.0));
        QVERIFY2(std::abs(rmsDb - expectedDb) < 1.0, qPrintable(QStringLiteral("%1 vs %2").arg(rmsDb).arg(expectedDb)));
        const double toneDb = AudioLevel::goertzelDbfs(out.data() + settle, 48000, hz, 48000);
        QVERIFY(std::abs(toneDb - rmsDb) < 0.5);
        QVERIFY(AudioLevel::goertzelDbfs(out.data() + settle, 48000, hz * 1.5, 48000) < rmsDb - 50.0);
    }

    void chunkingDoesNotChangeOutput()
    {
        const AudioFormatSpec in {44100, 2, SampleFormat::Int16};
        const QByteArray bytes = sineBytes(in, 1234.0, 0.3, 44100 * 2);
        Resampler whole(in, AudioFormatSpec::voiceFormat());
        whole.push(bytes.constData(), bytes.size());
        std::vector<int16_t> a(size_t(whole.availableFrames()));
        QCOMPARE(whole.pull(a.data(), int(a.size())), int(a.size()));
        Resampler chunked(in, AudioFormatSpec::voiceFormat());
        auto b = convertChunked(chunked, bytes, 480);
        b.resize(b.size() + size_t(chunked.availableFrames()));
        chunked.pull(b.data() + b.size() - size_t(chunked.availableFrames()), chunked.availableFrames());
        QCOMPARE(b.size(), a.size());
        QVERIFY(a == b);
    }

    void voiceToPlayout_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("format");
        QTest::newRow("44.1 kHz stereo int16") << 44100 << 2 << int(SampleFormat::Int16);
        QTest::newRow("48 kHz stereo float") << 48000 << 2 << int(SampleFormat::Float32);
        QTest::newRow("8 kHz mono int16") << 8000 << 1 << int(SampleFormat::Int16);
    }

    void voiceToPlayout()
    {
        QFETCH(int, rate);
        QFETCH(int, channels);
        QFETCH(int, format);
        const AudioFormatSpec out {rate, channels, SampleFormat(format)};
        Resampler r(AudioFormatSpec::voiceFormat(), out);
        QVERIFY(r.isValid());
        const double hz = 1000.0;
        const int seconds = 20;
        const QByteArray pcm = sineBytes(AudioFormatSpec::voiceFormat(), hz, 0.5, 48000 * seconds);
        // The playout side pushes 20 ms frames and the device pulls whatever it wants (here 7 ms).
        const int pull = rate * 7 / 1000;
        QByteArray device(qsizetype(pull) * out.bytesPerFrame(), '\0');
        std::vector<std::vector<float>> perChannel(static_cast<size_t>(channels));
        for (qsizetype pos = 0; pos < pcm.size(); pos += 1920) {
            r.push(pcm.constData() + pos, 1920);
            while (r.availableFrames() >= pull) {
                QCOMPARE(r.pull(device.data(), pull), pull);
                for (int i = 0; i < pull; ++i) {
                    for (int c = 0; c < channels; ++c) {
                        const char *s = device.constData() + i * out.bytesPerFrame() + c * bytesPerSample(out.format);
                        float v;
                        if (out.format == SampleFormat::Float32) {
                            std::memcpy(&v, s, 4);
                        } else {
                            int16_t x;
                            std::memcpy(&x, s, 2);
                            v = x / 32768.0f;
                        }
                        perChannel[size_t(c)].push_back(v);
                    }
                }
            }
        }
        QCOMPARE(r.framesProduced(), qint64(rate) * seconds);
        // Upmix copies: every channel identical.
        for (int c = 1; c < channels; ++c)
            QVERIFY(perChannel[size_t(c)] == perChannel[0]);
        std::vector<int16_t> left;
        for (float v : perChannel[0])
            left.push_back(int16_t(std::lround(v * 32767.0f)));
        const int settle = rate / 10;
        const double measured = measureFrequency(left, settle, rate);
        QVERIFY2(std::abs(measured - hz) < 0.5, qPrintable(QString::number(measured)));
        const double rmsDb = AudioLevel::rmsDbfs(left.data() + settle, int(left.size()) - settle);
        QVERIFY(std::abs(rmsDb - 20.0 * std::log10(0.5 / std::sqrt(2.0))) < 1.0);
    }

    void downmixAverages()
    {
        const AudioFormatSpec stereo {48000, 2, SampleFormat::Int16};
        Resampler r(stereo, AudioFormatSpec::voiceFormat());
        // Left 10000, right -10000 cancel; left 10000, right 0 halve.
        std::vector<int16_t> in = {10000, -10000, 10000, 0, 20000, 20000};
        r.push(in.data(), qint64(in.size() * 2));
        int16_t out[3];
        QCOMPARE(r.pull(out, 3), 3);
        QCOMPARE(out[0], int16_t(0));
        QCOMPARE(out[1], int16_t(5000));
        QCOMPARE(out[2], int16_t(20000));
        QCOMPARE(r.latencyMs(), 0.0); // same rate: no filter
    }

    void reportsLatency()
    {
        Resampler r({44100, 2, SampleFormat::Int16}, AudioFormatSpec::voiceFormat(), 5);
        QVERIFY(r.inputLatencyFrames() > 0);
        QVERIFY(r.outputLatencyFrames() > 0);
        QVERIFY(r.latencyMs() > 0.0 && r.latencyMs() < 5.0);
        Resampler narrow({8000, 1, SampleFormat::Int16}, AudioFormatSpec::voiceFormat(), 5);
        // Upsampling from 8 kHz: the same filter length in input samples is 6x longer at 48 kHz.
        QCOMPARE(narrow.outputLatencyFrames(), narrow.inputLatencyFrames() * 6);
        qInfo("latency 44.1k stereo q5: %.2f ms, 8k q5: %.2f ms, 44.1k q%d: %.2f ms", r.latencyMs(), narrow.latencyMs(),
              Resampler::DefaultQuality,
              Resampler({44100, 2, SampleFormat::Int16}, AudioFormatSpec::voiceFormat()).latencyMs());
    }

    void steadyStateDoesNotAllocate()
    {
        if (!audin::test::canCountAllocations())
            QSKIP("allocation counting needs glibc without sanitizers");
        const AudioFormatSpec dev {44100, 2, SampleFormat::Int16};
        const QByteArray in = sineBytes(dev, 440, 0.5, 44100 * 3);
        Resampler capture(dev, AudioFormatSpec::voiceFormat());
        Resampler playout(AudioFormatSpec::voiceFormat(), dev);
        std::vector<int16_t> frame(960);
        std::vector<int16_t> device(2 * 1000);
        auto step = [&](int f) {
            capture.push(in.constData() + f * 882 * 4, 882 * 4);
            while (capture.availableFrames() >= 960) {
                capture.pull(frame.data(), 960);
                playout.push(frame.data(), 960 * 2);
                playout.pull(device.data(), std::min(playout.availableFrames(), 1000));
            }
        };
        for (int f = 0; f < 10; ++f)
            step(f);
        // The counter sees Qt's allocations too (it would catch a QByteArray per frame).
        const long probe = audin::test::allocationCount();
        QByteArray allocated(4096, 'x');
        QVERIFY(audin::test::allocationCount() > probe);
        const long before = audin::test::allocationCount();
        for (int f = 10; f < 150; ++f)
            step(f);
        QCOMPARE(audin::test::allocationCount() - before, 0L);
    }

    void invalidFormatsAndReset()
    {
        Resampler bad({44100, 0, SampleFormat::Int16}, AudioFormatSpec::voiceFormat());
        QVERIFY(!bad.isValid());
        QVERIFY(!bad.errorString().isEmpty());
        int16_t x[2] = {1, 2};
        bad.push(x, 4);
        QCOMPARE(bad.availableFrames(), 0);
        QCOMPARE(bad.pull(x, 2), 0);

        Resampler r({44100, 1, SampleFormat::Int16}, AudioFormatSpec::voiceFormat());
        const QByteArray bytes = sineBytes(r.inputFormat(), 500, 0.5, 4410);
        r.push(bytes.constData(), bytes.size() - 1); // leaves half a sample behind
        QVERIFY(r.availableFrames() > 0);
        r.reset();
        QCOMPARE(r.availableFrames(), 0);
        QCOMPARE(r.framesProduced(), 0);
        r.push(bytes.constData(), bytes.size());
        QCOMPARE(r.framesProduced(), qint64(4800));
    }
};

QTEST_GUILESS_MAIN(TestResampler)
#include "TestResampler.moc"
