// SPDX-License-Identifier: GPL-3.0-or-later
// needs: x11
// needs: secret-service
// The system-wide keys as an operator configures them, in the whole app on a real X server: the default
// answer key works while another client has the focus; a configured key another program holds is reported
// in the banner at start; Settings refuses such a key as it is typed and will not save it, saves a free
// one, and the new key then answers the next call.
#include "CallShortcuts.h"
#include "GuiFixture.h"
#include "MessageBanner.h"
#include "SettingsDialog.h"
#include "ShortcutsPanel.h"

#include <QKeySequenceEdit>
#include <QProcess>

#if defined(AUDIN_HAVE_X11_SHORTCUTS)
#include "X11TestClient.h"

#include <X11/XF86keysym.h>
#include <X11/keysym.h>
#endif

using namespace audin;
using namespace audin::test;
using Action = gui::GlobalShortcuts::Action;

class TestShortcutSettings : public QObject
{
    Q_OBJECT

private:
    bool startOnline(GuiFixture &fx)
    {
        if (!fx.presetSignIn(QStringLiteral("ok_alice_test"), {QStringLiteral("pn_1")}, true))
            return false;
        fx.start();
        return fx.waitOnline() && fx.waitTakingCallsOn(QStringLiteral("pn_1"));
    }

    static void type(const QString &keys)
    {
        QProcess::execute(QStringLiteral("xdotool"), {QStringLiteral("key"), keys});
    }

private slots:
    void initTestCase()
    {
        if (QGuiApplication::platformName() != QLatin1String("xcb"))
            QSKIP("needs an X server (ctest runs this through support/with-x-server.sh)");
#if !defined(AUDIN_HAVE_X11_SHORTCUTS)
        QSKIP("built without X11 shortcuts");
#endif
    }

#if defined(AUDIN_HAVE_X11_SHORTCUTS)
    void theDefaultKeyAnswersFromAnotherApplication()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        QVERIFY(fx.app->shortcuts()->isSupported());
        QCOMPARE(fx.app->shortcuts()->problem(Action::Answer), QString());
        OtherClient other;
        QVERIFY(other.takeFocus());

        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111"));
        QTRY_VERIFY(fx.session()->newestRinging());
        CallController *call = fx.session()->newestRinging();
        type(QStringLiteral("ctrl+alt+a"));
        QTRY_COMPARE(call->state(), CallState::Active);
        QVERIFY(other.hasFocus()); // answered without taking the focus away
        type(QStringLiteral("ctrl+alt+m"));
        QTRY_VERIFY(call->muted());
        // During the call the keyboard's microphone-mute key is ours too (nobody else holds it here).
        QTRY_VERIFY(fx.app->shortcuts()->holdsMicMuteKey());
        type(QStringLiteral("XF86AudioMicMute"));
        QTRY_VERIFY(!call->muted());
        type(QStringLiteral("ctrl+alt+h"));
        QTRY_COMPARE(call->state(), CallState::Ended);
        // And it goes back to the desktop when the call is over.
        QTRY_VERIFY(!fx.app->shortcuts()->holdsMicMuteKey());
        QVERIFY(other.grabKey(XF86XK_AudioMicMute, 0));
    }

    void aTakenKeyIsReportedAndRefusedAndAFreeOneSaved()
    {
        OtherClient other;
        QVERIFY(other.grabKey(XK_k, XCB_MOD_MASK_CONTROL | XCB_MOD_MASK_1));
        SimFixture sim;
        GuiFixture fx(sim);
        {
            desktop::AppSettings settings({fx.settingsFile(), fx.systemFile()});
            settings.setShortcut(desktop::SettingsKey::ShortcutAnswer, QStringLiteral("Ctrl+Alt+K"));
            settings.sync();
        }
        QVERIFY(startOnline(fx));
        // Reported at start, in words, with where to change it.
        QVERIFY(fx.app->shortcuts()->problem(Action::Answer).contains(QStringLiteral("another application")));
        QTRY_VERIFY(
            fx.window()->banner()->messages().join(QLatin1Char('\n')).contains(QStringLiteral("Settings › Calls")));

        fx.window()->openSettings();
        gui::SettingsDialog *dialog = fx.window()->settingsDialog();
        QVERIFY(dialog);
        gui::ShortcutsPanel *panel = dialog->shortcutsPanel();
        QVERIFY(panel->problemText(Action::Answer).contains(QStringLiteral("another application")));

        // Another held key is refused as it is typed, and not saved.
        QVERIFY(other.grabKey(XK_l, XCB_MOD_MASK_CONTROL | XCB_MOD_MASK_1));
        QKeySequenceEdit *hangUp = panel->editFor(Action::HangUp);
        hangUp->setKeySequence(QKeySequence(QStringLiteral("Ctrl+Alt+L")));
        emit hangUp->editingFinished();
        QVERIFY2(panel->problemText(Action::HangUp).contains(QStringLiteral("Ctrl+Alt+L")),
                 qPrintable(panel->problemText(Action::HangUp)));
        QVERIFY(!dialog->apply());
        QVERIFY(dialog->errorText().contains(QStringLiteral("cannot be saved")));
        QCOMPARE(fx.app->settings()->shortcut(desktop::SettingsKey::ShortcutHangUp), QStringLiteral("Ctrl+Alt+H"));

        // The same key for two actions is refused too.
        hangUp->setKeySequence(QKeySequence(QStringLiteral("Ctrl+Alt+M")));
        emit hangUp->editingFinished();
        QVERIFY(!panel->problemText(Action::HangUp).isEmpty());
        QVERIFY(!dialog->apply());

        // Free keys save, the banner goes, and the new answer key works.
        hangUp->setKeySequence(QKeySequence(QStringLiteral("Ctrl+Alt+H")));
        QKeySequenceEdit *answer = panel->editFor(Action::Answer);
        answer->setKeySequence(QKeySequence(QStringLiteral("Ctrl+Alt+J")));
        emit answer->editingFinished();
        QCOMPARE(panel->problemText(Action::Answer), QString());
        QVERIFY2(dialog->apply(), qPrintable(dialog->errorText()));
        QCOMPARE(fx.app->settings()->shortcut(desktop::SettingsKey::ShortcutAnswer), QStringLiteral("Ctrl+Alt+J"));
        QTRY_VERIFY(
            !fx.window()->banner()->messages().join(QLatin1Char('\n')).contains(QStringLiteral("Settings › Calls")));

        QVERIFY(other.takeFocus());
        sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111"));
        QTRY_VERIFY(fx.session()->newestRinging());
        CallController *call = fx.session()->newestRinging();
        type(QStringLiteral("ctrl+alt+j"));
        QTRY_COMPARE(call->state(), CallState::Active);
    }
#endif
};

QTEST_MAIN(TestShortcutSettings)
#include "TestShortcutSettings.moc"
