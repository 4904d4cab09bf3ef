// SPDX-License-Identifier: GPL-3.0-or-later
// Saves each main view of the desktop app, as an operator sees it, into a folder:
//   audin-screenshots OUTPUT_DIR [--dark]
// The app runs for real against the in-process simulator (silent audio), in the Fusion style with
// a light or a dark palette.
#include "ActiveCallPanel.h"
#include "CallHistory.h"
#include "CallsPage.h"
#include "DesktopApp.h"
#include "DesktopSession.h"
#include "DialpadPanel.h"
#include "HttpTokenSource.h"
#include "IncomingCallPopup.h"
#include "MainWindow.h"
#include "NullAudioBackend.h"
#include "PopupStack.h"
#include "SettingsDialog.h"
#include "SignInDialog.h"
#include "SimConfig.h"
#include "SimServer.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>

using namespace audin;

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x24, 0x29, 0x2e), base(0x1b, 0x1f, 0x23), text(0xe6, 0xed, 0xf3);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x30, 0x36, 0x3d));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x1f, 0x6f, 0xeb));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x58, 0xa6, 0xff));
    p.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x94, 0x9e));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6e, 0x76, 0x81));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6e, 0x76, 0x81));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6e, 0x76, 0x81));
    return p;
}

bool save(QWidget *widget, const QString &dir, const QString &name, const QString &variant)
{
    QApplication::processEvents();
    const QString path = QDir(dir).filePath(QStringLiteral("%1-%2.png").arg(name, variant));
    const bool ok = widget->grab().save(path);
    std::fprintf(stderr, "%s %s\n", ok ? "saved" : "FAILED", qPrintable(path));
    return ok;
}

