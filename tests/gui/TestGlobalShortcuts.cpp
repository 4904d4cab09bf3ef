// SPDX-License-Identifier: GPL-3.0-or-later
// needs: x11
// System-wide shortcuts on a real X server: a key typed while another client's window has the focus reaches
// the softphone; a key another client holds is refused by name and can be had once that client lets go;
// unbound keys go back to the focused application; Caps Lock and Num Lock do not get in the way; the
// microphone key works; a held key fires once; the grabs follow a keyboard mapping change and end with the
// object. Keys are typed by xdotool (XTEST); the other client is a plain xcb connection of this process. Where
// nothing must happen, a second, bound key is typed afterwards and waited for: X delivers in order, so once it
// arrives the first would have.
#include "shortcuts/GlobalShortcuts.h"

#include <QAbstractEventDispatcher>
#include <QGuiApplication>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <memory>

#if defined(AUDIN_HAVE_X11_SHORTCUTS)
#include "X11TestClient.h"
#include "shortcuts/X11GlobalShortcuts.h"
#endif

using audin::gui::GlobalShortcuts;
using Action = GlobalShortcuts::Action;

// A macro, not a function: QSKIP only leaves the function it is written in.
#define REQUIRE_X11()                                                                                                  \
    if (!m_other)                                                                                                      \
    QSKIP("needs an X server: ctest runs this test through tests/support/with-x-server.sh")

namespace {

#if defined(AUDIN_HAVE_X11_SHORTCUTS)

using audin::test::OtherClient;

constexpr xcb_keysym_t KeysymH = 'h';
constexpr xcb_keysym_t KeysymK = 'k';
constexpr xcb_keysym_t KeysymHangupPhone = 0x100811be;
constexpr uint16_t ControlAlt = XCB_MOD_MASK_CONTROL | XCB_MOD_MASK_1;

#endif

/** Types keys the way a user would, through XTEST: "ctrl+alt+a", "XF86AudioMicMute". */
bool typeKeys(const QStringList &arguments)
{
    QProcess xdotool;
    xdotool.start(QStringLiteral("xdotool"), arguments);
    return xdotool.waitForFinished(10000) && xdotool.exitStatus() == QProcess::NormalExit && xdotool.exitCode() == 0;
}

bool typeKey(const QString &key)
{
    return typeKeys({QStringLiteral("key"), key});
}

QKeySequence keys(const char *text)
{
    return QKeySequence(QString::fromLatin1(text), QKeySequence::PortableText);
}

} // namespace

class TestGlobalShortcuts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
#if defined(AUDIN_HAVE_X11_SHORTCUTS)
        if (QGuiApplication::platformName() != QLatin1String("xcb"))
            return; // only the platform-independent checks run; see REQUIRE_X11()
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("xdotool")).isEmpty(), "xdotool is missing");
        m_other = std::make_unique<OtherClient>();
        QVERIFY(m_other->isValid());
        QVERIFY(m_other->takeFocus());
        QVERIFY(!QGuiApplication::focusWindow()); // this process has no window at all
#endif
    }

    void unsupportedPlatformSaysWhy()
    {
        for (const char *platform : {"offscreen", "minimal"}) {
            const auto shortcuts = GlobalShortcuts::createFor(QString::fromLatin1(platform));
            QVERIFY(!shortcuts->isSupported());
            const QString reason = shortcuts->unsupportedReason();
            QVERIFY2(reason.contains(QLatin1String(platform)) && reason.contains(QLatin1String("system-wide")),
                     qPrintable(reason));
            QString error;
            QVERIFY(!shortcuts->bind(Action::Answer, keys("Ctrl+Alt+A"), &error));
            QCOMPARE(error, reason);
            QVERIFY(shortcuts->binding(Action::Answer).isEmpty());
            QVERIFY(shortcuts->bind(Action::Answer, {}, &error)); // clearing is never an error
        }
    }

