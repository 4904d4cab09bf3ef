// SPDX-License-Identifier: GPL-3.0-or-later
// TonePlayer with an injected backend that records exactly what it was given (samples, volume,
// loop, end), and on real PulseAudio: a tone played on `spk` must be heard on `mic` (its monitor).
#include "DeviceProbe.h"
#include "PulseAudioFixture.h"
#include "TonePlayer.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace audin;
using namespace audin::media;
using namespace audin::test;

namespace {
/** Shared between the test (GUI thread) and the fake backends (the player's audio thread). */
struct Played
{
    mutable QMutex mutex;
    std::vector<int16_t> samples; // first channel, as handed to the "device"
    QStringList devices; // one per backend started
    int stops = 0;
    bool failToOpen = false;

    size_t size() const
    {
        QMutexLocker lock(&mutex);
        return samples.size();
    }
    std::vector<int16_t> copy() const
    {
        QMutexLocker lock(&mutex);
        return samples;
    }
    int stopCount() const
    {
        QMutexLocker lock(&mutex);
        return stops;
    }
};

/** Pulls 10 ms every 2 ms (five times real time) and keeps it; int16 in `format`. */
class RecordingBackend final : public AudioBackend
{
public:
    RecordingBackend(std::shared_ptr<Played> played, QString device, AudioFormatSpec format)
        : m_played(std::move(played))
        , m_device(std::move(device))
        , m_format(format)
    {
        connect(&m_timer, &QTimer::timeout, this, &RecordingBackend::pull);
    }
    bool start(AudioIo *io, QString *error) override
    {
        QMutexLocker lock(&m_played->mutex);
        m_played->devices << m_device;
        if (m_played->failToOpen) {
            io->deviceError(QStringLiteral("AUDIO_DEVICE_ERROR"),
                            QStringLiteral("The speaker \"%1\" could not be opened.").arg(m_device));
            *error = QStringLiteral("no usable audio device");
            return false;
        }
        m_io = io;
        m_timer.start(2);
        return true;
    }
    void stop() override
    {
        if (!m_timer.isActive())
            return;
        m_timer.stop();
        QMutexLocker lock(&m_played->mutex);
        ++m_played->stops;
    }
    AudioFormatSpec captureFormat() const override { return m_format; }
    AudioFormatSpec playoutFormat() const override { return m_format; }
    int playoutLatencyMs() const override { return 0; }
    int captureLatencyMs() const override { return 0; }
    QString describe() const override { return QStringLiteral("recording"); }
    QString outputDescription() const override { return QStringLiteral("fake ") + m_device; }

private:
    void pull()
    {
        const int frames = m_format.sampleRate / 100;
        std::vector<int16_t> chunk(size_t(frames * m_format.channels));
        m_io->fillPlayout(reinterpret_cast<char *>(chunk.data()), qint64(chunk.size() * sizeof(int16_t)));
        QMutexLocker lock(&m_played->mutex);
        for (int i = 0; i < frames; ++i)
            m_played->samples.push_back(chunk[size_t(i * m_format.channels)]);
    }

    std::shared_ptr<Played> m_played;
    QString m_device;
    AudioFormatSpec m_format;
    AudioIo *m_io = nullptr;
    QTimer m_timer;
};

TonePlayer::BackendFactory recordingFactory(const std::shared_ptr<Played> &played,
                                            AudioFormatSpec format = AudioFormatSpec::voiceFormat())
{
    return
        [played, format](const QString &device) { return std::make_unique<RecordingBackend>(played, device, format); };
}

/** Something that is not a sine: every sample different, both signs, odd values. */
std::vector<int16_t> pattern(int samples)
{
    std::vector<int16_t> out(static_cast<size_t>(samples));
    for (int i = 0; i < samples; ++i)
        out[size_t(i)] = int16_t((i * 37) % 30001 - 15000);
    return out;
}

int16_t scaled(int16_t sample, double volume)
{
    return int16_t(std::lround(sample * volume));
}
} // namespace

