// SPDX-License-Identifier: GPL-3.0-or-later
// Calls with real audio against the simulator over loopback (PROTOCOL.md 4): the file backend
// speaks a known voice, the simulator's far ends record it or send it back, and what arrives is
// compared by cross-correlation, never by byte counts.
#include "AudioCompare.h"
#include "CallController.h"
#include "OperatorHarness.h"
#include "SimFixture.h"
#include "SimServer.h"
#include "WavFileAudioBackend.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace audin;
using namespace audin::test;

namespace {
const QString aliceKey = QStringLiteral("ok_alice_test");
const QString support = QStringLiteral("+15551230001");

CallController *callAt(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(0).value<CallController *>();
}

/** Waits until the call has sent this many frames (its own statistics say so). */
bool waitFramesSent(CallController *call, qint64 frames, int timeoutMs)
{
    return QTest::qWaitFor([&] { return call->stats().framesSent >= frames; }, timeoutMs);
}
} // namespace

class TestCallAudio : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<CallController *>();
        QVERIFY(m_dir.isValid());
        m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("AUDIN_KEEP_TEST_FILES"));
        m_voicePath = m_dir.filePath(QStringLiteral("voice.wav"));
        m_voice = writeGatedVoiceWav(m_voicePath, 6.0);
        m_other = gatedVoice(6.0, 99);
    }

    void inboundCallRecorderHearsTheOperator()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, speakVoice());
        CallController *call = answer(sim, op, QJsonObject {{"mode", "recorder"}});
        QVERIFY(call);
        QCOMPARE(call->state(), CallState::Active);
        QVERIFY(call->answeredAt().isValid());
        QVERIFY(waitFramesSent(call, 200, 8000));
        const QString sid = call->callSid();
        call->hangup();
        QVERIFY(op.ended->wait(5000));
        QCOMPARE(call->endReason(), CallEndReason::Hangup);

        const std::vector<int16_t> recorded = readMono(sim.server()->recordingPath(sid));
        QVERIFY(recorded.size() > 48000 * 3);
        const CorrelationPeak peak = medianCorrelation(m_voice, recorded, 1000, 3500, 300, 600);
        const CorrelationPeak control = medianCorrelation(m_other, recorded, 1000, 3500, 300, 600);
        qInfo("far end recorded the operator: correlation %.3f at %d ms (control %.3f)", peak.value, peak.lagMs,
              control.value);
        QVERIFY(peak.value > 0.5);
        QVERIFY(control.value < 0.3);
    }

    void echoFarEndComesBackToTheOperator_data()
    {
        QTest::addColumn<int>("delayMs");
        QTest::newRow("no delay") << 0;
        QTest::newRow("400 ms delay") << 400;
    }
    void echoFarEndComesBackToTheOperator()
    {
        QFETCH(int, delayMs);
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, speakVoiceNoProcessing());
        const QString heardPath = m_dir.filePath(QStringLiteral("heard-echo-%1.wav").arg(delayMs));
        CallController *call = answer(sim, op, QJsonObject {{"mode", "echo"}, {"delayMs", delayMs}}, heardPath);
        QVERIFY(call);
        QVERIFY(waitFramesSent(call, 260, 9000));
        call->hangup();
        QVERIFY(op.ended->wait(5000));
        const std::vector<int16_t> heard = readMono(heardPath);
        QVERIFY(heard.size() > 48000 * 3);
        // The configured delay on top of the pipeline's own (~80 ms here), and our words, not speech-like noise.
        const double matched = matchedFraction(m_voice, heard, 1000, 4000, delayMs, delayMs + 300);
        const double control = matchedFraction(m_other, heard, 1000, 4000, delayMs, delayMs + 300);
        qInfo("round trip through the simulator's echo (delay %d ms): %.0f %% of the words back intact %d-%d ms "
              "later (another take: %.0f %%)",
              delayMs, matched * 100, delayMs, delayMs + 300, control * 100);
        QVERIFY(matched > 0.3); // only windows found at delayMs or later count, so the delay is there too
        QVERIFY(control < 0.15);
        QVERIFY(call->stats().framesReceived > 100);
        QVERIFY(call->stats().rttMs >= 0);
    }

    void stallsOnTheServiceSideAreAbsorbed()
    {
        // TCP-shaped trouble on the way in: frames held 200-400 ms every second, then a burst.
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, speakVoiceNoProcessing());
        const QString heardPath = m_dir.filePath(QStringLiteral("heard-stalls.wav"));
        op.service->goOnline({QStringLiteral("pn_1")});
        QVERIFY(op.connectAndWaitOnline());
        QVERIFY(op.availability->wait(3000));
        const QString sid = sim.server()->ringCall(QJsonObject {
            {"to", support},
            {"farEnd", QJsonObject {{"mode", "echo"}}},
            {"impairment",
             QJsonObject {{"stallEveryMs", 1000}, {"stallMinMs", 200}, {"stallMaxMs", 400}, {"seed", 3}}}});
        QVERIFY(!sid.isEmpty());
        QVERIFY(op.incoming->wait(3000));
        CallController *call = callAt(*op.incoming, 0);
        call->setRecordingPath(heardPath);
        call->accept();
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, 5000);
        QVERIFY(waitFramesSent(call, 260, 9000));
        const CallStats stats = call->stats();
        call->hangup();
        QVERIFY(op.ended->wait(5000));
        qInfo("after stalls: jitter buffer delay %.0f ms (target %.0f), concealment %.1f%%, late %d, jitter %.1f ms",
              stats.jitterBufferDelayMs, stats.jitterBufferTargetMs, stats.concealmentPercent, stats.lateFrames,
              stats.jitterMs);
        QVERIFY(stats.framesReceived > 200); // everything arrived, just late
        QVERIFY(stats.jitterBufferDelayMs <= 500); // the bound holds
        const std::vector<int16_t> heard = readMono(heardPath);
        // Behind a jitter buffer that grew to ride out the stalls (~350 ms), plus the pipeline's own delay.
        const double matched = matchedFraction(m_voice, heard, 1000, 4500, 250, 650);
        const double control = matchedFraction(m_other, heard, 1000, 4500, 250, 650);
        qInfo("heard through stalls: %.0f %% of the words back intact (another take: %.0f %%)", matched * 100,
              control * 100);
        QVERIFY(matched > 0.3); // still the operator's own words coming back
        QVERIFY(control < 0.15);
    }

    void muteGivesSilenceAtTheFarEnd()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, speakVoice());
        op.service->goOnline({QStringLiteral("pn_1")});
        QVERIFY(op.connectAndWaitOnline());
        QVERIFY(op.availability->wait(3000));
        QString error;
        const QString sid = sim.server()->ringCall(
            QJsonObject {{"to", support}, {"from", "+4930123456"}, {"farEnd", QJsonObject {{"mode", "recorder"}}}},
            &error);
        QVERIFY2(!sid.isEmpty(), qPrintable(error));
        QVERIFY(op.incoming->wait(3000));
        CallController *call = callAt(*op.incoming, 0);
        call->mute(true); // before the audio starts: not one word may leave
        call->accept();
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, 5000);
        QVERIFY(waitFramesSent(call, 100, 6000));
        call->hangup();
        QVERIFY(op.ended->wait(5000));
        const std::vector<int16_t> recorded = readMono(sim.server()->recordingPath(sid));
        QVERIFY(recorded.size() > 48000);
        QVERIFY2(rmsDbfs(recorded) < -60, qPrintable(QString::number(rmsDbfs(recorded))));
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) {
            return e.value(QLatin1String("type")).toString() == QLatin1String("mute")
                && e.value(QLatin1String("on")).toBool();
        }));
    }

    void dtmfReachesTheService()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, speakVoice());
        CallController *call = answer(sim, op, QJsonObject {{"mode", "silence"}});
        QVERIFY(call);
        QSignalSpy sent(call, &CallController::dtmfSent);
        call->sendDtmf(QStringLiteral("5"));
        call->sendDtmf(QStringLiteral("#"));
        call->sendDtmf(QStringLiteral("x"));
        QCOMPARE(sent.size(), 2);
        QCOMPARE(op.errorCodes(), QStringList {QStringLiteral("INVALID_DTMF")});
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) {
            return e.value(QLatin1String("type")).toString() == QLatin1String("dtmf")
                && e.value(QLatin1String("digit")).toString() == QLatin1String("#");
        }));
        call->hangup();
        QVERIFY(op.ended->wait(5000));
    }

    void remoteHangupEndsActiveCall()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, speakVoice());
        CallController *call = answer(sim, op, QJsonObject {{"mode", "echo"}});
        QVERIFY(call);
        QVERIFY(sim.server()->hangupCall(call->callSid()));
        QVERIFY(op.ended->wait(5000));
        QCOMPARE(call->endReason(), CallEndReason::RemoteHangup);
    }

    void droppedChannelResumesAndAudioContinues()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, speakVoice());
        CallController *call = answer(sim, op, QJsonObject {{"mode", "recorder"}});
        QVERIFY(call);
        QSignalSpy reconnecting(call, &CallController::reconnecting);
        QSignalSpy reconnected(call, &CallController::reconnected);
        QVERIFY(waitFramesSent(call, 50, 5000));
        const QString sid = call->callSid();
        QVERIFY(sim.server()->dropMedia(sid));
        QVERIFY(reconnecting.wait(5000));
        QCOMPARE(call->state(), CallState::Active); // the call stays up while resuming
        QVERIFY(reconnected.wait(5000));
        // The way back was a resume (PROTOCOL.md 4.4), not a fresh start that happens to work.
        QList<bool> resumeFlags;
        for (const QJsonObject &start : sim.eventsOfType(QStringLiteral("start"))) {
            if (start.value(QLatin1String("callSid")).toString() == sid)
                resumeFlags << start.value(QLatin1String("resume")).toBool();
        }
        QCOMPARE(resumeFlags, (QList<bool> {false, true}));
        QCOMPARE(
            sim.server()->call(sid).value(QLatin1String("media")).toObject().value(QLatin1String("resumes")).toInt(),
            1);
        const qint64 sentAtResume = call->stats().framesSent;
        QVERIFY(waitFramesSent(call, sentAtResume + 100, 6000));
        call->hangup();
        QVERIFY(op.ended->wait(5000));
        QCOMPARE(call->endReason(), CallEndReason::Hangup);
        // Audio after the resume reached the far end too: the recording covers both halves.
        const std::vector<int16_t> recorded = readMono(sim.server()->recordingPath(sid));
        const double seconds = double(recorded.size()) / 48000.0;
        QVERIFY2(seconds > 2.5, qPrintable(QString::number(seconds)));
        QVERIFY(rmsDbfs(recorded, recorded.size() - 48000) > -40);
    }

    void notResumedInTimeFails()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, [this](OperatorConfig &c) {
            speakVoice()(c);
            c.media.resumeBackoffMs = {1000};
            c.media.resumeWindowMs = 400; // the first retry would come too late
        });
        CallController *call = answer(sim, op, QJsonObject {{"mode", "silence"}});
        QVERIFY(call);
        QVERIFY(sim.server()->dropMedia(call->callSid()));
        QVERIFY(op.ended->wait(5000));
        QCOMPARE(call->endReason(), CallEndReason::Failed);
    }

    void outboundBehaviours_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("endReason"); // -1: answered (active)
        QTest::newRow("answer") << "+15550100001" << -1;
        QTest::newRow("no answer") << "+15550200001" << int(CallEndReason::NoAnswer);
        QTest::newRow("fail") << "+15550300001" << int(CallEndReason::Failed);
    }
    void outboundBehaviours()
    {
        QFETCH(QString, to);
        QFETCH(int, endReason);
        SimFixture sim({{"ringTimeoutMs", 1500}});
        OperatorHarness op(sim, aliceKey, speakVoice());
        QVERIFY(op.connectAndWaitOnline());
        CallController *call = op.service->dial(to, support);
        QVERIFY(op.started->wait(5000));
        QElapsedTimer sinceAccepted;
        sinceAccepted.start();
        if (endReason < 0) {
            QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, 8000);
            // The callee answers after the number's 1 s ring time, not at once (PROTOCOL.md 4.1).
            const qint64 ringMs = sinceAccepted.elapsed();
            qInfo("rang %lld ms before `connected`", ringMs);
            QVERIFY2(ringMs >= 950 && ringMs < 2500, qPrintable(QString::number(ringMs)));
            call->hangup();
            QVERIFY(op.ended->wait(5000));
            QCOMPARE(call->endReason(), CallEndReason::Hangup);
        } else {
            QVERIFY(op.ended->wait(10000));
            QCOMPARE(int(*call->endReason()), endReason);
            QVERIFY(!call->answeredAt().isValid());
        }
    }

