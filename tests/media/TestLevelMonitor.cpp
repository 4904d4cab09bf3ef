// SPDX-License-Identifier: GPL-3.0-or-later
// LevelMonitor with an injected microphone that delivers known audio (exact levels, window count,
// device formats, failures) and on real PulseAudio: a tone played on `spk` reads high on `mic`,
// silence reads low.
#include "DeviceProbe.h"
#include "LevelMonitor.h"
#include "PulseAudioFixture.h"
#include "TonePlayer.h"

#include <QSignalSpy>
#include <QTest>

using namespace audin;
using namespace audin::media;
using namespace audin::test;

namespace {
struct Opened
{
    QStringList devices;
    int stops = 0;
};

/** Delivers `audio` (int16 in `format`) in 10 ms chunks every 2 ms, then nothing; or fails to open. */
class ScriptedMicrophone final : public AudioBackend
{
public:
    ScriptedMicrophone(Opened *opened, QString device, AudioFormatSpec format, std::vector<int16_t> audio, bool fail)
        : m_opened(opened)
        , m_device(std::move(device))
        , m_format(format)
        , m_audio(std::move(audio))
        , m_fail(fail)
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const size_t chunk = size_t(m_format.sampleRate / 100 * m_format.channels);
            const size_t n = std::min(chunk, m_audio.size() - m_position);
            if (n == 0) {
                m_timer.stop();
                return;
            }
            m_io->captureAvailable(reinterpret_cast<const char *>(m_audio.data() + m_position), qint64(n * 2));
            m_position += n;
        });
    }
    bool start(AudioIo *io, QString *error) override
    {
        m_opened->devices << m_device;
        if (m_fail) {
            io->deviceError(QStringLiteral("MIC_UNAVAILABLE"),
                            QStringLiteral("The microphone \"%1\" could not be opened.").arg(m_device));
            *error = QStringLiteral("no usable audio device");
            return false;
        }
        m_io = io;
        m_timer.start(2);
        return true;
    }
    void stop() override
    {
        m_timer.stop();
        ++m_opened->stops;
    }
    AudioFormatSpec captureFormat() const override { return m_format; }
    AudioFormatSpec playoutFormat() const override { return m_format; }
    int playoutLatencyMs() const override { return 0; }
    int captureLatencyMs() const override { return 0; }
    QString describe() const override { return QStringLiteral("scripted"); }

    bool delivered() const { return m_position >= m_audio.size(); }

private:
    Opened *m_opened;
    QString m_device;
    AudioFormatSpec m_format;
    std::vector<int16_t> m_audio;
    bool m_fail;
    AudioIo *m_io = nullptr;
    QTimer m_timer;
    size_t m_position = 0;
};

std::vector<int16_t> interleave(const std::vector<int16_t> &mono, int channels)
{
    std::vector<int16_t> out;
    out.reserve(mono.size() * size_t(channels));
    for (int16_t s : mono) {
        for (int c = 0; c < channels; ++c)
            out.push_back(s);
    }
    return out;
}
} // namespace

class TestLevelMonitor : public QObject
{
    Q_OBJECT
private slots:
    void levelsOfAKnownSignal()
    {
        Opened opened;
        // Exactly four 50 ms windows of a sine at half scale: RMS -9.03 dBFS, peak -6.02 dBFS.
        LevelMonitor monitor([&opened](const QString &device) {
            return std::make_unique<ScriptedMicrophone>(&opened, device, AudioFormatSpec::voiceFormat(),
                                                        sine(1000, 0.5, 4 * LevelMonitor::WindowSamples), false);
        });
        QSignalSpy levels(&monitor, &LevelMonitor::levelChanged);
        QSignalSpy errors(&monitor, &LevelMonitor::error);
        monitor.start(QStringLiteral("Headset mic"));
        QVERIFY(monitor.isRunning());
        QCOMPARE(opened.devices, QStringList {QStringLiteral("Headset mic")});
        QTRY_COMPARE_WITH_TIMEOUT(levels.size(), 4, 3000);
        for (const QList<QVariant> &level : std::as_const(levels)) {
            QVERIFY2(std::abs(level.at(0).toDouble() + 9.03) < 0.05, qPrintable(level.at(0).toString()));
            QVERIFY2(std::abs(level.at(1).toDouble() + 6.02) < 0.05, qPrintable(level.at(1).toString()));
        }
        QVERIFY(errors.isEmpty());
        monitor.stop();
        QVERIFY(!monitor.isRunning());
        QCOMPARE(opened.stops, 1);
    }

