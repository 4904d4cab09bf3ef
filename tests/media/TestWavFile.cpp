// SPDX-License-Identifier: GPL-3.0-or-later
#include "WavFile.h"

#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>
#include <cmath>
#include <cstring>
#include <vector>

using namespace audin::media;

namespace {

// A hand-built WAV: fmt chunk with the given tag/bits, then `data` bytes.
QByteArray buildWav(quint16 tag, int channels, int rate, int bits, const QByteArray &data, bool extensible = false,
                    qint64 declaredDataSize = -1)
{
    QByteArray fmt(extensible ? 40 : 16, '\0');
    char *f = fmt.data();
    qToLittleEndian<quint16>(extensible ? 0xFFFE : tag, f);
    qToLittleEndian<quint16>(quint16(channels), f + 2);
    qToLittleEndian<quint32>(quint32(rate), f + 4);
    qToLittleEndian<quint32>(quint32(rate * channels * bits / 8), f + 8);
    qToLittleEndian<quint16>(quint16(channels * bits / 8), f + 12);
    qToLittleEndian<quint16>(quint16(bits), f + 14);
    if (extensible) {
        qToLittleEndian<quint16>(22, f + 16);
        qToLittleEndian<quint16>(quint16(bits), f + 18);
        qToLittleEndian<quint16>(tag, f + 24); // sub-format GUID, first two bytes
    }
    QByteArray out("RIFF....WAVE");
    // An unknown chunk first: readers must skip it.
    out += QByteArray("LIST\x04\x00\x00\x00INFO", 12);
    char size[4];
    out += "fmt ";
    qToLittleEndian<quint32>(quint32(fmt.size()), size);
    out += QByteArray(size, 4) + fmt;
    out += "data";
    qToLittleEndian<quint32>(quint32(declaredDataSize >= 0 ? declaredDataSize : data.size()), size);
    out += QByteArray(size, 4) + data;
    qToLittleEndian<quint32>(quint32(out.size() - 8), out.data() + 4);
    return out;
}

} // namespace

class TestWavFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void writeReadRoundTrip()
    {
        const QString path = m_dir.filePath(QStringLiteral("stereo.wav"));
        std::vector<int16_t> samples(44100 * 2);
        for (size_t i = 0; i < samples.size(); ++i)
            samples[i] = int16_t((i * 37) % 65536 - 32768);
        {
            WavWriter w(path, 44100, 2);
            QVERIFY2(w.open(), qPrintable(w.errorString()));
            // Written in uneven pieces, as a recorder would.
            QVERIFY(w.write(samples.data(), 1000));
            QVERIFY(w.write(samples.data() + 2000, 44100 - 1000));
            QCOMPARE(w.framesWritten(), qint64(44100));
            QVERIFY(w.close());
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray raw = f.readAll();
        QCOMPARE(raw.size(), 44 + 44100 * 4);
        QCOMPARE(qFromLittleEndian<quint32>(raw.constData() + 4), quint32(raw.size() - 8));
        QCOMPARE(qFromLittleEndian<quint32>(raw.constData() + 40), quint32(44100 * 4));

        QString error;
        const auto audio = WavReader::readFile(path, &error);
        QVERIFY2(audio, qPrintable(error));
        QCOMPARE(audio->info.sampleRate, 44100);
        QCOMPARE(audio->info.channels, 2);
        QVERIFY(audio->info.encoding == WavInfo::Encoding::Pcm16);
        QVERIFY(!audio->info.truncated);
        QCOMPARE(audio->frames(), qint64(44100));
        QVERIFY(audio->samples == samples);
    }

    void headerUpdatedPeriodically()
    {
        // A writer that never closes (process killed): the header reflects the last update.
        const QString path = m_dir.filePath(QStringLiteral("killed.wav"));
        auto *w = new WavWriter(path, 48000, 1, 5);
        QVERIFY(w->open());
        std::vector<int16_t> frame(960, 1234);
        for (int i = 0; i < 12; ++i)
            QVERIFY(w->write(frame.data(), 960));
        // Simulate the kill: read the file as it is on disk now (10 writes covered by a header update).
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray raw = f.readAll();
        QCOMPARE(qFromLittleEndian<quint32>(raw.constData() + 40), quint32(10 * 960 * 2));
        QString error;
        const auto audio = WavReader::readBytes(raw, &error);
        QVERIFY2(audio, qPrintable(error));
        QVERIFY(audio->frames() >= 10 * 960);
        QVERIFY(w->flush());
        f.seek(0);
        QCOMPARE(qFromLittleEndian<quint32>(f.read(44).constData() + 40), quint32(12 * 960 * 2));
        delete w; // the destructor closes and fixes the header
        const auto closed = WavReader::readFile(path);
        QVERIFY(closed);
        QCOMPARE(closed->frames(), qint64(12 * 960));
    }

    void readsOtherEncodings_data()
    {
        QTest::addColumn<int>("tag");
        QTest::addColumn<int>("bits");
        QTest::addColumn<bool>("extensible");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QList<int>>("expected");
        // 24-bit: 0x7fffff (max) -> 32767, 0x800000 (min) -> -32768, 0x000100 -> 1.
        QTest::newRow("pcm24") << 1 << 24 << false << QByteArray("\xff\xff\x7f\x00\x00\x80\x00\x01\x00", 9)
                               << QList<int> {32767, -32768, 1};
        QTest::newRow("pcm24 extensible") << 1 << 24 << true << QByteArray("\x00\x00\x40", 3) << QList<int> {16384};
        QTest::newRow("pcm8") << 1 << 8 << false << QByteArray("\x80\xff\x00", 3) << QList<int> {0, 32512, -32768};
        QTest::newRow("pcm32") << 1 << 32 << false << QByteArray("\x00\x00\x00\x40", 4) << QList<int> {16384};
        QByteArray floats(16, '\0');
        const float values[4] = {0.5f, -1.0f, 2.0f, std::nanf("")};
        std::memcpy(floats.data(), values, 16);
        QTest::newRow("float32") << 3 << 32 << false << floats << QList<int> {16384, -32768, 32767, 0};
    }

    void readsOtherEncodings()
    {
        QFETCH(int, tag);
        QFETCH(int, bits);
        QFETCH(bool, extensible);
        QFETCH(QByteArray, data);
        QFETCH(QList<int>, expected);
        QString error;
        const auto audio = WavReader::readBytes(buildWav(quint16(tag), 1, 16000, bits, data, extensible), &error);
        QVERIFY2(audio, qPrintable(error));
        QCOMPARE(audio->info.sampleRate, 16000);
        QCOMPARE(int(audio->samples.size()), int(expected.size()));
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(int(audio->samples[size_t(i)]), expected[i]);
    }

    void truncatedDataIsReadToEnd()
    {
        const QByteArray data(400, '\x01');
        QString error;
        auto audio = WavReader::readBytes(buildWav(1, 2, 8000, 16, data, false, 100000), &error);
        QVERIFY2(audio, qPrintable(error));
        QVERIFY(audio->info.truncated);
        QCOMPARE(audio->frames(), qint64(100));
        // A streaming placeholder size (0xFFFFFFFF) is not "truncated".
        audio = WavReader::readBytes(buildWav(1, 1, 8000, 16, data, false, 0xFFFFFFFFLL), &error);
        QVERIFY(audio);
        QVERIFY(!audio->info.truncated);
        QCOMPARE(audio->frames(), qint64(200));
    }

    void rejectsBadFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        const QByteArray ok = buildWav(1, 1, 8000, 16, QByteArray(16, '\0'));
        QTest::newRow("empty") << QByteArray() << QStringLiteral("not a RIFF/WAVE file");
        QTest::newRow("mp3") << QByteArray("ID3\x03\x00\x00\x00\x00\x00\x00garbage", 17)
                             << QStringLiteral("not a RIFF/WAVE file");
        QTest::newRow("riff not wave") << QByteArray("RIFF\x04\x00\x00\x00AVI ", 12)
                                       << QStringLiteral("not a RIFF/WAVE file");
        QTest::newRow("header only") << ok.left(12) << QStringLiteral("no fmt chunk");
        QTest::newRow("cut in fmt") << ok.left(40) << QStringLiteral("fmt chunk too short");
        QTest::newRow("no data") << ok.left(ok.indexOf("data")) << QStringLiteral("no data chunk");
        QTest::newRow("adpcm") << buildWav(2, 1, 8000, 4, QByteArray(8, '\0'))
                               << QStringLiteral("unsupported encoding");
        QTest::newRow("zero channels") << buildWav(1, 0, 8000, 16, QByteArray(8, '\0'))
                                       << QStringLiteral("unsupported channel count");
        QTest::newRow("bad rate") << buildWav(1, 1, 12, 16, QByteArray(8, '\0'))
                                  << QStringLiteral("unsupported sample rate");
        QByteArray badAlign = ok;
        qToLittleEndian<quint16>(3, badAlign.data() + badAlign.indexOf("fmt ") + 8 + 12);
        QTest::newRow("bad block align") << badAlign << QStringLiteral("inconsistent block alignment");
        QByteArray huge = ok;
        qToLittleEndian<quint32>(0xFFFFFFF0u, huge.data() + huge.indexOf("LIST") + 4);
        QTest::newRow("chunk size past end") << huge << QStringLiteral("no fmt chunk");
    }

    void rejectsBadFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!WavReader::readBytes(bytes, &error));
        QVERIFY2(error.startsWith(message), qPrintable(error));
    }

    void missingFileAndUnwritablePath()
    {
        QString error;
        QVERIFY(!WavReader::readFile(m_dir.filePath(QStringLiteral("nope.wav")), &error));
        QVERIFY(error.contains(QLatin1String("nope.wav")));
        WavWriter w(m_dir.filePath(QStringLiteral("no/such/dir/x.wav")), 48000, 1);
        QVERIFY(!w.open());
        QVERIFY(!w.errorString().isEmpty());
        const int16_t s = 0;
        QVERIFY(!w.write(&s, 1));
    }

    void fuzzNeverCrashes()
    {
        const QByteArray ok = buildWav(1, 2, 44100, 16, QByteArray(64, '\x11'));
        quint32 seed = 12345;
        for (int i = 0; i < 2000; ++i) {
            QByteArray b = ok.left(int(seed % quint32(ok.size() + 1)));
            for (int k = 0; k < 4 && !b.isEmpty(); ++k) {
                seed = seed * 1664525u + 1013904223u;
                b[int(seed % quint32(b.size()))] = char(seed >> 24);
            }
            seed = seed * 1664525u + 1013904223u;
            QString error;
            const auto audio = WavReader::readBytes(b, &error);
            QVERIFY(audio.has_value() || !error.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestWavFile)
#include "TestWavFile.moc"
