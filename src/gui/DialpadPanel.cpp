// SPDX-License-Identifier: GPL-3.0-or-later
#include "DialpadPanel.h"

#include "AppSettings.h"
#include "DesktopSession.h"
#include "PhoneNumberInput.h"
#include "ui_DialpadPanel.h"

namespace audin::gui {

using desktop::DesktopSession;
using desktop::PhoneNumberInput;

DialpadPanel::DialpadPanel(DesktopSession *session, desktop::AppSettings *settings, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::DialpadPanel>())
    , m_session(session)
    , m_settings(settings)
{
    m_ui->setupUi(this);
    connect(m_ui->numberEdit, &QLineEdit::textChanged, this, &DialpadPanel::onTextChanged);
    connect(m_ui->numberEdit, &QLineEdit::returnPressed, this, &DialpadPanel::call);
    connect(m_ui->callButton, &QPushButton::clicked, this, &DialpadPanel::call);
    connect(m_ui->keypad, &KeypadWidget::keyPressed, this, [this](const QString &key) {
        m_ui->numberEdit->insert(key);
        m_ui->numberEdit->setFocus();
    });
    connect(m_ui->callerIdCombo, &QComboBox::currentIndexChanged, this,
            [this] { onTextChanged(m_ui->numberEdit->text()); });
    connect(session, &DesktopSession::phoneNumbersChanged, this, &DialpadPanel::rebuildCallerIds);
    rebuildCallerIds();
    showFeedback({}, false);
}

DialpadPanel::~DialpadPanel() = default;

void DialpadPanel::rebuildCallerIds()
{
    const QString keep = callerId().isEmpty() ? m_settings->lastCallerId() : callerId();
    const QSignalBlocker block(m_ui->callerIdCombo);
    m_ui->callerIdCombo->clear();
    const QList<OperatorPhoneNumber> numbers = m_session->phoneNumbers();
    for (const OperatorPhoneNumber &number : numbers) {
        const QString shown = PhoneNumberInput::formatForDisplay(number.phoneNumber);
        m_ui->callerIdCombo->addItem(
            number.displayName.isEmpty() ? shown : QStringLiteral("%1 (%2)").arg(number.displayName, shown),
            number.phoneNumber);
    }
    m_ui->callerIdCombo->setEnabled(!numbers.isEmpty());
    if (numbers.isEmpty())
        m_ui->callerIdCombo->setPlaceholderText(tr("Your numbers appear once connected"));
    // With a placeholder the combo selects nothing by itself: the last choice, else the first number.
    if (!setCallerId(keep) && !numbers.isEmpty())
        m_ui->callerIdCombo->setCurrentIndex(0);
}

QString DialpadPanel::callerId() const
{
    return m_ui->callerIdCombo->currentData().toString();
}

bool DialpadPanel::setCallerId(const QString &e164)
{
    const int index = m_ui->callerIdCombo->findData(e164);
    if (index < 0)
        return false;
    m_ui->callerIdCombo->setCurrentIndex(index);
    return true;
}

void DialpadPanel::setNumber(const QString &number)
{
    m_ui->numberEdit->setText(number);
    focusNumber();
}

void DialpadPanel::clearNumber()
{
    m_ui->numberEdit->clear();
}

QString DialpadPanel::number() const
{
    return m_ui->numberEdit->text();
}

void DialpadPanel::focusNumber()
{
    m_ui->numberEdit->setFocus();
}

QString DialpadPanel::feedback() const
{
    return m_ui->feedbackLabel->text();
}

bool DialpadPanel::feedbackIsError() const
{
    return m_feedbackIsError;
}

void DialpadPanel::showFeedback(const QString &text, bool error)
{
    m_feedbackIsError = error;
    m_ui->feedbackLabel->setText(text);
    QPalette palette = m_ui->feedbackLabel->palette();
    palette.setColor(QPalette::WindowText, error ? QColor(0xcf, 0x22, 0x2e) : this->palette().color(QPalette::Text));
    m_ui->feedbackLabel->setPalette(palette);
}

void DialpadPanel::onTextChanged(const QString &text)
{
    const bool pasted = text.size() - m_previousText.size() > 1;
    m_previousText = text;
    if (text.trimmed().isEmpty()) {
        showFeedback({}, false);
        return;
    }
    const desktop::NormalizedNumber number = PhoneNumberInput::normalize(text, m_session->dialRegion(callerId()));
    if (!number.e164) {
        showFeedback(number.error, true);
        return;
    }
    if (pasted && text != *number.e164) {
        // A pasted number in any format becomes E.164 in the field, so what is shown is what is dialled.
        m_ui->numberEdit->setText(*number.e164);
        return;
    }
    showFeedback(tr("Will call %1").arg(PhoneNumberInput::formatForDisplay(*number.e164)), false);
}

bool DialpadPanel::call()
{
    if (m_ui->numberEdit->text().trimmed().isEmpty()) {
        showFeedback(tr("Type or paste a number to call."), true);
        focusNumber();
        return false;
    }
    if (callerId().isEmpty()) {
        showFeedback(tr("Choose the caller ID: one of your numbers (they appear once you are connected)."), true);
        return false;
    }
    const DesktopSession::DialResult result = m_session->dial(m_ui->numberEdit->text(), callerId());
    if (!result.call) {
        showFeedback(result.error, true);
        return false;
    }
    return true;
}

} // namespace audin::gui
