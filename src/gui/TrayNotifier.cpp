// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrayNotifier.h"

#include "TrayController.h"

namespace audin::gui {

TrayNotifier::TrayNotifier(TrayController *tray, QObject *parent)
    : desktop::DesktopNotifier(parent)
    , m_tray(tray)
{
    connect(tray, &TrayController::messageClicked, this, [this] {
        if (m_shown)
            emit actionInvoked(m_shown, QStringLiteral("default"));
    });
}

bool TrayNotifier::isAvailable() const
{
    return m_tray->canShowMessages();
}

quint32 TrayNotifier::show(const desktop::DesktopNotification &notification, quint32 replaces)
{
    const quint32 handle = replaces ? replaces : ++m_next;
    if (notification.kind == desktop::DesktopNotification::Kind::MissedCall) {
        m_tray->notify(notification.title, notification.body);
        m_shown = handle;
    }
    return handle;
}

void TrayNotifier::close(quint32 handle)
{
    // A tray message cannot be taken back; it times out by itself.
    if (handle == m_shown)
        m_shown = 0;
    emit closed(handle);
}

} // namespace audin::gui
