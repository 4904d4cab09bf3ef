// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallHistory.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStringList>
#include <QTimeZone>
#include <cstdlib>

namespace audin::desktop {

namespace {
// Schema history. Each step moves the file from version N-1 to N inside one transaction; a step is
// never edited once released, later versions only append steps (new columns get defaults, so
// rows written by older versions stay readable).
const char *const migrationSteps[][5] = {
    // 1: the calls table. Times are ms since the epoch (UTC). The *_digits and search_text columns
    // are derived from the others at write time so that search is a plain LIKE.
    {"CREATE TABLE calls ("
     " id INTEGER PRIMARY KEY AUTOINCREMENT,"
     " call_sid TEXT NOT NULL DEFAULT '',"
     " direction TEXT NOT NULL,"
     " remote_number TEXT NOT NULL DEFAULT '',"
     " local_number TEXT NOT NULL DEFAULT '',"
     " line_id TEXT NOT NULL DEFAULT '',"
     " line_name TEXT NOT NULL DEFAULT '',"
     " started_at INTEGER NOT NULL,"
     " answered_at INTEGER,"
     " ended_at INTEGER,"
     " end_reason TEXT,"
     " missed INTEGER NOT NULL DEFAULT 0,"
     " seen INTEGER NOT NULL DEFAULT 1,"
     " note TEXT NOT NULL DEFAULT '',"
     " remote_digits TEXT NOT NULL DEFAULT '',"
     " local_digits TEXT NOT NULL DEFAULT '',"
     " search_text TEXT NOT NULL DEFAULT '')",
     // Newest first, per filter kind, without sorting the whole table; and the unseen count from
     // the index alone.
     "CREATE INDEX calls_started ON calls (started_at)", "CREATE INDEX calls_missed ON calls (missed, started_at)",
     "CREATE INDEX calls_direction ON calls (direction, started_at)",
     "CREATE INDEX calls_unseen ON calls (missed, seen)"},
    // 2: why a failed call failed (BUSY, NOT_ALLOWED, …), for the Result column.
    {"ALTER TABLE calls ADD COLUMN error_code TEXT NOT NULL DEFAULT ''"},
    // 3: rows are written when a call starts and finished when it ends ('in_progress', 'ended',
    // 'interrupted' when the app died during the call). Rows from before were all written at the end.
    {"ALTER TABLE calls ADD COLUMN status TEXT NOT NULL DEFAULT 'ended'",
     "CREATE INDEX calls_unfinished ON calls (status) WHERE status <> 'ended'"},
};
constexpr int currentVersion = int(std::size(migrationSteps));

const char selectColumns[] = "SELECT id, call_sid, direction, remote_number, local_number, line_id, line_name,"
                             " started_at, answered_at, ended_at, end_reason, error_code, missed, seen, note, status"
                             " FROM calls";

QAtomicInteger<quint64> connectionCounter;

const char statusInProgress[] = "in_progress";
const char statusEnded[] = "ended";
const char statusInterrupted[] = "interrupted";

QString statusName(CallRecord::Status status)
{
    switch (status) {
    case CallRecord::Status::InProgress:
        return QLatin1String(statusInProgress);
    case CallRecord::Status::Interrupted:
        return QLatin1String(statusInterrupted);
    case CallRecord::Status::Ended:
        break;
    }
    return QLatin1String(statusEnded);
}

CallRecord::Status statusFrom(const QString &name)
{
    if (name == QLatin1String(statusInProgress))
        return CallRecord::Status::InProgress;
    if (name == QLatin1String(statusInterrupted))
        return CallRecord::Status::Interrupted;
    return CallRecord::Status::Ended;
}

// SQLite result codes (sqlite3.h) that say "busy, try later" rather than "this file is damaged".
bool isTransient(const QSqlError &error)
{
    const int code = error.nativeErrorCode().toInt() & 0xff;
    return code == 5 /* SQLITE_BUSY */ || code == 6 /* SQLITE_LOCKED */ || code == 7 /* SQLITE_NOMEM */;
}

QString digitsOf(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            out += c;
    }
    return out;
}

QString searchTextOf(const CallRecord &record)
{
    return (record.lineName + QChar(0x1f) + record.remoteNumber).toCaseFolded();
}

bool isDigitSearch(const QString &search)
{
    static const QRegularExpression pattern(QStringLiteral("^[+0-9 ().\\-/]*[0-9][+0-9 ().\\-/]*$"));
    return pattern.match(search).hasMatch();
}

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

QVariant msOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

CallRecord recordFrom(const QSqlQuery &q)
{
    CallRecord r;
    r.id = q.value(0).toLongLong();
    r.callSid = q.value(1).toString();
    r.direction = q.value(2).toString() == QLatin1String("outbound") ? CallDirection::Outbound : CallDirection::Inbound;
    r.remoteNumber = q.value(3).toString();
    r.localNumber = q.value(4).toString();
    r.lineId = q.value(5).toString();
    r.lineName = q.value(6).toString();
    r.startedAt = timeFrom(q.value(7));
    r.answeredAt = timeFrom(q.value(8));
    r.endedAt = timeFrom(q.value(9));
    r.endReason = q.value(10).isNull() ? std::nullopt : callEndReasonFromString(q.value(10).toString());
    r.errorCode = q.value(11).toString();
    r.missed = q.value(12).toBool();
    r.seen = q.value(13).toBool();
    r.note = q.value(14).toString();
    r.status = statusFrom(q.value(15).toString());
    return r;
}

// Qt Sql binds a null QString as NULL; the text columns are NOT NULL with '' for "none".
QString orEmpty(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

void bindRecord(QSqlQuery &q, const CallRecord &r)
{
    q.bindValue(QStringLiteral(":call_sid"), orEmpty(r.callSid));
    q.bindValue(QStringLiteral(":direction"), wireName(r.direction));
    q.bindValue(QStringLiteral(":remote_number"), orEmpty(r.remoteNumber));
    q.bindValue(QStringLiteral(":local_number"), orEmpty(r.localNumber));
    q.bindValue(QStringLiteral(":line_id"), orEmpty(r.lineId));
    q.bindValue(QStringLiteral(":line_name"), orEmpty(r.lineName));
    // A record without a start time still sorts sensibly: by when it ended, else now.
    const QDateTime started
        = r.startedAt.isValid() ? r.startedAt : (r.endedAt.isValid() ? r.endedAt : QDateTime::currentDateTimeUtc());
    q.bindValue(QStringLiteral(":started_at"), started.toMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":answered_at"), msOrNull(r.answeredAt));
    q.bindValue(QStringLiteral(":ended_at"), msOrNull(r.endedAt));
    q.bindValue(QStringLiteral(":end_reason"), r.endReason ? QVariant(wireName(*r.endReason)) : QVariant());
    q.bindValue(QStringLiteral(":error_code"), orEmpty(r.errorCode));
    q.bindValue(QStringLiteral(":missed"), r.missed ? 1 : 0);
    q.bindValue(QStringLiteral(":seen"), r.seen ? 1 : 0);
    q.bindValue(QStringLiteral(":note"), orEmpty(r.note));
    q.bindValue(QStringLiteral(":remote_digits"), orEmpty(digitsOf(r.remoteNumber)));
    q.bindValue(QStringLiteral(":local_digits"), orEmpty(digitsOf(r.localNumber)));
    q.bindValue(QStringLiteral(":search_text"), orEmpty(searchTextOf(r)));
    q.bindValue(QStringLiteral(":status"), statusName(r.status));
}

// ---- CSV (RFC 4180) ----

QString csvField(const QString &value)
{
    static const QRegularExpression e164(QStringLiteral("^\\+[0-9]+$"));
    QString text = value;
    // A spreadsheet would run a cell starting with these as a formula (a caller can choose what
    // lands in the note or a non-E.164 number); a plain E.164 number is data and stays as it is.
    if (!text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front()) && !e164.match(text).hasMatch())
        text.prepend(QLatin1Char('\''));
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\r'))
        || text.contains(QLatin1Char('\n'))) {
        text.replace(QLatin1Char('"'), QLatin1String("\"\""));
        text = QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text;
}

