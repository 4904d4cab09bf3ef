// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallHistoryModel.h"

#include "PhoneNumberInput.h"

#include <QLocale>

namespace audin::desktop {

CallHistoryModel::CallHistoryModel(CallHistory *history, QObject *parent)
    : QAbstractTableModel(parent)
    , m_history(history)
{
    if (m_history)
        connect(m_history, &CallHistory::changed, this, &CallHistoryModel::reload);
    reload();
}

void CallHistoryModel::setFilter(const HistoryFilter &filter)
{
    m_filter = filter;
    reload();
}

void CallHistoryModel::reload()
{
    // A reset is cheap at a few thousand rows and the view keeps its scroll position via the
    // records' ids if it wants to; a diff would not pay for itself here.
    beginResetModel();
    m_records = m_history ? m_history->query(m_filter) : QList<CallRecord>();
    endResetModel();
}

std::optional<CallRecord> CallHistoryModel::recordAt(int row) const
{
    if (row < 0 || row >= m_records.size())
        return std::nullopt;
    return m_records.at(row);
}

int CallHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int CallHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CallHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= m_records.size())
        return {};
    const CallRecord &r = m_records.at(index.row());
    switch (role) {
    case RecordIdRole:
        return r.id;
    case RemoteNumberRole:
        return r.remoteNumber;
    case MissedRole:
        return r.missed;
    case DirectionRole:
        return QVariant::fromValue(r.direction);
    case SeenRole:
        return r.seen;
    case EndReasonRole:
        if (r.endReason)
            return wireName(*r.endReason);
        return r.status == CallRecord::Status::Interrupted ? QStringLiteral("interrupted") : QString();
    case StatusRole:
        return int(r.status);
    case Qt::ToolTipRole:
        if (r.status == CallRecord::Status::Interrupted) {
            const QString why = tr("The softphone stopped unexpectedly during this call, so how it ended is not "
                                   "known.");
            return r.note.isEmpty() ? why : r.note + QLatin1Char('\n') + why;
        }
        if (!r.note.isEmpty())
            return r.note;
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case DirectionColumn:
        return r.direction == CallDirection::Inbound ? tr("Incoming") : tr("Outgoing");
    case NumberColumn:
        return PhoneNumberInput::formatForDisplay(r.remoteNumber);
    case LineColumn:
        return r.lineName.isEmpty() ? PhoneNumberInput::formatForDisplay(r.localNumber) : r.lineName;
    case StartedColumn:
        return startedText(r.startedAt);
    case DurationColumn:
        return durationText(r);
    case ResultColumn:
        return resultText(r);
    default:
        return {};
    }
}

QString CallHistoryModel::startedText(const QDateTime &startedAt, const QDateTime &now)
{
    const QLocale locale;
    const QDateTime local = startedAt.toLocalTime();
    const QString time = locale.toString(local.time(), QLocale::ShortFormat);
    const qint64 daysAgo = local.date().daysTo(now.toLocalTime().date());
    if (daysAgo == 0)
        return time;
    if (daysAgo == 1)
        return tr("Yesterday %1").arg(time);
    if (daysAgo > 1 && daysAgo < 7)
        return QStringLiteral("%1 %2").arg(locale.dayName(local.date().dayOfWeek(), QLocale::ShortFormat), time);
    return locale.toString(local, QLocale::ShortFormat);
}

QVariant CallHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DirectionColumn:
        return tr("Direction");
    case NumberColumn:
        return tr("Number");
    case LineColumn:
        return tr("Line");
    case StartedColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case ResultColumn:
        return tr("Result");
    default:
        return {};
    }
}

QHash<int, QByteArray> CallHistoryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RecordIdRole, "recordId");
    names.insert(RemoteNumberRole, "remoteNumber");
    names.insert(MissedRole, "missed");
    names.insert(DirectionRole, "direction");
    names.insert(SeenRole, "seen");
    names.insert(EndReasonRole, "endReason");
    names.insert(StatusRole, "status");
    return names;
}

QString CallHistoryModel::resultText(const CallRecord &r)
{
    if (r.status == CallRecord::Status::Interrupted)
        return r.answeredAt.isValid() ? tr("Interrupted (answered)") : tr("Interrupted");
    if (r.status == CallRecord::Status::InProgress)
        return r.answeredAt.isValid() ? tr("In progress") : tr("Ringing");
    if (r.missed)
        return tr("Missed");
    if (r.answeredAt.isValid())
        return tr("Answered");
    if (!r.endReason)
        return tr("Unknown");
    switch (*r.endReason) {
    case CallEndReason::Rejected:
        return tr("Declined");
    case CallEndReason::TakenByOther:
        return tr("Taken by a colleague");
    case CallEndReason::NoAnswer:
        return tr("No answer");
    case CallEndReason::Hangup:
        return tr("Cancelled");
    case CallEndReason::RemoteHangup:
        return r.direction == CallDirection::Outbound ? tr("Declined by the other party") : tr("Missed");
    case CallEndReason::Offline:
        return tr("Connection lost");
    case CallEndReason::Failed:
        if (r.errorCode == QLatin1String(ErrorCode::Busy))
            return tr("Busy");
        if (r.errorCode == QLatin1String(ErrorCode::NotAllowed))
            return tr("Not allowed");
        if (r.errorCode == QLatin1String(ErrorCode::InvalidNumber))
            return tr("Invalid number");
        if (r.errorCode == QLatin1String(ErrorCode::InvalidCallerId))
            return tr("Invalid caller ID");
        return tr("Failed");
    }
    return tr("Unknown");
}

QString CallHistoryModel::durationText(const CallRecord &r)
{
    if (!r.answeredAt.isValid() || !r.endedAt.isValid())
        return QStringLiteral("\u2014");
    const int total = r.durationS();
    const int hours = total / 3600;
    const int minutes = (total / 60) % 60;
    const int seconds = total % 60;
    if (hours > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(hours)
            .arg(minutes, 2, 10, QLatin1Char('0'))
            .arg(seconds, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(minutes).arg(seconds, 2, 10, QLatin1Char('0'));
}

} // namespace audin::desktop