#if defined(AUDIN_HAVE_X11_SHORTCUTS)
    void createPicksX11OnXcb()
    {
        REQUIRE_X11();
        const auto shortcuts = GlobalShortcuts::create();
        QVERIFY(qobject_cast<audin::gui::X11GlobalShortcuts *>(shortcuts.get()));
        QVERIFY(shortcuts->isSupported());
        QVERIFY(shortcuts->unsupportedReason().isEmpty());
    }

    void answersWhileAnotherClientHasFocus()
    {
        REQUIRE_X11();
        const auto shortcuts = GlobalShortcuts::create();
        QSignalSpy activated(shortcuts.get(), &GlobalShortcuts::activated);
        QString error;
        QVERIFY2(shortcuts->bind(Action::Answer, keys("Ctrl+Alt+A"), &error), qPrintable(error));
        QCOMPARE(shortcuts->binding(Action::Answer), keys("Ctrl+Alt+A"));
        m_other->forgetKeyPresses();

        QVERIFY(typeKey(QStringLiteral("ctrl+alt+a")));
        QVERIFY(activated.wait(5000));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).value<Action>(), Action::Answer);
        // The other client kept the focus and never saw the key: it was ours alone.
        QVERIFY(m_other->hasFocus());
        QVERIFY(!m_other->receivedKeyPress(m_other->keycode('a')));

        // Shift and Meta (Super, Mod4) are part of the match too.
        QVERIFY2(shortcuts->bind(Action::SilenceRinger, keys("Meta+Shift+F5"), &error), qPrintable(error));
        QVERIFY(typeKey(QStringLiteral("super+shift+F5")));
        QTRY_COMPARE_WITH_TIMEOUT(activated.size(), 2, 5000);
        QCOMPARE(activated.at(1).at(0).value<Action>(), Action::SilenceRinger);
    }

    void keyHeldByAnotherClientIsRefused()
    {
        REQUIRE_X11();
        const auto shortcuts = GlobalShortcuts::create();
        QString error;
        QVERIFY2(shortcuts->bind(Action::HangUp, keys("Ctrl+Alt+H"), &error), qPrintable(error));
        QVERIFY(m_other->grabKey(KeysymK, ControlAlt));
        auto release = qScopeGuard([this] { m_other->ungrabKey(KeysymK, ControlAlt); });

        QVERIFY(!shortcuts->bind(Action::HangUp, keys("Ctrl+Alt+K"), &error));
        QVERIFY2(error.contains(keys("Ctrl+Alt+K").toString(QKeySequence::NativeText)), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("another application")), qPrintable(error));
        QCOMPARE(shortcuts->binding(Action::HangUp), keys("Ctrl+Alt+H")); // the old key stays
        // The grabs that did succeed (with Caps Lock, Num Lock) were given back.
        for (uint16_t locks : {XCB_MOD_MASK_LOCK, XCB_MOD_MASK_2}) {
            QVERIFY(m_other->grabKey(KeysymK, ControlAlt | locks));
            m_other->ungrabKey(KeysymK, ControlAlt | locks);
        }

        // Still ours: nothing of the failed attempt was left behind, nor taken from the old key.
        QSignalSpy activated(shortcuts.get(), &GlobalShortcuts::activated);
        QVERIFY(typeKey(QStringLiteral("ctrl+alt+h")));
        QVERIFY(activated.wait(5000));

        release.dismiss();
        m_other->ungrabKey(KeysymK, ControlAlt);
        QVERIFY2(shortcuts->bind(Action::HangUp, keys("Ctrl+Alt+K"), &error), qPrintable(error));
        QVERIFY(typeKey(QStringLiteral("ctrl+alt+k")));
        QTRY_COMPARE_WITH_TIMEOUT(activated.size(), 2, 5000);
        QCOMPARE(activated.at(1).at(0).value<Action>(), Action::HangUp);
        // …and the old key went back to the focused application.
        m_other->forgetKeyPresses();
        QVERIFY(typeKey(QStringLiteral("ctrl+alt+h")));
        QTRY_VERIFY_WITH_TIMEOUT(m_other->receivedKeyPress(m_other->keycode(KeysymH)), 5000);
        QCOMPARE(activated.size(), 2);
    }

    void keyFreedByDisconnectingClientCanBeBound()
    {
        REQUIRE_X11();
        const auto shortcuts = GlobalShortcuts::create();
        auto holder = std::make_unique<OtherClient>();
        QVERIFY(holder->isValid());
        QVERIFY(holder->grabKey(KeysymK, ControlAlt));
        QString error;
        QVERIFY(!shortcuts->bind(Action::Decline, keys("Ctrl+Alt+K"), &error));
        QVERIFY(shortcuts->binding(Action::Decline).isEmpty());
        // The server drops a client's grabs with its resources when it notices the connection closed.
        const xcb_window_t holderWindow = holder->createWindow();
        holder.reset();
        QTRY_VERIFY(!m_other->windowExists(holderWindow));
        QVERIFY2(shortcuts->bind(Action::Decline, keys("Ctrl+Alt+K"), &error), qPrintable(error));
        QSignalSpy activated(shortcuts.get(), &GlobalShortcuts::activated);
        QVERIFY(typeKey(QStringLiteral("ctrl+alt+k")));
        QVERIFY(activated.wait(5000));
        QCOMPARE(activated.at(0).at(0).value<Action>(), Action::Decline);
    }

    void unboundKeyNoLongerTriggers()
    {
        REQUIRE_X11();
        const auto shortcuts = GlobalShortcuts::create();
        QString error;
        QVERIFY(shortcuts->bind(Action::Answer, keys("Ctrl+Alt+A"), &error));
        QVERIFY(shortcuts->bind(Action::ToggleMute, keys("Ctrl+Alt+M"), &error));
        QVERIFY(shortcuts->bind(Action::Answer, {}, &error));
        QVERIFY(shortcuts->binding(Action::Answer).isEmpty());
        QSignalSpy activated(shortcuts.get(), &GlobalShortcuts::activated);
        m_other->forgetKeyPresses();

        QVERIFY(typeKey(QStringLiteral("ctrl+alt+a")));
        QVERIFY(typeKey(QStringLiteral("ctrl+alt+m")));
        QVERIFY(activated.wait(5000));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).value<Action>(), Action::ToggleMute);
        // The unbound key reached the application with the focus again.
        QVERIFY(m_other->receivedKeyPress(m_other->keycode('a')));
    }

    void locksDoNotGetInTheWay()
    {
        REQUIRE_X11();
        const auto shortcuts = GlobalShortcuts::create();
        QString error;
        QVERIFY(shortcuts->bind(Action::Answer, keys("Ctrl+Alt+A"), &error));
        QSignalSpy activated(shortcuts.get(), &GlobalShortcuts::activated);
        auto unlock = qScopeGuard([this] {
            const uint16_t state = m_other->modifierState();
            if (state & XCB_MOD_MASK_2)
                typeKey(QStringLiteral("Num_Lock"));
            if (state & XCB_MOD_MASK_LOCK)
                typeKey(QStringLiteral("Caps_Lock"));
        });

        QVERIFY(typeKey(QStringLiteral("Num_Lock")));
        QTRY_VERIFY(m_other->modifierState() & XCB_MOD_MASK_2);
        QVERIFY(typeKey(QStringLiteral("ctrl+alt+a")));
        QVERIFY(activated.wait(5000));

        QVERIFY(typeKey(QStringLiteral("Caps_Lock")));
        QTRY_VERIFY(m_other->modifierState() & XCB_MOD_MASK_LOCK);
        QVERIFY(typeKey(QStringLiteral("ctrl+alt+a")));
        QTRY_COMPARE_WITH_TIMEOUT(activated.size(), 2, 5000);

        QVERIFY(typeKey(QStringLiteral("Num_Lock")));
        QTRY_VERIFY(!(m_other->modifierState() & XCB_MOD_MASK_2));
        QVERIFY(typeKey(QStringLiteral("ctrl+alt+a"))); // Caps Lock alone
        QTRY_COMPARE_WITH_TIMEOUT(activated.size(), 3, 5000);
        for (const QList<QVariant> &signal : std::as_const(activated))
            QCOMPARE(signal.at(0).value<Action>(), Action::Answer);
    }

    void microphoneKeyMutes()
    {
        REQUIRE_X11();
        const auto shortcuts = GlobalShortcuts::create();
        QString error;
        // A media key needs no modifier: nobody types with it.
        QVERIFY2(shortcuts->bind(Action::ToggleMute, QKeySequence(Qt::Key_MicMute), &error), qPrintable(error));
        QSignalSpy activated(shortcuts.get(), &GlobalShortcuts::activated);
        QVERIFY(typeKey(QStringLiteral("XF86AudioMicMute")));
        QVERIFY(activated.wait(5000));
        QCOMPARE(activated.at(0).at(0).value<Action>(), Action::ToggleMute);
    }

    void heldKeyFiresOnce()
    {
        REQUIRE_X11();
        const auto shortcuts = GlobalShortcuts::create();
        QString error;
        QVERIFY(shortcuts->bind(Action::AnswerOrHangUp, keys("Ctrl+Alt+A"), &error));
        QSignalSpy activated(shortcuts.get(), &GlobalShortcuts::activated);
        // XTEST's keyboard never auto-repeats, so the server's repeats are handed to the event filters the way
        // Qt hands them every event it reads.
        const xcb_keycode_t keycode = m_other->keycode('a');
        const xcb_window_t root = m_other->root();
        const auto deliver = [&](uint8_t type, xcb_timestamp_t time) {
            xcb_key_press_event_t event {};
            event.response_type = type;
            event.detail = keycode;
            event.time = time;
            event.root = root;
            event.event = root;
            event.state = ControlAlt | XCB_MOD_MASK_2;
            event.same_screen = 1;
            QAbstractEventDispatcher::instance()->filterNativeEvent("xcb_generic_event_t", &event, nullptr);
        };
        // With XKB's detectable auto-repeat (Qt turns it on): presses and one release.
        deliver(XCB_KEY_PRESS, 1000);
        deliver(XCB_KEY_PRESS, 1500);
        deliver(XCB_KEY_PRESS, 1530);
        deliver(XCB_KEY_RELEASE, 1560);
        QCOMPARE(activated.size(), 1);
        // Without it: release and press pairs with one time stamp.
        deliver(XCB_KEY_PRESS, 5000);
        deliver(XCB_KEY_RELEASE, 5500);
        deliver(XCB_KEY_PRESS, 5500);
        deliver(XCB_KEY_RELEASE, 5530);
        deliver(XCB_KEY_PRESS, 5530);
        deliver(XCB_KEY_RELEASE, 5600);
        QCOMPARE(activated.size(), 2);
        // Pressed again after a release, however soon, it counts again…
        deliver(XCB_KEY_PRESS, 5650);
        deliver(XCB_KEY_RELEASE, 5700);
        QCOMPARE(activated.size(), 3);
        // …and a release that never came does not swallow the key for good.
        deliver(XCB_KEY_PRESS, 9000);
        deliver(XCB_KEY_PRESS, 20000);
        QCOMPARE(activated.size(), 5);
        for (const QList<QVariant> &signal : std::as_const(activated))
            QCOMPARE(signal.at(0).value<Action>(), Action::AnswerOrHangUp);
        deliver(XCB_KEY_RELEASE, 20100);
    }

    void refusesKeysItCannotGrab()
    {
        REQUIRE_X11();
        const auto shortcuts = GlobalShortcuts::create();
        QString error;
        QVERIFY(!shortcuts->bind(Action::Answer, keys("Ctrl+Alt+A, Ctrl+Alt+B"), &error));
        QVERIFY2(error.contains(QLatin1String("more than one")), qPrintable(error));
        QVERIFY(!shortcuts->bind(Action::Answer, keys("A"), &error));
        QVERIFY2(error.contains(QLatin1String("Ctrl, Alt or Meta")), qPrintable(error));
        QVERIFY(!shortcuts->bind(Action::Answer, keys("Shift+Space"), &error));
        QVERIFY(!shortcuts->bind(Action::Answer,
                                 QKeySequence(QKeyCombination(Qt::ControlModifier | Qt::KeypadModifier, Qt::Key_5)),
                                 &error));
        QVERIFY(!shortcuts->bind(Action::Answer, keys("Ctrl+Alt+\\"), &error)); // no keysym in the table
        QVERIFY2(error.contains(QLatin1String("cannot be used")), qPrintable(error));
        if (!m_other->keycode(KeysymHangupPhone)) { // xkeyboard-config before 2.36 has no key for it
            QVERIFY(!shortcuts->bind(Action::HangUp, QKeySequence(Qt::Key_Hangup), &error));
            QVERIFY2(error.contains(QLatin1String("not on this keyboard")), qPrintable(error));
        }
        QVERIFY(shortcuts->bind(Action::Answer, keys("Ctrl+Alt+A"), &error));
        QVERIFY(!shortcuts->bind(Action::HangUp, keys("Ctrl+Alt+A"), &error));
        QVERIFY2(error.contains(GlobalShortcuts::actionText(Action::Answer)), qPrintable(error));
        // Two names of one key (both are XF86AudioPlay) are one key.
        QVERIFY(shortcuts->bind(Action::ToggleMute, QKeySequence(Qt::Key_MediaPlay), &error));
        QVERIFY(!shortcuts->bind(Action::HangUp, QKeySequence(Qt::Key_MediaTogglePlayPause), &error));
        for (Action action : {Action::HangUp, Action::Decline})
            QVERIFY(shortcuts->binding(action).isEmpty());
    }

    void destroyingReleasesKeys()
    {
        REQUIRE_X11();
        auto shortcuts = GlobalShortcuts::create();
        QString error;
        QVERIFY(shortcuts->bind(Action::Answer, keys("Ctrl+Alt+K"), &error));
        QVERIFY(!m_other->grabKey(KeysymK, ControlAlt));
        shortcuts.reset();
        QVERIFY(m_other->grabKey(KeysymK, ControlAlt));
        m_other->ungrabKey(KeysymK, ControlAlt);
    }

    void followsKeyboardMappingChanges()
    {
        REQUIRE_X11();
        const auto shortcuts = GlobalShortcuts::create();
        auto *x11 = qobject_cast<audin::gui::X11GlobalShortcuts *>(shortcuts.get());
        QVERIFY(x11);
        QString error;
        QVERIFY(shortcuts->bind(Action::HangUp, keys("Ctrl+Alt+H"), &error));
        QSignalSpy regrabbed(x11, &audin::gui::X11GlobalShortcuts::grabsUpdated);
        QSignalSpy activated(shortcuts.get(), &GlobalShortcuts::activated);

        // Move "h" to another key, as a layout switch does.
        const xcb_keycode_t oldKeycode = m_other->keycode(KeysymH);
        const xcb_keycode_t newKeycode = m_other->spareKeycode();
        QVERIFY(oldKeycode && newKeycode);
        int per = 0;
        const QList<xcb_keysym_t> original = m_other->keysymsOf(oldKeycode, &per);
        const QList<xcb_keysym_t> none(per, 0);
        auto restore = qScopeGuard([&] {
            m_other->setKeysyms(newKeycode, none);
            m_other->setKeysyms(oldKeycode, original);
        });
        QVERIFY(m_other->setKeysyms(newKeycode, original));
        QVERIFY(m_other->setKeysyms(oldKeycode, none));
        QCOMPARE(m_other->keycode(KeysymH), newKeycode);
        QVERIFY(regrabbed.wait(5000));

        QVERIFY(typeKey(QStringLiteral("ctrl+alt+h"))); // xdotool finds "h" on its new key
        QVERIFY(activated.wait(5000));
        QCOMPARE(activated.at(0).at(0).value<Action>(), Action::HangUp);

        restore.dismiss();
        QVERIFY(m_other->setKeysyms(newKeycode, none));
        QVERIFY(m_other->setKeysyms(oldKeycode, original));
        QTRY_VERIFY_WITH_TIMEOUT(regrabbed.size() >= 2, 5000);
        QVERIFY(typeKey(QStringLiteral("ctrl+alt+h")));
        QTRY_COMPARE_WITH_TIMEOUT(activated.size(), 2, 5000);
    }
#endif

private:
#if defined(AUDIN_HAVE_X11_SHORTCUTS)
    std::unique_ptr<OtherClient> m_other;
#endif
};

QTEST_MAIN(TestGlobalShortcuts)
#include "TestGlobalShortcuts.moc"
