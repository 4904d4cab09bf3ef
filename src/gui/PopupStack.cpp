// SPDX-License-Identifier: GPL-3.0-or-later
#include "PopupStack.h"

#include "CallController.h"
#include "DesktopSession.h"
#include "IncomingCallPopup.h"
#include "PhoneNumberInput.h"

#include <QCursor>
#include <QEvent>
#include <QGuiApplication>
#include <QScreen>
#include <QWidget>
#include <QWindow>
#include <algorithm>

namespace audin::gui {

PopupStack::PopupStack(desktop::DesktopSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(session, &desktop::DesktopSession::incomingCall, this, &PopupStack::show);
    // A screen plugged in, unplugged, resized or given a new panel: the popups move with it.
    connect(qGuiApp, &QGuiApplication::screenAdded, this, [this](QScreen *screen) {
        watchScreen(screen);
        layout();
    });
    connect(qGuiApp, &QGuiApplication::screenRemoved, this, &PopupStack::layout, Qt::QueuedConnection);
    connect(qGuiApp, &QGuiApplication::primaryScreenChanged, this, &PopupStack::layout);
    for (QScreen *screen : QGuiApplication::screens())
        watchScreen(screen);
}

void PopupStack::watchScreen(QScreen *screen)
{
    connect(screen, &QScreen::availableGeometryChanged, this, &PopupStack::layout);
    connect(screen, &QScreen::geometryChanged, this, &PopupStack::layout);
}

void PopupStack::setAnchorWindow(QWidget *window)
{
    m_anchor = window;
    if (window)
        window->installEventFilter(this);
}

QScreen *PopupStack::targetScreen() const
{
    if (m_anchor && m_anchor->isVisible() && !m_anchor->isMinimized()) {
        // The screen that holds most of the window, as the window system sees it.
        if (QScreen *screen = QGuiApplication::screenAt(m_anchor->frameGeometry().center()))
            return screen;
        if (m_anchor->windowHandle() && m_anchor->windowHandle()->screen())
            return m_anchor->windowHandle()->screen();
    }
    if (QScreen *screen = QGuiApplication::screenAt(QCursor::pos()))
        return screen;
    return QGuiApplication::primaryScreen();
}

bool PopupStack::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::Resize:
        // A popup changed size (it grows to say why it closes).
        if (watched != m_anchor)
            layout();
        break;
    case QEvent::Move: // the main window may have gone to another screen
    case QEvent::Show:
    case QEvent::Hide:
        if (watched == m_anchor && !m_popups.isEmpty())
            layout();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
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

void PopupStack::show(CallController *call, bool whileInCall)
{
    auto *popup = new IncomingCallPopup(call, m_session, m_session->lineLabel(call), whileInCall);
    popup->setLingerMs(m_lingerMs);
    connect(popup, &IncomingCallPopup::closed, this, [this, popup] {
        m_popups.removeAll(popup);
        layout();
    });
    m_popups << popup;
    layout();
    popup->show();
    popup->raise();
    popup->installEventFilter(this);
    emit popupShown(popup);
}

void PopupStack::layout()
{
    if (m_layingOut)
        return;
    const QScreen *screen = targetScreen();
    if (!screen)
        return;
    m_layingOut = true;
    QList<IncomingCallPopup *> shown;
    QList<QSize> sizes;
    for (const QPointer<IncomingCallPopup> &popup : std::as_const(m_popups)) {
        if (!popup)
            continue;
        // The size the window will really have: its minimum size wins over a smaller hint.
        QSize hint = popup->sizeHint().expandedTo(popup->minimumSizeHint()).expandedTo(popup->minimumSize());
        // Wrapped labels (a long line name) need the height for the width the popup really gets.
        if (popup->hasHeightForWidth())
            hint.setHeight(std::max(popup->heightForWidth(hint.width()), popup->minimumSize().height()));
        shown << popup;
        sizes << hint;
    }
    const QList<QRect> places = m_placement.place(screen->availableGeometry(), sizes);
    for (qsizetype i = 0; i < shown.size(); ++i) {
        IncomingCallPopup *popup = shown[i];
        if (popup->windowHandle() && popup->windowHandle()->screen() != screen)
            popup->windowHandle()->setScreen(const_cast<QScreen *>(screen));
        // A popup shrunk to a small screen must not keep a larger minimum.
        popup->setMinimumSize(popup->minimumSize().boundedTo(places[i].size()));
        popup->setGeometry(places[i]);
    }
    m_layingOut = false;
}

} // namespace audin::gui
