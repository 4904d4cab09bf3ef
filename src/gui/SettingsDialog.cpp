// SPDX-License-Identifier: GPL-3.0-or-later
#include "SettingsDialog.h"

#include "AppSettings.h"
#include "AudioDeviceWatcher.h"
#include "Autostart.h"
#include "DesktopSession.h"
#include "LevelMonitor.h"
#include "PhoneNumberInput.h"
#include "ScreenPop.h"
#include "ShortcutsPanel.h"
#include "TonePlayer.h"
#include "ui_SettingsDialog.h"

#include <QLocale>
#include <QPushButton>
#include <cmath>

namespace audin::gui {

using desktop::AppSettings;

namespace {
void fillDeviceCombo(QComboBox *combo, const QList<media::AudioDeviceInfo> &devices, const QString &chosen,
                     const QString &defaultText)
{
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(defaultText, QString());
    for (const media::AudioDeviceInfo &device : devices)
        combo->addItem(device.description, device.id);
    int index = combo->findData(chosen);
    if (index < 0)
        index = combo->findText(chosen);
    if (index < 0 && !chosen.isEmpty()) {
        // Not plugged in now: keep the choice, so it is used again when the device comes back.
        combo->addItem(SettingsDialog::tr("%1 (not connected)").arg(chosen), chosen);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(std::max(0, index));
}

/** One second of a 440 Hz tone with soft edges: "can I hear this device?" */
std::vector<int16_t> testTone()
{
    std::vector<int16_t> tone(48000);
    for (size_t i = 0; i < tone.size(); ++i) {
        const double edge = std::min({1.0, i / 2400.0, (tone.size() - i) / 2400.0});
        tone[i] = int16_t(9000 * edge * std::sin(2 * M_PI * 440 * double(i) / 48000));
    }
    return tone;
}
} // namespace

SettingsDialog::SettingsDialog(Dependencies dependencies, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_deps(std::move(dependencies))
{
    m_ui->setupUi(this);
    m_shortcuts = new ShortcutsPanel(m_deps.shortcuts, m_deps.settings, this);
    m_ui->callsForm->addRow(m_shortcuts);
    m_ui->errorLabel->hide();
    QPalette error = m_ui->errorLabel->palette();
    error.setColor(QPalette::WindowText, QColor(0xcf, 0x22, 0x2e));
    m_ui->errorLabel->setPalette(error);

    m_ui->languageCombo->addItem(tr("System default"), QString());
    m_ui->languageCombo->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_ui->languageCombo->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_ui->regionCombo->addItem(tr("Automatic (from the caller ID, else the system)"), QString());
    QList<QPair<QString, QString>> regions;
    for (const QString &code : desktop::PhoneNumberInput::supportedRegions()) {
        const QLocale::Territory territory = QLocale::codeToTerritory(code);
        const QString name = territory == QLocale::AnyTerritory ? code : QLocale::territoryToString(territory);
        regions << qMakePair(name, code);
    }
    std::sort(regions.begin(), regions.end());
    for (const auto &[name, code] : std::as_const(regions))
        m_ui->regionCombo->addItem(QStringLiteral("%1 (%2)").arg(name, code), code);
    m_ui->generalNote->setText(tr("A new language is used from the next start."));

    m_locks = {{m_ui->inputCombo, QString::fromLatin1(desktop::SettingsKey::InputDevice)},
               {m_ui->outputCombo, QString::fromLatin1(desktop::SettingsKey::OutputDevice)},
               {m_ui->ringerCombo, QString::fromLatin1(desktop::SettingsKey::RingerDevice)},
               {m_ui->ringerVolumeSlider, QString::fromLatin1(desktop::SettingsKey::RingerVolume)},
               {m_ui->echoCheck, QString::fromLatin1(desktop::SettingsKey::EchoCancellation)},
               {m_ui->noiseCheck, QString::fromLatin1(desktop::SettingsKey::NoiseSuppression)},
               {m_ui->gainCheck, QString::fromLatin1(desktop::SettingsKey::AutoGainControl)},
               {m_ui->autoAnswerCheck, QString::fromLatin1(desktop::SettingsKey::AutoAnswer)},
               {m_ui->autoAnswerDelaySpin, QString::fromLatin1(desktop::SettingsKey::AutoAnswerDelayS)},
               {m_ui->dndCheck, QString::fromLatin1(desktop::SettingsKey::DoNotDisturb)},
               {m_ui->screenPopEdit, QString::fromLatin1(desktop::SettingsKey::ScreenPopTemplate)},
               {m_ui->startMinimisedCheck, QString::fromLatin1(desktop::SettingsKey::StartMinimised)},
               {m_ui->startAtLoginCheck, QString::fromLatin1(desktop::SettingsKey::StartAtLogin)},
               {m_ui->languageCombo, QString::fromLatin1(desktop::SettingsKey::Language)},
               {m_ui->regionCombo, QString::fromLatin1(desktop::SettingsKey::DefaultRegion)},
               {m_ui->retentionSpin, QString::fromLatin1(desktop::SettingsKey::HistoryRetentionDays)}};

    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply())
            accept();
    });
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);
    connect(m_ui->screenPopEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateScreenPopHint);
    connect(m_ui->autoAnswerCheck, &QCheckBox::toggled, m_ui->autoAnswerDelaySpin, &QWidget::setEnabled);
    connect(m_ui->inputCombo, &QComboBox::currentIndexChanged, this, &SettingsDialog::restartMeter);
    connect(m_ui->testSpeakerButton, &QPushButton::clicked, this, [this] { playTest(false); });
    connect(m_ui->testRingerButton, &QPushButton::clicked, this, [this] { playTest(true); });
    connect(m_ui->signInAgainButton, &QPushButton::clicked, this, &SettingsDialog::signInRequested);
    connect(m_ui->signOutButton, &QPushButton::clicked, this, &SettingsDialog::signOutRequested);
    if (m_deps.devices)
        connect(m_deps.devices, &media::AudioDeviceWatcher::changed, this, &SettingsDialog::fillDevices);
    if (m_deps.meter) {
        connect(m_deps.meter, &media::LevelMonitor::levelChanged, this,
                [this](double, double peakDbfs) { m_ui->levelMeter->setValue(int(std::clamp(peakDbfs, -60.0, 0.0))); });
        connect(m_deps.meter, &media::LevelMonitor::error, this,
                [this](const QString &message) { m_ui->levelMeter->setToolTip(message); });
    } else {
        m_ui->levelMeter->setEnabled(false);
    }
    m_ui->testSpeakerButton->setEnabled(m_deps.preview != nullptr);
    m_ui->testRingerButton->setEnabled(m_deps.preview != nullptr);
    load();
}

