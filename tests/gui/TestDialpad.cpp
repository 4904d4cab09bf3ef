// SPDX-License-Identifier: GPL-3.0-or-later
// needs: secret-service
// Dialling out: numbers in any common format become E.164, bad input is explained where it was
// typed, the caller ID is one of the operator's numbers and remembered; during a call the same
// keys send tones.
#include "ActiveCallPanel.h"
#include "CallsPage.h"
#include "DialpadPanel.h"
#include "GuiFixture.h"
#include "HistoryPanel.h"
#include "MessageBanner.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>

using namespace audin;
using namespace audin::test;

class TestDialpad : public QObject
{
    Q_OBJECT

private:
    /** An operator in Germany: national and 00-prefixed numbers are read as German ones. */
    bool startOnline(GuiFixture &fx)
    {
        if (!fx.presetSignIn())
            return false;
        {
            desktop::AppSettings settings({fx.settingsFile(), fx.systemFile()});
            settings.setDefaultRegion(QStringLiteral("DE"));
        }
        fx.start();
        return fx.waitOnline();
    }

private slots:
    void pastedNumbersBecomeE164_data()
    {
        QTest::addColumn<QString>("pasted");
        QTest::addColumn<QString>("e164");
        QTest::newRow("spaces and dashes") << QStringLiteral("+49 30 1234-567") << QStringLiteral("+49301234567");
        QTest::newRow("parentheses") << QStringLiteral("+49 (30) 123 4567") << QStringLiteral("+49301234567");
        QTest::newRow("00 prefix") << QStringLiteral("0049 30 1234567") << QStringLiteral("+49301234567");
        QTest::newRow("national") << QStringLiteral("(030) 1234567") << QStringLiteral("+49301234567");
        QTest::newRow("tel link") << QStringLiteral("tel:+1-555-123-0099") << QStringLiteral("+15551230099");
        QTest::newRow("dots") << QStringLiteral("+44.20.7946.0958") << QStringLiteral("+442079460958");
    }

    void pastedNumbersBecomeE164()
    {
        QFETCH(QString, pasted);
        QFETCH(QString, e164);
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        gui::DialpadPanel *dialpad = fx.window()->callsPage()->dialpad();
        auto *field = dialpad->findChild<QLineEdit *>(QStringLiteral("numberEdit"));
        field->setFocus();
        QApplication::clipboard()->setText(pasted);
        QTest::keySequence(field, QKeySequence::Paste);
        QCOMPARE(field->text(), e164);
        QVERIFY(!dialpad->feedbackIsError());
        QVERIFY2(dialpad->feedback().startsWith(QStringLiteral("Will call +")), qPrintable(dialpad->feedback()));
    }

