// SPDX-License-Identifier: GPL-3.0-or-later
// needs: secret-service
// Every incoming-call popup is whole on a screen: on any screen size, at any scale (ctest also runs this
// with QT_SCALE_FACTOR=2), on the main window's screen of several, on the pointer's while the window is
// hidden, stacked without overlap, re-flowed when one closes, and moved when its screen goes away.
// The screens are Qt's offscreen platform's virtual screens, changed at run time through its
// configuration interface.
#include "GuiFixture.h"
#include "IncomingCallPopup.h"
#include "PopupPlacement.h"
#include "PopupStack.h"

#include <QCursor>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QPushButton>
#include <QScreen>
#include <qpa/qplatformnativeinterface.h>

using namespace audin;
using namespace audin::test;

namespace {

struct VirtualScreen
{
    QString name;
    QRect geometry; // in device pixels, as a monitor reports it
};

/** Replaces the offscreen platform's screens (added, removed and resized as a real desktop would). */
bool setScreens(const QList<VirtualScreen> &screens)
{
    QPlatformNativeInterface *native = QGuiApplication::platformNativeInterface();
    if (!native)
        return false;
    using SetConfiguration = void (*)(const QJsonObject &, QPlatformNativeInterface *);
    auto set = reinterpret_cast<SetConfiguration>(native->nativeResourceForIntegration("setConfiguration"));
    if (!set)
        return false;
    QJsonArray list;
    for (const VirtualScreen &screen : screens) {
        list.append(QJsonObject {{QStringLiteral("name"), screen.name},
                                 {QStringLiteral("x"), screen.geometry.x()},
                                 {QStringLiteral("y"), screen.geometry.y()},
                                 {QStringLiteral("width"), screen.geometry.width()},
                                 {QStringLiteral("height"), screen.geometry.height()}});
    }
    set(QJsonObject {{QStringLiteral("screens"), list}}, native);
    return QGuiApplication::screens().size() == screens.size();
}

QScreen *screenNamed(const QString &name)
{
    for (QScreen *screen : QGuiApplication::screens()) {
        if (screen->name() == name)
            return screen;
    }
    return nullptr;
}

QRect globalRect(const QWidget *widget)
{
    return QRect(widget->mapToGlobal(QPoint(0, 0)), widget->size());
}

/** Why `popups` are not all whole and apart on `area`; empty when they are. */
QString checkLayout(const QList<gui::IncomingCallPopup *> &popups, const QRect &area)
{
    for (qsizetype i = 0; i < popups.size(); ++i) {
        const QRect r = popups[i]->frameGeometry();
        if (!area.contains(r))
            return QStringLiteral("popup %1 at %2,%3 %4x%5 is not inside %6,%7 %8x%9")
                .arg(i)
                .arg(r.x())
                .arg(r.y())
                .arg(r.width())
                .arg(r.height())
                .arg(area.x())
                .arg(area.y())
                .arg(area.width())
                .arg(area.height());
        for (QPushButton *button : popups[i]->findChildren<QPushButton *>()) {
            if (button->isVisible() && !area.contains(globalRect(button)))
                return QStringLiteral("popup %1's %2 is cut off").arg(i).arg(button->text());
            if (button->isVisible() && button->width() < button->minimumSizeHint().width())
                return QStringLiteral("popup %1's %2 is squeezed").arg(i).arg(button->text());
        }
        for (qsizetype j = i + 1; j < popups.size(); ++j) {
            if (r.intersects(popups[j]->frameGeometry()))
                return QStringLiteral("popups %1 and %2 overlap").arg(i).arg(j);
        }
    }
    return {};
}

} // namespace

class TestPopupPlacement : public QObject
{
    Q_OBJECT

private:
    bool startOnline(GuiFixture &fx, const QStringList &numbers = {QStringLiteral("pn_1")})
    {
        if (!fx.presetSignIn(QStringLiteral("ok_alice_test"), numbers, true))
            return false;
        fx.start();
        return fx.waitOnline() && fx.waitTakingCallsOn(numbers.first());
    }

    QList<gui::IncomingCallPopup *> waitPopups(GuiFixture &fx, int count)
    {
        QTest::qWaitFor([&] { return fx.app->popups()->popups().size() >= count; }, 5000);
        const QList<gui::IncomingCallPopup *> popups = fx.app->popups()->popups();
        for (gui::IncomingCallPopup *popup : popups)
            QTest::qWaitForWindowExposed(popup);
        return popups;
    }

private slots:
    void init() { QVERIFY(setScreens({{QStringLiteral("main"), QRect(0, 0, 1920, 1080)}})); }

