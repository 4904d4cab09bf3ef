// SPDX-License-Identifier: GPL-3.0-or-later
// One call's audio through real PulseAudio devices (QAudioSink → null sink `spk`, its monitor →
// remap source `mic` → QAudioSource): what the far end says is played, comes back through the
// "room" as the microphone, and is either sent on (processing off) or cancelled (echo cancellation).
#include "AudioCompare.h"
#include "AudioDeviceWatcher.h"
#include "AudioEngine.h"
#include "DeviceProbe.h"
#include "PacedClock.h"
#include "PulseAudioFixture.h"
#include "QtAudioBackend.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace audin;
using namespace audin::media;
using namespace audin::test;

namespace {
/** A module the test loaded itself, unloaded on the way out even when the test fails. */
struct ModuleGuard
{
    explicit ModuleGuard(int moduleIndex)
        : index(moduleIndex)
    {
    }
    ~ModuleGuard() { unload(); }
    bool unload()
    {
        const bool ok = PulseAudioFixture::unloadModule(index);
        index = -1;
        return ok;
    }
    int index;
};

/** Puts `spk` and `mic` back as the defaults for whoever comes next. */
struct DefaultsGuard
{
    ~DefaultsGuard()
    {
        PulseAudioFixture::setDefaultSink(QStringLiteral("spk"));
        PulseAudioFixture::setDefaultSource(QStringLiteral("mic"));
    }
};

struct CallRun
{
    std::vector<int16_t> heard; // what the operator heard (recording tap)
    std::vector<int16_t> sent; // decoded frames the operator sent
    QList<OperatorError> errors;
};

/** Plays `farEnd` to the engine as 20 ms Opus frames in real time and collects what it sends. */
CallRun runCall(const std::vector<int16_t> &farEnd, bool echoCancellation, const QString &recordPath, int seconds)
{
    AudioEngineSettings settings;
    settings.recordPath = recordPath;
    settings.processing.echoCancellation = echoCancellation;
    settings.processing.noiseSuppression = false;
    settings.processing.autoGainControl = false;
    AudioEngine engine(settings, [] { return std::make_unique<QtAudioBackend>(QtAudioBackend::Settings {}); });
    CallRun run;
    QObject::connect(&engine, &AudioEngine::error, [&run](const OperatorError &e) { run.errors << e; });
    QList<QByteArray> sentFrames;
    QObject::connect(&engine, &AudioEngine::frameReady, [&sentFrames](const QByteArray &f) { sentFrames << f; });

    OpusVoiceEncoder encoder;
    MediaFrameSequencer sequencer;
    size_t position = 0;
    PacedClock farEndClock;
    engine.start();
    farEndClock.start(20, [&] {
        if (position + 960 > farEnd.size())
            return;
        engine.receiveFrame(sequencer.next(encoder.encode(farEnd.data() + position), 960));
        position += 960;
    });
    // The call lasts until this much audio went out; devices run in real time.
    if (!QTest::qWaitFor([&] { return sentFrames.size() >= seconds * 50; }, seconds * 1000 + 5000))
        qWarning("the devices delivered only %d of %d frames in time", int(sentFrames.size()), seconds * 50);
    farEndClock.stop();
    engine.stop();

    OpusVoiceDecoder decoder;
    std::array<int16_t, 960> pcm {};
    for (const QByteArray &data : sentFrames) {
        if (const auto frame = MediaFrame::parse(data)) {
            const int n = decoder.decode(frame->payload, pcm.data(), 960);
            run.sent.insert(run.sent.end(), pcm.begin(), pcm.begin() + std::max(0, n));
        }
    }
    run.heard = readMono(recordPath);
    return run;
}
} // namespace

