// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Types.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>

class QLockFile;
class QSqlDatabase;

namespace audin::desktop {

/** One call as the history keeps it: written when it starts ringing or dialling, updated as it goes. */
struct CallRecord
{
    enum class Status
    {
        InProgress, ///< still ringing or talking (or the app stopped before it ended: see Interrupted)
        Ended, ///< ended while the app watched it; endReason tells how
        Interrupted, ///< the app was killed or crashed during the call; how it ended is not known
    };
    qint64 id = 0;
    Status status = Status::Ended;
    QString callSid; ///< may be empty (an outbound call refused before the service assigned one)
    CallDirection direction = CallDirection::Inbound;
    QString remoteNumber; ///< the other party (E.164 when known)
    QString localNumber; ///< our number: the line called (inbound) or the caller ID used (outbound)
    QString lineId; ///< phone number id (pn_…) when known
    QString lineName; ///< its display name when known
    QDateTime startedAt, answeredAt, endedAt; ///< UTC; answeredAt null if never active
    std::optional<CallEndReason> endReason;
    QString errorCode; ///< for a failed call, the OperatorError code (BUSY, NOT_ALLOWED, …) when known
    bool missed = false; ///< see CallHistory::isMissed()
    bool seen = true; ///< a missed call the operator has not looked at yet is false
    QString note; ///< free text, e.g. "declined: do not disturb"
    /** Talk time: endedAt - answeredAt, 0 if never answered. */
    int durationS() const;
};

struct HistoryFilter
{
    enum class Kind
    {
        All,
        Missed,
        Inbound,
        Outbound
    };
    Kind kind = Kind::All;
    /**
     * Text made only of digits and visual separators (+ space - . / parentheses) matches the digits
     * anywhere in the remote or local number, ignoring separators: "30123" and "+49 30 123" both
     * find +4930123456. A national trunk prefix is not interpreted ("030" does not find +4930…).
     * Any other text matches line names and the remote number, ignoring case.
     */
    QString search;
    int limit = 1000; ///< at most this many rows, newest first; 0 or less = no limit
};

/**
 * Every call, persisted in an SQLite file through Qt Sql. Construct one per history file and pass
 * it to whoever needs it; each instance has its own database connection (GUI thread only). The
 * schema carries PRAGMA user_version and is migrated forward on open(), keeping every row.
 */
class CallHistory : public QObject
{
    Q_OBJECT

public:
    explicit CallHistory(QString databasePath, QObject *parent = nullptr);
    ~CallHistory() override;

    /**
     * Creates the folder and the schema, or migrates an older one, and checks the file (PRAGMA
     * quick_check). A damaged or unreadable file (or a folder where the file should be) is moved
     * aside to `<file>.corrupt-YYYYMMDD-HHMMSS` (with its -wal/-shm) and a new history is started:
     * open() succeeds and notice() says where the old file went. Rows a killed or crashed process
     * left in progress are marked Interrupted (unless another process holds the history's lock
     * file, `<file>.lock`). A file written by a newer version, or one that cannot be moved aside,
     * gives false and a human message; the history then stays closed (add() does nothing), so the
     * app keeps running without history.
     */
    bool open(QString *error);
    /** After open(): what the operator should be told (the damaged file moved aside), else empty. */
    QString notice() const { return m_notice; }
    /** After open(): where a damaged file was moved, else empty. */
    QString movedAsidePath() const { return m_movedAside; }
    /** After open(): how many calls left in progress by an earlier process were marked Interrupted. */
    int interruptedOnOpen() const { return m_interruptedOnOpen; }
    bool isOpen() const { return m_open; }
    QString databasePath() const { return m_path; }

    /** Returns the new row's id, 0 on failure (and `error` fires when a write failed). */
    qint64 add(const CallRecord &record);
    /** Rewrites the row with `record.id`; false when it does not exist or the write failed. */
    bool update(const CallRecord &record);
    /** Newest first. */
    QList<CallRecord> query(const HistoryFilter &filter) const;
    std::optional<CallRecord> find(qint64 id) const;
    /** The newest row of the call with this callSid, if any. */
    std::optional<CallRecord> findByCallSid(const QString &callSid) const;
    int unseenMissedCount() const { return m_unseenMissed; }
    void markMissedSeen();
    /** Deletes calls started more than `days` days ago; 0 (or less) keeps all. Returns rows deleted. */
    int purgeOlderThan(int days);
    /**
     * RFC 4180 CSV (UTF-8 with BOM, CRLF, header row, local times with their UTC offset, end reasons
     * by wire name), written to a temporary file and renamed so a failure never leaves half a file.
     */
    bool exportCsv(const QString &path, const HistoryFilter &filter, QString *error) const;

    /**
     * Inbound, never answered, and ended no_answer, remote_hangup or offline; or declined by policy
     * (do-not-disturb auto-reject). Not missed: the operator rejected it, or a colleague took it.
     */
    static bool isMissed(CallDirection direction, bool answered, std::optional<CallEndReason> reason,
                         bool declinedByPolicy);
    /** QStandardPaths::AppDataLocation + "/history.sqlite". */
    static QString defaultDatabasePath();
    /** The current schema version (PRAGMA user_version after open()). */
    static int schemaVersion();

signals:
    void changed();
    void unseenMissedCountChanged(int count);
    /** A write failed (disk full, read-only): human text. */
    void error(const QString &message);

private:
    QSqlDatabase database() const;
    enum class OpenResult
    {
        Ok,
        Damaged, ///< not a database, or quick_check found damage: move it aside
        Failed ///< some other reason (newer version, cannot write): leave it
    };
    OpenResult openExisting(QString *error);
    bool migrate(QString *error, bool *damaged);
    bool moveAside(QString *error);
    int markInterrupted();
    void reportWriteError(const QString &what, const QString &detail);
    void refreshUnseenCount();
    void close();

    QString m_path;
    QString m_connectionName;
    bool m_open = false;
    int m_unseenMissed = 0;
    QString m_notice;
    QString m_movedAside;
    int m_interruptedOnOpen = 0;
    std::unique_ptr<QLockFile> m_lock; // held while open: this process owns the rows in progress
};

} // namespace audin::desktop
