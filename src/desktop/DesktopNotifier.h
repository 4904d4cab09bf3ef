// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QString>

namespace audin::desktop {

/** One desktop notification, as the call policies describe it; each backend shows what it can of it. */
struct DesktopNotification
{
    enum class Kind
    {
        IncomingCall, ///< an offer is ringing (the popup shows it too)
        CallTaken, ///< the offer was taken by a colleague or withdrawn (replaces IncomingCall)
        MissedCall,
    };
    enum class Urgency
    {
        Low,
        Normal,
        Critical,
    };
    struct Action
    {
        QString key; ///< "answer", "decline", "default", "call-back", ...
        QString label; ///< translated
    };

    Kind kind = Kind::IncomingCall;
    Urgency urgency = Urgency::Normal;
    QString title;
    QString body;
    QList<Action> actions;
    /** How long it stays; -1 = the server's default, 0 = until closed. */
    int timeoutMs = -1;
};

/**
 * A way to show desktop notifications: the freedesktop Notifications service on Linux, the tray's own
 * messages where there is none (and on Windows and macOS, where Qt hands them to the OS). Handles are
 * ours, given at once; a backend maps them to its own ids when it learns them.
 */
class DesktopNotifier : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /** Whether notifications shown now reach the operator. */
    virtual bool isAvailable() const = 0;
    /** Whether the operator can answer from the notification (its buttons reach actionInvoked). */
    virtual bool supportsActions() const = 0;
    /**
     * Shows `notification`, replacing the one `replaces` shows (0 = a new one). Returns its handle (never
     * 0), which stays the same when it replaces another.
     */
    virtual quint32 show(const DesktopNotification &notification, quint32 replaces = 0) = 0;
    /** Takes the notification away (no-op for an unknown or already closed handle). */
    virtual void close(quint32 handle) = 0;

signals:
    /** The operator chose `actionKey` on notification `handle`. */
    void actionInvoked(quint32 handle, const QString &actionKey);
    /** The notification went away (expired, dismissed or closed by us). */
    void closed(quint32 handle);
};

} // namespace audin::desktop
