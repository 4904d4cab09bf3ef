// SPDX-License-Identifier: GPL-3.0-or-later
// The whole client pipeline without a network: WAV capture → resample → APM → Opus → frames,
// looped straight back into the receive side → jitter buffer → decode → recording.
#include "AudioCompare.h"
#include "AudioEngine.h"
#include "AudioLevel.h"
#include "NullAudioBackend.h"
#include "PacedClock.h"
#include "WavFileAudioBackend.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace audin;
using namespace audin::media;
using namespace audin::test;

namespace {
/** A backend that cannot open anything, like a machine with no sound card. */
class BrokenBackend final : public AudioBackend
{
public:
    bool start(AudioIo *, QString *error) override
    {
        *error = QStringLiteral("no device");
        return false;
    }
    void stop() override { }
    AudioFormatSpec captureFormat() const override { return AudioFormatSpec::voiceFormat(); }
    AudioFormatSpec playoutFormat() const override { return AudioFormatSpec::voiceFormat(); }
    int playoutLatencyMs() const override { return 0; }
    int captureLatencyMs() const override { return 0; }
    QString describe() const override { return QStringLiteral("broken"); }
};

/** Delivers 48 kHz mono silence for `liveMs`, then nothing: a microphone pulled out mid-call. */
class FadingBackend final : public AudioBackend
{
public:
    explicit FadingBackend(int liveMs, int *restarts)
        : m_liveMs(liveMs)
        , m_restarts(restarts)
    {
    }
    bool start(AudioIo *io, QString *) override
    {
        m_io = io;
        m_elapsed.start();
        m_clock.start(20, [this] {
            std::array<char, 1920> silence {};
            if (m_elapsed.elapsed() < m_liveMs)
                m_io->captureAvailable(silence.data(), qint64(silence.size()));
            m_io->fillPlayout(silence.data(), qint64(silence.size()));
        });
        return true;
    }
    void stop() override { m_clock.stop(); }
    void restartCapture() override { ++*m_restarts; }
    AudioFormatSpec captureFormat() const override { return AudioFormatSpec::voiceFormat(); }
    AudioFormatSpec playoutFormat() const override { return AudioFormatSpec::voiceFormat(); }
    int playoutLatencyMs() const override { return 0; }
    int captureLatencyMs() const override { return 0; }
    QString describe() const override { return QStringLiteral("fading"); }

private:
    int m_liveMs;
    int *m_restarts;
    AudioIo *m_io = nullptr;
    PacedClock m_clock;
    QElapsedTimer m_elapsed;
};

/**
 * Delivers a 1 kHz tone in whatever format its current "device" has; switchDevices() moves it to
 * another device with another format (44.1 kHz stereo), as a real one may.
 */
class SwitchingBackend final : public AudioBackend
{
public:
    struct Log
    {
        QList<QStringList> switches; // input, output, and whether start() had run
        int starts = 0;
    };
    explicit SwitchingBackend(Log *log)
        : m_log(log)
    {
    }
    bool start(AudioIo *io, QString *) override
    {
        ++m_log->starts;
        m_io = io;
        m_clock.start(10, [this] {
            const int frames = m_format.sampleRate / 100;
            std::vector<int16_t> chunk(size_t(frames * m_format.channels));
            for (int i = 0; i < frames; ++i, ++m_position) {
                const auto s = int16_t(
                    std::lround(9000 * std::sin(2 * M_PI * 1000.0 * double(m_position) / m_format.sampleRate)));
                for (int c = 0; c < m_format.channels; ++c)
                    chunk[size_t(i * m_format.channels + c)] = s;
            }
            m_io->captureAvailable(reinterpret_cast<const char *>(chunk.data()), qint64(chunk.size() * 2));
            std::vector<char> playout(size_t(frames * m_format.bytesPerFrame()));
            m_io->fillPlayout(playout.data(), qint64(playout.size()));
        });
        return true;
    }
    void stop() override { m_clock.stop(); }
    bool switchDevices(const QString &input, const QString &output) override
    {
        m_log->switches << QStringList {input, output,
                                        m_io ? QStringLiteral("running") : QStringLiteral("before start")};
        m_input = input;
        m_output = output;
        if (m_io) {
            m_format = AudioFormatSpec {44100, 2, SampleFormat::Int16};
            m_position = 0;
            emit devicesChanged(inputDescription(), outputDescription());
        }
        return true;
    }
    QString inputDescription() const override { return QStringLiteral("in:") + m_input; }
    QString outputDescription() const override { return QStringLiteral("out:") + m_output; }
    AudioFormatSpec captureFormat() const override { return m_format; }
    AudioFormatSpec playoutFormat() const override { return m_format; }
    int playoutLatencyMs() const override { return 0; }
    int captureLatencyMs() const override { return 0; }
    QString describe() const override { return QStringLiteral("switching"); }

private:
    Log *m_log;
    AudioIo *m_io = nullptr;
    PacedClock m_clock;
    AudioFormatSpec m_format = AudioFormatSpec::voiceFormat();
    qint64 m_position = 0;
    QString m_input;
    QString m_output;
};

/** Silence in, and every sample the engine hands to the speaker kept, paced like a device. */
class PlayoutCaptureBackend final : public AudioBackend
{
public:
    explicit PlayoutCaptureBackend(std::vector<int16_t> *played)
        : m_played(played)
    {
    }
    bool start(AudioIo *io, QString *) override
    {
        m_clock.start(20, [this, io] {
            std::array<int16_t, 960> block {};
            io->captureAvailable(reinterpret_cast<const char *>(block.data()), qint64(sizeof block));
            io->fillPlayout(reinterpret_cast<char *>(block.data()), qint64(sizeof block));
            m_played->insert(m_played->end(), block.begin(), block.end());
        });
        return true;
    }
    void stop() override { m_clock.stop(); }
    AudioFormatSpec captureFormat() const override { return AudioFormatSpec::voiceFormat(); }
    AudioFormatSpec playoutFormat() const override { return AudioFormatSpec::voiceFormat(); }
    int playoutLatencyMs() const override { return 0; }
    int captureLatencyMs() const override { return 0; }
    QString describe() const override { return QStringLiteral("playout capture"); }

private:
    std::vector<int16_t> *m_played;
    PacedClock m_clock;
};

std::vector<int16_t> decodeFrames(const QList<QByteArray> &frames)
{
    OpusVoiceDecoder decoder;
    std::vector<int16_t> out;
    std::array<int16_t, 960> pcm {};
    for (const QByteArray &data : frames) {
        const auto frame = MediaFrame::parse(data);
        if (!frame)
            continue;
        const int n = decoder.decode(frame->payload, pcm.data(), 960);
        if (n > 0)
            out.insert(out.end(), pcm.begin(), pcm.begin() + n);
    }
    return out;
}
} // namespace

