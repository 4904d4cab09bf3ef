// SPDX-License-Identifier: GPL-3.0-or-later
#include "IncomingCallPopup.h"

#include "CallController.h"
#include "DesktopSession.h"
#include "ErrorText.h"
#include "PhoneNumberInput.h"
#include "ui_IncomingCallPopup.h"

#include <QAccessible>
#include <QCloseEvent>
#include <QKeyEvent>
#include <QWindow>

namespace audin::gui {

IncomingCallPopup::IncomingCallPopup(CallController *call, desktop::DesktopSession *session, const QString &lineText,
                                     bool whileInCall, QWidget *parent)
    // On X11 the window manager keeps even "above" windows under a focused full-screen window (openbox,
    // xfwm, mutter alike), where a ringing call would go unseen; so the popup bypasses it, as notification
    // daemons do, and places and raises itself. Elsewhere the hint is ignored and "stays on top" suffices.
    : QFrame(parent, Qt::Tool | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint | Qt::X11BypassWindowManagerHint)
    , m_ui(std::make_unique<Ui::IncomingCallPopup>())
    , m_call(call)
    , m_session(session)
{
    m_ui->setupUi(this);
    setAttribute(Qt::WA_ShowWithoutActivating);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Incoming call"));
    setAccessibleName(tr("Incoming call"));

    QFont big = m_ui->callerLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_ui->callerLabel->setFont(big);
    const QString caller = desktop::PhoneNumberInput::formatForDisplay(call->from());
    m_ui->callerLabel->setText(caller.isEmpty() ? tr("Unknown number") : caller);
    m_ui->lineLabel->setText(lineText.isEmpty() ? QString() : tr("to %1").arg(lineText));
    m_ui->titleLabel->setText(whileInCall ? tr("Call waiting") : tr("Incoming call"));
    // What a screen reader says when the popup appears (announced as an alert in showEvent).
    setAccessibleDescription(tr("%1 is calling %2").arg(m_ui->callerLabel->text(), lineText));
    if (whileInCall) {
        // No hold in the protocol: answering means ending the call in progress, and the button says so.
        m_ui->acceptButton->setText(tr("End call && &accept"));
    }
    m_ui->reasonLabel->hide();

    QPalette accept = m_ui->acceptButton->palette();
    accept.setColor(QPalette::Button, QColor(0x2d, 0xa4, 0x4e));
    accept.setColor(QPalette::ButtonText, Qt::white);
    m_ui->acceptButton->setPalette(accept);
    QPalette reject = m_ui->rejectButton->palette();
    reject.setColor(QPalette::Button, QColor(0xcf, 0x22, 0x2e));
    reject.setColor(QPalette::ButtonText, Qt::white);
    m_ui->rejectButton->setPalette(reject);

    connect(m_ui->acceptButton, &QPushButton::clicked, this, &IncomingCallPopup::accept);
    connect(m_ui->rejectButton, &QPushButton::clicked, this, &IncomingCallPopup::reject);
    connect(m_ui->silenceButton, &QToolButton::clicked, session, &desktop::DesktopSession::silenceRinger);
    connect(session, &desktop::DesktopSession::ringerSilencedChanged, this, &IncomingCallPopup::refreshSilence);
    refreshSilence();
    connect(call, &CallController::stateChanged, this, &IncomingCallPopup::onStateChanged);
    connect(call, &QObject::destroyed, this, &QWidget::close);

    m_ringClock.setInterval(1000);
    connect(&m_ringClock, &QTimer::timeout, this, &IncomingCallPopup::refreshTime);
    m_ringClock.start();
    m_linger.setSingleShot(true);
    m_linger.setInterval(2500);
    connect(&m_linger, &QTimer::timeout, this, &QWidget::close);
    refreshTime();
    adjustSize();
}

IncomingCallPopup::~IncomingCallPopup() = default;

CallController *IncomingCallPopup::call() const
{
    return m_call;
}

void IncomingCallPopup::accept()
{
    if (m_call && m_call->state() == CallState::Ringing)
        m_session->answer(m_call);
}

void IncomingCallPopup::reject()
{
    if (m_call && m_call->state() == CallState::Ringing)
        m_session->decline(m_call);
}

QString IncomingCallPopup::callerText() const
{
    return m_ui->callerLabel->text();
}

QString IncomingCallPopup::lineText() const
{
    return m_ui->lineLabel->text();
}

QString IncomingCallPopup::ringTimeText() const
{
    return m_ui->timeLabel->text();
}

QString IncomingCallPopup::reasonText() const
{
    return m_ui->reasonLabel->isHidden() ? QString() : m_ui->reasonLabel->text();
}

void IncomingCallPopup::refreshSilence()
{
    const bool silenced = m_session->isRingerSilenced();
    m_ui->silenceButton->setEnabled(!silenced);
    m_ui->silenceButton->setText(silenced ? tr("Silenced") : tr("&Silence"));
}

void IncomingCallPopup::refreshTime()
{
    if (!m_call)
        return;
    // A window raised since (the full-screen CRM the operator clicked) would cover it: come back on top.
    if (isVisible())
        raise();
    const qint64 s = std::max<qint64>(0, m_call->createdAt().secsTo(QDateTime::currentDateTimeUtc()));
    m_ui->timeLabel->setText(tr("Ringing for %1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0')));
}

void IncomingCallPopup::onStateChanged()
{
    if (!m_call)
        return;
    switch (m_call->state()) {
    case CallState::Ringing:
        return;
    case CallState::Connecting:
    case CallState::Active:
        close(); // answered here: the call view takes over
        return;
    case CallState::Ended:
        break;
    }
    m_ringClock.stop();
    m_ui->acceptButton->setEnabled(false);
    m_ui->rejectButton->setEnabled(false);
    m_ui->silenceButton->hide();
    const CallEndReason reason = m_call->endReason().value_or(CallEndReason::Failed);
    if (reason == CallEndReason::Rejected) {
        close(); // the operator's own decision needs no explanation
        return;
    }
    m_ui->reasonLabel->setText(desktop::ErrorText::endReason(reason, m_call->direction(), false));
    m_ui->reasonLabel->show();
    m_ui->timeLabel->hide();
    adjustSize();
    m_linger.start();
}

void IncomingCallPopup::paintEvent(QPaintEvent *event)
{
    QFrame::paintEvent(event);
    if (!m_painted) {
        m_painted = true;
        emit firstPainted();
    }
}

bool IncomingCallPopup::eventFilter(QObject *watched, QEvent *event)
{
    // Shown without the keyboard, and outside the window manager on X11, so a click does not give it
    // the focus by itself: take it on a click anywhere in it, so Enter and Esc then answer and decline.
    if (watched == windowHandle() && event->type() == QEvent::MouseButtonPress && !isActiveWindow())
        activateWindow();
    return QFrame::eventFilter(watched, event);
}

void IncomingCallPopup::showEvent(QShowEvent *event)
{
    QFrame::showEvent(event);
    QAccessibleEvent alert(this, QAccessible::Alert);
    QAccessible::updateAccessibility(&alert);
    if (windowHandle())
        windowHandle()->installEventFilter(this); // installing twice is harmless: Qt keeps one
}

void IncomingCallPopup::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        reject();
        return;
    }
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        accept();
        return;
    }
    QFrame::keyPressEvent(event);
}

void IncomingCallPopup::closeEvent(QCloseEvent *event)
{
    m_ringClock.stop();
    emit closed();
    QFrame::closeEvent(event);
}

} // namespace audin::gui
