// SPDX-License-Identifier: GPL-3.0-or-later
// needs: secret-service
// Going online from the number list, what the service said per number, the state indicator with
// its reconnect countdown, and the selection remembered and re-applied across restarts.
#include "GuiFixture.h"
#include "MessageBanner.h"
#include "NumbersPanel.h"
#include "PresenceBar.h"
#include "TrayController.h"

#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QTreeWidget>

using namespace audin;
using namespace audin::test;

class TestPresenceAndNumbers : public QObject
{
    Q_OBJECT

private:
    static QTreeWidgetItem *row(gui::NumbersPanel *panel, const QString &name)
    {
        auto *tree = panel->findChild<QTreeWidget *>(QStringLiteral("numberTree"));
        const QList<QTreeWidgetItem *> found = tree->findItems(name, Qt::MatchExactly, 0);
        return found.isEmpty() ? nullptr : found.first();
    }

private slots:
    void goOnlineFromTheNumberList()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn());
        fx.start();
        QVERIFY(fx.waitOnline());
        gui::PresenceBar *bar = fx.window()->presenceBar();
        QCOMPARE(bar->statusText(), QStringLiteral("Online"));
        QCOMPARE(bar->detailText(), QStringLiteral("Not taking calls"));

        gui::NumbersPanel *numbers = fx.window()->numbersPanel();
        fx.window()->showNumbers();
        QTRY_VERIFY(row(numbers, QStringLiteral("Support")));
        QTreeWidgetItem *support = row(numbers, QStringLiteral("Support"));
        QCOMPARE(support->text(1), QStringLiteral("+1 555-123-0001"));
        QTreeWidgetItem *other = row(numbers, QStringLiteral("(no name)"));
        QVERIFY(other);
        QCOMPARE(other->text(1), QStringLiteral("+1 555-123-0002"));
        // Tick a number the way a person does: its check box.
        support->setCheckState(0, Qt::Checked);
        QCOMPARE(numbers->selection(), QStringList({QStringLiteral("pn_1")}));

        QPushButton *online = bar->findChild<QPushButton *>(QStringLiteral("onlineButton"));
        QCOMPARE(online->text(), QStringLiteral("Go online"));
        QTest::mouseClick(online, Qt::LeftButton);
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_1")));
        QTRY_COMPARE(numbers->statusText(QStringLiteral("pn_1")), QStringLiteral("Taking calls"));
        QCOMPARE(numbers->statusText(QStringLiteral("pn_2")), QString());
        QCOMPARE(bar->detailText(), QStringLiteral("Taking calls on 1 number"));
        QCOMPARE(online->text(), QStringLiteral("Go offline"));
        QCOMPARE(fx.app->tray()->status(), gui::OperatorStatus::TakingCalls);

        // A change while online applies at once.
        other->setCheckState(0, Qt::Checked);
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_2")));
        QTRY_COMPARE(bar->detailText(), QStringLiteral("Taking calls on 2 numbers"));

        // The service takes a number away (deactivated): the list says so.
        QCOMPARE(sim.http("POST", QStringLiteral("/sim/numbers/pn_2/deactivate")).status, 200);
        QTRY_COMPARE(numbers->statusText(QStringLiteral("pn_2")), QStringLiteral("Refused by the service"));
        QTRY_COMPARE(bar->detailText(), QStringLiteral("Taking calls on 1 number"));
        QCOMPARE(numbers->statusText(QStringLiteral("pn_1")), QStringLiteral("Taking calls"));

        QTest::mouseClick(online, Qt::LeftButton);
        QTRY_VERIFY(fx.session()->availability().accepted.isEmpty());
        QTRY_COMPARE(bar->detailText(), QStringLiteral("Not taking calls"));
        const QList<QJsonObject> goOnline = sim.eventsOfType(QStringLiteral("go_online"), QStringLiteral("op_alice"));
        QVERIFY(!goOnline.isEmpty());
    }

    void selectionAndAvailabilityAreReappliedAfterARestart()
    {
        SimFixture sim;
        QTemporaryDir profile;
        {
            GuiFixture fx(sim, profile.path());
            QVERIFY(fx.presetSignIn());
            fx.start();
            QVERIFY(fx.waitOnline());
            fx.window()->numbersPanel()->setSelection({QStringLiteral("pn_2")});
            fx.session()->goOnline();
            QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_2")));
        } // quit while taking calls
        GuiFixture again(sim, profile.path());
        again.start();
        QVERIFY(again.waitOnline());
        QVERIFY(again.waitTakingCallsOn(QStringLiteral("pn_2")));
        QCOMPARE(again.session()->availability().accepted, QStringList({QStringLiteral("pn_2")}));
        QTRY_COMPARE(again.window()->numbersPanel()->selection(), QStringList({QStringLiteral("pn_2")}));
    }

    void reconnectingShowsTheCountdown()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn(QStringLiteral("ok_alice_test"), {QStringLiteral("pn_1")}, true));
        auto options = fx.options();
        options.configure = [](OperatorConfig &config) { config.reconnectBackoffMs = {3000}; };
        fx.start(options);
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_1")));
        QVERIFY(sim.server()->applyFault(QJsonObject {{QStringLiteral("operatorId"), QStringLiteral("op_alice")},
                                                      {QStringLiteral("action"), QStringLiteral("drop")}}));
        gui::PresenceBar *bar = fx.window()->presenceBar();
        QTRY_COMPARE(bar->statusText(), QStringLiteral("Reconnecting…"));
        QVERIFY2(bar->detailText().startsWith(QStringLiteral("Next try in ")), qPrintable(bar->detailText()));
        const QString first = bar->detailText();
        QTRY_VERIFY_WITH_TIMEOUT(bar->detailText() != first, 2500); // it counts down
        QCOMPARE(fx.app->tray()->status(), gui::OperatorStatus::Reconnecting);
        // The banner says it in words, and clears once connected again.
        QTRY_VERIFY(!fx.window()->banner()->messages().isEmpty());
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_1"), 8000));
        QTRY_COMPARE(bar->statusText(), QStringLiteral("Online"));
        QTRY_VERIFY(fx.window()->banner()->messages().isEmpty());
    }

    void anotherDeviceTakingOverIsExplained()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn(QStringLiteral("ok_alice_test"), {QStringLiteral("pn_1")}, true));
        fx.start();
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_1")));
        // Alice signs in elsewhere: the service closes this session with 4009.
        std::unique_ptr<PresenceProbe> elsewhere = sim.connectProbe(QStringLiteral("op_alice"));
        QVERIFY(elsewhere);
        QTRY_COMPARE(fx.session()->presenceState(), PresenceState::Offline);
        QTRY_VERIFY(!fx.window()->banner()->messages().isEmpty());
        const QString message = fx.window()->banner()->messages().last();
        QVERIFY2(message.contains(QStringLiteral("another device")), qPrintable(message));
        QVERIFY(!message.contains(QStringLiteral("SESSION_REPLACED")));
        QCOMPARE(fx.window()->presenceBar()->statusText(), QStringLiteral("Offline"));
        QCOMPARE(fx.window()->presenceBar()->detailText(), QStringLiteral("Not taking calls"));
        QVERIFY(!fx.session()->isTakingCalls());
        QVERIFY(!fx.app->settings()->takingCalls()); // a restart here must not take the session back
        // Taking over again is one click.
        elsewhere.reset();
        auto *online = fx.window()->presenceBar()->findChild<QPushButton *>(QStringLiteral("onlineButton"));
        QCOMPARE(online->text(), QStringLiteral("Go online"));
        online->click();
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_1")));
    }

    void trayMenuDrivesPresence()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn(QStringLiteral("ok_alice_test"), {QStringLiteral("pn_1")}));
        fx.start();
        QVERIFY(fx.waitOnline());
        gui::TrayController *tray = fx.app->tray();
        QCOMPARE(tray->onlineAction()->text(), QStringLiteral("Go &online"));
        tray->onlineAction()->trigger();
        QVERIFY(fx.waitTakingCallsOn(QStringLiteral("pn_1")));
        QTRY_COMPARE(tray->onlineAction()->text(), QStringLiteral("Go &offline"));
        tray->doNotDisturbAction()->trigger();
        QVERIFY(fx.session()->doNotDisturb());
        QTRY_COMPARE(tray->status(), gui::OperatorStatus::DoNotDisturb);
        QVERIFY(tray->toolTip().contains(QStringLiteral("Do not disturb")));
        QVERIFY(fx.window()->findChild<QToolButton *>(QStringLiteral("dndButton"))->isChecked());
    }
};

QTEST_MAIN(TestPresenceAndNumbers)
#include "TestPresenceAndNumbers.moc"
