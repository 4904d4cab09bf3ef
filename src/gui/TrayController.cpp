// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrayController.h"

#include "CallController.h"
#include "CallHistory.h"
#include "DesktopSession.h"
#include "ErrorText.h"
#include "PhoneNumberInput.h"

#include <QMenu>
#include <QSystemTrayIcon>

namespace audin::gui {

using desktop::DesktopSession;

TrayController::TrayController(DesktopSession *session, desktop::CallHistory *history,
                               std::optional<bool> availableOverride, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_history(history)
    , m_menu(std::make_unique<QMenu>())
    , m_tray(new QSystemTrayIcon(this))
    , m_availableOverride(availableOverride)
{
    m_answer = m_menu->addAction(tr("&Answer"), session, &DesktopSession::answerNewest);
    m_decline = m_menu->addAction(tr("D&ecline"), session, &DesktopSession::declineNewest);
    m_silence = m_menu->addAction(tr("&Silence ringer"), session, &DesktopSession::silenceRinger);
    m_show = m_menu->addAction(tr("&Show Audin Softphone"), this, &TrayController::showWindowRequested);
    m_menu->addSeparator();
    m_online = m_menu->addAction(tr("Go &online"), this, [this] {
        if (m_session->isTakingCalls())
            m_session->goOffline();
        else
            m_session->goOnline();
    });
    m_dnd = m_menu->addAction(tr("&Do not disturb"));
    m_dnd->setCheckable(true);
    connect(m_dnd, &QAction::toggled, session, &DesktopSession::setDoNotDisturb);
    m_menu->addSeparator();
    m_quit = m_menu->addAction(tr("&Quit"), this, &TrayController::quitRequested);
    m_tray->setContextMenu(m_menu.get());
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            emit showWindowRequested();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayController::messageClicked);

    connect(session, &DesktopSession::presenceStateChanged, this, &TrayController::refresh);
    connect(session, &DesktopSession::availabilityChanged, this, &TrayController::refresh);
    connect(session, &DesktopSession::takingCallsChanged, this, &TrayController::refresh);
    connect(session, &DesktopSession::doNotDisturbChanged, this, &TrayController::refresh);
    connect(session, &DesktopSession::ringingChanged, this, &TrayController::refreshRinging);
    connect(session, &DesktopSession::ringerSilencedChanged, this, &TrayController::refreshRinging);
    if (history)
        connect(history, &desktop::CallHistory::unseenMissedCountChanged, this, &TrayController::refresh);
    // Blinking draws the eye to the tray where a host shows it; hosts that cannot animate still see the
    // ringing icon half of the time and the tooltip all of it.
    m_blink.setInterval(600);
    connect(&m_blink, &QTimer::timeout, this, [this] {
        m_ringingPhase = !m_ringingPhase;
        showIcon();
    });
    refresh();
    refreshRinging();
    if (isAvailable())
        m_tray->show();
}

TrayController::~TrayController() = default;

bool TrayController::isAvailable() const
{
    return m_availableOverride.value_or(QSystemTrayIcon::isSystemTrayAvailable());
}

bool TrayController::canShowMessages() const
{
    return isAvailable() && QSystemTrayIcon::supportsMessages();
}

void TrayController::notify(const QString &title, const QString &message)
{
    m_shown << title + QStringLiteral(": ") + message;
    if (m_tray->isVisible() && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(title, message, m_tray->icon(), 10000);
}

QString TrayController::toolTip() const
{
    return m_tray->toolTip();
}

void TrayController::refresh()
{
    const OperatorStatus status = operatorStatus(m_session);
    const int missed = m_history && m_history->isOpen() ? m_history->unseenMissedCount() : 0;
    if (status != m_status || missed != m_missed) {
        m_status = status;
        m_missed = missed;
        m_statusIcon = trayIcon(status, missed);
        showIcon();
    }
    QString tip = tr("Audin Softphone: %1").arg(desktop::ErrorText::presence(m_session->presenceState()));
    if (m_session->doNotDisturb())
        tip += QLatin1Char('\n') + tr("Do not disturb");
    else if (const int accepted = int(m_session->availability().accepted.size()); m_session->isTakingCalls())
        tip += QLatin1Char('\n')
            + (accepted == 1 ? tr("Taking calls on 1 number") : tr("Taking calls on %1 numbers").arg(accepted));
    else
        tip += QLatin1Char('\n') + tr("Not taking calls");
    if (missed > 0)
        tip += QLatin1Char('\n') + (missed == 1 ? tr("1 missed call") : tr("%1 missed calls").arg(missed));
    if (!m_ringingText.isEmpty())
        tip = m_ringingText + QLatin1Char('\n') + tip;
    m_tray->setToolTip(tip);
    m_online->setText(m_session->isTakingCalls() ? tr("Go &offline") : tr("Go &online"));
    m_online->setEnabled(m_session->service() != nullptr);
    const QSignalBlocker block(m_dnd);
    m_dnd->setChecked(m_session->doNotDisturb());
}

void TrayController::refreshRinging()
{
    CallController *newest = m_session->newestRinging();
    const bool ringing = newest != nullptr && !m_session->doNotDisturb();
    m_answer->setVisible(ringing);
    m_decline->setVisible(ringing);
    m_silence->setVisible(ringing);
    m_silence->setEnabled(ringing && !m_session->isRingerSilenced());
    if (ringing) {
        const QString caller = desktop::PhoneNumberInput::formatForDisplay(newest->from());
        m_ringingText = tr("Incoming call from %1").arg(caller.isEmpty() ? tr("an unknown number") : caller);
        if (!m_blink.isActive()) {
            m_ringingPhase = true;
            m_blink.start();
        }
    } else {
        m_ringingText.clear();
        m_blink.stop();
        m_ringingPhase = false;
    }
    showIcon();
    refresh();
}

void TrayController::showIcon()
{
    static const QIcon ringingIcon = ringingTrayIcon();
    m_tray->setIcon(m_ringingPhase ? ringingIcon : m_statusIcon);
}

} // namespace audin::gui
