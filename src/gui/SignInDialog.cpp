// SPDX-License-Identifier: GPL-3.0-or-later
#include "SignInDialog.h"

#include "AppSettings.h"
#include "DesktopSession.h"
#include "ui_SignInDialog.h"

#include <QPushButton>

namespace audin::gui {

using desktop::AppSettings;
using desktop::SignInCheck;

SignInDialog::SignInDialog(desktop::DesktopSession *session, AppSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SignInDialog>())
    , m_session(session)
    , m_settings(settings)
{
    m_ui->setupUi(this);
    m_signInButton = m_ui->buttons->addButton(tr("&Sign in"), QDialogButtonBox::AcceptRole);
    m_signInButton->setDefault(true);
    // Accept runs the check; the dialog only closes once it succeeded.
    disconnect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &SignInDialog::signIn);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, [this] {
        m_check.cancel();
        m_session->resumeAfterSignIn();
        reject();
    });
    connect(m_ui->endpointRadio, &QRadioButton::toggled, this, &SignInDialog::updateMode);
    connect(&m_check, &SignInCheck::progress, this, [this](const QString &step) { showStatus(step, false); });
    connect(&m_check, &SignInCheck::finished, this, &SignInDialog::onFinished);

    const desktop::SignInSettings current = session->signInSettings();
    m_ui->serviceUrlEdit->setText(current.serviceUrl);
    m_ui->endpointUrlEdit->setText(current.endpointUrl);
    m_ui->commandEdit->setText(current.command);
    (current.mode == AppSettings::TokenMode::Command ? m_ui->commandRadio : m_ui->endpointRadio)->setChecked(true);
    m_fields = {{m_ui->serviceUrlEdit, QString::fromLatin1(desktop::SettingsKey::ServiceUrl)},
                {m_ui->endpointRadio, QString::fromLatin1(desktop::SettingsKey::TokenMode)},
                {m_ui->commandRadio, QString::fromLatin1(desktop::SettingsKey::TokenMode)},
                {m_ui->endpointUrlEdit, QString::fromLatin1(desktop::SettingsKey::TokenEndpointUrl)},
                {m_ui->operatorKeyEdit, QString()},
                {m_ui->commandEdit, QString::fromLatin1(desktop::SettingsKey::TokenCommand)}};
    setBusy(false);
    updateMode();
    m_ui->statusLabel->hide();
}

SignInDialog::~SignInDialog() = default;

void SignInDialog::setReason(const QString &reason)
{
    m_ui->introLabel->setText(reason.isEmpty() ? tr("Sign in with the details your administrator gave you.") : reason);
}

void SignInDialog::updateMode()
{
    const bool endpoint = m_ui->endpointRadio->isChecked();
    m_ui->endpointUrlLabel->setVisible(endpoint);
    m_ui->endpointUrlEdit->setVisible(endpoint);
    m_ui->operatorKeyLabel->setVisible(endpoint);
    m_ui->operatorKeyEdit->setVisible(endpoint);
    m_ui->commandLabel->setVisible(!endpoint);
    m_ui->commandEdit->setVisible(!endpoint);
}

desktop::SignInSettings SignInDialog::enteredSettings() const
{
    desktop::SignInSettings s;
    s.serviceUrl = m_ui->serviceUrlEdit->text().trimmed();
    s.mode = m_ui->commandRadio->isChecked() ? AppSettings::TokenMode::Command : AppSettings::TokenMode::Endpoint;
    s.endpointUrl = m_ui->endpointUrlEdit->text().trimmed();
    s.operatorKey = m_ui->operatorKeyEdit->text().trimmed();
    s.command = m_ui->commandEdit->text().trimmed();
    return s;
}

void SignInDialog::signIn()
{
    setBusy(true);
    m_session->pauseForSignIn();
    m_check.start(enteredSettings());
}

bool SignInDialog::isChecking() const
{
    return m_check.isRunning();
}

QString SignInDialog::statusText() const
{
    return m_ui->statusLabel->text();
}

void SignInDialog::setBusy(bool busy)
{
    for (const auto &[field, key] : std::as_const(m_fields)) {
        const bool locked = !key.isEmpty() && m_settings->isLocked(key);
        field->setEnabled(!busy && !locked);
        if (locked)
            field->setToolTip(tr("Set by your administrator"));
    }
    m_signInButton->setEnabled(!busy);
}

void SignInDialog::showStatus(const QString &text, bool error)
{
    m_ui->statusLabel->setText(text);
    QPalette palette = m_ui->statusLabel->palette();
    palette.setColor(QPalette::WindowText, error ? QColor(0xcf, 0x22, 0x2e) : this->palette().color(QPalette::Text));
    m_ui->statusLabel->setPalette(palette);
    m_ui->statusLabel->show();
}

void SignInDialog::onFinished(const SignInCheck::Result &result)
{
    setBusy(false);
    emit checkFinished(result);
    if (result.outcome == SignInCheck::Outcome::Ok) {
        showStatus(result.message, false);
        m_session->applySignIn(enteredSettings(), result.numbers);
        accept();
        return;
    }
    showStatus(result.message, true);
    // Point at the field to fix; what was typed stays.
    QWidget *focus = m_ui->serviceUrlEdit;
    switch (result.outcome) {
    case SignInCheck::Outcome::InvalidEndpointUrl:
    case SignInCheck::Outcome::EndpointUnreachable:
    case SignInCheck::Outcome::EndpointTimeout:
    case SignInCheck::Outcome::EndpointError:
    case SignInCheck::Outcome::BadTokenResponse:
        focus = m_ui->commandRadio->isChecked() ? m_ui->commandEdit : m_ui->endpointUrlEdit;
        break;
    case SignInCheck::Outcome::MissingOperatorKey:
    case SignInCheck::Outcome::KeyRejected:
    case SignInCheck::Outcome::TokenRefused:
        focus = m_ui->commandRadio->isChecked() ? m_ui->commandEdit : m_ui->operatorKeyEdit;
        break;
    case SignInCheck::Outcome::MissingCommand:
    case SignInCheck::Outcome::CommandFailed:
        focus = m_ui->commandEdit;
        break;
    default:
        break;
    }
    if (focus->isEnabled())
        focus->setFocus();
}

} // namespace audin::gui