// ISO 8601 in local time with its offset, e.g. 2024-07-01T14:00:00+02:00. One QTimeZone for the
// whole export: asking it is several times cheaper than QDateTime::toLocalTime() per cell, which
// matters at 100,000 rows.
QString csvTime(const QDateTime &utc, const QTimeZone &zone)
{
    if (!utc.isValid())
        return {};
    const int offset = zone.isValid() ? zone.offsetFromUtc(utc) : utc.toLocalTime().offsetFromUtc();
    const QDateTime local = utc.toUTC().addSecs(offset);
    const QDate d = local.date();
    const QTime t = local.time();
    const int minutes = std::abs(offset) / 60;
    return QString::asprintf("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year(), d.month(), d.day(), t.hour(),
                             t.minute(), t.second(), offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
}

// The wire name of how the call ended; "interrupted" when the app stopped during the call.
QString endReasonText(const CallRecord &r)
{
    if (r.endReason)
        return wireName(*r.endReason);
    return r.status == CallRecord::Status::Interrupted ? QLatin1String(statusInterrupted) : QString();
}

QByteArray csvLine(const QStringList &fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &field : fields)
        quoted << csvField(field);
    return quoted.join(QLatin1Char(',')).toUtf8() + "\r\n";
}
} // namespace

int CallRecord::durationS() const
{
    if (!answeredAt.isValid() || !endedAt.isValid())
        return 0;
    return int(std::max<qint64>(0, answeredAt.secsTo(endedAt)));
}

