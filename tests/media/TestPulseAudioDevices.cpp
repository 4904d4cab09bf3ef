// SPDX-License-Identifier: GPL-3.0-or-later
// One call's audio through real PulseAudio devices (QAudioSink → null sink `spk`, its monitor →
// remap source `mic` → QAudioSource): what the far end says is played, comes back through the
// "room" as the microphone, and is either sent on (processing off) or cancelled (echo cancellation).
#include "AudioCompare.h"
#include "AudioEngine.h"
#include "PacedClock.h"
#include "PulseAudioFixture.h"
#include "QtAudioBackend.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace audin;
using namespace audin::media;
using namespace audin::test;

namespace {
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
        QtAudioBackend::Settings devices;
        devices.inputDevice = QStringLiteral("mic");
        AudioEngine engine({}, [devices] { return std::make_unique<QtAudioBackend>(devices); });
        QList<OperatorError> errors;
        connect(&engine, &AudioEngine::error, this, [&errors](const OperatorError &e) { errors << e; });
        int frames = 0;
        connect(&engine, &AudioEngine::frameReady, this, [&frames](const QByteArray &) { ++frames; });
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(frames >= 25, 3000);
        QVERIFY(errors.isEmpty());
        // Unplug: the remap source goes away under the running QAudioSource. PulseAudio moves the
        // stream to its fallback source; either way the call must go on without a gap in frames.
        QVERIFY(pactl({QStringLiteral("unload-module"), QStringLiteral("module-remap-source")}));
        const int before = frames;
        QTRY_VERIFY_WITH_TIMEOUT(frames >= before + 100, 4000); // two more seconds of frames
        for (const OperatorError &e : std::as_const(errors))
            QCOMPARE(e.code, QStringLiteral("MIC_UNAVAILABLE")); // the only thing that may be said
        engine.stop();
        // Plug it back for whoever comes next.
        QString why;
        QVERIFY2(PulseAudioFixture::ensure(&why), qPrintable(why));
    }

private:
    static bool pactl(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral("pactl"), arguments);
        return process.waitForFinished(5000) && process.exitCode() == 0;
    }

    QTemporaryDir m_dir {QStringLiteral("/tmp/audin-pulse-XXXXXX")};
    std::vector<int16_t> m_farEnd;
    double m_plainSentDb = -100;
};

QTEST_GUILESS_MAIN(TestPulseAudioDevices)
#include "TestPulseAudioDevices.moc"