void addHistory(desktop::CallHistory *history)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    struct Row
    {
        CallDirection direction;
        const char *remote;
        const char *local;
        const char *lineId;
        const char *line;
        int agoMin;
        int talkS;
        CallEndReason reason;
    };
    const Row rows[] = {
        {CallDirection::Inbound, "+4930123456", "+15551230001", "pn_1", "Support", 3, 184, CallEndReason::Hangup},
        {CallDirection::Inbound, "+442079460958", "+15551230001", "pn_1", "Support", 19, 0, CallEndReason::NoAnswer},
        {CallDirection::Outbound, "+4989555123", "+15551230002", "pn_2", "", 42, 611, CallEndReason::RemoteHangup},
        {CallDirection::Inbound, "+33142685300", "+15551230002", "pn_2", "", 65, 0, CallEndReason::TakenByOther},
        {CallDirection::Inbound, "+4930987654", "+15551230001", "pn_1", "Support", 120, 47,
         CallEndReason::RemoteHangup},
    };
    for (const Row &row : rows) {
        desktop::CallRecord r;
        r.callSid = QStringLiteral("CAshot%1").arg(row.agoMin);
        r.direction = row.direction;
        r.remoteNumber = QString::fromLatin1(row.remote);
        r.localNumber = QString::fromLatin1(row.local);
        r.lineId = QString::fromLatin1(row.lineId);
        r.lineName = QString::fromLatin1(row.line);
        r.startedAt = now.addSecs(-60 * row.agoMin);
        if (row.talkS > 0)
            r.answeredAt = r.startedAt.addSecs(6);
        r.endedAt = r.startedAt.addSecs(6 + row.talkS + (row.talkS ? 0 : 24));
        r.endReason = row.reason;
        r.missed = desktop::CallHistory::isMissed(row.direction, row.talkS > 0, row.reason, false);
        r.seen = true;
        history->add(r);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QStringList args = QApplication::arguments();
    if (args.size() < 2) {
        std::fputs("usage: audin-screenshots OUTPUT_DIR [--dark]\n", stderr);
        return 2;
    }
    const QString out = args.at(1);
    QDir().mkpath(out);
    const bool dark = args.contains(QStringLiteral("--dark"));
    const QString variant = dark ? QStringLiteral("dark") : QStringLiteral("light");
    QApplication::setPalette(dark ? darkPalette() : QApplication::style()->standardPalette());

    QString error;
    std::optional<sim::SimConfig> config
        = sim::SimConfig::load(QStringLiteral(AUDIN_SOURCE_DIR "/config/simulator.json"), &error);
    if (!config) {
        std::fprintf(stderr, "simulator config: %s\n", qPrintable(error));
        return 1;
    }
    sim::SimServer server(*config);
    if (!server.listen()) {
        std::fprintf(stderr, "simulator: %s\n", qPrintable(server.errorString()));
        return 1;
    }

    QTemporaryDir profile;
    {
        QSettings settings(profile.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("numbers/selected"),
                          QStringList {QStringLiteral("pn_1"), QStringLiteral("pn_2")});
        settings.setValue(QStringLiteral("presence/takingCalls"), true);
        settings.setValue(QStringLiteral("ui/trayNoticeShown"), true);
    }
    gui::DesktopApp::Options options;
    options.settingsPaths
        = {profile.filePath(QStringLiteral("settings.ini")), profile.filePath(QStringLiteral("none.conf"))};
    options.historyPath = profile.filePath(QStringLiteral("history.sqlite"));
    options.callAudio = [] { return std::make_unique<media::NullAudioBackend>(); };
    options.toneAudio = [](const QString &) { return std::make_unique<media::NullAudioBackend>(); };
    options.meterAudio = [](const QString &) { return std::make_unique<media::NullAudioBackend>(); };
    options.singleInstance = false;
    options.environmentCoreUrl = server.baseUrl().toString();
    options.environmentTokenSource
        = std::make_shared<HttpTokenSource>(QUrl(server.baseUrl().toString() + QStringLiteral("/partner/token")),
                                            QList<HttpTokenSource::Header> {{"Authorization", "Bearer ok_alice_demo"}});
    options.endedCallLingerMs = 100;
    gui::DesktopApp desktop(options);
    desktop.start({});
    gui::MainWindow *window = desktop.window();
    window->resize(460, 660);
    if (!QTest::qWaitFor([&] { return desktop.session()->availability().accepted.size() == 2; }, 10000)) {
        std::fputs("the app did not go online\n", stderr);
        return 1;
    }
    addHistory(desktop.history());
    int failures = 0;

    // Dialpad with a pasted number being checked.
    window->showCalls();
    window->callsPage()->dialpad()->setNumber(QStringLiteral("+49 30 1234-567"));
    failures += !save(window, out, QStringLiteral("dialpad"), variant);

    window->showNumbers();
    failures += !save(window, out, QStringLiteral("numbers"), variant);

    // An incoming call: the popup.
    const QString callSid = server.ringCall(QStringLiteral("+15551230001"), QStringLiteral("+4930123456"));
    QTest::qWaitFor([&] { return !desktop.popups()->popups().isEmpty(); }, 5000);
    QTest::qWait(1200); // let "Ringing for 0:01" show
    if (gui::IncomingCallPopup *popup = desktop.popups()->newestRinging()) {
        failures += !save(popup, out, QStringLiteral("incoming-call"), variant);
        popup->accept();
    }
    // The call in progress, after a few seconds of statistics.
    QTest::qWaitFor(
        [&] {
            return desktop.session()->currentCall() && desktop.session()->currentCall()->state() == CallState::Active;
        },
        5000);
    QTest::qWait(3500);
    window->callsPage()->callView()->sendKey(QStringLiteral("1"));
    QTest::qWait(300);
    failures += !save(window, out, QStringLiteral("active-call"), variant);
    window->callsPage()->callView()->hangup();
    QTest::qWaitFor([&] { return !desktop.session()->currentCall(); }, 5000);

    window->showHistory();
    QTest::qWait(200);
    failures += !save(window, out, QStringLiteral("history"), variant);

    window->openSettings();
    if (gui::SettingsDialog *settings = window->settingsDialog()) {
        QTest::qWait(300);
        failures += !save(settings, out, QStringLiteral("settings-audio"), variant);
        settings->showTab(1);
        failures += !save(settings, out, QStringLiteral("settings-calls"), variant);
        settings->close();
    }

    // The sign-in dialog with the explanation of a failed attempt.
    gui::SignInDialog signIn(desktop.session(), desktop.settings());
    signIn.findChild<QLineEdit *>(QStringLiteral("serviceUrlEdit"))->setText(server.baseUrl().toString());
    signIn.findChild<QLineEdit *>(QStringLiteral("endpointUrlEdit"))
        ->setText(server.baseUrl().toString() + QStringLiteral("/partner/token"));
    signIn.findChild<QLineEdit *>(QStringLiteral("operatorKeyEdit"))->setText(QStringLiteral("not-my-key"));
    signIn.show();
    signIn.signIn();
    QTest::qWaitFor([&] { return !signIn.isChecking(); }, 10000);
    failures += !save(&signIn, out, QStringLiteral("sign-in"), variant);
    Q_UNUSED(callSid);
    return failures == 0 ? 0 : 1;
}