SettingsDialog::~SettingsDialog()
{
    if (m_deps.meter)
        m_deps.meter->stop();
    if (m_deps.preview)
        m_deps.preview->stop();
}

void SettingsDialog::fillDevices()
{
    const AppSettings *s = m_deps.settings;
    const QList<media::AudioDeviceInfo> inputs
        = m_deps.devices ? m_deps.devices->inputs() : QList<media::AudioDeviceInfo>();
    const QList<media::AudioDeviceInfo> outputs
        = m_deps.devices ? m_deps.devices->outputs() : QList<media::AudioDeviceInfo>();
    const auto keep = [](QComboBox *combo, const QString &saved) {
        return combo->count() > 0 ? combo->currentData().toString() : saved;
    };
    fillDeviceCombo(m_ui->inputCombo, inputs, keep(m_ui->inputCombo, s->inputDevice()), tr("System default"));
    fillDeviceCombo(m_ui->outputCombo, outputs, keep(m_ui->outputCombo, s->outputDevice()), tr("System default"));
    fillDeviceCombo(m_ui->ringerCombo, outputs, keep(m_ui->ringerCombo, s->ringerDevice()), tr("Same as the speaker"));
}

void SettingsDialog::load()
{
    const AppSettings *s = m_deps.settings;
    fillDevices();
    m_ui->ringerVolumeSlider->setValue(s->ringerVolume());
    m_ui->echoCheck->setChecked(s->echoCancellation());
    m_ui->noiseCheck->setChecked(s->noiseSuppression());
    m_ui->gainCheck->setChecked(s->autoGainControl());
    m_ui->autoAnswerCheck->setChecked(s->autoAnswer());
    m_ui->autoAnswerDelaySpin->setValue(s->autoAnswerDelayS());
    m_ui->autoAnswerDelaySpin->setEnabled(s->autoAnswer());
    m_ui->dndCheck->setChecked(s->doNotDisturb());
    m_ui->screenPopEdit->setText(s->screenPopTemplate());
    m_ui->startMinimisedCheck->setChecked(s->startMinimised());
    m_ui->startAtLoginCheck->setChecked(m_deps.autostart ? m_deps.autostart->isEnabled() : s->startAtLogin());
    m_ui->startAtLoginCheck->setEnabled(m_deps.autostart != nullptr);
    m_ui->languageCombo->setCurrentIndex(std::max(0, m_ui->languageCombo->findData(s->language())));
    m_ui->regionCombo->setCurrentIndex(std::max(0, m_ui->regionCombo->findData(s->defaultRegion())));
    m_ui->retentionSpin->setValue(s->historyRetentionDays());
    m_shortcuts->load();
    for (const auto &[widget, key] : std::as_const(m_locks)) {
        if (s->isLocked(key)) {
            widget->setEnabled(false);
            widget->setToolTip(tr("Set by your administrator"));
        }
    }

    desktop::DesktopSession *session = m_deps.session;
    if (session->usesEnvironmentCredentials()) {
        m_ui->accountLabel->setText(tr("This softphone signs in with settings from its environment, set by your "
                                       "administrator."));
        m_ui->signInAgainButton->setEnabled(false);
        m_ui->signOutButton->setEnabled(false);
    } else if (s->needsSignIn()) {
        m_ui->accountLabel->setText(tr("You are not signed in."));
        m_ui->signOutButton->setEnabled(false);
    } else {
        const desktop::SignInSettings account = session->signInSettings();
        const QString how = account.mode == AppSettings::TokenMode::Command
            ? tr("a token command")
            : tr("the token address %1 and your operator key (kept in the system keychain)").arg(account.endpointUrl);
        m_ui->accountLabel->setText(tr("Signed in to %1 with %2.").arg(account.serviceUrl, how));
    }
    updateScreenPopHint();
}

