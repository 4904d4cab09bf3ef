// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActiveCallPanel.h"

#include "AppSettings.h"
#include "AudioDeviceWatcher.h"
#include "CallController.h"
#include "DesktopSession.h"
#include "ErrorText.h"
#include "PhoneNumberInput.h"
#include "ui_ActiveCallPanel.h"

#include <QKeyEvent>

namespace audin::gui {

using desktop::PhoneNumberInput;

namespace {
QString warningTextFor(const QString &name)
{
    if (name == QLatin1String("high-rtt"))
        return ActiveCallPanel::tr("Long delay on the line: you may talk over each other.");
    if (name == QLatin1String("high-jitter"))
        return ActiveCallPanel::tr("Unsteady connection: the audio may break up.");
    if (name == QLatin1String("high-packet-loss"))
        return ActiveCallPanel::tr("Audio is being lost on the way.");
    if (name == QLatin1String("low-mos"))
        return ActiveCallPanel::tr("Poor call quality.");
    if (name == QLatin1String("constant-audio-input-level"))
        return ActiveCallPanel::tr("Your microphone seems silent: the other side may hear nothing.");
    return ActiveCallPanel::tr("Call quality problem (%1).").arg(name);
}

QString formatDuration(qint64 seconds)
{
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds / 60) % 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
}

void fillDevices(QComboBox *combo, const QList<media::AudioDeviceInfo> &devices, const QString &chosen)
{
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(ActiveCallPanel::tr("System default"), QString());
    for (const media::AudioDeviceInfo &device : devices)
        combo->addItem(device.description, device.id);
    int index = combo->findData(chosen);
    if (index < 0)
        index = combo->findText(chosen);
    combo->setCurrentIndex(std::max(0, index));
}
} // namespace

ActiveCallPanel::ActiveCallPanel(desktop::DesktopSession *session, desktop::AppSettings *settings,
                                 media::AudioDeviceWatcher *devices, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ActiveCallPanel>())
    , m_session(session)
    , m_settings(settings)
    , m_devices(devices)
{
    m_ui->setupUi(this);
    setFocusPolicy(Qt::StrongFocus);
    QFont big = m_ui->remoteLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_ui->remoteLabel->setFont(big);
    QFont timer = m_ui->timerLabel->font();
    timer.setPointSizeF(timer.pointSizeF() * 1.3);
    timer.setFamily(QStringLiteral("monospace"));
    m_ui->timerLabel->setFont(timer);
    QPalette warning = m_ui->warningLabel->palette();
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    warning.setColor(QPalette::Window, dark ? QColor(0x4d, 0x3b, 0x0f) : QColor(0xff, 0xf5, 0xd6));
    m_ui->warningLabel->setPalette(warning);
    m_ui->warningLabel->hide();

    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &ActiveCallPanel::refreshTimer);
    connect(m_ui->keypad, &KeypadWidget::keyPressed, this, &ActiveCallPanel::sendKey);
    connect(m_ui->muteButton, &QPushButton::clicked, this, [this](bool on) {
        if (m_call)
            m_call->mute(on);
    });
    connect(m_ui->hangupButton, &QPushButton::clicked, this, &ActiveCallPanel::hangup);
    connect(m_ui->inputCombo, &QComboBox::activated, this, &ActiveCallPanel::chooseDevices);
    connect(m_ui->outputCombo, &QComboBox::activated, this, &ActiveCallPanel::chooseDevices);
    if (m_devices)
        connect(m_devices, &media::AudioDeviceWatcher::changed, this, &ActiveCallPanel::refreshDevices);
    refreshDevices();
    setCall(nullptr);
}

ActiveCallPanel::~ActiveCallPanel() = default;

void ActiveCallPanel::setCall(CallController *call)
{
    if (m_call)
        m_call->disconnect(this);
    m_call = call;
    m_warnings.clear();
    m_sentKeys.clear();
    m_reconnecting = false;
    m_ui->qualityBars->setMos(-1);
    m_ui->dtmfLabel->setText(tr("Keys you press are sent as tones. (The service does not pass them on to the "
                                "other side yet.)"));
    if (call) {
        connect(call, &CallController::stateChanged, this, &ActiveCallPanel::refreshState);
        connect(call, &CallController::mutedChanged, this, &ActiveCallPanel::refreshState);
        connect(call, &CallController::statsUpdated, this, &ActiveCallPanel::onStats);
        connect(call, &CallController::qualityWarning, this, &ActiveCallPanel::onWarning);
        connect(call, &CallController::reconnecting, this, [this] {
            m_reconnecting = true;
            refreshState();
        });
        connect(call, &CallController::reconnected, this, [this] {
            m_reconnecting = false;
            refreshState();
        });
        connect(call, &CallController::dtmfSent, this, [this](const QString &digit) {
            m_sentKeys += digit;
            m_ui->dtmfLabel->setText(tr("Keys sent: %1").arg(m_sentKeys));
        });
        connect(call, &CallController::audioDevicesChanged, this, [this](const QString &input, const QString &output) {
            const QString inUse = tr("In use: %1 · %2").arg(input, output);
            m_ui->inputCombo->setToolTip(inUse);
            m_ui->outputCombo->setToolTip(inUse);
        });
        const QString remote = PhoneNumberInput::formatForDisplay(call->remoteNumber());
        m_ui->remoteLabel->setText(remote.isEmpty() ? tr("Unknown number") : remote);
        QString line;
        for (const OperatorPhoneNumber &number : m_session->phoneNumbers()) {
            const bool ours = call->direction() == CallDirection::Inbound ? number.id == call->phoneNumberId()
                                                                          : number.phoneNumber == call->from();
            if (ours)
                line = number.displayName.isEmpty()
                    ? PhoneNumberInput::formatForDisplay(number.phoneNumber)
                    : QStringLiteral("%1 (%2)").arg(number.displayName,
                                                    PhoneNumberInput::formatForDisplay(number.phoneNumber));
        }
        if (line.isEmpty())
            line = PhoneNumberInput::formatForDisplay(call->direction() == CallDirection::Inbound ? call->to()
                                                                                                  : call->from());
        m_ui->lineLabel->setText(call->direction() == CallDirection::Inbound ? tr("Incoming call on %1").arg(line)
                                                                             : tr("Outgoing call from %1").arg(line));
    } else {
        m_ui->remoteLabel->clear();
        m_ui->lineLabel->clear();
    }
    refreshWarnings();
    refreshState();
}