CallHistory::CallHistory(QString databasePath, QObject *parent)
    : QObject(parent)
    , m_path(std::move(databasePath))
    , m_connectionName(QStringLiteral("audin-history-%1").arg(connectionCounter.fetchAndAddRelaxed(1)))
{
}

CallHistory::~CallHistory()
{
    close();
}

void CallHistory::close()
{
    m_open = false;
    m_lock.reset();
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    } // no handle may be left when the connection is removed
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase CallHistory::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool CallHistory::open(QString *error)
{
    QString message;
    const auto fail = [&](const QString &text) {
        close();
        message = text;
        if (error)
            *error = message;
        return false;
    };
    close();
    m_notice.clear();
    m_movedAside.clear();
    m_interruptedOnOpen = 0;
    if (m_path.isEmpty())
        return fail(tr("No file was given for the call history."));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(tr("Call history is not available: the SQLite driver for Qt is not installed."));
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(
            tr("Cannot create the folder %1 for the call history.").arg(QDir::toNativeSeparators(info.absolutePath())));

    QString openError;
    OpenResult result = OpenResult::Damaged;
    if (info.exists() && !info.isFile())
        openError = tr("it is not a file");
    else
        result = openExisting(&openError);
    if (result == OpenResult::Failed)
        return fail(openError);
    if (result == OpenResult::Damaged) {
        // Keep the old file for whoever wants to rescue it, out of the way of the calls to come.
        close();
        QString moveError;
        if (!moveAside(&moveError))
            return fail(tr("The call history file %1 is damaged or unreadable (%2) and could not be moved aside "
                           "(%3). Calls are not recorded until it is moved away or deleted.")
                            .arg(QDir::toNativeSeparators(m_path), openError, moveError));
        qWarning("call history: %s was damaged (%s); moved to %s", qPrintable(m_path), qPrintable(openError),
                 qPrintable(m_movedAside));
        QString freshError;
        if (openExisting(&freshError) != OpenResult::Ok)
            return fail(freshError);
        m_notice = tr("The call history file was damaged or unreadable (%1). It was moved to %2 and a new, empty "
                      "history was started; new calls are recorded again.")
                       .arg(openError, QDir::toNativeSeparators(m_movedAside));
    }
    m_open = true;
    // Rows in progress belong to whoever holds the lock. A process that was killed holds nothing
    // any more (QLockFile sees that its process is gone): its unfinished calls are over.
    m_lock = std::make_unique<QLockFile>(m_path + QStringLiteral(".lock"));
    m_lock->setStaleLockTime(0);
    if (m_lock->tryLock(0)) {
        m_interruptedOnOpen = markInterrupted();
    } else {
        qInfo("call history: %s is in use by another process; its calls in progress are left as they are",
              qPrintable(m_path));
        m_lock.reset();
    }
    refreshUnseenCount();
    return true;
}

CallHistory::OpenResult CallHistory::openExisting(QString *error)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(m_path);
        if (!db.open()) {
            *error = db.lastError().text();
            return isTransient(db.lastError()) ? OpenResult::Failed : OpenResult::Damaged;
        }
    }
    bool damaged = false;
    if (!migrate(error, &damaged))
        return damaged ? OpenResult::Damaged : OpenResult::Failed;
    return OpenResult::Ok;
}

bool CallHistory::moveAside(QString *error)
{
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = m_path + QStringLiteral(".corrupt-") + stamp;
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = m_path + QStringLiteral(".corrupt-%1-%2").arg(stamp).arg(n);
    if (!QDir().rename(m_path, target)) {
        *error = tr("cannot rename it to %1").arg(QDir::toNativeSeparators(target));
        return false;
    }
    // The write-ahead log may hold the newest rows: it goes with its database, under SQLite's names.
    for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (QFileInfo::exists(m_path + suffix) && !QDir().rename(m_path + suffix, target + suffix))
            QFile::remove(m_path + suffix);
    }
    m_movedAside = target;
    return true;
}

