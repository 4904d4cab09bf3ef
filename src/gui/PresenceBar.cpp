// SPDX-License-Identifier: GPL-3.0-or-later
#include "PresenceBar.h"

#include "DesktopSession.h"
#include "ErrorText.h"
#include "StatusStyle.h"
#include "ui_PresenceBar.h"

namespace audin::gui {

using desktop::DesktopSession;

PresenceBar::PresenceBar(DesktopSession *session, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::PresenceBar>())
    , m_session(session)
{
    m_ui->setupUi(this);
    QFont bold = m_ui->statusLabel->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_ui->statusLabel->setFont(bold);
    // Ticks only while a countdown is on screen, so an idle softphone does not wake up every second.
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &PresenceBar::refresh);

    connect(m_ui->onlineButton, &QPushButton::clicked, this, &PresenceBar::toggleOnline);
    connect(m_ui->signInButton, &QPushButton::clicked, this, &PresenceBar::signInRequested);
    connect(m_ui->dndButton, &QToolButton::toggled, session, &DesktopSession::setDoNotDisturb);
    connect(session, &DesktopSession::doNotDisturbChanged, this, &PresenceBar::refresh);
    connect(session, &DesktopSession::presenceStateChanged, this, &PresenceBar::refresh);
    connect(session, &DesktopSession::reconnectScheduled, this, &PresenceBar::refresh);
    connect(session, &DesktopSession::availabilityChanged, this, &PresenceBar::refresh);
    connect(session, &DesktopSession::takingCallsChanged, this, &PresenceBar::refresh);
    connect(session, &DesktopSession::signInRequired, this, &PresenceBar::refresh);
    refresh();
}

PresenceBar::~PresenceBar() = default;

QString PresenceBar::statusText() const
{
    return m_ui->statusLabel->text();
}

QString PresenceBar::detailText() const
{
    return m_ui->detailLabel->text();
}

void PresenceBar::toggleOnline()
{
    if (m_session->isTakingCalls())
        m_session->goOffline();
    else
        m_session->goOnline();
}

void PresenceBar::refresh()
{
    const OperatorStatus status = operatorStatus(m_session);
    const bool signedIn = status != OperatorStatus::SignedOut;
    m_ui->statusDot->setPixmap(statusDot(status, 14));
    m_ui->statusLabel->setText(signedIn ? desktop::ErrorText::presence(m_session->presenceState()) : tr("Signed out"));

    QString detail;
    const int accepted = int(m_session->availability().accepted.size());
    switch (status) {
    case OperatorStatus::SignedOut:
        detail = tr("Sign in to take calls");
        break;
    case OperatorStatus::Reconnecting: {
        const qint64 ms = m_session->msUntilReconnect();
        detail = ms >= 0 ? tr("Next try in %1 s").arg((ms + 999) / 1000) : tr("Trying again…");
        break;
    }
    case OperatorStatus::Connecting:
        detail = tr("Connecting to the service…");
        break;
    case OperatorStatus::Offline:
        detail
            = m_session->isTakingCalls() ? tr("Going online as soon as the service answers") : tr("Not taking calls");
        break;
    case OperatorStatus::DoNotDisturb:
        detail = tr("Do not disturb: new calls go to colleagues");
        break;
    case OperatorStatus::TakingCalls:
        detail = accepted == 1 ? tr("Taking calls on 1 number") : tr("Taking calls on %1 numbers").arg(accepted);
        break;
    case OperatorStatus::NotTakingCalls:
        if (m_session->isTakingCalls())
            detail = m_session->availability().rejected.isEmpty() ? tr("Going online…")
                                                                  : tr("The service accepted none of your numbers");
        else
            detail = tr("Not taking calls");
        break;
    }
    m_ui->detailLabel->setText(detail);
    m_ui->statusDot->setToolTip(m_ui->statusLabel->text() + QStringLiteral(" · ") + detail);

    if (status == OperatorStatus::Reconnecting) {
        if (!m_countdown.isActive())
            m_countdown.start();
    } else {
        m_countdown.stop();
    }
    const bool envCredentials = m_session->usesEnvironmentCredentials();
    m_ui->signInButton->setVisible(!signedIn && !envCredentials);
    m_ui->onlineButton->setVisible(signedIn);
    m_ui->onlineButton->setText(m_session->isTakingCalls() ? tr("Go offline") : tr("Go online"));
    const QSignalBlocker block(m_ui->dndButton);
    m_ui->dndButton->setChecked(m_session->doNotDisturb());
}

} // namespace audin::gui
