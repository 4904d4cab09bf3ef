// SPDX-License-Identifier: GPL-3.0-or-later
// A whole call (the simulator over loopback, its far end speaking) on real PulseAudio devices,
// moved between the fixture's `spk`/`mic` and a second pair `spk2`/`mic2` through the SDK:
// CallController::setAudioDevices, audioDevicesChanged, OperatorService::setAudioConstraints.
// The test's own ear on `mic2` (the monitor of `spk2`) tells where the far end is really heard.
#include "CallController.h"
#include "DeviceProbe.h"
#include "OperatorHarness.h"
#include "PulseAudioFixture.h"
#include "SimFixture.h"
#include "SimServer.h"

#include <QTest>

using namespace audin;
using namespace audin::media;
using namespace audin::test;

namespace {
const QString aliceKey = QStringLiteral("ok_alice_test");
const QString support = QStringLiteral("+15551230001");

/** The system's devices (not the harness's null backend), processing off to spare the CPU. */
void realDevices(OperatorConfig &config)
{
    config.media.audioBackend = {};
    config.media.statsIntervalMs = 200;
    config.audioConstraints.echoCancellation = false;
    config.audioConstraints.noiseSuppression = false;
    config.audioConstraints.autoGainControl = false;
}

QString inputDescription(const QString &id)
{
    for (const AudioDeviceInfo &device : QtAudioBackend::inputDevices()) {
        if (device.id == id)
            return device.description;
    }
    return {};
}

QString outputDescription(const QString &id)
{
    for (const AudioDeviceInfo &device : QtAudioBackend::outputDevices()) {
        if (device.id == id)
            return device.description;
    }
    return {};
}

QStringList pair(const QList<QVariant> &signalArguments)
{
    return {signalArguments.at(0).toString(), signalArguments.at(1).toString()};
}

/**
 * At least `ms` of what the ear heard from now on, then the level of its loudest 100 ms: the far
 * end speaks a prompt with pauses, so a whole second can fall mostly between two phrases.
 */
double listen(Ear &ear, int ms)
{
    ear.clear();
    if (!QTest::qWaitFor([&] { return ear.heard().size() >= size_t(ms) * 48; }, ms + 3000))
        return AudioLevel::MinDbfs;
    const std::vector<int16_t> &heard = ear.heard();
    double loudest = AudioLevel::MinDbfs;
    for (size_t at = heard.size() - size_t(ms) * 48; at + 4800 <= heard.size(); at += 4800)
        loudest = std::max(loudest, AudioLevel::rmsDbfs(heard.data() + at, 4800));
    return loudest;
}
} // namespace