    void silenceReadsTheFloor()
    {
        Opened opened;
        LevelMonitor monitor([&opened](const QString &device) {
            return std::make_unique<ScriptedMicrophone>(&opened, device, AudioFormatSpec::voiceFormat(),
                                                        std::vector<int16_t>(LevelMonitor::WindowSamples * 2), false);
        });
        QSignalSpy levels(&monitor, &LevelMonitor::levelChanged);
        monitor.start({});
        QTRY_COMPARE_WITH_TIMEOUT(levels.size(), 2, 3000);
        QCOMPARE(levels.at(1).at(0).toDouble(), AudioLevel::MinDbfs);
        QCOMPARE(levels.at(1).at(1).toDouble(), AudioLevel::MinDbfs);
    }

    void deviceFormatIsConverted()
    {
        Opened opened;
        const AudioFormatSpec cd {44100, 2, SampleFormat::Int16};
        LevelMonitor monitor([&opened, cd](const QString &device) {
            return std::make_unique<ScriptedMicrophone>(&opened, device, cd,
                                                        interleave(sine(1000, 0.25, 44100, 44100), 2), false);
        });
        QSignalSpy levels(&monitor, &LevelMonitor::levelChanged);
        monitor.start({});
        // One second of audio is twenty windows at 48 kHz, whatever the device's rate.
        QTRY_VERIFY_WITH_TIMEOUT(levels.size() >= 19, 3000);
        const double rms = levels.at(10).at(0).toDouble();
        qInfo("44.1 kHz stereo at -15.05 dBFS reads %.2f dBFS", rms);
        QVERIFY(std::abs(rms + 15.05) < 0.1);
    }

    void aMicrophoneThatCannotOpenIsAnError()
    {
        Opened opened;
        LevelMonitor monitor([&opened](const QString &device) {
            return std::make_unique<ScriptedMicrophone>(&opened, device, AudioFormatSpec::voiceFormat(),
                                                        std::vector<int16_t>(), true);
        });
        QSignalSpy errors(&monitor, &LevelMonitor::error);
        monitor.start(QStringLiteral("USB mic"));
        QCOMPARE(errors.size(), 1); // the device's own words, not a second generic one
        QCOMPARE(errors.at(0).at(0).toString(), QStringLiteral("The microphone \"USB mic\" could not be opened."));
        QVERIFY(!monitor.isRunning());
    }

    void restartsOnlyForAnotherDevice()
    {
        Opened opened;
        LevelMonitor monitor([&opened](const QString &device) {
            return std::make_unique<ScriptedMicrophone>(&opened, device, AudioFormatSpec::voiceFormat(),
                                                        std::vector<int16_t>(48000), false);
        });
        monitor.start(QStringLiteral("a"));
        monitor.start(QStringLiteral("a"));
        QCOMPARE(opened.devices, QStringList {QStringLiteral("a")});
        monitor.start(QStringLiteral("b"));
        QCOMPARE(opened.devices, (QStringList {QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(opened.stops, 1); // the first one was closed
        QVERIFY(monitor.isRunning());
    }

    // ---- Real devices ----

    void meterFollowsARealMicrophone()
    {
        QString why;
        if (!PulseAudioFixture::ensure(&why))
            QSKIP(qPrintable(why));
        TonePlayer player;
        QSignalSpy started(&player, &TonePlayer::started);
        player.play(sine(1000, 0.5, 48000), true, 1.0, QStringLiteral("spk"));
        QVERIFY(started.wait(3000));
        LevelMonitor monitor;
        QSignalSpy errors(&monitor, &LevelMonitor::error);
        double rms = AudioLevel::MinDbfs;
        double peak = AudioLevel::MinDbfs;
        connect(&monitor, &LevelMonitor::levelChanged, this, [&](double r, double p) {
            rms = r;
            peak = p;
        });
        monitor.start(QStringLiteral("mic"));
        QVERIFY(monitor.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(rms > -12, 3000); // the tone: -9 dBFS RMS, -6 peak
        qInfo("tone: %.1f dBFS RMS, %.1f peak", rms, peak);
        QVERIFY(peak > rms);
        // Silence is still played, so the microphone keeps delivering, and reads low.
        player.setVolume(0);
        QTRY_VERIFY_WITH_TIMEOUT(rms < -60, 3000);
        qInfo("silence: %.1f dBFS RMS", rms);
        QVERIFY(errors.isEmpty());
        monitor.stop();
        player.stop();
    }
};

QTEST_GUILESS_MAIN(TestLevelMonitor)
#include "TestLevelMonitor.moc"
