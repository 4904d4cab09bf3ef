// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>
#include <memory>

namespace Ui {
class HistoryPanel;
}

class QIdentityProxyModel;

namespace audin::desktop {
class CallHistory;
class CallHistoryModel;
} // namespace audin::desktop

namespace audin::gui {

/** Every call, newest first: filter (missed, inbound, outbound), search, call back, export. */
class HistoryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryPanel(desktop::CallHistory *history, QWidget *parent = nullptr);
    ~HistoryPanel() override;

    enum class Kind
    {
        All,
        Missed,
        Inbound,
        Outbound
    };
    void setKind(Kind kind);
    void setSearch(const QString &text);
    int rowCount() const;
    /** The remote number of a row (for tests and call back). */
    QString remoteNumberAt(int row) const;
    QString textAt(int row, int column) const;
    /** Exports what the list shows to `path`; the banner reports the outcome. */
    bool exportTo(const QString &path, QString *error);
    /** Calls back the selected row. */
    void callBackSelected();

signals:
    /** Call this number; `callerId` is our number it came in on or went out from, when known. */
    void callBackRequested(const QString &number, const QString &callerId);
    void message(const QString &text, bool error);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void applyFilter();
    void updateSummary();

    std::unique_ptr<Ui::HistoryPanel> m_ui;
    desktop::CallHistory *m_history;
    desktop::CallHistoryModel *m_model;
    QIdentityProxyModel *m_styled;
};

} // namespace audin::gui
