// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace audin::desktop {
class DesktopSession;
}

namespace audin::gui {

/** What the operator's state is, as the window's dot and the tray icon show it. */
enum class OperatorStatus
{
    SignedOut,
    Offline,
    Connecting,
    Reconnecting,
    NotTakingCalls,
    TakingCalls,
    DoNotDisturb,
};

OperatorStatus operatorStatus(const desktop::DesktopSession *session);
QColor statusColor(OperatorStatus status);
/** A dot of the status colour, `size` pixels across. */
QPixmap statusDot(OperatorStatus status, int size);
/** The app icon with the status dot and, when there are missed calls, their count. */
QIcon trayIcon(OperatorStatus status, int missedCalls);
/** The tray icon while a call rings: a green disc with an incoming-call arrow, clearly not an idle state. */
QIcon ringingTrayIcon();

} // namespace audin::gui