int CallHistory::markInterrupted()
{
    // Nobody knows how these calls ended. An inbound call that was never answered may well have
    // gone unanswered: it is listed as missed (and unseen) so that the operator can call back.
    QSqlQuery q(database());
    if (!q.exec(
            QStringLiteral("UPDATE calls SET status = 'interrupted',"
                           " missed = CASE WHEN direction = 'inbound' AND answered_at IS NULL THEN 1 ELSE missed END,"
                           " seen = CASE WHEN direction = 'inbound' AND answered_at IS NULL THEN 0 ELSE seen END"
                           " WHERE status = 'in_progress'"))) {
        reportWriteError(tr("Calls interrupted when the softphone last stopped could not be marked as such."),
                         q.lastError().text());
        return 0;
    }
    const int count = q.numRowsAffected();
    if (count > 0)
        qWarning("call history: %d call(s) in progress when the softphone last stopped marked interrupted", count);
    return count;
}

bool CallHistory::migrate(QString *error, bool *damaged)
{
    QSqlDatabase db = database();
    QSqlQuery q(db);
    const QString file = QDir::toNativeSeparators(m_path);
    // The first read of a file that is not a database fails here ("file is not a database").
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        *damaged = !isTransient(q.lastError());
        *error = *damaged ? q.lastError().text()
                          : tr("The call history file %1 cannot be read now (%2).").arg(file, q.lastError().text());
        return false;
    }
    const int version = q.value(0).toInt();
    q.finish();
    if (version > currentVersion) {
        *error = tr("The call history file %1 was written by a newer version of Audin Softphone; it is left "
                    "untouched and calls are not recorded.")
                     .arg(file);
        return false;
    }
    // A damaged page further in fails a write or a query much later, and only for some calls: look
    // now. quick_check reads every page (0.2 s for 200,000 calls on a slow machine, where
    // integrity_check takes 0.8 s) and finds what a damaged disk or a torn copy does to a file.
    if (!q.exec(QStringLiteral("PRAGMA quick_check(1)")) || !q.next() || q.value(0).toString() != QLatin1String("ok")) {
        const QString detail = q.lastError().isValid() ? q.lastError().text() : q.value(0).toString();
        *damaged = !q.lastError().isValid() || !isTransient(q.lastError());
        *error = *damaged ? detail : tr("The call history file %1 cannot be read now (%2).").arg(file, detail);
        return false;
    }
    q.finish();
    // WAL: a crash mid-write never damages what is already there, and reads don't block the write.
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
        qWarning("call history: WAL not available: %s", qPrintable(q.lastError().text()));
    q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    q.finish();
    if (version == currentVersion)
        return true;
    if (!db.transaction()) {
        *error = tr("The call history file %1 cannot be written (%2).").arg(file, db.lastError().text());
        return false;
    }
    for (int step = version; step < currentVersion; ++step) {
        for (const char *statement : migrationSteps[step]) {
            if (statement && !q.exec(QString::fromLatin1(statement))) {
                const QString detail = q.lastError().text();
                q.finish();
                db.rollback();
                *error = tr("The call history file %1 could not be updated to this version (%2); it was "
                            "left as it was.")
                             .arg(file, detail);
                return false;
            }
        }
    }
    // PRAGMA takes no bound values; the number is ours.
    if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(currentVersion)) || !db.commit()) {
        const QString detail = q.lastError().isValid() ? q.lastError().text() : db.lastError().text();
        q.finish();
        db.rollback();
        *error = tr("The call history file %1 could not be updated to this version (%2); it was left as it "
                    "was.")
                     .arg(file, detail);
        return false;
    }
    return true;
}

int CallHistory::schemaVersion()
{
    return currentVersion;
}

qint64 CallHistory::add(const CallRecord &record)
{
    if (!m_open)
        return 0;
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "INSERT INTO calls (call_sid, direction, remote_number, local_number, line_id, line_name, started_at,"
        " answered_at, ended_at, end_reason, error_code, missed, seen, note, remote_digits, local_digits,"
        " search_text, status) VALUES (:call_sid, :direction, :remote_number, :local_number, :line_id,"
        " :line_name, :started_at, :answered_at, :ended_at, :end_reason, :error_code, :missed, :seen, :note,"
        " :remote_digits, :local_digits, :search_text, :status)"));
    bindRecord(q, record);
    if (!q.exec()) {
        reportWriteError(tr("The call could not be saved to the history."), q.lastError().text());
        return 0;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    emit changed();
    refreshUnseenCount();
    return id;
}

