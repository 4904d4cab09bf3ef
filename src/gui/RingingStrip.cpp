// SPDX-License-Identifier: GPL-3.0-or-later
#include "RingingStrip.h"

#include "CallController.h"
#include "DesktopSession.h"
#include "PhoneNumberInput.h"
#include "StatusStyle.h"
#include "ui_RingingStrip.h"

#include <QApplication>
#include <QWindow>

namespace audin::gui {

using desktop::DesktopSession;

RingingStrip::RingingStrip(DesktopSession *session, QWidget *parent)
    : QFrame(parent)
    , m_ui(std::make_unique<Ui::RingingStrip>())
    , m_session(session)
{
    m_ui->setupUi(this);
    // The same green as the popup's Accept, light enough for dark text in both themes' text colour.
    QPalette strip = palette();
    const QColor green = statusColor(OperatorStatus::TakingCalls);
    strip.setColor(QPalette::Window,
                   palette().color(QPalette::Window).lightness() < 128 ? green.darker(220) : green.lighter(185));
    setPalette(strip);
    setBackgroundRole(QPalette::Window);
    QFont bold = m_ui->textLabel->font();
    bold.setBold(true);
    m_ui->textLabel->setFont(bold);

    connect(m_ui->answerButton, &QPushButton::clicked, session, &DesktopSession::answerNewest);
    connect(m_ui->declineButton, &QPushButton::clicked, session, &DesktopSession::declineNewest);
    connect(m_ui->silenceButton, &QToolButton::clicked, session, &DesktopSession::silenceRinger);
    connect(session, &DesktopSession::ringingChanged, this, &RingingStrip::refresh);
    connect(session, &DesktopSession::ringerSilencedChanged, this, &RingingStrip::refresh);
    connect(session, &DesktopSession::currentCallChanged, this, &RingingStrip::refresh);
    refresh();
}

RingingStrip::~RingingStrip() = default;

QString RingingStrip::text() const
{
    return isHidden() ? QString() : m_ui->textLabel->text();
}

void RingingStrip::refresh()
{
    const QList<CallController *> ringing
        = m_session->doNotDisturb() ? QList<CallController *>() : m_session->ringingCalls();
    if (ringing.isEmpty()) {
        hide();
        setUrgent(false);
        return;
    }
    CallController *newest = ringing.last();
    const QString caller = desktop::PhoneNumberInput::formatForDisplay(newest->from());
    QString text
        = tr("%1 is calling %2").arg(caller.isEmpty() ? tr("An unknown number") : caller, m_session->lineLabel(newest));
    if (ringing.size() > 1)
        text += QLatin1Char(' ') + tr("(%n more ringing)", nullptr, int(ringing.size() - 1));
    m_ui->textLabel->setText(text);
    const bool inCall = m_session->currentCall() != nullptr;
    // No hold in the protocol: answering a waiting call ends the one in progress, and the button says so.
    m_ui->answerButton->setText(inCall ? tr("End call && a&nswer") : tr("A&nswer"));
    m_ui->silenceButton->setEnabled(!m_session->isRingerSilenced());
    m_ui->silenceButton->setText(m_session->isRingerSilenced() ? tr("Silenced") : tr("&Silence"));
    setAccessibleDescription(text);
    show();
    setUrgent(true);
}

void RingingStrip::setUrgent(bool urgent)
{
    // The taskbar entry is marked urgent (_NET_WM_STATE_DEMANDS_ATTENTION and the urgency hint on X11,
    // a flashing button on Windows, a bouncing icon on macOS) until the call stops ringing.
    QWidget *top = window();
    if (urgent) {
        if (!top->isActiveWindow())
            QApplication::alert(top, 0);
        return;
    }
    // Qt clears an alert only when the window is activated or its own timer ends; ask it now.
    if (QWindow *handle = top->windowHandle())
        QMetaObject::invokeMethod(handle, "_q_clearAlert");
}

} // namespace audin::gui
