// SPDX-License-Identifier: GPL-3.0-or-later
// Qt key combinations as X11 and the XDG shortcuts specification name them: the keysym and core modifier
// mask the X11 shortcuts grab, and the trigger string the Wayland portal is offered. No display needed.
#include "shortcuts/XkbKeyMapping.h"

#include <QKeySequence>
#include <QTest>

using namespace audin::gui;

Q_DECLARE_METATYPE(QKeyCombination)

class TestXkbKeyMapping : public QObject
{
    Q_OBJECT

private slots:
    void mapsKeysAndModifiers_data()
    {
        QTest::addColumn<QKeyCombination>("combination");
        QTest::addColumn<quint32>("keysym");
        QTest::addColumn<quint16>("modifiers");
        QTest::addColumn<QString>("trigger");

        const auto mods = [](std::initializer_list<quint16> bits) {
            quint16 mask = 0;
            for (quint16 bit : bits)
                mask |= bit;
            return mask;
        };
        QTest::newRow("Ctrl+Alt+A") << QKeyCombination(Qt::ControlModifier | Qt::AltModifier, Qt::Key_A) << 0x61u
                                    << mods({XModifier::Control, XModifier::Mod1}) << QStringLiteral("CTRL+ALT+a");
        QTest::newRow("Meta+Shift+F5") << QKeyCombination(Qt::MetaModifier | Qt::ShiftModifier, Qt::Key_F5) << 0xffc2u
                                       << mods({XModifier::Mod4, XModifier::Shift}) << QStringLiteral("SHIFT+LOGO+F5");
        QTest::newRow("Ctrl+Alt+0") << QKeyCombination(Qt::ControlModifier | Qt::AltModifier, Qt::Key_0) << 0x30u
                                    << mods({XModifier::Control, XModifier::Mod1}) << QStringLiteral("CTRL+ALT+0");
        QTest::newRow("Ctrl+Z") << QKeyCombination(Qt::ControlModifier, Qt::Key_Z) << 0x7au
                                << mods({XModifier::Control}) << QStringLiteral("CTRL+z");
        QTest::newRow("F35") << QKeyCombination(Qt::Key_F35) << 0xffe0u << quint16(0) << QStringLiteral("F35");
        QTest::newRow("Ctrl+Return") << QKeyCombination(Qt::ControlModifier, Qt::Key_Return) << 0xff0du
                                     << mods({XModifier::Control}) << QStringLiteral("CTRL+Return");
        QTest::newRow("Alt+Space") << QKeyCombination(Qt::AltModifier, Qt::Key_Space) << 0x20u
                                   << mods({XModifier::Mod1}) << QStringLiteral("ALT+space");
        QTest::newRow("MicMute") << QKeyCombination(Qt::Key_MicMute) << 0x1008ffb2u << quint16(0)
                                 << QStringLiteral("XF86AudioMicMute");
        QTest::newRow("MediaPlay") << QKeyCombination(Qt::Key_MediaPlay) << 0x1008ff14u << quint16(0)
                                   << QStringLiteral("XF86AudioPlay");
        QTest::newRow("MediaTogglePlayPause") << QKeyCombination(Qt::Key_MediaTogglePlayPause) << 0x1008ff14u
                                              << quint16(0) << QStringLiteral("XF86AudioPlay");
        QTest::newRow("MediaStop") << QKeyCombination(Qt::Key_MediaStop) << 0x1008ff15u << quint16(0)
                                   << QStringLiteral("XF86AudioStop");
        QTest::newRow("Phone") << QKeyCombination(Qt::Key_Phone) << 0x1008ff6eu << quint16(0)
                               << QStringLiteral("XF86Phone");
        QTest::newRow("Hangup") << QKeyCombination(Qt::Key_Hangup) << 0x100811beu << quint16(0)
                                << QStringLiteral("XF86HangupPhone");
        QTest::newRow("from text") << QKeySequence(QStringLiteral("Ctrl+Shift+Alt+Meta+K"))[0] << 0x6bu
                                   << XModifier::ShortcutMask << QStringLiteral("CTRL+ALT+SHIFT+LOGO+k");
    }

    void mapsKeysAndModifiers()
    {
        QFETCH(QKeyCombination, combination);
        QFETCH(quint32, keysym);
        QFETCH(quint16, modifiers);
        QFETCH(QString, trigger);
        const std::optional<XkbKey> key = xkbKeyFor(combination);
        QVERIFY(key);
        QCOMPARE(key->keysym, keysym);
        QCOMPARE(key->modifiers, modifiers);
        QCOMPARE(xdgShortcutTrigger(combination), trigger);
    }

    void refusesWhatHasNoKeysym()
    {
        // Keypad keys change with Num Lock; modifier keys, punctuation and unknown keys are not in the table.
        for (const QKeyCombination combination :
             {QKeyCombination(Qt::ControlModifier | Qt::KeypadModifier, Qt::Key_5), QKeyCombination(Qt::Key_Shift),
              QKeyCombination(Qt::ControlModifier, Qt::Key_Backslash), QKeyCombination(Qt::Key_unknown)}) {
            QVERIFY2(!xkbKeyFor(combination), qPrintable(QKeySequence(combination).toString()));
            QVERIFY(xdgShortcutTrigger(combination).isEmpty());
        }
        QVERIFY(xkbKeysymName(0x12345678).isEmpty());
    }
};

QTEST_MAIN(TestXkbKeyMapping)
#include "TestXkbKeyMapping.moc"