class TestAudioEngine : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("AUDIN_KEEP_TEST_FILES"));
    }

    void loopbackThroughWholePipeline_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::newRow("48 kHz mono") << 48000 << 1;
        QTest::newRow("44.1 kHz stereo") << 44100 << 2;
    }
    void loopbackThroughWholePipeline()
    {
        QFETCH(int, rate);
        QFETCH(int, channels);
        const QString voicePath = m_dir.filePath(QStringLiteral("voice48.wav"));
        const std::vector<int16_t> voice = writeVoiceWav(voicePath, 4.0);
        QString inputPath = voicePath;
        if (rate != 48000 || channels != 1) {
            // Make the device-format input with the same resampler family the app uses.
            Resampler toDevice(AudioFormatSpec::voiceFormat(), AudioFormatSpec {rate, channels, SampleFormat::Int16});
            toDevice.push(voice.data(), qint64(voice.size() * sizeof(int16_t)));
            std::vector<int16_t> device(size_t(toDevice.availableFrames() * channels));
            toDevice.pull(device.data(), toDevice.availableFrames());
            inputPath = m_dir.filePath(QStringLiteral("voice-%1-%2.wav").arg(rate).arg(channels));
            WavWriter writer(inputPath, rate, channels);
            QVERIFY(writer.open());
            writer.write(device.data(), int(device.size() / channels));
            writer.close();
        }
        const QString recordPath = m_dir.filePath(QStringLiteral("heard-%1.wav").arg(rate));

        AudioEngineSettings settings;
        settings.recordPath = recordPath;
        // Our own voice comes back as the echo reference here, which an echo canceller rightly
        // suppresses; this test is about transport and coding, so processing stays off.
        settings.processing.echoCancellation = false;
        settings.processing.noiseSuppression = false;
        settings.processing.autoGainControl = false;
        AudioEngine engine(settings, [inputPath] { return std::make_unique<WavFileAudioBackend>(inputPath); });
        QSignalSpy frames(&engine, &AudioEngine::frameReady);
        QSignalSpy errors(&engine, &AudioEngine::error);
        QSignalSpy stats(&engine, &AudioEngine::statsUpdated);
        // Echo every frame straight back: what we "hear" is what we sent.
        connect(&engine, &AudioEngine::frameReady, &engine, &AudioEngine::receiveFrame);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 225, 8000); // 4.5 s of 20 ms frames
        engine.stop();
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).value(0).value<OperatorError>().message));

        // Frames carry consecutive sequence numbers and 960-sample timestamps.
        const auto first = MediaFrame::parse(frames.at(0).at(0).toByteArray());
        const auto second = MediaFrame::parse(frames.at(1).at(0).toByteArray());
        QVERIFY(first && second);
        QCOMPARE(quint16(second->sequence - first->sequence), quint16(1));
        QCOMPARE(second->timestamp - first->timestamp, 960u);

        const std::vector<int16_t> heard = readMono(recordPath);
        QVERIFY(heard.size() > 48000 * 3);
        QVERIFY(!stats.isEmpty());
        const CallStats last = stats.last().at(0).value<CallStats>();
        qInfo("accelerate %d expand %d concealed %.2f%% delay %.1f ms", last.accelerateCount, last.expandCount,
              last.concealmentPercent, last.jitterBufferDelayMs);
        const CorrelationPeak peak = medianCorrelation(voice, heard, 1000, 3500, 300, 400);
        // Control: the same measure against a different voice, so the bound below means something.
        std::vector<int16_t> other(voice.size());
        SyntheticVoice(99).generate(other.data(), int(other.size()));
        const CorrelationPeak control = medianCorrelation(other, heard, 1000, 3500, 300, 400);
        qInfo("correlation %.3f at %d ms (control %.3f)", peak.value, peak.lagMs, control.value);
        QVERIFY2(peak.value > 0.5, qPrintable(QString::number(peak.value)));
        QVERIFY(control.value < 0.3);
        QVERIFY(peak.lagMs >= 20 && peak.lagMs <= 250); // jitter buffer start-up + codec, nothing more
    }

    void sentFramesCarryTheVoice_data()
    {
        QTest::addColumn<bool>("processing");
        QTest::newRow("processing off") << false;
        QTest::newRow("processing on") << true;
    }
    void sentFramesCarryTheVoice()
    {
        QFETCH(bool, processing);
        const QString voicePath = m_dir.filePath(QStringLiteral("voice-sent.wav"));
        const std::vector<int16_t> voice = writeVoiceWav(voicePath, 3.0);
        AudioEngineSettings settings;
        settings.processing.echoCancellation = processing;
        settings.processing.noiseSuppression = processing;
        settings.processing.autoGainControl = processing;
        AudioEngine engine(settings, [voicePath] { return std::make_unique<WavFileAudioBackend>(voicePath); });
        QSignalSpy frames(&engine, &AudioEngine::frameReady);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 150, 5000);
        engine.stop();
        QList<QByteArray> sent;
        for (const auto &args : frames)
            sent << args.at(0).toByteArray();
        const std::vector<int16_t> decoded = decodeFrames(sent);
        qInfo("sent %.1f dBFS", rmsDbfs(decoded));
        QVERIFY2(rmsDbfs(decoded) > -35, qPrintable(QString::number(rmsDbfs(decoded))));
        const CorrelationPeak peak = bestCorrelation(voice, decoded, 500, 2000, 200);
        qInfo("correlation %.3f at %d ms", peak.value, peak.lagMs);
        QVERIFY(peak.value > 0.6);
    }

    void mutedSendsEncodedSilence()
    {
        const QString voicePath = m_dir.filePath(QStringLiteral("voice-mute.wav"));
        writeVoiceWav(voicePath, 3.0);
        AudioEngine engine({}, [voicePath] { return std::make_unique<WavFileAudioBackend>(voicePath); });
        QSignalSpy frames(&engine, &AudioEngine::frameReady);
        engine.setMuted(true);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 100, 5000);
        engine.stop();
        QList<QByteArray> sent;
        for (const auto &args : frames)
            sent << args.at(0).toByteArray();
        const std::vector<int16_t> decoded = decodeFrames(sent);
        QVERIFY(decoded.size() >= 48000);
        // Frames keep flowing (the far end's timing stays intact), but carry nothing.
        QVERIFY2(rmsDbfs(decoded) < -60, qPrintable(QString::number(rmsDbfs(decoded))));
    }

    void deadDeviceStillSendsSilence()
    {
        AudioEngine engine({}, [] { return std::make_unique<BrokenBackend>(); });
        QSignalSpy frames(&engine, &AudioEngine::frameReady);
        QSignalSpy errors(&engine, &AudioEngine::error);
        engine.start();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).at(0).value<OperatorError>().code, QStringLiteral("AUDIO_DEVICE_ERROR"));
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 25, 3000); // about 50 frames a second regardless
        engine.stop();
    }

    void microphoneLostMidCallIsReportedAndRecovered()
    {
        int restarts = 0;
        AudioEngineSettings settings;
        settings.captureLostMs = 300;
        AudioEngine engine(settings, [&restarts] { return std::make_unique<FadingBackend>(500, &restarts); });
        QSignalSpy frames(&engine, &AudioEngine::frameReady);
        QSignalSpy errors(&engine, &AudioEngine::error);
        engine.start();
        QVERIFY(errors.wait(3000));
        QCOMPARE(errors.at(0).at(0).value<OperatorError>().code, QStringLiteral("MIC_UNAVAILABLE"));
        QCOMPARE(restarts, 1); // it tried to get a microphone back
        const int before = frames.size();
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= before + 25, 3000); // and the far end still gets frames
        QCOMPARE(errors.size(), 1); // said once, not every tick
        engine.stop();
    }

    void statsOncePerIntervalWithLevels()
    {
        const QString voicePath = m_dir.filePath(QStringLiteral("voice-stats.wav"));
        writeVoiceWav(voicePath, 3.0);
        AudioEngineSettings settings;
        settings.statsIntervalMs = 200;
        AudioEngine engine(settings, [voicePath] { return std::make_unique<WavFileAudioBackend>(voicePath); });
        connect(&engine, &AudioEngine::frameReady, &engine, &AudioEngine::receiveFrame);
        QSignalSpy stats(&engine, &AudioEngine::statsUpdated);
        engine.setRttMs(40);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(stats.size() >= 4, 3000);
        engine.stop();
        const CallStats last = stats.last().at(0).value<CallStats>();
        QVERIFY(last.framesSent >= 20);
        QVERIFY(last.framesReceived >= 20);
        QCOMPARE(last.rttMs, 40);
        QVERIFY(last.inputLevelDbfs > -50); // the voice is heard by the meter
        QVERIFY(last.mos > 4.0); // a clean loop rates as excellent
        QVERIFY(last.jitterMs < 20);
    }

    void dtmfToneIsLocalOnly()
    {
        AudioEngineSettings settings;
        settings.recordPath = m_dir.filePath(QStringLiteral("dtmf-heard.wav"));
        std::vector<int16_t> played;
        AudioEngine engine(settings, [&played] { return std::make_unique<PlayoutCaptureBackend>(&played); });
        QSignalSpy frames(&engine, &AudioEngine::frameReady);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 5, 3000);
        engine.playDtmfTone(QStringLiteral("5"));
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 35, 3000);
        engine.stop();

        // The operator hears "5" (770 Hz + 1336 Hz) for about the tone's 160 ms, and no other key.
        int toneBlocks = 0;
        size_t first = played.size();
        size_t last = 0;
        for (size_t at = 0; at + 960 <= played.size(); at += 960) {
            const int16_t *block = played.data() + at;
            if (AudioLevel::goertzelDbfs(block, 960, 770, 48000) > -40
                && AudioLevel::goertzelDbfs(block, 960, 1336, 48000) > -40) {
                ++toneBlocks;
                first = std::min(first, at);
                last = at + 960;
            }
        }
        qInfo("the tone was heard in %d blocks of 20 ms", toneBlocks);
        QVERIFY2(toneBlocks >= 6 && toneBlocks <= 10, qPrintable(QString::number(toneBlocks)));
        const int span = int(last - first);
        const double low = AudioLevel::goertzelDbfs(played.data() + first, span, 770, 48000);
        const double high = AudioLevel::goertzelDbfs(played.data() + first, span, 1336, 48000);
        for (const double otherHz : {697.0, 852.0, 1209.0, 1477.0}) {
            const double other = AudioLevel::goertzelDbfs(played.data() + first, span, otherHz, 48000);
            QVERIFY2(other < std::min(low, high) - 20,
                     qPrintable(QStringLiteral("%1 Hz at %2 dBFS").arg(otherHz).arg(other)));
        }

        // The far end gets silence from a silent mic, and the recording of what was heard has no tone.
        QList<QByteArray> sent;
        for (const auto &args : frames)
            sent << args.at(0).toByteArray();
        QVERIFY(rmsDbfs(decodeFrames(sent)) < -60);
        QVERIFY(rmsDbfs(readMono(settings.recordPath)) < -60);
    }

    void devicesChosenBeforeStartAreTheOnesOpened()
    {
        SwitchingBackend::Log log;
        AudioEngine engine(plainSettings(), [&log] { return std::make_unique<SwitchingBackend>(&log); });
        QSignalSpy devices(&engine, &AudioEngine::devicesChanged);
        engine.setDevices(QStringLiteral("headset mic"), QStringLiteral("headset"));
        QCOMPARE(log.starts, 0); // nothing to switch yet
        engine.start();
        const QStringList expected {QStringLiteral("headset mic"), QStringLiteral("headset"),
                                    QStringLiteral("before start")};
        QCOMPARE(log.switches.size(), 1);
        QCOMPARE(log.switches.at(0), expected);
        QCOMPARE(devices.size(), 1); // what is in use, once, when the audio starts
        QCOMPARE(devices.at(0).at(0).toString(), QStringLiteral("in:headset mic"));
        QCOMPARE(devices.at(0).at(1).toString(), QStringLiteral("out:headset"));
        engine.stop();
    }

    void switchingMidCallRebuildsTheConverters()
    {
        SwitchingBackend::Log log;
        AudioEngine engine(plainSettings(), [&log] { return std::make_unique<SwitchingBackend>(&log); });
        QSignalSpy devices(&engine, &AudioEngine::devicesChanged);
        QSignalSpy frames(&engine, &AudioEngine::frameReady);
        QSignalSpy errors(&engine, &AudioEngine::error);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 25, 3000);
        // The new device delivers 44.1 kHz stereo: unless the engine rebuilds its converters, the
        // tone would come out at the wrong pitch (or as noise).
        engine.setDevices(QStringLiteral("usb mic"), {});
        QCOMPARE(devices.size(), 2);
        QCOMPARE(devices.at(1).at(0).toString(), QStringLiteral("in:usb mic"));
        QCOMPARE(devices.at(1).at(1).toString(), QStringLiteral("out:"));
        const int switchedAt = frames.size();
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= switchedAt + 50, 3000);
        engine.stop();
        QVERIFY(errors.isEmpty());
        QList<QByteArray> after;
        for (int i = switchedAt + 10; i < frames.size(); ++i)
            after << frames.at(i).at(0).toByteArray();
        const std::vector<int16_t> decoded = decodeFrames(after);
        const double tone = AudioLevel::goertzelDbfs(decoded.data(), 48000 / 2, 1000, 48000);
        const double total = rmsDbfs(std::vector<int16_t>(decoded.begin(), decoded.begin() + 48000 / 2));
        qInfo("after the switch: 1 kHz at %.1f dBFS of %.1f dBFS in all", tone, total);
        QVERIFY(tone > -15); // 9000/32768 peak: -14.2 dBFS RMS
        QVERIFY(total - tone < 1.0); // and nothing else
    }

    void backendsWithoutDevicesIgnoreSwitching()
    {
        NullAudioBackend null;
        QVERIFY(!null.switchDevices(QStringLiteral("a"), QStringLiteral("b")));
        AudioEngine engine({}, [] { return std::make_unique<NullAudioBackend>(); });
        QSignalSpy devices(&engine, &AudioEngine::devicesChanged);
        QSignalSpy frames(&engine, &AudioEngine::frameReady);
        engine.start();
        engine.setDevices(QStringLiteral("a"), QStringLiteral("b"));
        const int before = frames.size();
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= before + 25, 3000);
        QCOMPARE(devices.size(), 1); // at start only
        engine.stop();
    }

private:
    static AudioEngineSettings plainSettings()
    {
        AudioEngineSettings settings;
        settings.processing.echoCancellation = false;
        settings.processing.noiseSuppression = false;
        settings.processing.autoGainControl = false;
        return settings;
    }

    QTemporaryDir m_dir {QStringLiteral("/tmp/audin-engine-XXXXXX")};
};

QTEST_GUILESS_MAIN(TestAudioEngine)
#include "TestAudioEngine.moc"