    void placementIsWholeAndApart_data()
    {
        QTest::addColumn<QRect>("area");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("count");
        const QList<QRect> areas {QRect(0, 0, 1920, 1040), QRect(0, 0, 1366, 728),     QRect(0, 0, 1024, 768),
                                  QRect(0, 0, 960, 540),   QRect(1920, 0, 1280, 1024), QRect(-1280, -200, 1280, 1024),
                                  QRect(0, 24, 800, 576)};
        for (const QRect &area : areas) {
            for (int count : {1, 2, 3, 5, 8}) {
                for (const QSize &size : {QSize(320, 150), QSize(420, 190)}) {
                    QTest::addRow("%dx%d%+d%+d-%d-of-%dx%d", area.width(), area.height(), area.x(), area.y(), count,
                                  size.width(), size.height())
                        << area << size << count;
                }
            }
        }
    }

    void placementIsWholeAndApart()
    {
        QFETCH(QRect, area);
        QFETCH(QSize, size);
        QFETCH(int, count);
        const gui::PopupPlacement placement;
        const QList<QRect> places = placement.place(area, QList<QSize>(count, size));
        QCOMPARE(places.size(), count);
        // The oldest sits in the bottom-right corner, a margin away from both edges.
        QCOMPARE(places.first().bottomRight(), area.bottomRight() - QPoint(placement.margin, placement.margin));
        const int perColumn
            = (area.height() - 2 * placement.margin + placement.spacing) / (size.height() + placement.spacing);
        const int columns
            = (area.width() - 2 * placement.margin + placement.spacing) / (size.width() + placement.spacing);
        const int fit = perColumn * columns;
        for (int i = 0; i < count; ++i) {
            QVERIFY2(area.contains(places[i]), qPrintable(QStringLiteral("popup %1 leaves the screen").arg(i)));
            QCOMPARE(places[i].size(), size);
            for (int j = i + 1; j < std::min(count, fit); ++j)
                QVERIFY2(!places[i].intersects(places[j]),
                         qPrintable(QStringLiteral("%1 and %2 overlap").arg(i).arg(j)));
        }
    }

    void placementShrinksWhatIsLargerThanTheScreen()
    {
        const QList<QRect> places = gui::PopupPlacement().place(QRect(0, 0, 300, 100), {QSize(320, 150)});
        QCOMPARE(places.size(), 1);
        QVERIFY(QRect(0, 0, 300, 100).contains(places.first()));
    }

    void placementReflowsWhenOneCloses()
    {
        const gui::PopupPlacement placement;
        const QRect area(0, 0, 1920, 1040);
        const QList<QRect> three = placement.place(area, {QSize(320, 150), QSize(320, 150), QSize(320, 150)});
        const QList<QRect> two = placement.place(area, {QSize(320, 150), QSize(320, 150)});
        // The third moves down into the second's place; nothing is left where it was.
        QCOMPARE(two.last(), three[1]);
        QVERIFY(three[2].top() < three[1].top());
    }