bool CallHistory::update(const CallRecord &record)
{
    if (!m_open || record.id <= 0)
        return false;
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "UPDATE calls SET call_sid = :call_sid, direction = :direction, remote_number = :remote_number,"
        " local_number = :local_number, line_id = :line_id, line_name = :line_name, started_at = :started_at,"
        " answered_at = :answered_at, ended_at = :ended_at, end_reason = :end_reason, error_code = :error_code,"
        " missed = :missed, seen = :seen, note = :note, remote_digits = :remote_digits,"
        " local_digits = :local_digits, search_text = :search_text, status = :status WHERE id = :id"));
    bindRecord(q, record);
    q.bindValue(QStringLiteral(":id"), record.id);
    if (!q.exec()) {
        reportWriteError(tr("The call could not be saved to the history."), q.lastError().text());
        return false;
    }
    if (q.numRowsAffected() < 1)
        return false;
    emit changed();
    refreshUnseenCount();
    return true;
}

QList<CallRecord> CallHistory::query(const HistoryFilter &filter) const
{
    QList<CallRecord> out;
    if (!m_open)
        return out;
    QStringList where;
    switch (filter.kind) {
    case HistoryFilter::Kind::All:
        break;
    case HistoryFilter::Kind::Missed:
        where << QStringLiteral("missed = 1");
        break;
    case HistoryFilter::Kind::Inbound:
        where << QStringLiteral("direction = 'inbound'");
        break;
    case HistoryFilter::Kind::Outbound:
        where << QStringLiteral("direction = 'outbound'");
        break;
    }
    const QString search = filter.search.trimmed();
    QString pattern;
    if (!search.isEmpty()) {
        if (isDigitSearch(search)) {
            pattern = likePattern(digitsOf(search));
            where << QStringLiteral("(remote_digits LIKE :pattern ESCAPE '\\' OR local_digits LIKE :pattern2 "
                                    "ESCAPE '\\')");
        } else {
            pattern = likePattern(search.toCaseFolded());
            where << QStringLiteral("search_text LIKE :pattern ESCAPE '\\'");
        }
    }
    QString sql = QString::fromLatin1(selectColumns);
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY started_at DESC, id DESC LIMIT :limit");

    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(sql);
    if (!pattern.isEmpty()) {
        q.bindValue(QStringLiteral(":pattern"), pattern);
        if (sql.contains(QLatin1String(":pattern2")))
            q.bindValue(QStringLiteral(":pattern2"), pattern);
    }
    q.bindValue(QStringLiteral(":limit"), filter.limit > 0 ? filter.limit : -1);
    if (!q.exec()) {
        qWarning("call history: query failed: %s", qPrintable(q.lastError().text()));
        return out;
    }
    while (q.next())
        out << recordFrom(q);
    return out;
}

std::optional<CallRecord> CallHistory::find(qint64 id) const
{
    if (!m_open)
        return std::nullopt;
    QSqlQuery q(database());
    q.prepare(QString::fromLatin1(selectColumns) + QStringLiteral(" WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return recordFrom(q);
}

std::optional<CallRecord> CallHistory::findByCallSid(const QString &callSid) const
{
    if (!m_open || callSid.isEmpty())
        return std::nullopt;
    QSqlQuery q(database());
    q.prepare(QString::fromLatin1(selectColumns)
              + QStringLiteral(" WHERE call_sid = :sid ORDER BY started_at DESC, id DESC LIMIT 1"));
    q.bindValue(QStringLiteral(":sid"), callSid);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return recordFrom(q);
}

void CallHistory::markMissedSeen()
{
    if (!m_open)
        return;
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("UPDATE calls SET seen = 1 WHERE missed = 1 AND seen = 0"))) {
        reportWriteError(tr("The missed calls could not be marked as seen."), q.lastError().text());
        return;
    }
    if (q.numRowsAffected() > 0)
        emit changed();
    refreshUnseenCount();
}