private:
    std::function<void(OperatorConfig &)> speakVoice() const
    {
        return [path = m_voicePath](OperatorConfig &c) {
            c.media.audioBackend = [path] { return std::make_unique<media::WavFileAudioBackend>(path); };
            c.media.statsIntervalMs = 200;
        };
    }

    /**
     * For the echo far end, which returns the operator's own voice: an echo canceller rightly
     * treats that as echo and suppresses it, which is not what these tests are about.
     */
    std::function<void(OperatorConfig &)> speakVoiceNoProcessing() const
    {
        return [speak = speakVoice()](OperatorConfig &c) {
            speak(c);
            c.audioConstraints.echoCancellation = false;
            c.audioConstraints.noiseSuppression = false;
            c.audioConstraints.autoGainControl = false;
        };
    }

    /** Goes online, rings pn_1 with this far end, answers, and waits for `active`. */
    CallController *answer(SimFixture &sim, OperatorHarness &op, const QJsonObject &farEnd,
                           const QString &recordPath = {})
    {
        op.service->goOnline({QStringLiteral("pn_1")});
        if (!op.connectAndWaitOnline() || !op.availability->wait(3000))
            return nullptr;
        QString error;
        const QString sid = sim.server()->ringCall(
            QJsonObject {{"to", support}, {"from", "+4930123456"}, {"farEnd", farEnd}}, &error);
        if (sid.isEmpty()) {
            qWarning() << "ring failed:" << error;
            return nullptr;
        }
        if (!op.incoming->wait(3000))
            return nullptr;
        CallController *call = callAt(*op.incoming, op.incoming->size() - 1);
        if (!recordPath.isEmpty())
            call->setRecordingPath(recordPath);
        call->accept();
        if (!QTest::qWaitFor([call] { return call->state() == CallState::Active; }, 5000))
            return nullptr;
        return call;
    }

    QTemporaryDir m_dir;
    QString m_voicePath;
    std::vector<int16_t> m_voice;
    std::vector<int16_t> m_other;
};

QTEST_GUILESS_MAIN(TestCallAudio)
#include "TestCallAudio.moc"
