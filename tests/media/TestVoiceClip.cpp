// SPDX-License-Identifier: GPL-3.0-or-later
// decodeToVoice(): any WAV to 48 kHz mono with its duration and timing kept, and the shipped
// sounds decoded and measured (tones, pauses, seamless loop ends, size).
#include "AudioLevel.h"
#include "DeviceProbe.h"
#include "VoiceClip.h"
#include "WavFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace audin;
using namespace audin::media;
using namespace audin::test;

namespace {
QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString soundPath(const QString &name)
{
    return QStringLiteral(AUDIN_SOURCE_DIR "/resources/sounds/") + name;
}

/** The WAV file WavWriter makes of `frames` (interleaved int16). */
QByteArray wavBytes(const QString &path, const std::vector<int16_t> &samples, int rate, int channels)
{
    WavWriter writer(path, rate, channels);
    if (!writer.open())
        return {};
    writer.write(samples.data(), int(samples.size()) / channels);
    writer.close();
    return readAll(path);
}

double levelAt(const std::vector<int16_t> &pcm, double fromSeconds, double toSeconds, double frequency)
{
    return toneDbfs(pcm, size_t(fromSeconds * 48000), size_t((toSeconds - fromSeconds) * 48000), frequency);
}

double rmsBetween(const std::vector<int16_t> &pcm, double fromSeconds, double toSeconds)
{
    const auto from = size_t(fromSeconds * 48000);
    return AudioLevel::rmsDbfs(pcm.data() + from, int(size_t(toSeconds * 48000) - from));
}
} // namespace

class TestVoiceClip : public QObject
{
    Q_OBJECT
private slots:
    void resamplingKeepsDurationAndTiming_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::newRow("16 kHz mono") << 16000 << 1;
        QTest::newRow("24 kHz stereo") << 24000 << 2;
        QTest::newRow("44.1 kHz mono") << 44100 << 1;
        QTest::newRow("48 kHz mono") << 48000 << 1;
    }
    void resamplingKeepsDurationAndTiming()
    {
        QFETCH(int, rate);
        QFETCH(int, channels);
        const std::vector<int16_t> mono = sine(1000, 0.5, rate / 2, rate); // 0.5 s
        std::vector<int16_t> interleaved;
        for (int16_t s : mono)
            interleaved.insert(interleaved.end(), size_t(channels), s);
        const QByteArray bytes = wavBytes(m_dir.filePath(QStringLiteral("in.wav")), interleaved, rate, channels);
        QString error;
        const std::optional<std::vector<int16_t>> voice = decodeToVoice(bytes, &error);
        QVERIFY2(voice, qPrintable(error));
        QCOMPARE(voice->size(), size_t(24000));
        // Sample for sample the same sine at 48 kHz: no delay in front, no level change.
        const std::vector<int16_t> expected = sine(1000, 0.5, 24000);
        int worst = 0;
        for (size_t i = 480; i < 24000 - 480; ++i)
            worst = std::max(worst, std::abs(int((*voice)[i]) - int(expected[i])));
        qInfo("largest difference from the ideal 48 kHz sine: %d (of 16384)", worst);
        // A whole 48 kHz sample late or early would differ by ~2140 here; 44.1 kHz may be off by a
        // fraction of one (the resampler's delay is not a whole number of output samples).
        QVERIFY(worst < (rate % 8000 == 0 ? 50 : 1000));
    }

    void badInputIsAnErrorNotACrash_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("not a wav file at all, just words");
        QTest::newRow("header only") << QByteArray("RIFF\x24\x00\x00\x00WAVEfmt ", 16);
    }
    void badInputIsAnErrorNotACrash()
    {
        QFETCH(QByteArray, bytes);
        QString error;
        QVERIFY(!decodeToVoice(bytes, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!decodeToVoice(bytes)); // and without anywhere to say why
    }

    void ringtone()
    {
        const QByteArray bytes = readAll(soundPath(QStringLiteral("ringtone.wav")));
        QVERIFY(bytes.size() > 0 && bytes.size() < 150 * 1024);
        const std::optional<WavAudio> wav = WavReader::readBytes(bytes);
        QVERIFY(wav);
        QCOMPARE(wav->info.channels, 1);
        QCOMPARE(wav->info.encoding, WavInfo::Encoding::Pcm16);
        QVERIFY(wav->info.sampleRate == 16000 || wav->info.sampleRate == 24000);
        QString error;
        const std::optional<std::vector<int16_t>> pcm = decodeToVoice(bytes, &error);
        QVERIFY2(pcm, qPrintable(error));
        const double seconds = double(pcm->size()) / 48000;
        qInfo("ringtone: %.2f s, %lld bytes", seconds, qint64(bytes.size()));
        QVERIFY(seconds >= 2.0 && seconds <= 3.0);
        // Two bursts of 400 + 450 Hz...
        for (const double start : {0.05, 0.65}) {
            QVERIFY(levelAt(*pcm, start, start + 0.3, 400) > -20);
            QVERIFY(levelAt(*pcm, start, start + 0.3, 450) > -20);
        }
        // ...a short gap between them, then the long pause: silence.
        QVERIFY(rmsBetween(*pcm, 0.44, 0.56) < -60);
        QVERIFY(rmsBetween(*pcm, 1.05, seconds) < -80);
        // Loops without a click: it starts from silence and ends in it.
        QVERIFY(std::abs((*pcm)[0]) < 50);
        QVERIFY(std::abs(pcm->back()) < 50);
    }

    void callWaiting()
    {
        const QByteArray bytes = readAll(soundPath(QStringLiteral("call-waiting.wav")));
        QVERIFY(bytes.size() > 0 && bytes.size() < 150 * 1024);
        const std::optional<WavAudio> wav = WavReader::readBytes(bytes);
        QVERIFY(wav);
        QCOMPARE(wav->info.channels, 1);
        QVERIFY(wav->info.sampleRate == 16000 || wav->info.sampleRate == 24000);
        const std::optional<std::vector<int16_t>> pcm = decodeToVoice(bytes);
        QVERIFY(pcm);
        const double seconds = double(pcm->size()) / 48000;
        QVERIFY(seconds > 0.3 && seconds < 1.5); // short
        // Two beeps at 440 Hz, soft (well under the ringtone), with a gap.
        QVERIFY(levelAt(*pcm, 0.02, 0.16, 440) > -30);
        QVERIFY(levelAt(*pcm, 0.32, 0.46, 440) > -30);
        QVERIFY(rmsBetween(*pcm, 0.0, seconds) < -20);
        QVERIFY(rmsBetween(*pcm, 0.2, 0.28) < -60);
        QVERIFY(AudioLevel::peak(pcm->data(), int(pcm->size())) < 32768 / 4);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestVoiceClip)
#include "TestVoiceClip.moc"