class TestPulseAudioDevices : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QString why;
        if (!PulseAudioFixture::ensure(&why))
            QSKIP(qPrintable(why));
        QVERIFY(m_dir.isValid());
        m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("AUDIN_KEEP_TEST_FILES"));
        bool found = false;
        for (const AudioDeviceInfo &device : QtAudioBackend::inputDevices())
            found = found || device.id == QLatin1String("mic");
        if (!found)
            QSKIP("Qt does not see the PulseAudio remap source");
        m_farEnd.resize(48000 * 8);
        SyntheticVoice(11).generate(m_farEnd.data(), int(m_farEnd.size()));
    }

    void callThroughRealDevices()
    {
        const CallRun run = runCall(m_farEnd, false, m_dir.filePath(QStringLiteral("plain.wav")), 5);
        for (const OperatorError &e : run.errors)
            qWarning() << e.code << e.message;
        QVERIFY(run.errors.isEmpty());
        qInfo("heard %zu sent %zu samples", run.heard.size(), run.sent.size());
        QVERIFY(run.heard.size() > 48000 * 4);
        QVERIFY(run.sent.size() > 48000 * 4);
        const CorrelationPeak heard = medianCorrelation(m_farEnd, run.heard, 1000, 4000, 300, 400);
        // The microphone is the speaker's monitor: the far end's voice comes back through the devices.
        const CorrelationPeak looped = medianCorrelation(m_farEnd, run.sent, 1000, 4000, 300, 800);
        qInfo("heard %.3f at %d ms; through the devices %.3f at %d ms (device round trip)", heard.value, heard.lagMs,
              looped.value, looped.lagMs);
        QVERIFY(heard.value > 0.5);
        QVERIFY(looped.value > 0.4);
        m_plainSentDb = rmsDbfs(run.sent, 48000 * 3);
    }

    void echoCancellationRemovesTheLoop()
    {
        if (m_plainSentDb <= -99)
            QSKIP("needs callThroughRealDevices");
        const CallRun run = runCall(m_farEnd, true, m_dir.filePath(QStringLiteral("aec.wav")), 7);
        QVERIFY(run.errors.isEmpty());
        const double cancelledDb = rmsDbfs(run.sent, 48000 * 4);
        qInfo("sent without AEC %.1f dBFS, with AEC (after 4 s) %.1f dBFS", m_plainSentDb, cancelledDb);
        QVERIFY2(cancelledDb < m_plainSentDb - 10, qPrintable(QString::number(cancelledDb)));
    }

    void unpluggedMicrophoneKeepsTheCallGoing()
    {
        // The test's own microphone (the fixture's `mic` stays for everyone else), fed like `mic`
        // from `spk`'s monitor: what the engine plays on the default speaker comes back through it.
        ModuleGuard microphone(PulseAudioFixture::loadModule(
            {QStringLiteral("module-remap-source"), QStringLiteral("master=spk.monitor"),
             QStringLiteral("source_name=audin_unplug_mic"),
             QStringLiteral("source_properties=\"device.description='Audin Unplug Microphone'\"")}));
        QVERIFY(microphone.index >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(!inputDescription(QStringLiteral("audin_unplug_mic")).isEmpty(), 3000);
        QtAudioBackend::Settings devices;
        devices.inputDevice = QStringLiteral("audin_unplug_mic");
        AudioEngine engine(plainSettings(), [devices] { return std::make_unique<QtAudioBackend>(devices); });
        QSignalSpy moved(&engine, &AudioEngine::devicesChanged);
        QList<OperatorError> errors;
        connect(&engine, &AudioEngine::error, this, [&errors](const OperatorError &e) { errors << e; });
        SentAudio sent(&engine);
        ToneFarEnd farEnd(&engine, toneHz, 0.3);
        engine.start();
        farEnd.start();
        QCOMPARE(moved.size(), 1);
        QCOMPARE(moved.at(0).at(0).toString(), QStringLiteral("Audin Unplug Microphone"));
        QTRY_VERIFY_WITH_TIMEOUT(sent.recentTone(200, toneHz) > -30, 5000);
        QVERIFY(errors.isEmpty());

        // Unplug. The silence filler would keep frames flowing without any microphone, so what
        // counts is the tone: heard again, through the default microphone, after the unplug.
        // PulseAudio (14+) itself moves an orphaned stream to the default, so the audio alone does
        // not prove our fallback: the backend must also have moved (and say so) by itself.
        QVERIFY(microphone.unload());
        const size_t unplugged = sent.samples.size();
        QTRY_VERIFY_WITH_TIMEOUT(moved.size() >= 2, 5000);
        QCOMPARE(moved.last().at(0).toString(), inputDescription(QStringLiteral("mic")));
        QTRY_VERIFY_WITH_TIMEOUT(sent.samples.size() > unplugged + 48 * 400 && sent.recentTone(200, toneHz) > -30,
                                 5000);
        qInfo("after the unplug: tone at %.1f dBFS in what is sent", sent.recentTone(200, toneHz));
        for (const OperatorError &e : std::as_const(errors))
            QCOMPARE(e.code, QStringLiteral("MIC_UNAVAILABLE")); // the only thing that may be said

        // Plugged back in: the chosen microphone is the one in use again.
        ModuleGuard again(PulseAudioFixture::loadModule(
            {QStringLiteral("module-remap-source"), QStringLiteral("master=spk.monitor"),
             QStringLiteral("source_name=audin_unplug_mic"),
             QStringLiteral("source_properties=\"device.description='Audin Unplug Microphone'\"")}));
        QVERIFY(again.index >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(moved.last().at(0).toString(), QStringLiteral("Audin Unplug Microphone"), 5000);
        const size_t replugged = sent.samples.size();
        QTRY_VERIFY_WITH_TIMEOUT(sent.samples.size() > replugged + 48 * 400 && sent.recentTone(200, toneHz) > -30,
                                 5000);
        farEnd.stop();
        engine.stop();
    }

    void unpluggedSpeakerMovesPlayoutToTheDefault()
    {
        ModuleGuard speaker(PulseAudioFixture::loadModule(
            {QStringLiteral("module-null-sink"), QStringLiteral("sink_name=audin_unplug_spk"),
             QStringLiteral("sink_properties=\"device.description='Audin Unplug Speaker'\"")}));
        QVERIFY(speaker.index >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(!outputDescription(QStringLiteral("audin_unplug_spk")).isEmpty(), 3000);
        QtAudioBackend::Settings devices;
        devices.outputDevice = QStringLiteral("audin_unplug_spk");
        AudioEngine engine(plainSettings(), [devices] { return std::make_unique<QtAudioBackend>(devices); });
        QSignalSpy moved(&engine, &AudioEngine::devicesChanged);
        QList<OperatorError> errors;
        connect(&engine, &AudioEngine::error, this, [&errors](const OperatorError &e) { errors << e; });
        SentAudio sent(&engine); // the default microphone: the default speaker's monitor
        ToneFarEnd farEnd(&engine, toneHz, 0.3);
        engine.start();
        farEnd.start();
        QCOMPARE(moved.at(0).at(1).toString(), QStringLiteral("Audin Unplug Speaker"));
        // Played on the chosen speaker, so nothing reaches the default one's monitor.
        QTRY_VERIFY_WITH_TIMEOUT(sent.samples.size() > 48000, 5000);
        QVERIFY2(sent.recentTone(500, toneHz) < -50, qPrintable(QString::number(sent.recentTone(500, toneHz))));

        QVERIFY(speaker.unload());
        const size_t unplugged = sent.samples.size();
        QTRY_VERIFY_WITH_TIMEOUT(moved.size() >= 2, 5000);
        QCOMPARE(moved.last().at(1).toString(), outputDescription(QStringLiteral("spk")));
        QTRY_VERIFY_WITH_TIMEOUT(sent.samples.size() > unplugged + 48 * 400 && sent.recentTone(200, toneHz) > -30,
                                 5000);
        qInfo("after the unplug: tone at %.1f dBFS on the default speaker", sent.recentTone(200, toneHz));
        for (const OperatorError &e : std::as_const(errors))
            QCOMPARE(e.code, QStringLiteral("AUDIO_DEVICE_ERROR"));
        farEnd.stop();
        engine.stop();
    }

    void systemDefaultIsFollowed()
    {
        QString why;
        QVERIFY2(PulseAudioFixture::ensureSecondDevices(&why), qPrintable(why));
        DefaultsGuard defaults;
        Ear ear2(QStringLiteral("mic2"));
        QVERIFY(ear2.start());
        AudioEngine engine(plainSettings(),
                           [] { return std::make_unique<QtAudioBackend>(QtAudioBackend::Settings {}); });
        QSignalSpy moved(&engine, &AudioEngine::devicesChanged);
        QList<OperatorError> errors;
        connect(&engine, &AudioEngine::error, this, [&errors](const OperatorError &e) { errors << e; });
        SentAudio sent(&engine);
        ToneFarEnd farEnd(&engine, toneHz, 0.3);
        engine.start();
        farEnd.start();
        QTRY_VERIFY_WITH_TIMEOUT(sent.recentTone(200, toneHz) > -30, 5000); // spk → mic
        QVERIFY(ear2.recentTone(200, toneHz) < -50);

        // The operator (or the desktop) picks another default speaker while the call runs.
        QVERIFY(PulseAudioFixture::setDefaultSink(QStringLiteral("spk2")));
        QTRY_VERIFY_WITH_TIMEOUT(
            !moved.isEmpty() && moved.last().at(1).toString() == PulseAudioFixture::secondSpeakerDescription(), 5000);
        ear2.clear();
        QTRY_VERIFY_WITH_TIMEOUT(ear2.recentTone(200, toneHz) > -30, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(sent.recentTone(200, toneHz) < -50, 5000); // `spk` is silent now
        // And another default microphone.
        QVERIFY(PulseAudioFixture::setDefaultSource(QStringLiteral("mic2")));
        QTRY_VERIFY_WITH_TIMEOUT(moved.last().at(0).toString() == PulseAudioFixture::secondMicrophoneDescription(),
                                 5000);
        QTRY_VERIFY_WITH_TIMEOUT(sent.recentTone(200, toneHz) > -30, 5000); // spk2 → mic2
        QVERIFY(errors.isEmpty());
        farEnd.stop();
        engine.stop();
    }

    void missingMicrophoneIsReportedAndTheCallRuns()
    {
        QtAudioBackend::Settings devices;
        devices.inputDevice = QStringLiteral("audin-no-such-microphone");
        AudioEngine engine(plainSettings(), [devices] { return std::make_unique<QtAudioBackend>(devices); });
        QSignalSpy errors(&engine, &AudioEngine::error);
        QSignalSpy moved(&engine, &AudioEngine::devicesChanged);
        SentAudio sent(&engine);
        engine.start();
        QCOMPARE(errors.size(), 1);
        const OperatorError error = errors.at(0).at(0).value<OperatorError>();
        qInfo() << error.message;
        QCOMPARE(error.code, QStringLiteral("MIC_UNAVAILABLE"));
        QVERIFY(error.message.contains(QLatin1String("audin-no-such-microphone")));
        // The call runs on the default microphone, and the far end gets frames: silence, since
        // nothing plays into the speaker that microphone hears.
        QCOMPARE(moved.at(0).at(0).toString(), inputDescription(QStringLiteral("mic")));
        QTRY_VERIFY_WITH_TIMEOUT(sent.frames >= 100, 4000);
        QVERIFY(recentRmsDbfs(sent.samples, 1000) < -50);
        QCOMPARE(errors.size(), 1);
        engine.stop();
    }

    void switchingDevicesMidCallMovesTheAudio()
    {
        QString why;
        QVERIFY2(PulseAudioFixture::ensureSecondDevices(&why), qPrintable(why));
        Ear ear2(QStringLiteral("mic2"));
        QVERIFY(ear2.start());
        AudioEngine engine(plainSettings(),
                           [] { return std::make_unique<QtAudioBackend>(QtAudioBackend::Settings {}); });
        QSignalSpy moved(&engine, &AudioEngine::devicesChanged);
        QList<OperatorError> errors;
        connect(&engine, &AudioEngine::error, this, [&errors](const OperatorError &e) { errors << e; });
        SentAudio sent(&engine);
        ToneFarEnd farEnd(&engine, toneHz, 0.3);
        engine.start();
        farEnd.start();
        QTRY_VERIFY_WITH_TIMEOUT(sent.recentTone(200, toneHz) > -30, 5000);
        const QStringList captureStreams
            = PulseAudioFixture::streamsOn(QStringLiteral("source-outputs"), QStringLiteral("mic"));
        QVERIFY(!captureStreams.isEmpty());

        // Only the speaker changes: the microphone's stream is left alone.
        engine.setDevices({}, QStringLiteral("spk2"));
        QTRY_COMPARE_WITH_TIMEOUT(moved.size(), 2, 3000);
        QCOMPARE(moved.last().at(1).toString(), PulseAudioFixture::secondSpeakerDescription());
        QCOMPARE(moved.last().at(0).toString(), inputDescription(QStringLiteral("mic")));
        ear2.clear();
        QTRY_VERIFY_WITH_TIMEOUT(ear2.recentTone(200, toneHz) > -30, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(sent.recentTone(200, toneHz) < -50, 5000);
        QCOMPARE(PulseAudioFixture::streamsOn(QStringLiteral("source-outputs"), QStringLiteral("mic")), captureStreams);

        // Then the microphone, by its description this time; now the speaker's stream stays.
        const QStringList playoutStreams
            = PulseAudioFixture::streamsOn(QStringLiteral("sink-inputs"), QStringLiteral("spk2"));
        QVERIFY(!playoutStreams.isEmpty());
        engine.setDevices(PulseAudioFixture::secondMicrophoneDescription(), QStringLiteral("spk2"));
        QTRY_COMPARE_WITH_TIMEOUT(moved.size(), 3, 3000);
        QCOMPARE(moved.last().at(0).toString(), PulseAudioFixture::secondMicrophoneDescription());
        QTRY_VERIFY_WITH_TIMEOUT(sent.recentTone(200, toneHz) > -30, 5000); // spk2 → mic2
        QCOMPARE(PulseAudioFixture::streamsOn(QStringLiteral("sink-inputs"), QStringLiteral("spk2")), playoutStreams);
        // The same devices again under other names move nothing (the switch is synchronous).
        engine.setDevices(QStringLiteral("mic2"), PulseAudioFixture::secondSpeakerDescription());
        QCOMPARE(moved.size(), 3);
        QVERIFY(errors.isEmpty());
        farEnd.stop();
        engine.stop();
    }

    void deviceWatcherSeesDevicesAndDefaults()
    {
        QString why;
        QVERIFY2(PulseAudioFixture::ensureSecondDevices(&why), qPrintable(why));
        DefaultsGuard defaults;
        AudioDeviceWatcher watcher;
        QSignalSpy changed(&watcher, &AudioDeviceWatcher::changed);
        const auto isDefault = [](const QList<AudioDeviceInfo> &devices, const QString &id) {
            return std::any_of(devices.cbegin(), devices.cend(),
                               [&id](const AudioDeviceInfo &d) { return d.id == id && d.isDefault; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(isDefault(watcher.outputs(), QStringLiteral("spk"))
                                     && isDefault(watcher.inputs(), QStringLiteral("mic")),
                                 3000);
        changed.clear();
        QVERIFY(PulseAudioFixture::setDefaultSink(QStringLiteral("spk2")));
        QVERIFY(changed.wait(3000));
        QTRY_VERIFY_WITH_TIMEOUT(isDefault(watcher.outputs(), QStringLiteral("spk2")), 3000);
        QVERIFY(!isDefault(watcher.outputs(), QStringLiteral("spk")));
        // A device that comes and goes.
        changed.clear();
        ModuleGuard extra(PulseAudioFixture::loadModule(
            {QStringLiteral("module-null-sink"), QStringLiteral("sink_name=audin_watch_spk")}));
        QVERIFY(extra.index >= 0);
        QVERIFY(changed.wait(3000));
        const auto lists = [&watcher](const QString &id) {
            const QList<AudioDeviceInfo> outputs = watcher.outputs();
            return std::any_of(outputs.cbegin(), outputs.cend(),
                               [&id](const AudioDeviceInfo &d) { return d.id == id; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(lists(QStringLiteral("audin_watch_spk")), 3000);
        changed.clear();
        QVERIFY(extra.unload());
        QVERIFY(changed.wait(3000));
        QTRY_VERIFY_WITH_TIMEOUT(!lists(QStringLiteral("audin_watch_spk")), 3000);
    }

private:
    /** What the later tests here measure: a tone through the devices, with processing off. */
    static AudioEngineSettings plainSettings()
    {
        AudioEngineSettings settings;
        settings.processing.echoCancellation = false;
        settings.processing.noiseSuppression = false;
        settings.processing.autoGainControl = false;
        return settings;
    }

    static QString inputDescription(const QString &id)
    {
        for (const AudioDeviceInfo &device : QtAudioBackend::inputDevices()) {
            if (device.id == id)
                return device.description;
        }
        return {};
    }

    static QString outputDescription(const QString &id)
    {
        for (const AudioDeviceInfo &device : QtAudioBackend::outputDevices()) {
            if (device.id == id)
                return device.description;
        }
        return {};
    }

    static constexpr double toneHz = 1000;
    QTemporaryDir m_dir {QStringLiteral("/tmp/audin-pulse-XXXXXX")};
    std::vector<int16_t> m_farEnd;
    double m_plainSentDb = -100;
};

QTEST_GUILESS_MAIN(TestPulseAudioDevices)
#include "TestPulseAudioDevices.moc"
