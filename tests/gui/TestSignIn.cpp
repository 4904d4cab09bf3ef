// SPDX-License-Identifier: GPL-3.0-or-later
// needs: secret-service
// First run and signing in: each failure explained without losing what was typed, the operator
// key in the system keychain (a real Secret Service) and never in the settings file.
#include "GuiFixture.h"
#include "PresenceBar.h"
#include "SignInDialog.h"

#include <QFile>
#include <QLineEdit>
#include <QRadioButton>

using namespace audin;
using namespace audin::test;
using Outcome = desktop::SignInCheck::Outcome;

class TestSignIn : public QObject
{
    Q_OBJECT

private:
    static gui::SignInDialog *waitDialog(GuiFixture &fx)
    {
        if (!QTest::qWaitFor([&] { return fx.window()->signInDialog() && fx.window()->signInDialog()->isVisible(); },
                             5000))
            return nullptr;
        return fx.window()->signInDialog();
    }

    static void fill(gui::SignInDialog *dialog, const QString &service, const QString &endpoint, const QString &key,
                     const QString &command = {})
    {
        dialog->findChild<QLineEdit *>(QStringLiteral("serviceUrlEdit"))->setText(service);
        if (command.isEmpty()) {
            dialog->findChild<QRadioButton *>(QStringLiteral("endpointRadio"))->setChecked(true);
            dialog->findChild<QLineEdit *>(QStringLiteral("endpointUrlEdit"))->setText(endpoint);
            auto *keyEdit = dialog->findChild<QLineEdit *>(QStringLiteral("operatorKeyEdit"));
            keyEdit->clear();
            QTest::keyClicks(keyEdit, key);
        } else {
            dialog->findChild<QRadioButton *>(QStringLiteral("commandRadio"))->setChecked(true);
            dialog->findChild<QLineEdit *>(QStringLiteral("commandEdit"))->setText(command);
        }
    }

    static desktop::SignInCheck::Result runCheck(gui::SignInDialog *dialog)
    {
        QSignalSpy finished(dialog, &gui::SignInDialog::checkFinished);
        dialog->signIn();
        if (!finished.wait(20000))
            return {Outcome::ServiceError, QStringLiteral("no result"), {}};
        return finished.first().at(0).value<desktop::SignInCheck::Result>();
    }

private slots:
    void initTestCase() { qRegisterMetaType<desktop::SignInCheck::Result>(); }

