// SPDX-License-Identifier: GPL-3.0-or-later
// needs: secret-service
// An offer, as the operator lives it: popup, accept, the call view, hang up, the history row;
// and the offers that end without us: taken by a colleague, missed, declined by do not disturb.
#include "ActiveCallPanel.h"
#include "CallsPage.h"
#include "GuiFixture.h"
#include "HistoryPanel.h"
#include "IncomingCallPopup.h"
#include "MessageBanner.h"
#include "OperatorHarness.h"
#include "PopupStack.h"
#include "QualityBars.h"
#include "RingingStrip.h"
#include "TrayController.h"

#include <QFile>
#include <QMutex>
#include <QPushButton>

using namespace audin;
using namespace audin::test;

class TestIncomingCalls : public QObject
{
    Q_OBJECT

private:
    /** The app online on pn_1, ready to be rung. */
    bool startOnline(GuiFixture &fx)
    {
        if (!fx.presetSignIn(QStringLiteral("ok_alice_test"), {QStringLiteral("pn_1")}, true))
            return false;
        fx.start();
        return fx.waitOnline() && fx.waitTakingCallsOn(QStringLiteral("pn_1"));
    }

    gui::IncomingCallPopup *waitPopup(GuiFixture &fx, int count = 1)
    {
        if (!QTest::qWaitFor([&] { return fx.app->popups()->popups().size() >= count; }, 5000))
            return nullptr;
        return fx.app->popups()->popups().last();
    }

private slots:
    void ringPopupAcceptTalkHangUpHistory()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        fx.window()->hide(); // the popup must show even with the window hidden
        const QString callSid = sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930123456"));
        QVERIFY(!callSid.isEmpty());

        gui::IncomingCallPopup *popup = waitPopup(fx);
        QVERIFY(popup);
        QVERIFY(QTest::qWaitForWindowExposed(popup));
        QVERIFY(popup->windowFlags() & Qt::WindowStaysOnTopHint);
        QVERIFY(popup->windowFlags() & Qt::FramelessWindowHint);
        QCOMPARE(popup->callerText(), QStringLiteral("+49 30 123456"));
        QVERIFY2(popup->lineText().contains(QStringLiteral("Support")), qPrintable(popup->lineText()));
        QVERIFY(popup->lineText().contains(QStringLiteral("555")));
        QVERIFY(popup->ringTimeText().startsWith(QStringLiteral("Ringing for 0:0")));
        // A screen reader announces who calls which line when the popup appears.
        QVERIFY(popup->accessibleDescription().contains(QStringLiteral("+49 30 123456 is calling Support")));
        QTRY_VERIFY(fx.app->ringer()->isPlaying());
        // One critical desktop notification naming the caller and the line, with Answer and Decline.
        QCOMPARE(fx.notifications().size(), 1);
        QVERIFY(fx.notifications().last().contains(QStringLiteral("+49 30 123456 is calling Support")));
        QCOMPARE(fx.notifier->shown.last().notification.urgency, desktop::DesktopNotification::Urgency::Critical);
        QVERIFY(fx.notifier->actionKeys(0).contains(QStringLiteral("answer")));
        // The main window rings too (strip and taskbar), and the tray icon blinks.
        QVERIFY(fx.window()->ringingStrip()->text().contains(QStringLiteral("+49 30 123456")));

        QPushButton *accept = popup->findChild<QPushButton *>(QStringLiteral("acceptButton"));
        QVERIFY(accept);
        QPointer<gui::IncomingCallPopup> guard(popup);
        QTest::mouseClick(accept, Qt::LeftButton);
        QTRY_VERIFY(!guard); // answered here: the popup closes at once
        QTRY_VERIFY(fx.notifier->open.isEmpty()); // and so does its notification
        QVERIFY(fx.window()->ringingStrip()->text().isEmpty());
        QTRY_VERIFY(!fx.app->ringer()->isPlaying());

        gui::ActiveCallPanel *view = fx.window()->callsPage()->callView();
        QTRY_COMPARE(view->stateText(), QStringLiteral("Talking"));
        QVERIFY(fx.window()->callsPage()->showsCall());
        QCOMPARE(view->remoteText(), QStringLiteral("+49 30 123456"));
        QVERIFY(view->lineText().contains(QStringLiteral("Support")));
        QTRY_VERIFY_WITH_TIMEOUT(view->timerText() == QStringLiteral("00:01"), 3000);

