// SPDX-License-Identifier: GPL-3.0-or-later
// needs: secret-service
// The ring is visible and silenceable everywhere: the window's ringing strip (Answer / Decline /
// Silence), the tray icon that blinks and offers the same in its menu, and a ringer that can be silenced
// without losing the offer, ringing again for the next one.
#include "GuiFixture.h"
#include "IncomingCallPopup.h"
#include "PopupStack.h"
#include "RingingStrip.h"
#include "TrayController.h"

#include <QAction>
#include <QPushButton>
#include <QToolButton>

using namespace audin;
using namespace audin::test;

class TestRingVisibility : public QObject
{
    Q_OBJECT

private:
    bool startOnline(GuiFixture &fx)
    {
        if (!fx.presetSignIn(QStringLiteral("ok_alice_test"), {QStringLiteral("pn_1")}, true))
            return false;
        auto options = fx.options();
        options.trayAvailable = true;
        fx.start(options);
        fx.app->tray()->setBlinkIntervalMs(50);
        return fx.waitOnline() && fx.waitTakingCallsOn(QStringLiteral("pn_1"));
    }

    CallController *waitRinging(GuiFixture &fx, int count = 1)
    {
        if (!QTest::qWaitFor([&] { return fx.session()->ringingCalls().size() >= count; }, 5000))
            return nullptr;
        return fx.session()->newestRinging();
    }

private slots:
    void stripAnswersAndDeclines()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        gui::RingingStrip *strip = fx.window()->ringingStrip();
        QVERIFY(strip->isHidden());

        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111"));
        CallController *first = waitRinging(fx);
        QVERIFY(first);
        QTRY_VERIFY(strip->isVisible());
        QVERIFY2(strip->text().contains(QStringLiteral("+49 30 111111 is calling Support")), qPrintable(strip->text()));
        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930222222"));
        CallController *second = waitRinging(fx, 2);
        QVERIFY(second && second != first);
        QTRY_VERIFY(strip->text().contains(QStringLiteral("+49 30 222222")));
        QVERIFY2(strip->text().contains(QStringLiteral("1 more ringing")), qPrintable(strip->text()));

        // Decline acts on the newest; the strip then shows the other one.
        strip->findChild<QPushButton *>(QStringLiteral("declineButton"))->click();
        QTRY_COMPARE(second->state(), CallState::Ended);
        QCOMPARE(second->endReason(), std::optional<CallEndReason>(CallEndReason::Rejected));
        QTRY_VERIFY(strip->text().contains(QStringLiteral("+49 30 111111")));
        QVERIFY(!strip->text().contains(QStringLiteral("more ringing")));

        strip->findChild<QPushButton *>(QStringLiteral("answerButton"))->click();
        QTRY_COMPARE(first->state(), CallState::Active);
        QTRY_VERIFY(strip->isHidden());
    }

    void trayBlinksAndOffersTheCallActions()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        gui::TrayController *tray = fx.app->tray();
        QVERIFY(!tray->isRinging());
        QVERIFY(!tray->answerAction()->isVisible());

        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111"));
        CallController *call = waitRinging(fx);
        QVERIFY(call);
        QTRY_VERIFY(tray->isRinging());
        QVERIFY(tray->toolTip().contains(QStringLiteral("Incoming call from +49 30 111111")));
        // It blinks: both icons take turns.
        const bool phase = tray->showsRingingIcon();
        QTRY_VERIFY(tray->showsRingingIcon() != phase);
        QTRY_VERIFY(tray->showsRingingIcon() == phase);
        QVERIFY(tray->answerAction()->isVisible());
        QVERIFY(tray->declineAction()->isVisible());

        tray->answerAction()->trigger();
        QTRY_COMPARE(call->state(), CallState::Active);
        QTRY_VERIFY(!tray->isRinging());
        QVERIFY(!tray->showsRingingIcon());
        QVERIFY(!tray->answerAction()->isVisible());
        QVERIFY(!tray->toolTip().contains(QStringLiteral("Incoming call")));
    }

    void silencingStopsTheSoundButKeepsTheOffer()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111"));
        CallController *first = waitRinging(fx);
        QVERIFY(first);
        QTRY_VERIFY(fx.app->ringer()->isPlaying());
        QTRY_COMPARE(fx.app->popups()->popups().size(), 1);
        gui::IncomingCallPopup *popup = fx.app->popups()->popups().first();

        // From the popup: the sound stops, the offer stays (popup, strip, state).
        auto *silence = popup->findChild<QToolButton *>(QStringLiteral("silenceButton"));
        QVERIFY(silence && silence->isEnabled());
        silence->click();
        QTRY_VERIFY(!fx.app->ringer()->isPlaying());
        QVERIFY(fx.session()->isRingerSilenced());
        QCOMPARE(first->state(), CallState::Ringing);
        QCOMPARE(fx.app->popups()->popups().size(), 1);
        QVERIFY(!silence->isEnabled());
        QVERIFY(fx.window()->ringingStrip()->isVisible());

        // A new offer rings again.
        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930222222"));
        QVERIFY(waitRinging(fx, 2));
        QTRY_VERIFY(fx.app->ringer()->isPlaying());
        QVERIFY(!fx.session()->isRingerSilenced());

        // Silenced from the tray this time; answering then leaves nothing ringing.
        fx.app->tray()->silenceAction()->trigger();
        QTRY_VERIFY(!fx.app->ringer()->isPlaying());
        QVERIFY(fx.session()->answerNewest());
        QTRY_VERIFY(fx.session()->currentCall() && fx.session()->currentCall()->state() == CallState::Active);
        // The older offer now waits behind the call: still silenced (no waiting tone) until it ends.
        QCOMPARE(fx.session()->ringingCalls().size(), 1);
        QVERIFY(fx.session()->declineNewest());
        QTRY_VERIFY(fx.session()->ringingCalls().isEmpty());
        QVERIFY(!fx.session()->isRingerSilenced());
    }
};

QTEST_MAIN(TestRingVisibility)
#include "TestRingVisibility.moc"