    void invalidInputIsExplainedInline_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::newRow("too short") << QStringLiteral("+4912");
        QTest::newRow("letters") << QStringLiteral("hello");
        QTest::newRow("too long") << QStringLiteral("+4930123456789012345");
    }

    void invalidInputIsExplainedInline()
    {
        QFETCH(QString, typed);
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        gui::DialpadPanel *dialpad = fx.window()->callsPage()->dialpad();
        auto *field = dialpad->findChild<QLineEdit *>(QStringLiteral("numberEdit"));
        QTest::keyClicks(field, typed);
        QCOMPARE(field->text(), typed); // typed text is never rewritten or lost
        QVERIFY(dialpad->feedbackIsError());
        QVERIFY(!dialpad->feedback().isEmpty());
        QTest::mouseClick(dialpad->findChild<QPushButton *>(QStringLiteral("callButton")), Qt::LeftButton);
        QCOMPARE(field->text(), typed);
        QVERIFY(dialpad->feedbackIsError());
        // Refused before the SDK was asked: no call object exists, so nothing can reach the service.
        QVERIFY(fx.session()->service()->activeCalls().isEmpty());
    }

    void callerIdIsOneOfOursAndRemembered()
    {
        SimFixture sim;
        QTemporaryDir profile;
        {
            GuiFixture fx(sim, profile.path());
            QVERIFY(startOnline(fx));
            gui::DialpadPanel *dialpad = fx.window()->callsPage()->dialpad();
            auto *combo = dialpad->findChild<QComboBox *>(QStringLiteral("callerIdCombo"));
            QTRY_COMPARE(combo->count(), 2);
            QCOMPARE(combo->itemText(0), QStringLiteral("Support (+1 555-123-0001)"));
            // A caller ID that is not ours is refused before anything is sent.
            const desktop::DesktopSession::DialResult refused
                = fx.session()->dial(QStringLiteral("+4930123456"), QStringLiteral("+4930000000"));
            QVERIFY(!refused.call);
            QVERIFY(refused.error.contains(QStringLiteral("your own numbers")));

            QVERIFY(dialpad->setCallerId(QStringLiteral("+15551230002")));
            dialpad->setNumber(QStringLiteral("+4930 123456"));
            QVERIFY2(dialpad->call(), qPrintable(dialpad->feedback()));
            QVERIFY(sim.waitForEvent([](const QJsonObject &e) {
                return e.value(QLatin1String("type")) == QLatin1String("dial")
                    && e.value(QLatin1String("to")) == QLatin1String("+4930123456")
                    && e.value(QLatin1String("callerId")) == QLatin1String("+15551230002");
            }));
            QTRY_VERIFY(fx.window()->callsPage()->showsCall());
            QTRY_COMPARE(fx.window()->callsPage()->callView()->stateText(), QStringLiteral("Talking"));
            fx.window()->callsPage()->callView()->hangup();
            QTRY_VERIFY(!fx.session()->currentCall());
        }
        GuiFixture again(sim, profile.path());
        QVERIFY(startOnline(again));
        QTRY_COMPARE(again.window()->callsPage()->dialpad()->callerId(), QStringLiteral("+15551230002"));
    }

    void keysDialThenSendTones()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        gui::DialpadPanel *dialpad = fx.window()->callsPage()->dialpad();
        auto *field = dialpad->findChild<QLineEdit *>(QStringLiteral("numberEdit"));
        for (const char *key : {"key0", "key0", "key4", "key9"})
            dialpad->findChild<QToolButton *>(QString::fromLatin1(key))->click();
        QTest::keyClicks(field, QStringLiteral("30123456"));
        QCOMPARE(field->text(), QStringLiteral("004930123456"));
        QTest::keyClick(field, Qt::Key_Return);
        QTRY_COMPARE(fx.window()->callsPage()->callView()->stateText(), QStringLiteral("Talking"));

        gui::ActiveCallPanel *view = fx.window()->callsPage()->callView();
        view->setFocus();
        QTest::keyClicks(view, QStringLiteral("12#"));
        view->findChild<QToolButton *>(QStringLiteral("keyStar"))->click();
        QTRY_COMPARE(view->sentKeys(), QStringLiteral("12#*"));
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) {
            return e.value(QLatin1String("type")) == QLatin1String("dtmf")
                && e.value(QLatin1String("digit")) == QLatin1String("*");
        }));
        view->hangup();
        QTRY_VERIFY(!fx.session()->currentCall());
        QCOMPARE(field->text(), QString()); // dialled, so the field is free for the next one
    }

    void busyKeepsTheNumberForAnotherTry()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QVERIFY(startOnline(fx));
        gui::DialpadPanel *dialpad = fx.window()->callsPage()->dialpad();
        dialpad->setNumber(QStringLiteral("+49 30 555000"));
        QVERIFY2(dialpad->call(), qPrintable(dialpad->feedback()));
        QTRY_VERIFY(!fx.window()->banner()->messages().isEmpty());
        QVERIFY(fx.window()->banner()->messages().last().contains(QStringLiteral("busy")));
        QTRY_VERIFY(!fx.window()->callsPage()->showsCall());
        QCOMPARE(dialpad->number(), QStringLiteral("+4930555000")); // put in as E.164, kept after the failure
    }

    void callBackFromHistory()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        {
            desktop::CallHistory history(fx.historyFile());
            QString error;
            QVERIFY2(history.open(&error), qPrintable(error));
            desktop::CallRecord record;
            record.callSid = QStringLiteral("CAold");
            record.direction = CallDirection::Inbound;
            record.remoteNumber = QStringLiteral("+4930777666");
            record.localNumber = QStringLiteral("+15551230002");
            record.lineId = QStringLiteral("pn_2");
            record.startedAt = QDateTime::currentDateTimeUtc().addSecs(-600);
            record.endedAt = record.startedAt.addSecs(20);
            record.endReason = CallEndReason::NoAnswer;
            record.missed = true;
            record.seen = false;
            QVERIFY(history.add(record) > 0);
        }
        QVERIFY(startOnline(fx));
        fx.window()->showHistory();
        gui::HistoryPanel *panel = fx.window()->historyPanel();
        QTRY_COMPARE(panel->rowCount(), 1);
        auto *table = panel->findChild<QTableView *>(QStringLiteral("table"));
        table->selectRow(0);
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("callBackButton")), Qt::LeftButton);
        // From the line the customer called.
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) {
            return e.value(QLatin1String("type")) == QLatin1String("dial")
                && e.value(QLatin1String("to")) == QLatin1String("+4930777666")
                && e.value(QLatin1String("callerId")) == QLatin1String("+15551230002");
        }));
        QTRY_VERIFY(fx.window()->callsPage()->showsCall());
    }
};

QTEST_MAIN(TestDialpad)
#include "TestDialpad.moc"
