// SPDX-License-Identifier: GPL-3.0-or-later
// Writes the binary seeds that cannot be typed: real Opus call audio as FuzzMediaFrame records and
// real call history databases for FuzzCallHistoryFile. Run once by hand when the frame format or
// the history schema changes: `build-fuzz/fuzz/audin-make-fuzz-seeds fuzz/corpus` (README.md).
#include "CallHistory.h"
#include "MediaFrame.h"
#include "OpusCodec.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace audin;
using namespace audin::media;
using namespace audin::desktop;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// `delay | length | frame` records (FuzzMediaFrame.cpp) of `frames` 20 ms Opus frames of a tone.
// `jitter` varies the arrival gaps; `gapAt` skips a frame's sequence (a loss) there; `dtx` encodes
// with DTX and leaves the silence out, so the frame after a pause carries the flag.
QByteArray mediaStream(int frames, int jitter, int gapAt, bool dtx, int bitrate)
{
    OpusEncoderSettings settings;
    settings.dtx = dtx;
    settings.bitrate = bitrate;
    OpusVoiceEncoder encoder(settings);
    MediaFrameSequencer sequencer(65530, 4294960000u); // both wrap within the stream
    QByteArray out;
    std::vector<int16_t> pcm(OpusVoiceEncoder::FrameSamples);
    for (int f = 0; f < frames; ++f) {
        const bool silent = dtx && (f / 10) % 2 == 1;
        for (int i = 0; i < OpusVoiceEncoder::FrameSamples; ++i) {
            const double t = double(f * OpusVoiceEncoder::FrameSamples + i) / 48000.0;
            pcm[size_t(i)] = silent ? 0 : int16_t(8000 * std::sin(2 * M_PI * 440 * t) * std::sin(2 * M_PI * 3 * t));
        }
        const QByteArray packet = encoder.encode(pcm.data());
        if (f == gapAt || (dtx && OpusVoiceEncoder::isDtxPacket(int(packet.size())))) {
            sequencer.skip(OpusVoiceEncoder::FrameSamples);
            continue;
        }
        const QByteArray frame = sequencer.next(packet, OpusVoiceEncoder::FrameSamples);
        if (frame.size() > 255)
            continue; // the record's length is one byte
        out += char(20 + (jitter ? (f * 37) % (2 * jitter + 1) - jitter : 0));
        out += char(frame.size());
        out += frame;
    }
    return out;
}

bool historyFile(const QString &path, int rows)
{
    QFile::remove(path);
    CallHistory history(path);
    QString error;
    if (!history.open(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return false;
    }
    const QDateTime start(QDate(2024, 7, 1), QTime(14, 0), Qt::UTC);
    for (int i = 0; i < rows; ++i) {
        CallRecord r;
        r.callSid = QStringLiteral("CA%1").arg(1000 + i);
        r.direction = i % 2 ? CallDirection::Outbound : CallDirection::Inbound;
        r.remoteNumber = i == 2 ? QStringLiteral("=HYPERLINK(\"x\")") : QStringLiteral("+4930123456%1").arg(i);
        r.localNumber = QStringLiteral("+15550100001");
        r.lineId = QStringLiteral("pn_1");
        r.lineName = QStringLiteral("Support, Müller \"DE\"");
        r.startedAt = start.addSecs(600 * i);
        r.answeredAt = i == 1 ? QDateTime() : r.startedAt.addSecs(4);
        r.endedAt = r.startedAt.addSecs(95);
        r.endReason = i == 1 ? CallEndReason::NoAnswer : CallEndReason::Hangup;
        r.missed = i == 1;
        r.seen = i != 1;
        r.note = i == 3 ? QStringLiteral("line one\r\nline two") : QString();
        if (history.add(r) <= 0)
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s fuzz/corpus\n", argv[0]);
        return 2;
    }
    const QDir corpus(QString::fromLocal8Bit(argv[1]));
    const QString media = corpus.filePath(QStringLiteral("FuzzMediaFrame"));
    const QString history = corpus.filePath(QStringLiteral("FuzzCallHistoryFile"));
    QDir().mkpath(media);
    QDir().mkpath(history);
    bool ok = writeFile(media + QStringLiteral("/opus-steady.bin"), mediaStream(40, 0, -1, false, 32000))
        && writeFile(media + QStringLiteral("/opus-jitter-loss.bin"), mediaStream(40, 15, 12, false, 24000))
        && writeFile(media + QStringLiteral("/opus-dtx.bin"), mediaStream(60, 3, -1, true, 16000));
    // One bare frame: the whole input is also parsed as a single frame.
    {
        OpusVoiceEncoder encoder;
        std::vector<int16_t> pcm(OpusVoiceEncoder::FrameSamples, 1000);
        MediaFrame frame;
        frame.flags = MediaFrame::FlagFirstAfterSilence;
        frame.sequence = 7;
        frame.timestamp = 6720;
        frame.payload = encoder.encode(pcm.data());
        ok = ok && writeFile(media + QStringLiteral("/single-frame.bin"), frame.encode());
    }
    QTemporaryDir work;
    const QString rowsPath = work.filePath(QStringLiteral("rows.sqlite"));
    const QString emptyPath = work.filePath(QStringLiteral("empty.sqlite"));
    ok = ok && historyFile(rowsPath, 4) && historyFile(emptyPath, 0);
    QFile::remove(history + QStringLiteral("/history-4-rows.sqlite"));
    QFile::remove(history + QStringLiteral("/history-empty.sqlite"));
    ok = ok && QFile::copy(rowsPath, history + QStringLiteral("/history-4-rows.sqlite"))
        && QFile::copy(emptyPath, history + QStringLiteral("/history-empty.sqlite"));
    if (!ok) {
        std::fprintf(stderr, "could not write the seeds\n");
        return 1;
    }
    return 0;
}