    void twoRingingPopupsOnFullHdAreWholeAndApart()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        QVERIFY(!sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111")).isEmpty());
        QVERIFY(!sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930222222")).isEmpty());
        const QList<gui::IncomingCallPopup *> popups = waitPopups(fx, 2);
        QCOMPARE(popups.size(), 2);
        const QRect area = QGuiApplication::primaryScreen()->availableGeometry();
        const QString problem = checkLayout(popups, area);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Aligned: one right edge, stacked upwards, the oldest lowest.
        QCOMPARE(popups[0]->frameGeometry().right(), popups[1]->frameGeometry().right());
        QVERIFY(popups[1]->frameGeometry().bottom() < popups[0]->frameGeometry().top());

        // The lower one goes: the other drops into its place.
        const QRect lowest = popups[0]->frameGeometry();
        popups[0]->reject();
        QTRY_COMPARE(fx.app->popups()->popups().size(), 1);
        QTRY_COMPARE(fx.app->popups()->popups().first()->frameGeometry().bottom(), lowest.bottom());
    }

    void smallScreensAndAScreenResizedWhileRinging()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        for (int i = 0; i < 4; ++i)
            QVERIFY(!sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+493033333%1").arg(i)).isEmpty());
        QList<gui::IncomingCallPopup *> popups = waitPopups(fx, 4);
        QCOMPARE(popups.size(), 4);
        for (const QRect &geometry : {QRect(0, 0, 1366, 768), QRect(0, 0, 1024, 768), QRect(0, 0, 1280, 1024)}) {
            QVERIFY(setScreens({{QStringLiteral("main"), geometry}}));
            const QRect area = QGuiApplication::primaryScreen()->availableGeometry();
            QTRY_VERIFY2(checkLayout(fx.app->popups()->popups(), area).isEmpty(),
                         qPrintable(checkLayout(fx.app->popups()->popups(), area)));
        }
    }

    void callWaitingPopupShowsItsLongerButtonWhole()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        QVERIFY(!sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111")).isEmpty());
        QList<gui::IncomingCallPopup *> popups = waitPopups(fx, 1);
        QVERIFY(!popups.isEmpty());
        popups.first()->accept();
        QTRY_VERIFY(fx.session()->currentCall() && fx.session()->currentCall()->state() == CallState::Active);
        QTRY_VERIFY(fx.app->popups()->popups().isEmpty());

        QVERIFY(!sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930222222")).isEmpty());
        popups = waitPopups(fx, 1);
        QCOMPARE(popups.size(), 1);
        auto *accept = popups.first()->findChild<QPushButton *>(QStringLiteral("acceptButton"));
        QVERIFY(accept);
        QVERIFY2(accept->text().contains(QStringLiteral("End call")), qPrintable(accept->text()));
        for (const QRect &geometry : {QRect(0, 0, 1920, 1080), QRect(0, 0, 1024, 768)}) {
            QVERIFY(setScreens({{QStringLiteral("main"), geometry}}));
            const QRect area = QGuiApplication::primaryScreen()->availableGeometry();
            QTRY_VERIFY2(checkLayout(fx.app->popups()->popups(), area).isEmpty(),
                         qPrintable(checkLayout(fx.app->popups()->popups(), area)));
        }
    }

    void popupsFollowTheMainWindowsScreenAndSurviveItsUnplugging()
    {
        QVERIFY(setScreens(
            {{QStringLiteral("main"), QRect(0, 0, 1920, 1080)}, {QStringLiteral("side"), QRect(1920, 0, 1280, 1024)}}));
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        QScreen *side = screenNamed(QStringLiteral("side"));
        QVERIFY(side);
        fx.window()->move(side->geometry().topLeft() + QPoint(100, 100));
        QTRY_COMPARE(QGuiApplication::screenAt(fx.window()->frameGeometry().center()), side);

        QVERIFY(!sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111")).isEmpty());
        QVERIFY(!sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930222222")).isEmpty());
        QList<gui::IncomingCallPopup *> popups = waitPopups(fx, 2);
        QCOMPARE(popups.size(), 2);
        QVERIFY2(checkLayout(popups, side->availableGeometry()).isEmpty(),
                 qPrintable(checkLayout(popups, side->availableGeometry())));

        // The side screen is unplugged while they ring: they come to the screen that is left.
        QVERIFY(setScreens({{QStringLiteral("main"), QRect(0, 0, 1920, 1080)}}));
        const QRect area = QGuiApplication::primaryScreen()->availableGeometry();
        QTRY_VERIFY2(checkLayout(fx.app->popups()->popups(), area).isEmpty(),
                     qPrintable(checkLayout(fx.app->popups()->popups(), area)));
        // And still answer.
        fx.app->popups()->popups().last()->accept();
        QTRY_VERIFY(fx.session()->currentCall() && fx.session()->currentCall()->state() == CallState::Active);
    }

    void withTheWindowHiddenPopupsGoWhereThePointerIs()
    {
        QVERIFY(setScreens({{QStringLiteral("left"), QRect(-1280, 0, 1280, 1024)},
                            {QStringLiteral("main"), QRect(0, 0, 1920, 1080)}}));
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        fx.window()->hide();
        QScreen *left = screenNamed(QStringLiteral("left"));
        QVERIFY(left);
        QCursor::setPos(left->geometry().center());
        QVERIFY(!sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111")).isEmpty());
        const QList<gui::IncomingCallPopup *> popups = waitPopups(fx, 1);
        QCOMPARE(popups.size(), 1);
        QVERIFY2(checkLayout(popups, left->availableGeometry()).isEmpty(),
                 qPrintable(checkLayout(popups, left->availableGeometry())));
    }
};

QTEST_MAIN(TestPopupPlacement)
#include "TestPopupPlacement.moc"
