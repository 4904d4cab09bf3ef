// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallsPage.h"

#include "ActiveCallPanel.h"
#include "CallController.h"
#include "DesktopSession.h"
#include "DialpadPanel.h"

#include <QStackedLayout>

namespace audin::gui {

CallsPage::CallsPage(desktop::DesktopSession *session, desktop::AppSettings *settings,
                     media::AudioDeviceWatcher *devices, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_stack(new QStackedLayout(this))
    , m_dialpad(new DialpadPanel(session, settings, this))
    , m_callView(new ActiveCallPanel(session, settings, devices, this))
{
    m_stack->addWidget(m_dialpad);
    m_stack->addWidget(m_callView);
    m_linger.setSingleShot(true);
    m_linger.setInterval(3000);
    connect(&m_linger, &QTimer::timeout, this, [this] {
        if (m_session->currentCall())
            return;
        m_callView->setCall(nullptr);
        m_stack->setCurrentWidget(m_dialpad);
        m_dialpad->focusNumber();
    });
    connect(session, &desktop::DesktopSession::currentCallChanged, this, &CallsPage::onCurrentCall);
}

bool CallsPage::showsCall() const
{
    return m_stack->currentWidget() == m_callView;
}

void CallsPage::onCurrentCall(CallController *call)
{
    if (!call) {
        // Leave the ended call on screen for a moment, so the operator sees how it ended.
        m_linger.start();
        return;
    }
    m_linger.stop();
    m_callView->setCall(call);
    m_stack->setCurrentWidget(m_callView);
    m_callView->setFocus();
    if (call->direction() == CallDirection::Outbound) {
        connect(call, &CallController::stateChanged, m_dialpad, [this](CallState state) {
            if (state == CallState::Active)
                m_dialpad->clearNumber(); // dialled; a failed call keeps the number for another try
        });
    }
}

} // namespace audin::gui
