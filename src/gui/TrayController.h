// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "StatusStyle.h"

#include <QIcon>
#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace audin::desktop {
class CallHistory;
class DesktopSession;
} // namespace audin::desktop

namespace audin::gui {

/**
 * The tray icon: presence state and missed calls at a glance, a menu (show, go online/offline,
 * do not disturb, quit) and a notification per incoming and missed call. Where the desktop has no
 * tray, it does nothing (the window then quits on close instead of hiding).
 */
class TrayController : public QObject
{
    Q_OBJECT
public:
    /** `availableOverride`: tests stand in for a desktop with a tray (offscreen has none). */
    TrayController(desktop::DesktopSession *session, desktop::CallHistory *history,
                   std::optional<bool> availableOverride = {}, QObject *parent = nullptr);
    ~TrayController() override;

    bool isAvailable() const;
    /** A message shown now would reach the operator (a tray that shows messages is up). */
    bool canShowMessages() const;
    void notify(const QString &title, const QString &message);
    QString toolTip() const;
    OperatorStatus status() const { return m_status; }
    int missedCalls() const { return m_missed; }
    QMenu *menu() const { return m_menu.get(); }
    QAction *onlineAction() const { return m_online; }
    QAction *doNotDisturbAction() const { return m_dnd; }
    /** Answer / Decline / Silence ringer: in the menu only while a call rings. */
    QAction *answerAction() const { return m_answer; }
    QAction *declineAction() const { return m_decline; }
    QAction *silenceAction() const { return m_silence; }
    /** A call rings: the icon blinks between the ringing icon and the status icon. */
    bool isRinging() const { return m_blink.isActive(); }
    /** Which icon shows now: the ringing one (true) or the status one. */
    bool showsRingingIcon() const { return m_ringingPhase; }
    void setBlinkIntervalMs(int ms) { m_blink.setInterval(ms); }
    /** The notifications shown so far, as "title: message" (for tests; the tray itself keeps no list). */
    QStringList shownNotifications() const { return m_shown; }

signals:
    void showWindowRequested();
    void quitRequested();
    /** The operator clicked the last message. */
    void messageClicked();

private:
    void refresh();
    void refreshRinging();
    void showIcon();

    desktop::DesktopSession *m_session;
    desktop::CallHistory *m_history;
    std::unique_ptr<QMenu> m_menu;
    QSystemTrayIcon *m_tray;
    QAction *m_show;
    QAction *m_online;
    QAction *m_dnd;
    QAction *m_answer;
    QAction *m_decline;
    QAction *m_silence;
    QTimer m_blink;
    bool m_ringingPhase = false;
    QString m_ringingText;
    QIcon m_statusIcon;
    QAction *m_quit;
    OperatorStatus m_status = OperatorStatus::SignedOut;
    int m_missed = -1;
    QStringList m_shown;
    std::optional<bool> m_availableOverride;
};

} // namespace audin::gui