int CallHistory::purgeOlderThan(int days)
{
    if (!m_open || days <= 0)
        return 0;
    QSqlQuery q(database());
    q.prepare(QStringLiteral("DELETE FROM calls WHERE started_at < :cutoff"));
    q.bindValue(QStringLiteral(":cutoff"), QDateTime::currentDateTimeUtc().addDays(-days).toMSecsSinceEpoch());
    if (!q.exec()) {
        reportWriteError(tr("Old calls could not be removed from the history."), q.lastError().text());
        return 0;
    }
    const int deleted = q.numRowsAffected();
    if (deleted > 0) {
        emit changed();
        refreshUnseenCount();
    }
    return deleted;
}

bool CallHistory::exportCsv(const QString &path, const HistoryFilter &filter, QString *error) const
{
    const QString file = QDir::toNativeSeparators(path);
    const auto fail = [&](const QString &text) {
        if (error)
            *error = text;
        return false;
    };
    if (!m_open)
        return fail(tr("The call history is not available, so there is nothing to export."));
    // Unbuffered, with our own chunks: Qt 6.4's buffered flush can lose a short write (disk full,
    // file size limit) and commit() still succeeds, renaming a truncated file into place. Every
    // write is checked here instead.
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return fail(tr("Cannot write %1: %2").arg(file, out.errorString()));
    QByteArray chunk;
    const auto writeChunk = [&] {
        const bool whole = chunk.isEmpty() || out.write(chunk) == chunk.size();
        chunk.clear();
        return whole;
    };
    // The BOM lets spreadsheet programs on Windows read the file as UTF-8 (accents in line names).
    chunk += "\xEF\xBB\xBF";
    // Column names are identifiers for scripts, like the wire names in the rows: not translated.
    chunk += csvLine({QStringLiteral("started"), QStringLiteral("direction"), QStringLiteral("remote_number"),
                      QStringLiteral("local_number"), QStringLiteral("line_id"), QStringLiteral("line_name"),
                      QStringLiteral("answered"), QStringLiteral("ended"), QStringLiteral("duration_s"),
                      QStringLiteral("end_reason"), QStringLiteral("error_code"), QStringLiteral("missed"),
                      QStringLiteral("note"), QStringLiteral("call_sid")});
    bool written = true;
    const QTimeZone zone = QTimeZone::systemTimeZone();
    const QList<CallRecord> records = query(filter);
    for (const CallRecord &r : records) {
        chunk += csvLine({csvTime(r.startedAt, zone), wireName(r.direction), r.remoteNumber, r.localNumber, r.lineId,
                          r.lineName, csvTime(r.answeredAt, zone), csvTime(r.endedAt, zone),
                          QString::number(r.durationS()), endReasonText(r), r.errorCode,
                          r.missed ? QStringLiteral("true") : QStringLiteral("false"), r.note, r.callSid});
        if (chunk.size() >= 64 * 1024 && !(written = writeChunk()))
            break;
    }
    if (!written || !writeChunk()) {
        const QString reason = out.error() != QFileDevice::NoError ? out.errorString() : tr("the disk may be full");
        out.cancelWriting();
        return fail(tr("Cannot write %1: %2").arg(file, reason));
    }
    if (!out.commit())
        return fail(tr("Cannot write %1: %2").arg(file, out.errorString()));
    return true;
}

bool CallHistory::isMissed(CallDirection direction, bool answered, std::optional<CallEndReason> reason,
                           bool declinedByPolicy)
{
    if (direction != CallDirection::Inbound)
        return false;
    if (declinedByPolicy)
        return true;
    if (answered || !reason)
        return false;
    switch (*reason) {
    case CallEndReason::NoAnswer:
    case CallEndReason::RemoteHangup:
    case CallEndReason::Offline:
        return true;
    case CallEndReason::Hangup:
    case CallEndReason::TakenByOther:
    case CallEndReason::Rejected:
    case CallEndReason::Failed:
        return false;
    }
    return false;
}

QString CallHistory::defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/history.sqlite");
}

void CallHistory::reportWriteError(const QString &what, const QString &detail)
{
    qWarning("call history: write failed: %s", qPrintable(detail));
    emit error(QStringLiteral("%1 (%2)").arg(what, detail));
}

void CallHistory::refreshUnseenCount()
{
    int count = 0;
    if (m_open) {
        QSqlQuery q(database());
        if (q.exec(QStringLiteral("SELECT COUNT(*) FROM calls WHERE missed = 1 AND seen = 0")) && q.next())
            count = q.value(0).toInt();
    }
    if (count == m_unseenMissed)
        return;
    m_unseenMissed = count;
    emit unseenMissedCountChanged(count);
}

} // namespace audin::desktop