class TestDeviceSwitching : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<CallController *>();
        QString why;
        if (!PulseAudioFixture::ensureSecondDevices(&why))
            QSKIP(qPrintable(why));
        m_mic = inputDescription(QStringLiteral("mic"));
        m_spk = outputDescription(QStringLiteral("spk"));
        QVERIFY(!m_mic.isEmpty() && !m_spk.isEmpty());
    }

    void callMovesToAnotherSpeakerMidCall()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, realDevices);
        Ear ear2(QStringLiteral("mic2"));
        QVERIFY(ear2.start());
        CallController *call = ring(sim, op);
        QVERIFY(call);
        QSignalSpy devices(call, &CallController::audioDevicesChanged);
        QVERIFY(call->inputDeviceDescription().isEmpty()); // no audio yet
        call->accept();
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(devices.size(), 1, 5000); // the audio started
        QCOMPARE(pair(devices.at(0)), (QStringList {m_mic, m_spk}));
        QCOMPARE(call->outputDeviceDescription(), m_spk);
        const double before = listen(ear2, 500);
        QVERIFY2(before < -60, qPrintable(QString::number(before))); // the far end is on `spk`

        call->setAudioDevices({}, QStringLiteral("spk2"));
        QTRY_COMPARE_WITH_TIMEOUT(devices.size(), 2, 3000);
        QCOMPARE(pair(devices.at(1)), (QStringList {m_mic, PulseAudioFixture::secondSpeakerDescription()}));
        QCOMPARE(call->inputDeviceDescription(), m_mic);
        QCOMPARE(call->outputDeviceDescription(), PulseAudioFixture::secondSpeakerDescription());
        listen(ear2, 200); // the device queues drain onto the new speaker
        const double after = listen(ear2, 4000); // long enough to span the prompt's pauses
        qInfo("far end on spk2's monitor: %.1f dBFS before the switch, %.1f after", before, after);
        QVERIFY(after > -45);
        QCOMPARE(call->state(), CallState::Active);
        QVERIFY(op.errorCodes().isEmpty());
        call->hangup();
        QVERIFY(op.ended->wait(5000));
    }

    void devicesChosenBeforeTheAudioStartsAreTheFirstOnes()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, realDevices);
        Ear ear2(QStringLiteral("mic2"));
        QVERIFY(ear2.start());
        CallController *call = ring(sim, op);
        QVERIFY(call);
        QSignalSpy devices(call, &CallController::audioDevicesChanged);
        call->setAudioDevices(PulseAudioFixture::secondMicrophoneDescription(), QStringLiteral("spk2"));
        call->accept();
        QTRY_COMPARE_WITH_TIMEOUT(devices.size(), 1, 5000);
        QCOMPARE(pair(devices.at(0)),
                 (QStringList {PulseAudioFixture::secondMicrophoneDescription(),
                               PulseAudioFixture::secondSpeakerDescription()}));
        // The far end speaks a prompt with pauses: listen long enough to be sure to catch a word (1.5 s
        // could fall in a pause on a loaded machine and failed about one run in three).
        const double heard = listen(ear2, 4000);
        QVERIFY2(heard > -45, qPrintable(QString::number(heard)));
        QCOMPARE(devices.size(), 1); // opened there directly, never on the defaults first
        call->hangup();
        QVERIFY(op.ended->wait(5000));
    }

    void audioConstraintsApplyToCallsThatStartLater()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, realDevices);
        CallController *first = ring(sim, op);
        QVERIFY(first);
        QSignalSpy firstDevices(first, &CallController::audioDevicesChanged);
        first->accept();
        QTRY_COMPARE_WITH_TIMEOUT(firstDevices.size(), 1, 5000);
        QCOMPARE(pair(firstDevices.at(0)).at(1), m_spk);

        AudioConstraints constraints = op.service->audioConstraints();
        constraints.outputDevice = QStringLiteral("spk2");
        op.service->setAudioConstraints(constraints);
        QCOMPARE(op.service->audioConstraints().outputDevice, QStringLiteral("spk2"));
        QVERIFY(!op.service->audioConstraints().echoCancellation); // the rest as it was
        QVERIFY(QTest::qWaitFor([first] { return first->stats().framesSent >= 25; }, 3000));
        QCOMPARE(firstDevices.size(), 1); // the call already talking stays where it is
        first->hangup();
        QVERIFY(op.ended->wait(5000));

        CallController *second = ring(sim, op);
        QVERIFY(second);
        QSignalSpy secondDevices(second, &CallController::audioDevicesChanged);
        second->accept();
        QTRY_COMPARE_WITH_TIMEOUT(secondDevices.size(), 1, 5000);
        QCOMPARE(pair(secondDevices.at(0)), (QStringList {m_mic, PulseAudioFixture::secondSpeakerDescription()}));
        second->hangup();
        QVERIFY(op.ended->wait(5000));
    }

    void aMissingDeviceFallsBackAndTheCallGoesOn()
    {
        SimFixture sim;
        OperatorHarness op(sim, aliceKey, [](OperatorConfig &c) {
            realDevices(c);
            c.audioConstraints.outputDevice = QStringLiteral("spk2");
        });
        CallController *call = ring(sim, op);
        QVERIFY(call);
        QSignalSpy devices(call, &CallController::audioDevicesChanged);
        call->accept();
        QTRY_COMPARE_WITH_TIMEOUT(devices.size(), 1, 5000);
        QCOMPARE(pair(devices.at(0)).at(1), PulseAudioFixture::secondSpeakerDescription());
        call->setAudioDevices({}, QStringLiteral("Audin Headset That Is Not There"));
        QTRY_COMPARE_WITH_TIMEOUT(devices.size(), 2, 3000);
        QCOMPARE(pair(devices.at(1)).at(1), m_spk); // the default took over
        QCOMPARE(op.errorCodes(), QStringList {QStringLiteral("AUDIO_DEVICE_ERROR")});
        const OperatorError error = op.errors->at(0).at(0).value<OperatorError>();
        qInfo() << error.message;
        QVERIFY(error.message.contains(QLatin1String("Audin Headset That Is Not There")));
        const qint64 sent = call->stats().framesSent;
        QVERIFY(QTest::qWaitFor([&] { return call->stats().framesSent >= sent + 25; }, 3000));
        QCOMPARE(call->state(), CallState::Active);
        call->hangup();
        QVERIFY(op.ended->wait(5000));
    }

private:
    /** Goes online if needed and rings pn_1 with a speaking far end; the ringing call. */
    CallController *ring(SimFixture &sim, OperatorHarness &op)
    {
        if (op.service->presenceState() != PresenceState::Online) {
            op.service->goOnline({QStringLiteral("pn_1")});
            if (!op.connectAndWaitOnline() || !op.availability->wait(3000))
                return nullptr;
        }
        const int offers = op.incoming->size();
        QString error;
        const QString sid = sim.server()->ringCall(
            QJsonObject {{"to", support}, {"from", "+4930123456"}, {"farEnd", QJsonObject {{"mode", "speech"}}}},
            &error);
        if (sid.isEmpty()) {
            qWarning() << "ring failed:" << error;
            return nullptr;
        }
        if (!QTest::qWaitFor([&] { return op.incoming->size() > offers; }, 3000))
            return nullptr;
        return op.incoming->last().at(0).value<CallController *>();
    }

    QString m_mic;
    QString m_spk;
};

QTEST_GUILESS_MAIN(TestDeviceSwitching)
#include "TestDeviceSwitching.moc"
