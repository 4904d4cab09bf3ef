// SPDX-License-Identifier: GPL-3.0-or-later
// needs: secret-service
// One softphone per operator: a second launch hands its tel: link or --dial to the running one,
// which comes to the front and dials; a link given at start-up is dialled once connected.
#include "GuiFixture.h"
#include "MessageBanner.h"

#include <QUuid>

using namespace audin;
using namespace audin::test;

class TestSingleInstanceApp : public QObject
{
    Q_OBJECT

private:
    static bool dialled(SimFixture &sim, const QString &to)
    {
        return sim.waitForEvent([&](const QJsonObject &e) {
            return e.value(QLatin1String("type")) == QLatin1String("dial") && e.value(QLatin1String("to")) == to;
        });
    }

private slots:
    void secondLaunchForwardsTelLinks()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn());
        const QString key = QStringLiteral("audin-test-") + QUuid::createUuid().toString(QUuid::Id128);
        auto options = fx.options();
        options.singleInstance = true;
        options.instanceKey = key;
        fx.start(options);
        QVERIFY(fx.waitOnline());
        fx.window()->hide();

        gui::DesktopApp second(options);
        QCOMPARE(second.start({QStringLiteral("tel:+49-30-123456")}), gui::DesktopApp::StartResult::Forwarded);
        QVERIFY(!second.window()); // it built nothing
        QVERIFY(dialled(sim, QStringLiteral("+4930123456")));
        QTRY_VERIFY(fx.window()->isVisible()); // brought to the front
        QTRY_VERIFY(fx.session()->currentCall());
        fx.session()->currentCall()->hangup();
        QTRY_VERIFY(!fx.session()->currentCall());

        gui::DesktopApp third(options);
        QCOMPARE(third.start({QStringLiteral("--dial"), QStringLiteral("+1 555 123 0099")}),
                 gui::DesktopApp::StartResult::Forwarded);
        QVERIFY(dialled(sim, QStringLiteral("+15551230099")));
    }

    void linkGivenAtStartIsDialledOnceConnected()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn());
        fx.start({}, {QStringLiteral("tel:+4930123456")});
        QVERIFY(dialled(sim, QStringLiteral("+4930123456")));
        QTRY_VERIFY(fx.session()->currentCall());
    }

    void nonsenseArgumentsAreReportedNotFatal()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(fx.presetSignIn());
        fx.start({}, {QStringLiteral("--frobnicate"), QStringLiteral("mailto:someone@example.com")});
        QVERIFY(fx.waitOnline());
        QVERIFY(fx.window()->isVisible());
        QTRY_VERIFY(!fx.window()->banner()->messages().isEmpty());
    }
};

QTEST_MAIN(TestSingleInstanceApp)
#include "TestSingleInstanceApp.moc"
