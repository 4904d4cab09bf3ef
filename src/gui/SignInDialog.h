// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SignInCheck.h"

#include <QDialog>
#include <memory>

namespace Ui {
class SignInDialog;
}

class QPushButton;

namespace audin::desktop {
class AppSettings;
class DesktopSession;
} // namespace audin::desktop

namespace audin::gui {

/**
 * First run and signing in again: the service address and how to get a token (the company's
 * token address plus the operator key, or a token command). "Sign in" really signs in (URL check,
 * token, presence channel) and says exactly what failed; nothing typed is lost on failure.
 */
class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    SignInDialog(desktop::DesktopSession *session, desktop::AppSettings *settings, QWidget *parent = nullptr);
    ~SignInDialog() override;

    void setReason(const QString &reason);
    /** Runs the check with what is in the fields (the Sign in button). */
    void signIn();
    QString statusText() const;
    bool isChecking() const;
    desktop::SignInSettings enteredSettings() const;

signals:
    void checkFinished(const audin::desktop::SignInCheck::Result &result);

private:
    void updateMode();
    void onFinished(const desktop::SignInCheck::Result &result);
    void setBusy(bool busy);
    void showStatus(const QString &text, bool error);

    std::unique_ptr<Ui::SignInDialog> m_ui;
    desktop::DesktopSession *m_session;
    desktop::AppSettings *m_settings;
    desktop::SignInCheck m_check;
    QPushButton *m_signInButton;
    QList<QPair<QWidget *, QString>> m_fields; // field, the setting an administrator may lock
};

} // namespace audin::gui
