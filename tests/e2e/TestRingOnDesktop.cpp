// SPDX-License-Identifier: GPL-3.0-or-later
// Never miss a call, end to end on a whole desktop (support/with-desktop.sh: Xvfb 1920x1080, openbox,
// the tint2 tray, the dunst notification daemon, a private session bus): the real audin-softphone and
// simulator processes, another application full screen and focused, two calls ringing. The operator must
// see both popups whole, apart and above that application, get a critical notification naming the
// caller, see the taskbar entry marked urgent and the tray icon, and answer and hang up from the headset
// (MPRIS) and the system-wide keys while the other application keeps the focus.
// With AUDIN_SCREENSHOT (a PNG path) it also saves the screen while the calls ring.
#include "DesktopRun.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QGuiApplication>
#include <QLabel>
#include <QScreen>
#include <QTemporaryDir>
#include <QVBoxLayout>
#include <QWidget>

using namespace audin::test;

namespace {

const QColor crmColour(0x30, 0x60, 0xa0);

/** A line-of-business application the operator works in, full screen, with the keyboard focus. */
class CrmWindow : public QWidget
{
public:
    CrmWindow()
    {
        setWindowTitle(QStringLiteral("Customer CRM"));
        QPalette palette;
        palette.setColor(QPalette::Window, crmColour);
        palette.setColor(QPalette::WindowText, Qt::white);
        setPalette(palette);
        setAutoFillBackground(true);
        auto *label = new QLabel(QStringLiteral("Ticket #4711: the customer's CRM"), this);
        QFont font = label->font();
        font.setPointSize(28);
        label->setFont(font);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(label, 0, Qt::AlignCenter);
    }
};

QString x11Id(const QWidget *widget)
{
    return QString::number(widget->winId());
}

QString activeWindow()
{
    return DesktopRun::run(QStringLiteral("xdotool"), {QStringLiteral("getactivewindow")}).trimmed();
}

bool focus(const QWidget *widget)
{
    DesktopRun::run(QStringLiteral("xdotool"),
                    {QStringLiteral("windowactivate"), QStringLiteral("--sync"), x11Id(widget)});
    return QTest::qWaitFor([&] { return activeWindow() == x11Id(widget); }, 5000);
}

void pressKeys(const QString &keys)
{
    DesktopRun::run(QStringLiteral("xdotool"), {QStringLiteral("key"), keys});
}

/** The share of a rectangle of the screen that shows the CRM's colour (0 = wholly covered by something else). */
double crmShare(const QImage &screen, const QRect &rect)
{
    int crm = 0;
    int all = 0;
    for (int y = rect.top(); y <= rect.bottom(); y += 4) {
        for (int x = rect.left(); x <= rect.right(); x += 4) {
            ++all;
            if (QColor(screen.pixel(x, y)) == crmColour)
                ++crm;
        }
    }
    return all ? double(crm) / all : 1.0;
}

/** Sends a method to the softphone's MPRIS player, as the desktop's media-key handler does. */
QDBusMessage pressMedia(const QString &method)
{
    QString name;
    const QStringList names = QDBusConnection::sessionBus().interface()->registeredServiceNames().value();
    for (const QString &candidate : names) {
        if (candidate.startsWith(QLatin1String("org.mpris.MediaPlayer2.audin_softphone")))
            name = candidate;
    }
    if (name.isEmpty())
        return {};
    const QDBusMessage call = QDBusMessage::createMethodCall(name, QStringLiteral("/org/mpris/MediaPlayer2"),
                                                             QStringLiteral("org.mpris.MediaPlayer2.Player"), method);
    QDBusPendingCallWatcher watcher(QDBusConnection::sessionBus().asyncCall(call));
    QTest::qWaitFor([&] { return watcher.isFinished(); }, 5000);
    return watcher.reply();
}

} // namespace

