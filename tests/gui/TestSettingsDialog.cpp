// SPDX-License-Identifier: GPL-3.0-or-later
// needs: secret-service
// Settings: what is chosen is saved and comes back, what an administrator locked cannot be
// changed, a value that cannot be saved is explained without losing the rest, the microphone meter
// moves with the microphone, and start-at-login really writes the autostart entry.
#include "GuiFixture.h"
#include "SettingsDialog.h"
#include "WavFileAudioBackend.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLineEdit>
#include <QMutex>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <cmath>

using namespace audin;
using namespace audin::test;

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private:
    static gui::SettingsDialog *open(GuiFixture &fx)
    {
        fx.window()->openSettings();
        return fx.window()->settingsDialog();
    }

    template<typename T> static T *field(QWidget *dialog, const char *name)
    {
        T *found = dialog->findChild<T *>(QString::fromLatin1(name));
        if (!found)
            qWarning("no %s", name);
        return found;
    }

private slots:
    void choicesAreSavedAndComeBack()
    {
        SimFixture sim;
        QTemporaryDir profile;
        {
            GuiFixture fx(sim, profile.path());
            QVERIFY(fx.presetSignIn());
            fx.start();
            QVERIFY(fx.waitOnline());
            gui::SettingsDialog *dialog = open(fx);
            QVERIFY(dialog);
            field<QSlider>(dialog, "ringerVolumeSlider")->setValue(35);
            field<QCheckBox>(dialog, "echoCheck")->setChecked(false);
            field<QCheckBox>(dialog, "autoAnswerCheck")->setChecked(true);
            field<QSpinBox>(dialog, "autoAnswerDelaySpin")->setValue(7);
            field<QLineEdit>(dialog, "screenPopEdit")->setText(QStringLiteral("https://crm.example/?n={from}"));
            field<QCheckBox>(dialog, "startMinimisedCheck")->setChecked(true);
            auto *language = field<QComboBox>(dialog, "languageCombo");
            language->setCurrentIndex(language->findData(QStringLiteral("de")));
            auto *region = field<QComboBox>(dialog, "regionCombo");
            QVERIFY(region->findData(QStringLiteral("DE")) > 0);
            region->setCurrentIndex(region->findData(QStringLiteral("DE")));
            field<QCheckBox>(dialog, "startAtLoginCheck")->setChecked(true);
            QTest::mouseClick(field<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::Ok), Qt::LeftButton);
            QTRY_VERIFY(!fx.window()->settingsDialog());
            QVERIFY(QFile::exists(profile.filePath(QStringLiteral("autostart/ai.audin.Softphone.desktop"))));
        }
        desktop::AppSettings saved(
            {profile.filePath(QStringLiteral("settings.ini")), profile.filePath(QStringLiteral("system.ini"))});
        QCOMPARE(saved.ringerVolume(), 35);
        QVERIFY(!saved.echoCancellation());
        QVERIFY(saved.noiseSuppression());
        QVERIFY(saved.autoAnswer());
        QCOMPARE(saved.autoAnswerDelayS(), 7);
        QCOMPARE(saved.screenPopTemplate(), QStringLiteral("https://crm.example/?n={from}"));
        QVERIFY(saved.startMinimised());
        QVERIFY(saved.startAtLogin());
        QCOMPARE(saved.language(), QStringLiteral("de"));
        QCOMPARE(saved.defaultRegion(), QStringLiteral("DE"));

        GuiFixture again(sim, profile.path());
        again.start();
        gui::SettingsDialog *dialog = open(again);
        QCOMPARE(field<QSlider>(dialog, "ringerVolumeSlider")->value(), 35);
        QVERIFY(!field<QCheckBox>(dialog, "echoCheck")->isChecked());
        QCOMPARE(field<QSpinBox>(dialog, "autoAnswerDelaySpin")->value(), 7);
        QCOMPARE(field<QComboBox>(dialog, "regionCombo")->currentData().toString(), QStringLiteral("DE"));
        QVERIFY(field<QCheckBox>(dialog, "startAtLoginCheck")->isChecked());
        // Turning start-at-login off removes the entry again.
        field<QCheckBox>(dialog, "startAtLoginCheck")->setChecked(false);
        QVERIFY(dialog->apply());
        QVERIFY(!QFile::exists(profile.filePath(QStringLiteral("autostart/ai.audin.Softphone.desktop"))));
    }

    void aValueThatCannotBeSavedIsExplained()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        fx.start();
        gui::SettingsDialog *dialog = open(fx);
        field<QSpinBox>(dialog, "autoAnswerDelaySpin")->setValue(9);
        field<QLineEdit>(dialog, "screenPopEdit")->setText(QStringLiteral("javascript:alert({from})"));
        QVERIFY(!dialog->apply());
        QVERIFY2(dialog->errorText().contains(QStringLiteral("https://")), qPrintable(dialog->errorText()));
        QVERIFY(dialog->isVisible());
        // Nothing typed is lost, and nothing was half-saved.
        QCOMPARE(field<QLineEdit>(dialog, "screenPopEdit")->text(), QStringLiteral("javascript:alert({from})"));
        QCOMPARE(field<QSpinBox>(dialog, "autoAnswerDelaySpin")->value(), 9);
        QCOMPARE(fx.app->settings()->autoAnswerDelayS(), 3);
        field<QLineEdit>(dialog, "screenPopEdit")->setText(QStringLiteral("https://crm.example/{from}"));
        QVERIFY(dialog->apply());
        QCOMPARE(fx.app->settings()->autoAnswerDelayS(), 9);
        QVERIFY(dialog->errorText().isEmpty());
    }

    void administratorLocksAreShownAndKept()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        {
            QFile system(fx.systemFile());
            QVERIFY(system.open(QIODevice::WriteOnly));
            system.write(
                "[Defaults]\naudio/ringerVolume=60\n[Locked]\ncalls/autoAnswer=true\ncalls/autoAnswerDelayS=2\n");
        }
        fx.start();
        gui::SettingsDialog *dialog = open(fx);
        auto *autoAnswer = field<QCheckBox>(dialog, "autoAnswerCheck");
        QVERIFY(autoAnswer->isChecked());
        QVERIFY(!autoAnswer->isEnabled());
        QVERIFY(autoAnswer->toolTip().contains(QStringLiteral("administrator")));
        QVERIFY(!field<QSpinBox>(dialog, "autoAnswerDelaySpin")->isEnabled());
        auto *volume = field<QSlider>(dialog, "ringerVolumeSlider");
        QCOMPARE(volume->value(), 60); // a default: the operator may change it
        QVERIFY(volume->isEnabled());
        volume->setValue(20);
        QVERIFY(dialog->apply());
        QCOMPARE(fx.app->settings()->ringerVolume(), 20);
        QVERIFY(fx.app->settings()->autoAnswer());
        QCOMPARE(fx.app->settings()->autoAnswerDelayS(), 2);
        QFile user(fx.settingsFile());
        QVERIFY(user.open(QIODevice::ReadOnly));
        QVERIFY(!user.readAll().contains("autoAnswer"));
    }

    void testButtonsPlayOnTheChosenDevices()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        auto devices = std::make_shared<QStringList>();
        auto lock = std::make_shared<QMutex>();
        auto options = fx.options();
        options.toneAudio = [devices, lock](const QString &device) {
            QMutexLocker locked(lock.get());
            devices->append(device);
            return std::make_unique<media::NullAudioBackend>();
        };
        fx.start(options);
        gui::SettingsDialog *dialog = open(fx);
        QTest::mouseClick(field<QPushButton>(dialog, "testSpeakerButton"), Qt::LeftButton);
        QVERIFY(fx.app->preview()->isPlaying());
        QTRY_VERIFY([&] {
            QMutexLocker locked(lock.get());
            return devices->size() == 1 && devices->first().isEmpty(); // the system default
        }());
        fx.app->preview()->stop();
        QTest::mouseClick(field<QPushButton>(dialog, "testRingerButton"), Qt::LeftButton);
        QVERIFY(fx.app->preview()->isPlaying());
        dialog->close();
        QVERIFY(!fx.app->preview()->isPlaying()); // closing the dialog stops a test sound
    }

    void theChosenLanguageIsUsedAtTheNextStart()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        {
            desktop::AppSettings settings({fx.settingsFile(), fx.systemFile()});
            settings.setLanguage(QStringLiteral("de"));
        }
        fx.start();
        QTabWidget *tabs = fx.window()->findChild<QTabWidget *>(QStringLiteral("tabs"));
        QCOMPARE(tabs->tabText(0), QStringLiteral("Anrufe"));
        QCOMPARE(tabs->tabText(2), QStringLiteral("Anrufliste"));
        fx.app.reset();
        // Back to the system language (the test runs in C/English): nothing German is left behind.
        GuiFixture english(sim);
        english.start();
        QCOMPARE(english.window()->findChild<QTabWidget *>(QStringLiteral("tabs"))->tabText(0),
                 QStringLiteral("Calls"));
    }

    void microphoneMeterFollowsTheMicrophone()
    {
        SimFixture sim;
        GuiFixture fx(sim);
        QTemporaryDir dir;
        const QString tone = dir.filePath(QStringLiteral("tone.wav"));
        {
            std::vector<int16_t> samples(48000 * 3);
            for (size_t i = 0; i < samples.size(); ++i)
                samples[i] = int16_t(12000 * std::sin(2 * M_PI * 500 * double(i) / 48000));
            media::WavWriter writer(tone, 48000, 1);
            QVERIFY(writer.open());
            writer.write(samples.data(), int(samples.size()));
            writer.close();
        }
        auto options = fx.options();
        options.meterAudio
            = [tone](const QString &) { return std::make_unique<media::WavFileAudioBackend>(tone, true); };
        fx.start(options);
        gui::SettingsDialog *dialog = open(fx);
        auto *meter = field<QProgressBar>(dialog, "levelMeter");
        QTRY_VERIFY_WITH_TIMEOUT(meter->value() > -12, 3000); // a -8.7 dBFS peak tone
        dialog->close();
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "TestSettingsDialog.moc"