CallController *ActiveCallPanel::call() const
{
    return m_call;
}

QString ActiveCallPanel::remoteText() const
{
    return m_ui->remoteLabel->text();
}

QString ActiveCallPanel::lineText() const
{
    return m_ui->lineLabel->text();
}

QString ActiveCallPanel::stateText() const
{
    return m_ui->stateLabel->text();
}

QString ActiveCallPanel::timerText() const
{
    return m_ui->timerLabel->text();
}

QString ActiveCallPanel::warningText() const
{
    return m_ui->warningLabel->isVisibleTo(this) ? m_ui->warningLabel->text() : QString();
}

void ActiveCallPanel::refreshState()
{
    QString text;
    const bool live = m_call && m_call->state() != CallState::Ended;
    if (m_call) {
        switch (m_call->state()) {
        case CallState::Ringing:
            text = tr("Ringing…");
            break;
        case CallState::Connecting:
            text = m_call->direction() == CallDirection::Outbound ? tr("Calling…") : tr("Connecting…");
            break;
        case CallState::Active:
            text = m_reconnecting ? tr("Reconnecting audio…") : m_call->muted() ? tr("Talking · muted") : tr("Talking");
            break;
        case CallState::Ended:
            text = m_call->endReason() ? desktop::ErrorText::endReason(*m_call->endReason(), m_call->direction(),
                                                                       m_call->answeredAt().isValid())
                                       : tr("Ended");
            break;
        }
    }
    m_ui->stateLabel->setText(text);
    m_ui->muteButton->setEnabled(live);
    m_ui->hangupButton->setEnabled(live);
    m_ui->keypad->setEnabled(m_call && m_call->state() == CallState::Active);
    {
        const QSignalBlocker block(m_ui->muteButton);
        m_ui->muteButton->setChecked(m_call && m_call->muted());
    }
    m_ui->muteButton->setText(m_call && m_call->muted() ? tr("Un&mute") : tr("&Mute"));
    if (m_call && m_call->state() == CallState::Active)
        m_clock.start();
    else
        m_clock.stop();
    refreshTimer();
}

void ActiveCallPanel::refreshTimer()
{
    if (!m_call || !m_call->answeredAt().isValid()) {
        m_ui->timerLabel->setText(QStringLiteral("--:--"));
        return;
    }
    const QDateTime end = m_call->state() == CallState::Ended && m_call->endedAt().isValid()
        ? m_call->endedAt()
        : QDateTime::currentDateTimeUtc();
    m_ui->timerLabel->setText(formatDuration(std::max<qint64>(0, m_call->answeredAt().secsTo(end))));
}

void ActiveCallPanel::refreshDevices()
{
    const QList<media::AudioDeviceInfo> inputs = m_devices ? m_devices->inputs() : QList<media::AudioDeviceInfo>();
    const QList<media::AudioDeviceInfo> outputs = m_devices ? m_devices->outputs() : QList<media::AudioDeviceInfo>();
    fillDevices(m_ui->inputCombo, inputs, m_settings->inputDevice());
    fillDevices(m_ui->outputCombo, outputs, m_settings->outputDevice());
}

void ActiveCallPanel::chooseDevices()
{
    // The choice is also the new default: an operator who moves to the headset mid-call wants it next call too.
    m_settings->setInputDevice(m_ui->inputCombo->currentData().toString());
    m_settings->setOutputDevice(m_ui->outputCombo->currentData().toString());
    m_session->applyAudioSettings();
}

void ActiveCallPanel::onStats(const CallStats &stats)
{
    m_ui->qualityBars->setMos(stats.mos);
}

void ActiveCallPanel::onWarning(const QualityWarning &warning)
{
    if (warning.raised)
        m_warnings.insert(warning.name, warningTextFor(warning.name));
    else
        m_warnings.remove(warning.name);
    refreshWarnings();
}

void ActiveCallPanel::refreshWarnings()
{
    const QStringList texts = m_warnings.values();
    m_ui->warningLabel->setText(texts.join(QLatin1Char(' ')));
    m_ui->warningLabel->setVisible(!texts.isEmpty());
}

void ActiveCallPanel::sendKey(const QString &key)
{
    if (m_call && m_call->state() == CallState::Active)
        m_call->sendDtmf(key);
}

void ActiveCallPanel::toggleMute()
{
    if (m_call && m_call->state() != CallState::Ended)
        m_call->mute(!m_call->muted());
}

void ActiveCallPanel::hangup()
{
    if (m_call)
        m_call->hangup();
}

void ActiveCallPanel::keyPressEvent(QKeyEvent *event)
{
    const QString text = event->text();
    if (m_call && m_call->state() == CallState::Active && m_ui->keypad->pressKeyFor(text)) {
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace audin::gui
