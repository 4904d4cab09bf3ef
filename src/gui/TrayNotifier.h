// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DesktopNotifier.h"

namespace audin::gui {

class TrayController;

/**
 * Notifications through the tray icon's own messages, for desktops without a notification service
 * (and for Windows and macOS, where Qt hands them to the system's notification centre). A tray message
 * has no buttons and covers part of the screen near the tray, where the incoming-call popups are: so
 * ringing offers are left to the popups (which are notices themselves) and only missed calls are shown.
 */
class TrayNotifier : public desktop::DesktopNotifier
{
    Q_OBJECT
public:
    explicit TrayNotifier(TrayController *tray, QObject *parent = nullptr);

    bool isAvailable() const override;
    bool supportsActions() const override { return false; }
    quint32 show(const desktop::DesktopNotification &notification, quint32 replaces = 0) override;
    void close(quint32 handle) override;

private:
    TrayController *m_tray;
    quint32 m_next = 0;
    quint32 m_shown = 0; // the handle whose message the tray shows now (a click opens the window)
};

} // namespace audin::gui
