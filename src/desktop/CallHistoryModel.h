// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CallHistory.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace audin::desktop {

/**
 * The history as a table for views: one row per call, newest first, reloaded (up to the filter's
 * limit) whenever the history changes. Missed rows are told apart by MissedRole; the model sets no
 * colours or icons, the view styles rows from DirectionRole and MissedRole.
 */
class CallHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        DirectionColumn,
        NumberColumn,
        LineColumn,
        StartedColumn,
        DurationColumn,
        ResultColumn,
        ColumnCount
    };
    enum Role
    {
        RecordIdRole = Qt::UserRole + 1, ///< qint64
        RemoteNumberRole, ///< QString
        MissedRole, ///< bool
        DirectionRole, ///< audin::CallDirection
        SeenRole, ///< bool: false for a missed call not yet looked at
        EndReasonRole, ///< QString wire name, "interrupted" when the app stopped during the call, else empty
        StatusRole, ///< int: CallRecord::Status
    };

    explicit CallHistoryModel(CallHistory *history, QObject *parent = nullptr);

    void setFilter(const HistoryFilter &filter);
    HistoryFilter filter() const { return m_filter; }
    /** The record shown in `row`, if any. */
    std::optional<CallRecord> recordAt(int row) const;
    /** Reloads from the history (done automatically on CallHistory::changed). */
    void reload();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** "Missed", "Answered", "Declined", "Taken by a colleague", "Busy", "Interrupted", "Ringing", … */
    static QString resultText(const CallRecord &record);
    /** "m:ss" or "h:mm:ss" of the talk time; "—" when the call was never answered or its end is not known. */
    static QString durationText(const CallRecord &record);
    /** When a call started, as short as is clear: "14:05" today, "Yesterday 09:12", "Mon 09:12" this week, else the
     * date. */
    static QString startedText(const QDateTime &startedAt, const QDateTime &now = QDateTime::currentDateTime());

private:
    QPointer<CallHistory> m_history;
    HistoryFilter m_filter;
    QList<CallRecord> m_records;
};

} // namespace audin::desktop
