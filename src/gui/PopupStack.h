// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PopupPlacement.h"

#include <QList>
#include <QObject>
#include <QPointer>

class QScreen;
class QWidget;

namespace audin {
class CallController;
namespace desktop {
class DesktopSession;
}
} // namespace audin

namespace audin::gui {

class IncomingCallPopup;

/**
 * The popups of simultaneous offers, stacked upwards from the bottom-right corner of the screen that
 * holds the main window (or the pointer, while the window is hidden). They are laid out again whenever
 * one closes or changes size and whenever screens are added, removed or resized, so every popup stays
 * whole on a screen that exists.
 */
class PopupStack : public QObject
{
    Q_OBJECT
public:
    explicit PopupStack(desktop::DesktopSession *session, QObject *parent = nullptr);
    ~PopupStack() override;

    QList<IncomingCallPopup *> popups() const;
    IncomingCallPopup *popupFor(const CallController *call) const;
    /** The newest popup still ringing. */
    IncomingCallPopup *newestRinging() const;
    void setLingerMs(int ms) { m_lingerMs = ms; }
    /** The main window: popups go to its screen while it is visible. */
    void setAnchorWindow(QWidget *window);
    /** The screen the popups are on now (see the class comment). */
    QScreen *targetScreen() const;
    /** Lays the popups out again (called by itself on every change it can see). */
    void layout();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void popupShown(audin::gui::IncomingCallPopup *popup);

private:
    void show(CallController *call, bool whileInCall);
    void watchScreen(QScreen *screen);

    desktop::DesktopSession *m_session;
    QPointer<QWidget> m_anchor;
    QList<QPointer<IncomingCallPopup>> m_popups;
    PopupPlacement m_placement;
    bool m_layingOut = false;
    int m_lingerMs = 2500;
};

} // namespace audin::gui