    void failuresAreExplainedAndNothingTypedIsLost_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("outcome");
        const QString ok = QStringLiteral("SIM");
        QTest::newRow("bad service address")
            << QStringLiteral("ftp://core.example.com") << ok << QStringLiteral("ok_alice_test") << QString()
            << int(Outcome::InvalidServiceUrl);
        QTest::newRow("endpoint unreachable")
            << ok << QStringLiteral("http://127.0.0.1:9/token") << QStringLiteral("ok_alice_test") << QString()
            << int(Outcome::EndpointUnreachable);
        QTest::newRow("wrong operator key")
            << ok << ok << QStringLiteral("ok_wrong") << QString() << int(Outcome::KeyRejected);
        QTest::newRow("token command prints garbage")
            << ok << QString() << QString() << QStringLiteral("echo this-is-not-json")
            << int(Outcome::BadTokenResponse);
        QTest::newRow("token command fails")
            << ok << QString() << QString() << QStringLiteral("exit 3") << int(Outcome::CommandFailed);
        QTest::newRow("service refuses the token")
            << ok << QString() << QString() << QStringLiteral("echo '{\"token\":\"aaa.bbb.ccc\"}'")
            << int(Outcome::TokenRefused);
        QTest::newRow("disabled operator")
            << ok << ok << QStringLiteral("ok_carol_test") << QString() << int(Outcome::AccountDisabled);
    }

    void failuresAreExplainedAndNothingTypedIsLost()
    {
        QFETCH(QString, service);
        QFETCH(QString, endpoint);
        QFETCH(QString, key);
        QFETCH(QString, command);
        QFETCH(int, outcome);
        SimFixture sim;
        GuiFixture fx(sim);
        if (service == QLatin1String("SIM"))
            service = sim.coreUrl();
        if (endpoint == QLatin1String("SIM"))
            endpoint = fx.partnerTokenUrl();
        fx.start();
        gui::SignInDialog *dialog = waitDialog(fx);
        QVERIFY(dialog);
        fill(dialog, service, endpoint, key, command);
        const desktop::SignInCheck::Result result = runCheck(dialog);
        QCOMPARE(int(result.outcome), outcome);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->statusText(), result.message);
        QVERIFY(!result.message.isEmpty());
        QVERIFY(!result.message.contains(QStringLiteral("ok_"))); // never quotes the key
        // What was typed is all still there.
        const desktop::SignInSettings entered = dialog->enteredSettings();
        QCOMPARE(entered.serviceUrl, service);
        QCOMPARE(entered.command, command);
        if (command.isEmpty()) {
            QCOMPARE(entered.endpointUrl, endpoint);
            QCOMPARE(entered.operatorKey, key);
        }
        QVERIFY(!fx.session()->service());
    }

    void signingInStoresTheKeyInTheKeychainOnly()
    {
        SimFixture sim;
        QTemporaryDir profile;
        {
            GuiFixture fx(sim, profile.path());
            fx.start();
            gui::SignInDialog *dialog = waitDialog(fx);
            QVERIFY(dialog);
            fill(dialog, sim.coreUrl(), fx.partnerTokenUrl(), QStringLiteral("ok_alice_test"));
            const desktop::SignInCheck::Result result = runCheck(dialog);
            QCOMPARE(result.outcome, Outcome::Ok);
            QCOMPARE(result.numbers.size(), 2); // pn_1, pn_2 (pn_3 is inactive)
            QTRY_VERIFY(!dialog->isVisible());
            QVERIFY(fx.waitOnline());
            QTRY_COMPARE(fx.readKey(), std::optional<QString>(QStringLiteral("ok_alice_test")));
            fx.app.reset();
            QFile file(fx.settingsFile());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray settings = file.readAll();
            QVERIFY(settings.contains(sim.coreUrl().toUtf8()));
            QVERIFY(!settings.contains("ok_alice_test"));
        }
        // Next start: straight online, with the key from the keychain.
        GuiFixture again(sim, profile.path());
        again.start();
        QVERIFY(again.waitOnline());
        QVERIFY(!again.window()->signInDialog() || !again.window()->signInDialog()->isVisible());

        again.session()->signOut();
        QTRY_VERIFY(again.window()->signInDialog() && again.window()->signInDialog()->isVisible());
        QTRY_COMPARE(again.readKey(), std::optional<QString>());
        QCOMPARE(again.window()->presenceBar()->statusText(), QStringLiteral("Signed out"));
    }

    void administratorLockedAddressCannotBeChanged()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        {
            QFile system(fx.systemFile());
            QVERIFY(system.open(QIODevice::WriteOnly));
            system.write("[Locked]\nservice/url=" + sim.coreUrl().toUtf8() + "\n");
        }
        fx.start();
        gui::SignInDialog *dialog = waitDialog(fx);
        QVERIFY(dialog);
        auto *service = dialog->findChild<QLineEdit *>(QStringLiteral("serviceUrlEdit"));
        QCOMPARE(service->text(), sim.coreUrl());
        QVERIFY(!service->isEnabled());
        fill(dialog, sim.coreUrl(), fx.partnerTokenUrl(), QStringLiteral("ok_alice_test"));
        QCOMPARE(runCheck(dialog).outcome, Outcome::Ok);
        QVERIFY(fx.waitOnline());
    }
};

QTEST_MAIN(TestSignIn)
#include "TestSignIn.moc"
