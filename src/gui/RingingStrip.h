// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <memory>

namespace Ui {
class RingingStrip;
}

namespace audin::desktop {
class DesktopSession;
}

namespace audin::gui {

/**
 * The strip across the top of the main window while a call rings: who calls which line, how many more
 * are waiting, and Answer / Decline / Silence, so an operator who looks at the window rather than the
 * popup can act from there. Hidden when nothing rings.
 */
class RingingStrip : public QFrame
{
    Q_OBJECT
public:
    explicit RingingStrip(desktop::DesktopSession *session, QWidget *parent = nullptr);
    ~RingingStrip() override;

    QString text() const;

private:
    void refresh();
    void setUrgent(bool urgent);

    std::unique_ptr<Ui::RingingStrip> m_ui;
    desktop::DesktopSession *m_session;
};

} // namespace audin::gui
