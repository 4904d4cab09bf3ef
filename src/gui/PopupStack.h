// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

namespace audin {
class CallController;
namespace desktop {
class DesktopSession;
}
} // namespace audin

namespace audin::gui {

class IncomingCallPopup;

/** The popups of simultaneous offers, stacked upwards from the bottom-right corner of the screen. */
class PopupStack : public QObject
{
    Q_OBJECT
public:
    explicit PopupStack(desktop::DesktopSession *session, QObject *parent = nullptr);
    ~PopupStack() override;

    QList<IncomingCallPopup *> popups() const;
    IncomingCallPopup *popupFor(const CallController *call) const;
    /** The newest popup still ringing (the application-wide Accept/Reject shortcuts act on it). */
    IncomingCallPopup *newestRinging() const;
    void acceptNewest();
    void rejectNewest();
    void setLingerMs(int ms) { m_lingerMs = ms; }

signals:
    void popupShown(audin::gui::IncomingCallPopup *popup);

private:
    void show(CallController *call, bool whileInCall);
    void layout();

    desktop::DesktopSession *m_session;
    QList<QPointer<IncomingCallPopup>> m_popups;
    int m_lingerMs = 2500;
};

} // namespace audin::gui