void SettingsDialog::updateScreenPopHint()
{
    const QString error = desktop::ScreenPop::validate(m_ui->screenPopEdit->text());
    if (!error.isEmpty()) {
        m_ui->screenPopHint->setText(error);
        return;
    }
    m_ui->screenPopHint->setText(tr("Opened in your browser when you answer a call. Placeholders: %1")
                                     .arg(QStringLiteral("{")
                                          + desktop::ScreenPop::placeholders().join(QStringLiteral("} {"))
                                          + QStringLiteral("}")));
}

void SettingsDialog::showError(const QString &text)
{
    m_ui->errorLabel->setText(text);
    m_ui->errorLabel->setVisible(!text.isEmpty());
}

QString SettingsDialog::errorText() const
{
    return m_ui->errorLabel->isHidden() ? QString() : m_ui->errorLabel->text();
}

void SettingsDialog::showTab(int index)
{
    m_ui->tabs->setCurrentIndex(index);
}

bool SettingsDialog::apply()
{
    const QString screenPopError = desktop::ScreenPop::validate(m_ui->screenPopEdit->text());
    if (!screenPopError.isEmpty()) {
        m_ui->tabs->setCurrentWidget(m_ui->callsTab);
        m_ui->screenPopEdit->setFocus();
        showError(tr("The screen-pop address cannot be saved: %1").arg(screenPopError));
        return false;
    }
    if (const QString shortcutError = m_shortcuts->validate(); !shortcutError.isEmpty()) {
        m_ui->tabs->setCurrentWidget(m_ui->callsTab);
        showError(shortcutError);
        return false;
    }
    AppSettings *s = m_deps.settings;
    m_shortcuts->save();
    s->setInputDevice(m_ui->inputCombo->currentData().toString());
    s->setOutputDevice(m_ui->outputCombo->currentData().toString());
    s->setRingerDevice(m_ui->ringerCombo->currentData().toString());
    s->setRingerVolume(m_ui->ringerVolumeSlider->value());
    s->setEchoCancellation(m_ui->echoCheck->isChecked());
    s->setNoiseSuppression(m_ui->noiseCheck->isChecked());
    s->setAutoGainControl(m_ui->gainCheck->isChecked());
    s->setAutoAnswer(m_ui->autoAnswerCheck->isChecked());
    s->setAutoAnswerDelayS(m_ui->autoAnswerDelaySpin->value());
    s->setScreenPopTemplate(m_ui->screenPopEdit->text().trimmed());
    s->setStartMinimised(m_ui->startMinimisedCheck->isChecked());
    s->setLanguage(m_ui->languageCombo->currentData().toString());
    s->setDefaultRegion(m_ui->regionCombo->currentData().toString());
    s->setHistoryRetentionDays(m_ui->retentionSpin->value());
    m_deps.session->setDoNotDisturb(m_ui->dndCheck->isChecked());
    QString error;
    const bool startAtLogin = m_ui->startAtLoginCheck->isChecked();
    if (m_deps.autostart && m_deps.autostart->isEnabled() != startAtLogin
        && !m_deps.autostart->setEnabled(startAtLogin, m_deps.executable, &error)) {
        m_ui->tabs->setCurrentWidget(m_ui->generalTab);
        showError(tr("Start at login could not be changed: %1").arg(error));
        return false;
    }
    s->setStartAtLogin(startAtLogin);
    s->sync();
    m_deps.session->applyAudioSettings();
    showError({});
    return true;
}

void SettingsDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    restartMeter();
}

void SettingsDialog::hideEvent(QHideEvent *event)
{
    if (m_deps.meter)
        m_deps.meter->stop();
    if (m_deps.preview)
        m_deps.preview->stop();
    QDialog::hideEvent(event);
}

void SettingsDialog::restartMeter()
{
    if (m_deps.meter && isVisible())
        m_deps.meter->start(m_ui->inputCombo->currentData().toString());
}

void SettingsDialog::playTest(bool ringer)
{
    if (!m_deps.preview)
        return;
    QString device = m_ui->outputCombo->currentData().toString();
    if (ringer && !m_ui->ringerCombo->currentData().toString().isEmpty())
        device = m_ui->ringerCombo->currentData().toString();
    if (ringer && !m_deps.ringtone.empty())
        m_deps.preview->play(m_deps.ringtone, false, m_ui->ringerVolumeSlider->value() / 100.0, device);
    else
        m_deps.preview->play(testTone(), false, 0.8, device);
}

} // namespace audin::gui