        QPushButton *hangup = view->findChild<QPushButton *>(QStringLiteral("hangupButton"));
        QTest::mouseClick(hangup, Qt::LeftButton);
        QTRY_VERIFY(view->stateText() == QStringLiteral("You hung up"));
        QTRY_VERIFY(!fx.window()->callsPage()->showsCall()); // back to the dialpad

        const QList<desktop::CallRecord> rows = fx.app->history()->query({});
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].callSid, callSid);
        QCOMPARE(rows[0].direction, CallDirection::Inbound);
        QCOMPARE(rows[0].remoteNumber, QStringLiteral("+4930123456"));
        QCOMPARE(rows[0].localNumber, QStringLiteral("+15551230001"));
        QCOMPARE(rows[0].lineName, QStringLiteral("Support"));
        QCOMPARE(rows[0].endReason, std::optional<CallEndReason>(CallEndReason::Hangup));
        QVERIFY(rows[0].answeredAt.isValid());
        QVERIFY(rows[0].durationS() >= 1);
        QVERIFY(!rows[0].missed);
        QTRY_COMPARE(fx.window()->historyPanel()->rowCount(), 1);
        QCOMPARE(fx.window()->historyPanel()->remoteNumberAt(0), QStringLiteral("+4930123456"));
    }

    void qualityBarsAndWarningsDuringACall()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn(QStringLiteral("ok_alice_test"), {QStringLiteral("pn_1")}, true));
        auto options = fx.options();
        const auto base = options.configure;
        options.configure = [base](OperatorConfig &config) {
            base(config);
            config.media.statsIntervalMs = 100; // the quality window fills in a second, not ten
        };
        fx.start(options);
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_1")));
        sim.ring(QStringLiteral("+15551230001"));
        gui::IncomingCallPopup *popup = waitPopup(fx);
        QVERIFY(popup);
        popup->accept();
        gui::ActiveCallPanel *view = fx.window()->callsPage()->callView();
        auto *bars = view->findChild<gui::QualityBars *>(QStringLiteral("qualityBars"));
        QVERIFY(bars);
        QTRY_VERIFY_WITH_TIMEOUT(bars->bars() >= 3, 5000); // loopback: excellent
        QVERIFY(bars->toolTip().contains(QStringLiteral("MOS")));
        // The null microphone delivers digital silence: to the quality monitor, a dead microphone.
        QTRY_VERIFY_WITH_TIMEOUT(view->warningText().contains(QStringLiteral("microphone")), 5000);
        view->hangup();
        QTRY_VERIFY(!fx.session()->currentCall());
    }

    void ringsOnTheChosenRingerDevice()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn(QStringLiteral("ok_alice_test"), {QStringLiteral("pn_1")}, true));
        {
            desktop::AppSettings settings({fx.settingsFile(), fx.systemFile()});
            settings.setRingerDevice(QStringLiteral("Desk loudspeaker"));
            settings.setOutputDevice(QStringLiteral("Headset"));
        }
        auto devices = std::make_shared<QStringList>();
        auto lock = std::make_shared<QMutex>();
        auto options = fx.options();
        options.toneAudio = [devices, lock](const QString &device) {
            QMutexLocker locked(lock.get()); // called on the player's audio thread
            devices->append(device);
            return std::make_unique<media::NullAudioBackend>();
        };
        fx.start(options);
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_1")));
        sim.ring(QStringLiteral("+15551230001"));
        QVERIFY(waitPopup(fx));
        QTRY_VERIFY([&] {
            QMutexLocker locked(lock.get());
            return devices->contains(QStringLiteral("Desk loudspeaker"));
        }());
        QVERIFY(fx.app->ringer()->isPlaying());
    }

    void exportTheHistory()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930123456"), 200);
        // The row is written when the call rings; wait until the ring timeout has ended it.
        QTRY_VERIFY(fx.app->history()->query({}).size() == 1
                    && fx.app->history()->query({}).first().status == desktop::CallRecord::Status::Ended);
        gui::HistoryPanel *panel = fx.window()->historyPanel();
        QTRY_COMPARE(panel->rowCount(), 1);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("calls.csv"));
        QString error;
        QVERIFY2(panel->exportTo(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        QVERIFY(csv.contains("+4930123456"));
        QVERIFY(csv.contains("no_answer"));
        QTRY_VERIFY(!fx.window()->banner()->messages().isEmpty());
        QVERIFY(fx.window()->banner()->messages().last().startsWith(QStringLiteral("Exported 1 call to")));
        // An export that cannot be written is explained, not silent.
        QVERIFY(!panel->exportTo(dir.filePath(QStringLiteral("missing-folder/calls.csv")), &error));
        QVERIFY(!error.isEmpty());
        QTRY_VERIFY(fx.window()->banner()->messages().last().startsWith(
            QStringLiteral("The call history could not be exported")));
    }

    void acceptByKeyboardShortcut()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        fx.window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(fx.window()));
        sim.ring(QStringLiteral("+15551230001"));
        QVERIFY(waitPopup(fx));
        QTest::keyClick(fx.window(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(fx.window()->callsPage()->callView()->stateText(), QStringLiteral("Talking"));
        fx.window()->activateWindow(); // the operator is back in the window
        QVERIFY(QTest::qWaitForWindowActive(fx.window()));
        QTest::keyClick(fx.window(), Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(fx.session()->currentCall() && fx.session()->currentCall()->muted());
        QTest::keyClick(fx.window(), Qt::Key_H, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(!fx.session()->currentCall());
    }

    void takenByOtherClosesThePopupWithItsReason()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        OperatorHarness bob(sim, QStringLiteral("ok_bob_test"));
        QVERIFY(bob.connectAndWaitOnline());
        bob.service->goOnline({QStringLiteral("pn_1")});
        QVERIFY(bob.availability->wait(5000));

        sim.ring(QStringLiteral("+15551230001"));
        gui::IncomingCallPopup *popup = waitPopup(fx);
        QVERIFY(popup);
        QVERIFY(bob.incoming->wait(5000) || bob.incoming->size() == 1);
        QPointer<gui::IncomingCallPopup> guard(popup);
        bob.incoming->first().at(0).value<CallController *>()->accept();
        QTRY_COMPARE(popup->reasonText(), QStringLiteral("Answered by a colleague"));
        QTRY_VERIFY(!fx.app->ringer()->isPlaying());
        QTRY_VERIFY(!guard); // closes by itself after a moment
        QTRY_COMPARE(fx.app->history()->query({}).size(), 1);
        QVERIFY(!fx.app->history()->query({}).first().missed); // a colleague took it: not missed
        QCOMPARE(fx.app->history()->unseenMissedCount(), 0);
    }

    void missedCallIsCountedUntilViewed()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930999888"), 300);
        gui::IncomingCallPopup *popup = waitPopup(fx);
        QVERIFY(popup);
        QTRY_COMPARE(popup->reasonText(), QStringLiteral("Missed: nobody answered in time"));
        QTRY_COMPARE(fx.app->history()->unseenMissedCount(), 1);
        QTRY_COMPARE(fx.app->tray()->missedCalls(), 1);
        QVERIFY(fx.app->tray()->toolTip().contains(QStringLiteral("1 missed call")));
        QTRY_VERIFY(!fx.notifications().isEmpty()
                    && fx.notifications().last().startsWith(QStringLiteral("Missed call")));
        QTabWidget *tabs = fx.window()->findChild<QTabWidget *>(QStringLiteral("tabs"));
        QTRY_VERIFY(tabs->tabText(2).contains(QStringLiteral("1 missed")));

        fx.window()->show();
        fx.window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(fx.window()));
        fx.window()->showHistory();
        QTRY_COMPARE(fx.app->history()->unseenMissedCount(), 0);
        QTRY_COMPARE(fx.app->tray()->missedCalls(), 0);
        QCOMPARE(tabs->tabText(2), QStringLiteral("History"));
        fx.window()->historyPanel()->setKind(gui::HistoryPanel::Kind::Missed);
        QCOMPARE(fx.window()->historyPanel()->rowCount(), 1);
        QCOMPARE(fx.window()->historyPanel()->remoteNumberAt(0), QStringLiteral("+4930999888"));
    }

    void doNotDisturbDeclinesQuietly()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        fx.session()->setDoNotDisturb(true);
        const int notifications = int(fx.notifications().size());
        const QString callSid = sim.ring(QStringLiteral("+15551230001"));
        QVERIFY(sim.waitForEvent([&](const QJsonObject &e) {
            return e.value(QLatin1String("type")) == QLatin1String("reject")
                && e.value(QLatin1String("callSid")).toString() == callSid;
        }));
        QTRY_COMPARE(fx.app->history()->query({}).size(), 1);
        const desktop::CallRecord row = fx.app->history()->query({}).first();
        QVERIFY(row.missed);
        QVERIFY(row.note.contains(QStringLiteral("do not disturb")));
        QVERIFY(fx.app->popups()->popups().isEmpty());
        QVERIFY(!fx.app->ringer()->isPlaying());
        QCOMPARE(fx.notifications().size(), notifications);
    }

    void callWaitingOffersToEndTheCurrentCall()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111"));
        gui::IncomingCallPopup *first = waitPopup(fx);
        QVERIFY(first);
        first->accept();
        QTRY_COMPARE(fx.window()->callsPage()->callView()->stateText(), QStringLiteral("Talking"));
        CallController *talking = fx.session()->currentCall();

        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930222222"));
        QTRY_COMPARE(fx.app->popups()->popups().size(), 1);
        gui::IncomingCallPopup *waiting = fx.app->popups()->popups().last();
        QCOMPARE(waiting->callerText(), QStringLiteral("+49 30 222222"));
        QPushButton *accept = waiting->findChild<QPushButton *>(QStringLiteral("acceptButton"));
        QVERIFY2(accept->text().contains(QStringLiteral("End call")), qPrintable(accept->text()));
        QVERIFY(!fx.app->ringer()->isPlaying()); // no loud ringer over a call in progress
        waiting->accept();
        QTRY_COMPARE(talking->state(), CallState::Ended);
        QCOMPARE(talking->endReason(), std::optional<CallEndReason>(CallEndReason::Hangup));
        QTRY_VERIFY(fx.session()->currentCall()
                    && fx.session()->currentCall()->from() == QStringLiteral("+4930222222"));
        QTRY_COMPARE(fx.session()->currentCall()->state(), CallState::Active);
    }

    void simultaneousOffersStack()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        fx.session()->setSelectedNumberIds({QStringLiteral("pn_1"), QStringLiteral("pn_2")});
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_2")));
        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111"));
        sim.ring(QStringLiteral("+15551230002"), QStringLiteral("+4930222222"));
        QVERIFY(waitPopup(fx, 2));
        const QList<gui::IncomingCallPopup *> popups = fx.app->popups()->popups();
        QCOMPARE(popups.size(), 2);
        QVERIFY(QTest::qWaitForWindowExposed(popups[1]));
        // Stacked, not on top of each other.
        QVERIFY(!popups[0]->frameGeometry().intersects(popups[1]->frameGeometry()));
        popups[1]->reject();
        QTRY_COMPARE(fx.app->popups()->popups().size(), 1);
        QCOMPARE(fx.app->popups()->popups().first()->callerText(), QStringLiteral("+49 30 111111"));
        QVERIFY(fx.app->ringer()->isPlaying()); // one still rings
    }

    void screenPopOpensTheCrmOnAnswer()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        {
            desktop::AppSettings settings({fx.settingsFile(), fx.systemFile()});
            settings.setScreenPopTemplate(QStringLiteral("https://crm.example/lookup?number={from}&line={lineName}"));
        }
        QVERIFY(startOnline(fx));
        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930123456"));
        gui::IncomingCallPopup *popup = waitPopup(fx);
        QVERIFY(popup);
        QVERIFY(fx.openedUrls.isEmpty()); // not while ringing
        popup->accept();
        QTRY_COMPARE(fx.openedUrls.size(), 1);
        QCOMPARE(fx.openedUrls.first().toString(QUrl::FullyEncoded),
                 QStringLiteral("https://crm.example/lookup?number=%2B4930123456&line=Support"));
    }

    void autoAnswerAfterTheDelay()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        {
            desktop::AppSettings settings({fx.settingsFile(), fx.systemFile()});
            settings.setAutoAnswer(true);
            settings.setAutoAnswerDelayS(1);
        }
        QVERIFY(startOnline(fx));
        QElapsedTimer clock;
        clock.start();
        sim.ring(QStringLiteral("+15551230001"));
        QVERIFY(waitPopup(fx));
        QTRY_VERIFY_WITH_TIMEOUT(fx.session()->currentCall(), 5000);
        QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed())));
        QTRY_COMPARE(fx.session()->currentCall()->state(), CallState::Active);
    }
};

QTEST_MAIN(TestIncomingCalls)
#include "TestIncomingCalls.moc"
