// SPDX-License-Identifier: GPL-3.0-or-later
#include "MediaFrame.h"

#include <QTest>
#include <random>

using namespace audin::media;

class TestMediaFrame : public QObject
{
    Q_OBJECT

private slots:
    void encodeLayout()
    {
        MediaFrame f;
        f.flags = MediaFrame::FlagFirstAfterSilence;
        f.sequence = 0x1234;
        f.timestamp = 0x89abcdef;
        f.payload = QByteArray("\xfc\x01\x02", 3);
        const QByteArray bytes = f.encode();
        QCOMPARE(bytes, QByteArray("\x01\x01\x12\x34\x89\xab\xcd\xef\xfc\x01\x02", 11));
    }

    void roundTrip_data()
    {
        QTest::addColumn<quint8>("flags");
        QTest::addColumn<quint16>("sequence");
        QTest::addColumn<quint32>("timestamp");
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("plain") << quint8(0) << quint16(1) << quint32(960) << QByteArray(60, 'x');
        QTest::newRow("first after silence") << quint8(1) << quint16(65535) << quint32(0xffffffff) << QByteArray("a");
        QTest::newRow("empty payload") << quint8(0) << quint16(0) << quint32(0) << QByteArray();
        QTest::newRow("unknown flag bits kept") << quint8(0xfe) << quint16(7) << quint32(7) << QByteArray(1275, '\0');
    }