class TestRingOnDesktop : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCOMPARE(QGuiApplication::platformName(), QStringLiteral("xcb"));
        QVERIFY2(!DesktopRun::run(QStringLiteral("dunstctl"), {QStringLiteral("is-paused")}).isEmpty(),
                 "run through tests/support/with-desktop.sh");
    }

    void ringingReachesTheOperatorInAFullScreenApplication()
    {
        DesktopRun phone;
        QVERIFY2(phone.start(), qPrintable(phone.error()));
        const QStringList mainWindows = DesktopRun::windows(QStringLiteral("^Audin Softphone$"));
        QCOMPARE(mainWindows.size(), 1);

        CrmWindow crm;
        crm.showFullScreen();
        QVERIFY(QTest::qWaitForWindowExposed(&crm));
        QVERIFY(focus(&crm));
        QTRY_COMPARE(crm.geometry().size(), QGuiApplication::primaryScreen()->geometry().size());

        const QString first = phone.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111"));
        const QString second = phone.ring(QStringLiteral("+15551230003"), QStringLiteral("+442071234567"));
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        QStringList popups;
        QTRY_VERIFY_WITH_TIMEOUT((popups = DesktopRun::windows(QStringLiteral("^Incoming call$"))).size() == 2, 10000);

        // Whole, apart, above the panel, and not under the full-screen application.
        const QRect screen = QGuiApplication::primaryScreen()->geometry();
        const QRect a = DesktopRun::geometry(popups[0]);
        const QRect b = DesktopRun::geometry(popups[1]);
        QVERIFY2(screen.contains(a) && screen.contains(b),
                 qPrintable(QStringLiteral("%1,%2 %3x%4 / %5,%6 %7x%8")
                                .arg(a.x())
                                .arg(a.y())
                                .arg(a.width())
                                .arg(a.height())
                                .arg(b.x())
                                .arg(b.y())
                                .arg(b.width())
                                .arg(b.height())));
        QVERIFY(!a.intersects(b));
        QCOMPARE(a.right(), b.right());
        QImage shot;
        QTRY_VERIFY_WITH_TIMEOUT((shot = QGuiApplication::primaryScreen()->grabWindow(0).toImage(),
                                  crmShare(shot, a) < 0.02 && crmShare(shot, b) < 0.02),
                                 5000);
        QVERIFY(crmShare(shot, screen) > 0.5); // the CRM itself is on screen, full size
        // The other application kept the keyboard: the popups do not steal what the operator types.
        QCOMPARE(activeWindow(), x11Id(&crm));
        if (const QString path = qEnvironmentVariable("AUDIN_SCREENSHOT"); !path.isEmpty())
            QVERIFY(shot.save(path));

        // The taskbar entry asks for attention.
        QTRY_VERIFY(DesktopRun::property(mainWindows.first(), QStringLiteral("_NET_WM_STATE"))
                        .contains(QLatin1String("_NET_WM_STATE_DEMANDS_ATTENTION")));

        // A critical notification naming each caller reached the notification daemon.
        QList<QJsonObject> history;
        QTRY_VERIFY_WITH_TIMEOUT((history = DesktopRun::notificationHistory()).size() >= 2, 5000);
        QStringList messages;
        for (const QJsonObject &entry : history)
            messages << entry.value(QLatin1String("message")).toString();
        QVERIFY2(messages.filter(QStringLiteral("[critical]")).filter(QStringLiteral("+49 30 111111")).size() == 1,
                 qPrintable(messages.join(QLatin1Char('|'))));
        QVERIFY(messages.filter(QStringLiteral("[critical]")).filter(QStringLiteral("+44 20 7123 4567")).size() == 1);
        QVERIFY(history.first().value(QLatin1String("appname")).toString() == QLatin1String("Audin Softphone"));

        // The headset's button answers the newest call, the CRM still focused.
        QCOMPARE(pressMedia(QStringLiteral("PlayPause")).type(), QDBusMessage::ReplyMessage);
        QTRY_COMPARE_WITH_TIMEOUT(phone.callState(second), QStringLiteral("assigned"), 5000);
        QCOMPARE(phone.callState(first), QStringLiteral("ringing"));
        QTRY_COMPARE(DesktopRun::windows(QStringLiteral("^Incoming call$")).size(), 1);

        // The system-wide keys: hang up, then answer the other call, then hang up again.
        QVERIFY(focus(&crm));
        pressKeys(QStringLiteral("ctrl+alt+h"));
        QTRY_COMPARE_WITH_TIMEOUT(phone.callState(second), QStringLiteral("ended"), 5000);
        QCOMPARE(activeWindow(), x11Id(&crm));
        pressKeys(QStringLiteral("ctrl+alt+a"));
        QTRY_COMPARE_WITH_TIMEOUT(phone.callState(first), QStringLiteral("assigned"), 5000);
        QTRY_VERIFY(DesktopRun::windows(QStringLiteral("^Incoming call$")).isEmpty());
        // No more ringing: the taskbar entry calms down.
        QTRY_VERIFY(!DesktopRun::property(mainWindows.first(), QStringLiteral("_NET_WM_STATE"))
                         .contains(QLatin1String("_NET_WM_STATE_DEMANDS_ATTENTION")));
        pressKeys(QStringLiteral("ctrl+alt+h"));
        QTRY_COMPARE_WITH_TIMEOUT(phone.callState(first), QStringLiteral("ended"), 5000);
    }

    void screenshotOfTheRingingDesktop()
    {
        // scripts/screenshots.sh: the whole desktop while two calls ring over the operator's CRM, with
        // the panel (tray, taskbar) in view; AUDIN_SCREENSHOT_DIR/desktop-ringing-<W>x<H>-<theme>.png.
        const QString dir = qEnvironmentVariable("AUDIN_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("AUDIN_SCREENSHOT_DIR is not set");
        DesktopRun phone;
        QVERIFY2(phone.start(), qPrintable(phone.error()));
        const QStringList mainWindows = DesktopRun::windows(QStringLiteral("^Audin Softphone$"));
        QCOMPARE(mainWindows.size(), 1);
        const QRect area = QGuiApplication::primaryScreen()->availableGeometry();
        // The softphone at the left, the CRM filling the rest and focused.
        DesktopRun::run(QStringLiteral("xdotool"),
                        {QStringLiteral("windowmove"), mainWindows.first(), QString::number(area.x() + 16),
                         QString::number(area.y() + 16)});
        CrmWindow crm;
        crm.setGeometry(area.x() + 500, area.y() + 40, area.width() - 540, area.height() - 120);
        crm.show();
        QVERIFY(QTest::qWaitForWindowExposed(&crm));
        QVERIFY(focus(&crm));
        QVERIFY(!phone.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111")).isEmpty());
        QVERIFY(!phone.ring(QStringLiteral("+15551230003"), QStringLiteral("+442071234567")).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(DesktopRun::windows(QStringLiteral("^Incoming call$")).size() == 2, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            DesktopRun::run(QStringLiteral("dunstctl"), {QStringLiteral("count"), QStringLiteral("displayed")})
                    .trimmed()
                    .toInt()
                == 2,
            5000);
        // Let the ring clock tick once, so the popups say how long it has rung, as a person sees them.
        QTest::qWait(1200);
        const QRect screen = QGuiApplication::primaryScreen()->geometry();
        const QString theme = qEnvironmentVariable("AUDIN_SCREENSHOT_THEME", QStringLiteral("light"));
        const QString path = QStringLiteral("%1/desktop-ringing-%2x%3-%4.png")
                                 .arg(dir)
                                 .arg(screen.width())
                                 .arg(screen.height())
                                 .arg(theme);
        QVERIFY(QGuiApplication::primaryScreen()->grabWindow(0).save(path));
        qInfo("saved %s", qPrintable(path));
    }

    void trayIconComesBackWithTheTrayHost()
    {
        const QString desktopHome = qEnvironmentVariable("AUDIN_DESKTOP_HOME");
        if (qEnvironmentVariable("AUDIN_NO_TRAY") == QLatin1String("1"))
            QSKIP("no tray on this desktop");
        DesktopRun phone;
        QVERIFY2(phone.start(), qPrintable(phone.error()));
        auto trayHoldsOurIcon = [] {
            const QStringList panels
                = DesktopRun::run(QStringLiteral("xdotool"),
                                  {QStringLiteral("search"), QStringLiteral("--classname"), QStringLiteral("tint2")})
                      .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            for (const QString &panel : panels) {
                if (DesktopRun::run(QStringLiteral("xwininfo"), {QStringLiteral("-tree"), QStringLiteral("-id"), panel})
                        .contains(QLatin1String("audin-softphone")))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(trayHoldsOurIcon(), 10000);

        // The panel crashes and is started again: the icon docks again by itself.
        QFile pidFile(desktopHome + QStringLiteral("/tint2.pid"));
        QVERIFY(pidFile.open(QIODevice::ReadOnly));
        const QString pid = QString::fromLatin1(pidFile.readAll()).trimmed();
        DesktopRun::run(QStringLiteral("kill"), {pid});
        QTRY_VERIFY_WITH_TIMEOUT(!trayHoldsOurIcon(), 10000);
        QVERIFY(QProcess::startDetached(QStringLiteral("tint2"), {}));
        QTRY_VERIFY_WITH_TIMEOUT(trayHoldsOurIcon(), 15000);

        // And a call still rings; a click into its popup gives it the keyboard, and Esc declines it.
        const QString sid = phone.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111"));
        QVERIFY(!sid.isEmpty());
        QStringList popups;
        QTRY_VERIFY_WITH_TIMEOUT((popups = DesktopRun::windows(QStringLiteral("^Incoming call$"))).size() == 1, 10000);
        const QRect popup = DesktopRun::geometry(popups.first());
        DesktopRun::run(QStringLiteral("xdotool"),
                        {QStringLiteral("mousemove"), QString::number(popup.x() + 40), QString::number(popup.y() + 40),
                         QStringLiteral("click"), QStringLiteral("1")});
        // The keyboard focus itself (the window manager's "active window" does not know this window).
        QTRY_COMPARE(DesktopRun::run(QStringLiteral("xdotool"), {QStringLiteral("getwindowfocus")}).trimmed(),
                     popups.first());
        pressKeys(QStringLiteral("Escape"));
        QTRY_VERIFY_WITH_TIMEOUT(DesktopRun::windows(QStringLiteral("^Incoming call$")).isEmpty(), 5000);
        QCOMPARE(phone.get(QStringLiteral("/sim/calls/") + sid).value(QLatin1String("declinedBy")).toArray().size(), 1);
    }

    void theOperatorKeyNeverReachesTheBrowser()
    {
        // The softphone signs in with AUDIN_TOKEN_HEADER from its environment; the CRM it opens on an
        // answered call (screen pop, through xdg-open and $BROWSER) must not inherit the operator key.
        QTemporaryDir dir;
        const QString dump = dir.filePath(QStringLiteral("browser-environment.txt"));
        const QString browser = dir.filePath(QStringLiteral("browser.sh"));
        QFile script(browser);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\n{ env; echo \"URL=$1\"; } > \"" + dump.toUtf8() + ".part\" && mv \"" + dump.toUtf8()
                     + ".part\" \"" + dump.toUtf8() + "\"\n");
        script.close();
        QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));
        DesktopRun phone;
        QVERIFY2(phone.start({QStringLiteral("BROWSER=") + browser},
                             "[calls]\nscreenPopTemplate=\"https://crm.example/lookup?number={from}\"\n"),
                 qPrintable(phone.error()));
        const QString sid = phone.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111"));
        QVERIFY(!sid.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(DesktopRun::windows(QStringLiteral("^Incoming call$")).size(), 1, 10000);
        QCOMPARE(pressMedia(QStringLiteral("Play")).type(), QDBusMessage::ReplyMessage);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dump), 10000);
        QFile seen(dump);
        QVERIFY(seen.open(QIODevice::ReadOnly));
        const QByteArray environment = seen.readAll();
        QVERIFY2(environment.contains("URL=https://crm.example/lookup?number=%2B4930111111"), environment.constData());
        QVERIFY(!environment.contains("AUDIN_TOKEN_HEADER"));
        QVERIFY(!environment.contains("ok_alice_demo"));
    }
};

QTEST_MAIN(TestRingOnDesktop)
#include "TestRingOnDesktop.moc"