class TestTonePlayer : public QObject
{
    Q_OBJECT
private slots:
    void playsTheSamplesOnceScaledByVolume_data()
    {
        QTest::addColumn<double>("volume");
        QTest::newRow("unity") << 1.0;
        QTest::newRow("half") << 0.5;
        QTest::newRow("silent") << 0.0;
    }
    void playsTheSamplesOnceScaledByVolume()
    {
        QFETCH(double, volume);
        auto played = std::make_shared<Played>();
        TonePlayer player(recordingFactory(played));
        QSignalSpy started(&player, &TonePlayer::started);
        QSignalSpy finished(&player, &TonePlayer::finished);
        QSignalSpy errors(&player, &TonePlayer::error);
        const std::vector<int16_t> pcm = pattern(4800);
        player.play(pcm, false, volume, QStringLiteral("dev-a"));
        QVERIFY(player.isPlaying());
        QVERIFY(finished.wait(3000));
        QVERIFY(!player.isPlaying());
        QCOMPARE(started.size(), 1);
        QCOMPARE(started.at(0).at(0).toString(), QStringLiteral("fake dev-a"));
        QVERIFY(errors.isEmpty());
        QCOMPARE(played->stopCount(), 1); // the device is closed once the sound is over

        const std::vector<int16_t> out = played->copy();
        QVERIFY(out.size() >= pcm.size()); // finished only after the last sample went out
        for (size_t i = 0; i < pcm.size(); ++i) {
            if (out[i] != scaled(pcm[i], volume))
                QFAIL(qPrintable(
                    QStringLiteral("sample %1: %2, expected %3").arg(i).arg(out[i]).arg(scaled(pcm[i], volume))));
        }
        for (size_t i = pcm.size(); i < out.size(); ++i)
            QCOMPARE(out[i], int16_t(0)); // then silence, not a repeat
    }

    void loopsUntilStopped()
    {
        auto played = std::make_shared<Played>();
        TonePlayer player(recordingFactory(played));
        QSignalSpy finished(&player, &TonePlayer::finished);
        const std::vector<int16_t> pcm = pattern(4410); // not a multiple of the 10 ms pulls
        player.play(pcm, true, 1.0, {});
        QTRY_VERIFY_WITH_TIMEOUT(played->size() >= 3 * pcm.size() + 480, 5000);
        QVERIFY(player.isPlaying());
        QVERIFY(finished.isEmpty());
        const std::vector<int16_t> out = played->copy();
        for (size_t i = 0; i < 3 * pcm.size(); ++i) {
            if (out[i] != pcm[i % pcm.size()])
                QFAIL(qPrintable(QStringLiteral("sample %1 of the loop differs").arg(i)));
        }
        player.stop();
        QCOMPARE(finished.size(), 1); // stop() says so at once
        QVERIFY(!player.isPlaying());
        QTRY_COMPARE_WITH_TIMEOUT(played->stopCount(), 1, 3000);
        player.stop();
        QCOMPARE(finished.size(), 1); // nothing was playing the second time
    }

    void volumeChangesWhilePlaying()
    {
        auto played = std::make_shared<Played>();
        TonePlayer player(recordingFactory(played));
        const std::vector<int16_t> pcm = pattern(4800);
        player.play(pcm, true, 1.0, {});
        QTRY_VERIFY_WITH_TIMEOUT(played->size() >= pcm.size(), 3000);
        player.setVolume(0.25);
        const size_t changedBy = played->size();
        QTRY_VERIFY_WITH_TIMEOUT(played->size() >= changedBy + 3 * pcm.size(), 5000);
        player.stop();
        const std::vector<int16_t> out = played->copy();
        // Everything from some point on is at the new volume, exactly; before it, at the old one.
        size_t firstChanged = out.size();
        for (size_t i = 0; i < out.size() && firstChanged == out.size(); ++i) {
            if (out[i] != pcm[i % pcm.size()])
                firstChanged = i;
        }
        size_t settled = 0;
        for (size_t i = 0; i < out.size(); ++i) {
            if (out[i] != scaled(pcm[i % pcm.size()], 0.25))
                settled = i + 1;
        }
        QVERIFY(settled + pcm.size() <= out.size());
        // In between, a glide of 7.5 ms (1 → 0.25 at a full swing per 10 ms), not a click.
        const size_t glide = settled - firstChanged;
        qInfo("volume glided over %zu samples", glide);
        QVERIFY(glide >= 300 && glide <= 361);
    }