    void roundTrip()
    {
        QFETCH(quint8, flags);
        QFETCH(quint16, sequence);
        QFETCH(quint32, timestamp);
        QFETCH(QByteArray, payload);
        MediaFrame f;
        f.flags = flags;
        f.sequence = sequence;
        f.timestamp = timestamp;
        f.payload = payload;
        const auto parsed = MediaFrame::parse(f.encode());
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->flags, flags);
        QCOMPARE(parsed->sequence, sequence);
        QCOMPARE(parsed->timestamp, timestamp);
        QCOMPARE(parsed->payload, payload);
        QCOMPARE(parsed->isFirstAfterSilence(), (flags & 1) != 0);
    }

    void encodeIntoReusesBuffer()
    {
        QByteArray out;
        out.reserve(256);
        const char *before = out.constData();
        const QByteArray payload(100, 'p');
        for (int i = 0; i < 10; ++i) {
            MediaFrame::encodeInto(out, quint16(i), quint32(i * 960), payload.constData(), int(payload.size()));
            QCOMPARE(out.constData(), before);
        }
        QCOMPARE(out.size(), 108);
        QCOMPARE(MediaFrame::parse(out)->sequence, quint16(9));
    }

    void tooShortOrUnknownKindDropped()
    {
        for (int n = 0; n < MediaFrame::HeaderSize; ++n)
            QVERIFY2(!MediaFrame::parse(QByteArray(n, '\x01')).has_value(), qPrintable(QString::number(n)));
        QVERIFY(MediaFrame::parse(QByteArray(8, '\x01')).has_value());
        for (int kind : {0x00, 0x02, 0x7f, 0xff}) {
            QByteArray b = MediaFrame {0, 1, 2, QByteArray("abc")}.encode();
            b[0] = char(kind);
            QVERIFY(!MediaFrame::parse(b).has_value());
        }
    }

    void oversizedFramesDropped()
    {
        // A 1 MiB binary frame is no codec packet: refused by the parser, so it is dropped and
        // counted where frames arrive instead of being carried to the jitter buffer.
        QByteArray largest = MediaFrame {0, 1, 960, QByteArray(MediaFrame::MaxPayloadSize, 'x')}.encode();
        QVERIFY(MediaFrame::isWellFormed(largest));
        QCOMPARE(MediaFrame::parse(largest)->payload.size(), MediaFrame::MaxPayloadSize);
        largest.append('x');
        QVERIFY(!MediaFrame::isWellFormed(largest));
        QVERIFY(!MediaFrame::parse(largest).has_value());
        const QByteArray mebibyte = MediaFrame {0, 1, 960, QByteArray(1 << 20, 'x')}.encode();
        QVERIFY(!MediaFrame::parse(mebibyte).has_value());
        QVERIFY(!MediaFrame::isWellFormed(QByteArray(7, '\x01')));
        QVERIFY(!MediaFrame::isWellFormed(QByteArray(20, '\x02')));
    }

    void randomBytesNeverMisparse()
    {
        // Whatever arrives, the parser either refuses it or reads exactly the header fields.
        std::mt19937 rng(4242);
        int parsed = 0;
        for (int i = 0; i < 20000; ++i) {
            QByteArray data(int(rng() % 40), '\0');
            for (char &c : data)
                c = char(rng());
            if (i % 2 == 0 && !data.isEmpty())
                data[0] = char(MediaFrame::KindAudio);
            const auto frame = MediaFrame::parse(data);
            QCOMPARE(frame.has_value(),
                     data.size() >= MediaFrame::HeaderSize && quint8(data[0]) == MediaFrame::KindAudio);
            if (!frame)
                continue;
            ++parsed;
            QCOMPARE(frame->encode().mid(1), data.mid(1)); // flags, sequence, timestamp, payload
        }
        QVERIFY(parsed > 5000);
    }

    void sequenceArithmetic()
    {
        QCOMPARE(seqDiff(1, 0), 1);
        QCOMPARE(seqDiff(0, 1), -1);
        QCOMPARE(seqDiff(0, 65535), 1);
        QCOMPARE(seqDiff(65535, 0), -1);
        QCOMPARE(seqDiff(5, 65530), 11);
        QCOMPARE(seqDiff(100, 100), 0);
        QCOMPARE(seqDiff(32767, 0), 32767);
        QCOMPARE(seqDiff(32768, 0), -32768);
        QVERIFY(isNewer(0, 65535));
        QVERIFY(!isNewer(65535, 0));
        QVERIFY(!isNewer(10, 10));
        QVERIFY(isNewer(200, 100));
    }

    void timestampArithmetic()
    {
        QCOMPARE(timestampDiff(0, 0xffffffc0u), qint64(64));
        QCOMPARE(timestampDiff(0xffffffc0u, 0), qint64(-64));
        QCOMPARE(timestampDiff(960, 0), qint64(960));
        QVERIFY(isTimestampNewer(320, 0xfffffd00u));
        QVERIFY(!isTimestampNewer(0xfffffd00u, 320));
    }

    void sequencerWrapsAndFlags()
    {
        MediaFrameSequencer seq(65534, 0xffffffffu - 959);
        auto f1 = MediaFrame::parse(seq.next(QByteArray("a"), 960));
        auto f2 = MediaFrame::parse(seq.next(QByteArray("b"), 960));
        auto f3 = MediaFrame::parse(seq.next(QByteArray("c"), 960));
        QVERIFY(f1 && f2 && f3);
        QCOMPARE(f1->sequence, quint16(65534));
        QCOMPARE(f2->sequence, quint16(65535));
        QCOMPARE(f3->sequence, quint16(0));
        QCOMPARE(f1->timestamp, 0xffffffffu - 959);
        QCOMPARE(f2->timestamp, 0u);
        QCOMPARE(f3->timestamp, 960u);
        // The first frame of a stream starts after silence; the following ones do not.
        QVERIFY(f1->isFirstAfterSilence());
        QVERIFY(!f2->isFirstAfterSilence());
        QCOMPARE(seqDiff(f3->sequence, f1->sequence), 2);
        QCOMPARE(timestampDiff(f3->timestamp, f1->timestamp), qint64(1920));

        // DTX: two frames not sent; timestamp advances, sequence does not, next frame is flagged.
        seq.skip(960);
        seq.skip(960);
        auto f4 = MediaFrame::parse(seq.next(QByteArray("d"), 960));
        QCOMPARE(f4->sequence, quint16(1));
        QCOMPARE(f4->timestamp, 960u * 4);
        QVERIFY(f4->isFirstAfterSilence());
        auto f5 = MediaFrame::parse(seq.next(QByteArray("e"), 960));
        QVERIFY(!f5->isFirstAfterSilence());

        seq.markDiscontinuity();
        QVERIFY(MediaFrame::parse(seq.next(QByteArray("f"), 960))->isFirstAfterSilence());
    }
};

QTEST_GUILESS_MAIN(TestMediaFrame)
#include "TestMediaFrame.moc"
