// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTimer>
#include <QWidget>
#include <memory>

namespace Ui {
class PresenceBar;
}

namespace audin::desktop {
class DesktopSession;
}

namespace audin::gui {

/** The state at a glance (offline, connecting, online, reconnecting with its countdown) and the online switch. */
class PresenceBar : public QWidget
{
    Q_OBJECT
public:
    explicit PresenceBar(desktop::DesktopSession *session, QWidget *parent = nullptr);
    ~PresenceBar() override;

    QString statusText() const;
    QString detailText() const;
    /** Go online, or offline when taking calls (the button and Ctrl+Shift+O). */
    void toggleOnline();

signals:
    void signInRequested();

private:
    void refresh();

    std::unique_ptr<Ui::PresenceBar> m_ui;
    desktop::DesktopSession *m_session;
    QTimer m_countdown;
};

} // namespace audin::gui
