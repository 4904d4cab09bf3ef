// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DesktopNotifier.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace audin {
class CallController;
}

namespace audin::desktop {

class DesktopSession;

/**
 * The desktop notifications about calls: one for each offer that rings (with Answer and Decline where
 * the server has buttons), replaced by a short notice when a colleague takes the call, and one for each
 * missed call (with Call back). Offers declined for do not disturb are never shown. Notifications go to
 * `primary` while it is available, else to `fallback`; replacing and closing go to the one that showed.
 */
class CallNotifications : public QObject
{
    Q_OBJECT
public:
    /** `session`, `primary` and `fallback` (may be null) must outlive this object. */
    CallNotifications(DesktopSession *session, DesktopNotifier *primary, DesktopNotifier *fallback,
                      QObject *parent = nullptr);
    /** Takes away the notifications of offers still ringing; missed-call notifications stay. */
    ~CallNotifications() override;

    /** The handle of the notification shown for `call` now (0 if none), for tests. */
    quint32 handleFor(const CallController *call) const;

signals:
    /** The operator clicked a notification: bring the main window forward. */
    void showWindowRequested();
    /**
     * Call back from a missed-call notification: dial `number` with `callerIdNumber` (the E.164 of the
     * line that was called, when it is still one of the operator's numbers, else empty).
     */
    void callBackRequested(const QString &number, const QString &callerIdNumber);

private:
    struct Notice
    {
        QPointer<DesktopNotifier> notifier;
        quint32 handle = 0;
        DesktopNotification::Kind kind = DesktopNotification::Kind::IncomingCall;
        const CallController *call = nullptr; // cleared when the call is destroyed
        QString number; // MissedCall: whom to call back
        QString lineNumber; // MissedCall: the number that was called
        QString lineId; // MissedCall: its phone number id
    };

    void onIncomingCall(CallController *call, bool whileInCall);
    void onCallState(CallController *call);
    void onCallEnded(CallController *call, bool missed);
    void onCallDestroyed(const CallController *call);
    void onAction(DesktopNotifier *notifier, quint32 handle, const QString &key);
    void onClosed(DesktopNotifier *notifier, quint32 handle);
    void listenTo(DesktopNotifier *notifier);
    DesktopNotifier *availableNotifier() const;
    void showMissed(CallController *call);
    void closeNotice(int index);
    int indexOf(const DesktopNotifier *notifier, quint32 handle) const;
    int indexOfCall(const CallController *call, DesktopNotification::Kind kind) const;
    QString describe(const CallController *call, bool ringing) const;
    QString callerIdFor(const Notice &notice) const;
    CallController *ringingCall(const CallController *call) const;

    DesktopSession *m_session;
    QPointer<DesktopNotifier> m_primary;
    QPointer<DesktopNotifier> m_fallback;
    QList<Notice> m_notices;
    QList<const CallController *> m_offered; // offers that reached the operator: missed-call candidates
};

} // namespace audin::desktop