    void aDeviceThatCannotOpenIsAnError()
    {
        auto played = std::make_shared<Played>();
        played->failToOpen = true;
        TonePlayer player(recordingFactory(played));
        QSignalSpy started(&player, &TonePlayer::started);
        QSignalSpy finished(&player, &TonePlayer::finished);
        QSignalSpy errors(&player, &TonePlayer::error);
        player.play(pattern(4800), false, 1.0, QStringLiteral("Headset"));
        QVERIFY(errors.wait(3000));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).at(0).toString(), QStringLiteral("The speaker \"Headset\" could not be opened."));
        QVERIFY(!player.isPlaying());
        QVERIFY(started.isEmpty());
        QVERIFY(finished.isEmpty());
    }

    void aNewSoundReplacesTheOld()
    {
        auto played = std::make_shared<Played>();
        TonePlayer player(recordingFactory(played));
        QSignalSpy started(&player, &TonePlayer::started);
        QSignalSpy finished(&player, &TonePlayer::finished);
        player.play(pattern(48000), true, 1.0, QStringLiteral("ringer"));
        player.play(pattern(2400), false, 1.0, QStringLiteral("headset"));
        QVERIFY(finished.wait(3000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(started.size(), 1); // only what is heard now is reported
        QCOMPARE(started.at(0).at(0).toString(), QStringLiteral("fake headset"));
    }

    void nothingToPlayFinishesAtOnce()
    {
        auto played = std::make_shared<Played>();
        TonePlayer player(recordingFactory(played));
        QSignalSpy finished(&player, &TonePlayer::finished);
        player.play({}, true, 1.0, {});
        QVERIFY(finished.wait(3000));
        QVERIFY(!player.isPlaying());
        QMutexLocker lock(&played->mutex);
        QVERIFY(played->devices.isEmpty()); // no device opened for it
    }

    void deviceFormatIsConverted()
    {
        auto played = std::make_shared<Played>();
        TonePlayer player(recordingFactory(played, AudioFormatSpec {44100, 2, SampleFormat::Int16}));
        QSignalSpy finished(&player, &TonePlayer::finished);
        player.play(sine(1000, 0.5, 24000), false, 1.0, {});
        QVERIFY(finished.wait(3000));
        const std::vector<int16_t> out = played->copy();
        QVERIFY(out.size() >= 22050);
        const double level = AudioLevel::goertzelDbfs(out.data() + 2205, 17640, 1000, 44100);
        qInfo("1 kHz at %.2f dBFS on a 44.1 kHz stereo device (sent at -9.03)", level);
        QVERIFY(std::abs(level + 9.03) < 0.3);
    }

    // ---- Real devices ----

    void toneOnTheSpeakerIsHeardOnTheMicrophone()
    {
        requirePulseAudio();
        Ear ear(QStringLiteral("mic"));
        QVERIFY(ear.start());
        // The microphone hears only what is played while it runs: let it get going first.
        QTRY_VERIFY_WITH_TIMEOUT(ear.heard().size() >= 48 * 200, 3000);
        TonePlayer player;
        QSignalSpy started(&player, &TonePlayer::started);
        QSignalSpy finished(&player, &TonePlayer::finished);
        QSignalSpy errors(&player, &TonePlayer::error);
        player.play(sine(1000, 0.5, 48000 * 2), false, 1.0, QStringLiteral("spk"));
        QVERIFY(started.wait(3000));
        QElapsedTimer playing;
        playing.start();
        QCOMPARE(started.at(0).at(0).toString(), outputDescription(QStringLiteral("spk")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 6000);
        const qint64 playedMs = playing.elapsed();
        QVERIFY(!player.isPlaying());
        QVERIFY(errors.isEmpty());
        const size_t atEnd = ear.heard().size();
        QTRY_VERIFY_WITH_TIMEOUT(ear.heard().size() >= atEnd + 48 * 300, 3000); // the tail, if any

        // Heard whole: the 20 ms blocks from the first tone to the last carry it, at its level, for
        // the sound's two seconds (a device queue that drops chunks leaves gaps and ends early).
        const std::vector<int16_t> heard = ear.heard();
        std::vector<double> blocks;
        for (size_t at = 0; at + 960 <= heard.size(); at += 960)
            blocks.push_back(toneDbfs(heard, at, 960, 1000));
        const auto loud = [](double level) { return level > -15; };
        const auto first = std::find_if(blocks.begin(), blocks.end(), loud);
        const auto last = std::find_if(blocks.rbegin(), blocks.rend(), loud).base();
        QVERIFY(first < last);
        const auto toneBlocks = std::count_if(first, last, loud);
        std::vector<double> levels(first, last);
        std::sort(levels.begin(), levels.end());
        const double median = levels[levels.size() / 2];
        qInfo("finished %lld ms after it started; heard %lld ms of tone in %lld ms, median %.1f dBFS (played at -9.0), "
              "2.5 kHz at %.1f dBFS",
              playedMs, qint64(toneBlocks) * 20, qint64(last - first) * 20, median,
              toneDbfs(heard, size_t(first - blocks.begin()) * 960, 48000, 2500));
        // Unloaded, it is all 100 blocks in a row; a starved machine may lose a few at either device.
        QVERIFY(toneBlocks >= 90 && toneBlocks <= 101);
        QVERIFY(last - first <= 110);
        QVERIFY(std::abs(median + 9.03) < 1.0);
        QVERIFY(playedMs >= 1950);
    }

    void stopAndPlayAtOnceOnRealDevicesIsSafe()
    {
        // The ringer is stopped and started again at once when an offer is silenced and the next one
        // arrives, or when call waiting turns into ringing. Closing a Qt audio output processes pending
        // events, so the next request used to run inside the previous one and free the device under it.
        requirePulseAudio();
        TonePlayer player;
        QSignalSpy started(&player, &TonePlayer::started);
        QSignalSpy errors(&player, &TonePlayer::error);
        const std::vector<int16_t> tone = sine(700, 0.3, 4800);
        for (int i = 0; i < 20; ++i) {
            player.play(tone, true, 1.0, QStringLiteral("spk"));
            if (i % 3 == 0)
                QTest::qWait(1); // sometimes let the device open first
            player.stop();
            player.play(tone, true, 1.0, QStringLiteral("spk"));
        }
        // The last request wins: it plays, and stops when asked.
        QTRY_VERIFY_WITH_TIMEOUT(player.isPlaying(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), 5000);
        player.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!player.isPlaying(), 5000);
        QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().first().toString()));
        // And a player destroyed while it opens a device goes quietly.
        for (int i = 0; i < 5; ++i) {
            auto quick = std::make_unique<TonePlayer>();
            quick->play(tone, true, 1.0, QStringLiteral("spk"));
            quick->stop();
            quick->play(tone, true, 1.0, QStringLiteral("spk"));
        }
    }

    void ringsOverAnotherApplicationsSound()
    {
        // The operator's music or a video call in the browser plays on the same device: the ring must be
        // heard at its full level, mixed with it, and must not stop it.
        requirePulseAudio();
        QTemporaryDir dir;
        const QString music = dir.filePath(QStringLiteral("music.wav"));
        QVERIFY(QProcess::execute(QStringLiteral("sox"),
                                  {QStringLiteral("-n"), QStringLiteral("-r"), QStringLiteral("48000"),
                                   QStringLiteral("-c"), QStringLiteral("1"), music, QStringLiteral("synth"),
                                   QStringLiteral("6"), QStringLiteral("sine"), QStringLiteral("440"),
                                   QStringLiteral("vol"), QStringLiteral("0.25")})
                == 0);
        Ear ear(QStringLiteral("mic"));
        QVERIFY(ear.start());
        QTRY_VERIFY_WITH_TIMEOUT(ear.heard().size() >= 48 * 200, 3000);
        QProcess other;
        other.start(QStringLiteral("paplay"), {QStringLiteral("--device=spk"), music});
        QVERIFY(other.waitForStarted(3000));
        // The other application is audible before the ring starts.
        const size_t before = ear.heard().size();
        QTRY_VERIFY_WITH_TIMEOUT(ear.heard().size() >= before + 48000 / 2
                                     && toneDbfs(ear.heard(), ear.heard().size() - 9600, 9600, 440) > -40,
                                 4000);

        TonePlayer player;
        QSignalSpy started(&player, &TonePlayer::started);
        QSignalSpy finished(&player, &TonePlayer::finished);
        const size_t ringFrom = ear.heard().size();
        player.play(sine(1000, 0.5, 48000 * 2), false, 1.0, QStringLiteral("spk"));
        QVERIFY(started.wait(3000));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 6000);
        QCOMPARE(other.state(), QProcess::Running); // not stopped, not corked
        const std::vector<int16_t> heard = ear.heard();
        // The loudest second of the ring: ours at its level (-9 dBFS), the other sound still there.
        double ring = -100;
        size_t at = ringFrom;
        for (size_t from = ringFrom; from + 48000 <= heard.size(); from += 4800) {
            const double level = toneDbfs(heard, from, 48000, 1000);
            if (level > ring) {
                ring = level;
                at = from;
            }
        }
        const double music440 = toneDbfs(heard, at, 48000, 440);
        qInfo("ring %.1f dBFS, the other application's 440 Hz %.1f dBFS in the same second", ring, music440);
        QVERIFY(std::abs(ring + 9.03) < 1.5);
        QVERIFY(music440 > -40); // silence measures below -90
        other.kill();
        other.waitForFinished(3000);
    }

    void halfVolumeIsSixDecibelsDown()
    {
        requirePulseAudio();
        Ear ear(QStringLiteral("mic"));
        QVERIFY(ear.start());
        TonePlayer player;
        player.play(sine(1000, 0.5, 48000), true, 1.0, QStringLiteral("spk"));
        QTRY_VERIFY_WITH_TIMEOUT(ear.recentTone(300, 1000) > -30, 5000);
        const double full = settledTone(ear);
        player.setVolume(0.5);
        const double half = settledTone(ear);
        player.setVolume(0.0);
        const double silent = settledTone(ear);
        player.stop();
        qInfo("1 kHz heard at %.2f dBFS at volume 1, %.2f at 0.5 (%.2f dB), %.1f at 0", full, half, full - half,
              silent);
        QVERIFY(std::abs(full - half - 6.02) < 1.0);
        QVERIFY(silent < full - 50);
    }

    void missingSpeakerFallsBackToTheDefault()
    {
        requirePulseAudio();
        Ear ear(QStringLiteral("mic"));
        QVERIFY(ear.start());
        TonePlayer player;
        QSignalSpy started(&player, &TonePlayer::started);
        QSignalSpy errors(&player, &TonePlayer::error);
        player.play(sine(1000, 0.5, 48000), true, 1.0, QStringLiteral("audin-no-such-speaker"));
        QVERIFY(started.wait(5000));
        QCOMPARE(started.at(0).at(0).toString(), outputDescription(QStringLiteral("spk")));
        QCOMPARE(errors.size(), 1); // said before it started
        QVERIFY(errors.at(0).at(0).toString().contains(QLatin1String("audin-no-such-speaker")));
        QTRY_VERIFY_WITH_TIMEOUT(ear.recentTone(300, 1000) > -30, 5000);
        player.stop();
    }

private:
    static void requirePulseAudio()
    {
        QString why;
        if (!PulseAudioFixture::ensure(&why))
            QSKIP(qPrintable(why));
    }

    static QString outputDescription(const QString &id)
    {
        for (const AudioDeviceInfo &device : QtAudioBackend::outputDevices()) {
            if (device.id == id)
                return device.description;
        }
        return {};
    }

    /**
     * Drops what was heard, waits out the device queues (300 ms), and gives the median 1 kHz level
     * of the next 500 ms in 20 ms blocks: one late wake-up of a starved thread does not move it.
     */
    static double settledTone(Ear &ear)
    {
        ear.clear();
        if (!QTest::qWaitFor([&ear] { return ear.heard().size() >= 48 * 800; }, 5000))
            return AudioLevel::MinDbfs;
        std::vector<double> levels;
        for (size_t at = 48 * 300; at + 960 <= 48 * 800; at += 960)
            levels.push_back(toneDbfs(ear.heard(), at, 960, 1000));
        std::sort(levels.begin(), levels.end());
        return levels[levels.size() / 2];
    }
};

QTEST_GUILESS_MAIN(TestTonePlayer)
#include "TestTonePlayer.moc"
