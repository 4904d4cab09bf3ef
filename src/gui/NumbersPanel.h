// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Types.h"

#include <QWidget>
#include <memory>

namespace Ui {
class NumbersPanel;
}

class QTreeWidgetItem;

namespace audin::desktop {
class DesktopSession;
}

namespace audin::gui {

/** The operator's numbers with a tick each: which to take calls on, and what the service said per number. */
class NumbersPanel : public QWidget
{
    Q_OBJECT
public:
    explicit NumbersPanel(desktop::DesktopSession *session, QWidget *parent = nullptr);
    ~NumbersPanel() override;

    /** Ticks exactly these numbers (as the operator would) and applies the selection. */
    void setSelection(const QStringList &ids);
    QStringList selection() const;
    /** The status column's text for a number id ("Taking calls", "Refused by the service", …). */
    QString statusText(const QString &id) const;

private:
    void rebuild();
    void refreshStatus();
    void onItemChanged(QTreeWidgetItem *item, int column);
    QTreeWidgetItem *itemFor(const QString &id) const;

    std::unique_ptr<Ui::NumbersPanel> m_ui;
    desktop::DesktopSession *m_session;
    bool m_rebuilding = false;
};

} // namespace audin::gui
