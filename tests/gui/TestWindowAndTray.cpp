// SPDX-License-Identifier: GPL-3.0-or-later
// needs: secret-service
// Closing the window keeps the softphone in the tray (and says so once); without a tray, closing
// quits; quitting from the tray; starting minimised; calls still pop up with the window hidden.
#include "GuiFixture.h"
#include "IncomingCallPopup.h"
#include "PopupStack.h"
#include "TrayController.h"

#include <QAction>
#include <QMenu>

using namespace audin;
using namespace audin::test;

class TestWindowAndTray : public QObject
{
    Q_OBJECT

private slots:
    void closingKeepsItInTheTrayAndSaysSoOnce()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn(QStringLiteral("ok_alice_test"), {QStringLiteral("pn_1")}, true));
        auto options = fx.options();
        options.trayAvailable = true;
        fx.start(options);
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_1")));
        QSignalSpy quitting(fx.app.get(), &gui::DesktopApp::quitting);
        QVERIFY(QTest::qWaitForWindowExposed(fx.window()));

        fx.window()->close();
        QVERIFY(!fx.window()->isVisible());
        QCOMPARE(quitting.size(), 0);
        const QStringList notices = fx.app->tray()->shownNotifications();
        QCOMPARE(notices.filter(QStringLiteral("still running")).size(), 1);
        QVERIFY(fx.app->settings()->trayNoticeShown());

        // Still taking calls: an offer pops up with the window closed.
        sim.ring(QStringLiteral("+15551230001"));
        QTRY_COMPARE(fx.app->popups()->popups().size(), 1);
        fx.app->popups()->popups().first()->reject();

        // Back from the tray, and closed again: no second notice.
        emit fx.app->tray()->showWindowRequested();
        QTRY_VERIFY(fx.window()->isVisible());
        fx.window()->close();
        QVERIFY(!fx.window()->isVisible());
        QCOMPARE(fx.app->tray()->shownNotifications().filter(QStringLiteral("still running")).size(), 1);

        // Quit is in the tray menu.
        QAction *quit = nullptr;
        for (QAction *action : fx.app->tray()->menu()->actions()) {
            if (action->text() == QStringLiteral("&Quit"))
                quit = action;
        }
        QVERIFY(quit);
        quit->trigger();
        QCOMPARE(quitting.size(), 1);
    }

    void withoutATrayClosingQuits()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn());
        auto options = fx.options();
        options.trayAvailable = false;
        fx.start(options);
        QVERIFY(fx.waitOnline());
        QSignalSpy quitting(fx.app.get(), &gui::DesktopApp::quitting);
        fx.window()->close();
        QCOMPARE(quitting.size(), 1); // there would be no way back to a hidden window
    }

    void startsMinimisedWhenAsked()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn(QStringLiteral("ok_alice_test"), {QStringLiteral("pn_1")}, true));
        {
            desktop::AppSettings settings({fx.settingsFile(), fx.systemFile()});
            settings.setStartMinimised(true);
        }
        auto options = fx.options();
        options.trayAvailable = true;
        fx.start(options, {QStringLiteral("--autostart")});
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_1")));
        QVERIFY(!fx.window()->isVisible());

        // Without a tray, minimised would mean invisible for good: the window shows anyway.
        GuiFixture noTray(sim);
        QVERIFY(noTray.presetSignIn());
        auto plain = noTray.options();
        plain.trayAvailable = false;
        noTray.start(plain, {QStringLiteral("--minimised")});
        QVERIFY(noTray.window()->isVisible());
    }
};

QTEST_MAIN(TestWindowAndTray)
#include "TestWindowAndTray.moc"
