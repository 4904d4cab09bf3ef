// SPDX-License-Identifier: GPL-3.0-or-later
#include "PopupStack.h"

#include "CallController.h"
#include "DesktopSession.h"
#include "IncomingCallPopup.h"
#include "PhoneNumberInput.h"

#include <QGuiApplication>
#include <QScreen>

namespace audin::gui {

PopupStack::PopupStack(desktop::DesktopSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(session, &desktop::DesktopSession::incomingCall, this, &PopupStack::show);
}

PopupStack::~PopupStack()
{
    for (const QPointer<IncomingCallPopup> &popup : std::as_const(m_popups))
        delete popup.data();
}

QList<IncomingCallPopup *> PopupStack::popups() const
{
    QList<IncomingCallPopup *> out;
    for (const QPointer<IncomingCallPopup> &popup : m_popups) {
        if (popup)
            out << popup;
    }
    return out;
}

IncomingCallPopup *PopupStack::popupFor(const CallController *call) const
{
    for (IncomingCallPopup *popup : popups()) {
        if (popup->call() == call)
            return popup;
    }
    return nullptr;
}

IncomingCallPopup *PopupStack::newestRinging() const
{
    const QList<IncomingCallPopup *> all = popups();
    for (auto it = all.crbegin(); it != all.crend(); ++it) {
        if ((*it)->call() && (*it)->call()->state() == CallState::Ringing)
            return *it;
    }
    return nullptr;
}

void PopupStack::acceptNewest()
{
    if (IncomingCallPopup *popup = newestRinging())
        popup->accept();
}

void PopupStack::rejectNewest()
{
    if (IncomingCallPopup *popup = newestRinging())
        popup->reject();
}

void PopupStack::show(CallController *call, bool whileInCall)
{
    QString line;
    for (const OperatorPhoneNumber &number : m_session->phoneNumbers()) {
        if (number.id == call->phoneNumberId()) {
            const QString shown = desktop::PhoneNumberInput::formatForDisplay(number.phoneNumber);
            line = number.displayName.isEmpty() ? shown : QStringLiteral("%1 (%2)").arg(number.displayName, shown);
        }
    }
    if (line.isEmpty())
        line = desktop::PhoneNumberInput::formatForDisplay(call->to());
    auto *popup = new IncomingCallPopup(call, m_session, line, whileInCall);
    popup->setLingerMs(m_lingerMs);
    connect(popup, &IncomingCallPopup::closed, this, [this, popup] {
        m_popups.removeAll(popup);
        layout();
    });
    m_popups << popup;
    layout();
    popup->show();
    popup->raise();
    emit popupShown(popup);
}

void PopupStack::layout()
{
    const QScreen *screen = QGuiApplication::primaryScreen();
    if (!screen)
        return;
    const QRect area = screen->availableGeometry();
    int bottom = area.bottom() - 12;
    for (const QPointer<IncomingCallPopup> &popup : std::as_const(m_popups)) {
        if (!popup)
            continue;
        const QSize size = popup->sizeHint().expandedTo(popup->minimumSizeHint());
        popup->resize(size);
        popup->move(area.right() - 12 - size.width(), bottom - size.height());
        bottom -= size.height() + 8;
    }
}

} // namespace audin::gui
