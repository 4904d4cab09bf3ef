// SPDX-License-Identifier: GPL-3.0-or-later
// The call history on real SQLite files: schema and migration, filters and search, the missed-call
// rule and unseen count, purge, persistence, damaged files, write failures and the CSV export.
#include "CallHistory.h"
#include "CallHistoryModel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <ctime>
#include <sys/resource.h>

using namespace audin;
using namespace audin::desktop;

namespace {
QDateTime utc(const char *iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    t.setTimeSpec(Qt::UTC);
    return t;
}

CallRecord inbound(const QString &remote, const QDateTime &started, std::optional<CallEndReason> reason,
                   bool answered = false)
{
    CallRecord r;
    r.callSid = QStringLiteral("CA") + QString::number(started.toSecsSinceEpoch());
    r.direction = CallDirection::Inbound;
    r.remoteNumber = remote;
    r.localNumber = QStringLiteral("+15551230001");
    r.lineId = QStringLiteral("pn_1");
    r.lineName = QStringLiteral("Support");
    r.startedAt = started;
    if (answered)
        r.answeredAt = started.addSecs(5);
    r.endedAt = started.addSecs(65);
    r.endReason = reason;
    r.missed = CallHistory::isMissed(r.direction, answered, reason, false);
    r.seen = !r.missed;
    return r;
}

CallRecord outbound(const QString &remote, const QDateTime &started, const QString &callerId, const QString &lineName)
{
    CallRecord r;
    r.direction = CallDirection::Outbound;
    r.remoteNumber = remote;
    r.localNumber = callerId;
    r.lineId = QStringLiteral("pn_2");
    r.lineName = lineName;
    r.startedAt = started;
    r.answeredAt = started.addSecs(2);
    r.endedAt = started.addSecs(32);
    r.endReason = CallEndReason::Hangup;
    return r;
}

QList<qint64> ids(const QList<CallRecord> &records)
{
    QList<qint64> out;
    for (const CallRecord &r : records)
        out << r.id;
    return out;
}

// Raw access to a history file, the way another program (or an older version) would see it.
struct RawDb
{
    explicit RawDb(const QString &path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
    }
    ~RawDb()
    {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
    QVariant scalar(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(name, false));
        if (!q.exec(sql) || !q.next()) {
            qWarning() << sql << q.lastError().text();
            return {};
        }
        return q.value(0);
    }
    bool exec(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(name, false));
        const bool done = q.exec(sql);
        if (!done)
            qWarning() << sql << q.lastError().text();
        return done;
    }
    QString name = QStringLiteral("raw-check");
    bool ok = false;
};

// Makes every write to a regular file past `bytes` fail with EFBIG, as a full disk would.
struct FileSizeLimit
{
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &saved);
        rlimit limited = saved;
        limited.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &limited);
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &saved); }
    rlimit saved {};
};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestCallHistory : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // Central European time without tzdata: the CSV shows local times with their offset.
        qputenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3");
        tzset();
        std::signal(SIGXFSZ, SIG_IGN); // FileSizeLimit wants EFBIG, not the signal
    }

    void init() { QVERIFY(m_dir.isValid()); }

    void createsFolderAndSchema()
    {
        const QString path = m_dir.filePath(QStringLiteral("new/deeper/history.sqlite"));
        {
            CallHistory history(path);
            QVERIFY(!history.isOpen());
            QString error;
            QVERIFY2(history.open(&error), qPrintable(error));
            QVERIFY(history.isOpen());
            QCOMPARE(history.databasePath(), path);
            QVERIFY(history.query({}).isEmpty());
            QCOMPARE(history.unseenMissedCount(), 0);
        }
        QVERIFY(QFile::exists(path));
        RawDb raw(path);
        QVERIFY(raw.ok);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), CallHistory::schemaVersion());
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM calls")).toInt(), 0);
    }

    void addFindRoundTrip()
    {
        CallHistory history(m_dir.filePath(QStringLiteral("h.sqlite")));
        QVERIFY(history.open(nullptr));
        QSignalSpy changed(&history, &CallHistory::changed);
        CallRecord r
            = inbound(QStringLiteral("+4930123456"), utc("2024-03-01T10:00:00.250"), CallEndReason::RemoteHangup, true);
        r.note = QStringLiteral("Grüße");
        r.errorCode = QStringLiteral("X");
        const qint64 id = history.add(r);
        QVERIFY(id > 0);
        QCOMPARE(changed.size(), 1);
        const std::optional<CallRecord> back = history.find(id);
        QVERIFY(back);
        QCOMPARE(back->id, id);
        QCOMPARE(back->callSid, r.callSid);
        QCOMPARE(back->direction, CallDirection::Inbound);
        QCOMPARE(back->remoteNumber, r.remoteNumber);
        QCOMPARE(back->localNumber, r.localNumber);
        QCOMPARE(back->lineId, r.lineId);
        QCOMPARE(back->lineName, r.lineName);
        QCOMPARE(back->startedAt, r.startedAt);
        QCOMPARE(back->startedAt.timeSpec(), Qt::UTC);
        QCOMPARE(back->answeredAt, r.answeredAt);
        QCOMPARE(back->endedAt, r.endedAt);
        QCOMPARE(back->endReason, std::optional<CallEndReason>(CallEndReason::RemoteHangup));
        QCOMPARE(back->errorCode, QStringLiteral("X"));
        QCOMPARE(back->missed, false);
        QCOMPARE(back->seen, true);
        QCOMPARE(back->note, QStringLiteral("Grüße"));
        QCOMPARE(back->durationS(), 60);
        QVERIFY(!history.find(id + 100));

        // Never answered, no reason, no callSid: nulls survive as nulls.
        CallRecord refused;
        refused.direction = CallDirection::Outbound;
        refused.remoteNumber = QStringLiteral("030 123456");
        refused.startedAt = utc("2024-03-01T11:00:00");
        refused.endedAt = refused.startedAt;
        const std::optional<CallRecord> back2 = history.find(history.add(refused));
        QVERIFY(back2);
        QVERIFY(back2->callSid.isEmpty());
        QVERIFY(back2->answeredAt.isNull());
        QVERIFY(!back2->endReason);
        QCOMPARE(back2->durationS(), 0);
        QCOMPARE(back2->direction, CallDirection::Outbound);
    }

    void updateRewritesRow()
    {
        CallHistory history(m_dir.filePath(QStringLiteral("u.sqlite")));
        QVERIFY(history.open(nullptr));
        CallRecord r = inbound(QStringLiteral("+4930123456"), utc("2024-03-01T10:00:00"), CallEndReason::Rejected);
        r.id = history.add(r);
        QSignalSpy unseen(&history, &CallHistory::unseenMissedCountChanged);
        r.missed = true;
        r.seen = false;
        r.note = QStringLiteral("declined: do not disturb");
        QVERIFY(history.update(r));
        QCOMPARE(history.find(r.id)->note, r.note);
        QCOMPARE(history.unseenMissedCount(), 1);
        QCOMPARE(unseen.size(), 1);
        r.id = 999;
        QVERIFY(!history.update(r));
    }

    void queryNewestFirstWithFilters()
    {
        CallHistory history(m_dir.filePath(QStringLiteral("q.sqlite")));
        QVERIFY(history.open(nullptr));
        const qint64 a
            = history.add(inbound(QStringLiteral("+4930111"), utc("2024-01-01T08:00:00"), CallEndReason::Hangup, true));
        const qint64 b
            = history.add(inbound(QStringLiteral("+4930222"), utc("2024-01-03T08:00:00"), CallEndReason::NoAnswer));
        const qint64 c = history.add(outbound(QStringLiteral("+4930333"), utc("2024-01-02T08:00:00"),
                                              QStringLiteral("+15551230002"), QString()));
        const qint64 d
            = history.add(inbound(QStringLiteral("+4930444"), utc("2024-01-04T08:00:00"), CallEndReason::TakenByOther));
        QCOMPARE(ids(history.query({})), (QList<qint64> {d, b, c, a}));
        HistoryFilter f;
        f.kind = HistoryFilter::Kind::Missed;
        QCOMPARE(ids(history.query(f)), (QList<qint64> {b}));
        f.kind = HistoryFilter::Kind::Inbound;
        QCOMPARE(ids(history.query(f)), (QList<qint64> {d, b, a}));
        f.kind = HistoryFilter::Kind::Outbound;
        QCOMPARE(ids(history.query(f)), (QList<qint64> {c}));
        f.kind = HistoryFilter::Kind::All;
        f.limit = 2;
        QCOMPARE(ids(history.query(f)), (QList<qint64> {d, b}));
        f.limit = 0; // no limit
        QCOMPARE(history.query(f).size(), 4);
    }

    void search_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QList<int>>("rows"); // indices into the records added below, newest first
        // 0: +4930123456 (Support), 1: +15550100001 on +15551230002 (no name), 2: +442079460958 (Büro Nord)
        QTest::newRow("digits anywhere") << "30123" << QList<int> {0};
        QTest::newRow("separators ignored") << "+49 (30) 12-34" << QList<int> {0};
        QTest::newRow("local number too") << "1230002" << QList<int> {1};
        QTest::newRow("shared digits") << "55" << QList<int> {1, 0};
        QTest::newRow("trunk zero not interpreted") << "030" << QList<int> {};
        QTest::newRow("line name") << "support" << QList<int> {0};
        QTest::newRow("line name folded") << "BÜRO" << QList<int> {2};
        QTest::newRow("words in name") << "ro no" << QList<int> {2};
        QTest::newRow("like wildcards are literal") << "%" << QList<int> {};
        QTest::newRow("underscore literal") << "_" << QList<int> {};
        QTest::newRow("empty matches all") << "  " << QList<int> {2, 1, 0};
    }
    void search()
    {
        QFETCH(QString, search);
        QFETCH(QList<int>, rows);
        CallHistory history(m_dir.filePath(QStringLiteral("s-%1.sqlite").arg(QString::number(qHash(search)))));
        QVERIFY(history.open(nullptr));
        QList<qint64> added;
        added << history.add(
            inbound(QStringLiteral("+4930123456"), utc("2024-01-01T08:00:00"), CallEndReason::Hangup, true));
        added << history.add(outbound(QStringLiteral("+15550100001"), utc("2024-01-02T08:00:00"),
                                      QStringLiteral("+15551230002"), QString()));
        CallRecord gb = inbound(QStringLiteral("+442079460958"), utc("2024-01-03T08:00:00"), CallEndReason::Hangup);
        gb.lineName = QStringLiteral("Büro Nord");
        gb.localNumber = QStringLiteral("+4989000");
        added << history.add(gb);
        QList<qint64> expected;
        for (int row : rows)
            expected << added.at(row);
        HistoryFilter filter;
        filter.search = search;
        QCOMPARE(ids(history.query(filter)), expected);
    }

    void missedRule_data()
    {
        QTest::addColumn<CallDirection>("direction");
        QTest::addColumn<bool>("answered");
        QTest::addColumn<int>("reason"); // -1: none
        QTest::addColumn<bool>("policy");
        QTest::addColumn<bool>("missed");
        const auto in = CallDirection::Inbound;
        const auto out = CallDirection::Outbound;
        QTest::newRow("in no_answer") << in << false << int(CallEndReason::NoAnswer) << false << true;
        QTest::newRow("in remote_hangup ringing") << in << false << int(CallEndReason::RemoteHangup) << false << true;
        QTest::newRow("in offline") << in << false << int(CallEndReason::Offline) << false << true;
        QTest::newRow("in rejected") << in << false << int(CallEndReason::Rejected) << false << false;
        QTest::newRow("in taken_by_other") << in << false << int(CallEndReason::TakenByOther) << false << false;
        QTest::newRow("in failed") << in << false << int(CallEndReason::Failed) << false << false;
        QTest::newRow("in hangup unanswered") << in << false << int(CallEndReason::Hangup) << false << false;
        QTest::newRow("in answered remote_hangup") << in << true << int(CallEndReason::RemoteHangup) << false << false;
        QTest::newRow("in answered offline") << in << true << int(CallEndReason::Offline) << false << false;
        QTest::newRow("in no reason") << in << false << -1 << false << false;
        QTest::newRow("in policy rejected") << in << false << int(CallEndReason::Rejected) << true << true;
        QTest::newRow("out no_answer") << out << false << int(CallEndReason::NoAnswer) << false << false;
        QTest::newRow("out remote_hangup") << out << false << int(CallEndReason::RemoteHangup) << false << false;
        QTest::newRow("out policy") << out << false << int(CallEndReason::Failed) << true << false;
    }
    void missedRule()
    {
        QFETCH(CallDirection, direction);
        QFETCH(bool, answered);
        QFETCH(int, reason);
        QFETCH(bool, policy);
        QFETCH(bool, missed);
        const std::optional<CallEndReason> r
            = reason < 0 ? std::nullopt : std::optional<CallEndReason>(CallEndReason(reason));
        QCOMPARE(CallHistory::isMissed(direction, answered, r, policy), missed);
    }

    void unseenCountAndMarkSeen()
    {
        const QString path = m_dir.filePath(QStringLiteral("m.sqlite"));
        CallHistory history(path);
        QVERIFY(history.open(nullptr));
        QSignalSpy count(&history, &CallHistory::unseenMissedCountChanged);
        QSignalSpy changed(&history, &CallHistory::changed);
        history.add(inbound(QStringLiteral("+4930111"), utc("2024-01-01T08:00:00"), CallEndReason::NoAnswer));
        history.add(inbound(QStringLiteral("+4930222"), utc("2024-01-01T09:00:00"), CallEndReason::Rejected));
        history.add(inbound(QStringLiteral("+4930333"), utc("2024-01-01T10:00:00"), CallEndReason::Offline));
        QCOMPARE(history.unseenMissedCount(), 2);
        QCOMPARE(count.size(), 2); // 1 then 2; the rejected call changed nothing
        QCOMPARE(count.at(0).at(0).toInt(), 1);
        QCOMPARE(count.at(1).at(0).toInt(), 2);
        changed.clear();
        history.markMissedSeen();
        QCOMPARE(history.unseenMissedCount(), 0);
        QCOMPARE(count.size(), 3);
        QCOMPARE(count.at(2).at(0).toInt(), 0);
        QCOMPARE(changed.size(), 1);
        HistoryFilter missed;
        missed.kind = HistoryFilter::Kind::Missed;
        const QList<CallRecord> rows = history.query(missed);
        QCOMPARE(rows.size(), 2);
        QVERIFY(rows.at(0).seen && rows.at(1).seen);
        history.markMissedSeen(); // nothing left: no signals
        QCOMPARE(count.size(), 3);
        QCOMPARE(changed.size(), 1);

        // The count is read back from the file on open.
        history.add(inbound(QStringLiteral("+4930444"), utc("2024-01-02T10:00:00"), CallEndReason::NoAnswer));
        CallHistory again(path);
        QSignalSpy againCount(&again, &CallHistory::unseenMissedCountChanged);
        QVERIFY(again.open(nullptr));
        QCOMPARE(again.unseenMissedCount(), 1);
        QCOMPARE(againCount.size(), 1);
    }

    void purgeOlderThan()
    {
        CallHistory history(m_dir.filePath(QStringLiteral("p.sqlite")));
        QVERIFY(history.open(nullptr));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        history.add(inbound(QStringLiteral("+4930111"), now.addDays(-40), CallEndReason::NoAnswer));
        history.add(inbound(QStringLiteral("+4930222"), now.addDays(-31), CallEndReason::Hangup, true));
        const qint64 recent = history.add(inbound(QStringLiteral("+4930333"), now.addDays(-29), CallEndReason::Hangup));
        const qint64 today = history.add(inbound(QStringLiteral("+4930444"), now, CallEndReason::Hangup));
        QCOMPARE(history.unseenMissedCount(), 1);
        QSignalSpy changed(&history, &CallHistory::changed);
        QCOMPARE(history.purgeOlderThan(0), 0); // keep all
        QCOMPARE(history.purgeOlderThan(-5), 0);
        QCOMPARE(history.query({}).size(), 4);
        QVERIFY(changed.isEmpty());
        QCOMPARE(history.purgeOlderThan(30), 2);
        QCOMPARE(ids(history.query({})), (QList<qint64> {today, recent}));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(history.unseenMissedCount(), 0); // the purged missed call no longer counts
        QCOMPARE(history.purgeOlderThan(30), 0);
        QCOMPARE(changed.size(), 1);
    }

    void reopenKeepsRows()
    {
        const QString path = m_dir.filePath(QStringLiteral("r.sqlite"));
        qint64 id = 0;
        {
            CallHistory history(path);
            QVERIFY(history.open(nullptr));
            id = history.add(
                inbound(QStringLiteral("+4930123456"), utc("2024-01-01T08:00:00"), CallEndReason::NoAnswer));
            QVERIFY(id > 0);
        }
        CallHistory history(path);
        QVERIFY(history.open(nullptr));
        const QList<CallRecord> rows = history.query({});
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().id, id);
        QCOMPARE(rows.first().remoteNumber, QStringLiteral("+4930123456"));
        QVERIFY(rows.first().missed);
        QVERIFY(!rows.first().seen);
        QVERIFY(history.add(inbound(QStringLiteral("+4930999"), utc("2024-01-02T08:00:00"), CallEndReason::Hangup))
                > id);
    }

    void twoInstancesHaveTheirOwnConnections()
    {
        {
            CallHistory one(m_dir.filePath(QStringLiteral("one.sqlite")));
            CallHistory two(m_dir.filePath(QStringLiteral("two.sqlite")));
            QVERIFY(one.open(nullptr));
            QVERIFY(two.open(nullptr));
            QCOMPARE(QSqlDatabase::connectionNames().size(), 2);
            one.add(inbound(QStringLiteral("+4930111"), utc("2024-01-01T08:00:00"), CallEndReason::Hangup));
            QCOMPARE(one.query({}).size(), 1);
            QCOMPARE(two.query({}).size(), 0);
            {
                CallHistory three(m_dir.filePath(QStringLiteral("one.sqlite")));
                QVERIFY(three.open(nullptr));
                QCOMPARE(three.query({}).size(), 1);
            }
            QCOMPARE(one.query({}).size(), 1); // removing three's connection left one's alone
        }
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    // Version 1 had no error_code; a file from it keeps its rows and gains the column.
    void migratesFromVersion1()
    {
        const QString path = m_dir.filePath(QStringLiteral("v1.sqlite"));
        {
            RawDb raw(path);
            QVERIFY(raw.ok);
            QVERIFY(raw.exec(QStringLiteral(
                "CREATE TABLE calls (id INTEGER PRIMARY KEY AUTOINCREMENT, call_sid TEXT NOT NULL DEFAULT '',"
                " direction TEXT NOT NULL, remote_number TEXT NOT NULL DEFAULT '', local_number TEXT NOT NULL "
                "DEFAULT '', line_id TEXT NOT NULL DEFAULT '', line_name TEXT NOT NULL DEFAULT '', started_at "
                "INTEGER NOT NULL, answered_at INTEGER, ended_at INTEGER, end_reason TEXT, missed INTEGER NOT NULL "
                "DEFAULT 0, seen INTEGER NOT NULL DEFAULT 1, note TEXT NOT NULL DEFAULT '', remote_digits TEXT NOT "
                "NULL DEFAULT '', local_digits TEXT NOT NULL DEFAULT '', search_text TEXT NOT NULL DEFAULT '')")));
            QVERIFY(raw.exec(QStringLiteral("CREATE INDEX calls_started ON calls (started_at)")));
            QVERIFY(raw.exec(QStringLiteral("CREATE INDEX calls_missed ON calls (missed, started_at)")));
            QVERIFY(raw.exec(QStringLiteral("CREATE INDEX calls_direction ON calls (direction, started_at)")));
            QVERIFY(raw.exec(QStringLiteral("CREATE INDEX calls_unseen ON calls (missed, seen)")));
            QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO calls (call_sid, direction, remote_number, local_number, line_id, line_name, started_at,"
                " ended_at, end_reason, missed, seen, remote_digits, local_digits, search_text) VALUES ('CAold',"
                " 'inbound', '+4930123456', '+15551230001', 'pn_1', 'Support', 1704096000000, 1704096030000,"
                " 'no_answer', 1, 0, '4930123456', '15551230001', 'support')")));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 1")));
        }
        CallHistory history(path);
        QString error;
        QVERIFY2(history.open(&error), qPrintable(error));
        const QList<CallRecord> rows = history.query({});
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().callSid, QStringLiteral("CAold"));
        QCOMPARE(rows.first().startedAt, utc("2024-01-01T08:00:00"));
        QCOMPARE(rows.first().endReason, std::optional<CallEndReason>(CallEndReason::NoAnswer));
        QVERIFY(rows.first().errorCode.isEmpty());
        QCOMPARE(rows.first().status, CallRecord::Status::Ended); // written at its end, as rows were then
        QCOMPARE(history.interruptedOnOpen(), 0);
        QCOMPARE(history.unseenMissedCount(), 1);
        HistoryFilter f;
        f.search = QStringLiteral("30123");
        QCOMPARE(history.query(f).size(), 1);
        CallRecord busy = outbound(QStringLiteral("+4930555000"), utc("2024-01-02T08:00:00"),
                                   QStringLiteral("+15551230001"), QStringLiteral("Support"));
        busy.errorCode = QStringLiteral("BUSY");
        QCOMPARE(history.find(history.add(busy))->errorCode, QStringLiteral("BUSY"));
        RawDb raw(path);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), CallHistory::schemaVersion());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT status FROM calls WHERE call_sid = 'CAold'")).toString(),
                 QStringLiteral("ended"));
    }

    void refusesNewerSchema()
    {
        const QString path = m_dir.filePath(QStringLiteral("future.sqlite"));
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE calls (id INTEGER PRIMARY KEY, hologram BLOB)")));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        CallHistory history(path);
        QString error;
        QVERIFY(!history.open(&error));
        QVERIFY2(error.contains(QLatin1String("newer version")), qPrintable(error));
        QVERIFY(!history.isOpen());
        QCOMPARE(history.add(inbound(QStringLiteral("+4930111"), utc("2024-01-01T08:00:00"), CallEndReason::Hangup)),
                 0);
        RawDb raw(path);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 99); // left alone
    }

    void damagedFileIsMovedAsideAndAFreshOneStarted()
    {
        const QString path = m_dir.filePath(QStringLiteral("broken/history.sqlite"));
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("broken"))));
        QByteArray garbage;
        for (int i = 0; i < 8192; ++i)
            garbage += char((i * 7919) % 251);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(garbage);
        }
        CallHistory history(path);
        QString error;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("was damaged")));
        QVERIFY2(history.open(&error), qPrintable(error));
        // Kept whole for whoever wants to rescue it, under a name that says what happened and when.
        const QString aside = history.movedAsidePath();
        QVERIFY2(
            QRegularExpression(QStringLiteral("/history\\.sqlite\\.corrupt-\\d{8}-\\d{6}$")).match(aside).hasMatch(),
            qPrintable(aside));
        QCOMPARE(readAll(aside), garbage);
        QVERIFY2(history.notice().contains(QDir::toNativeSeparators(aside)), qPrintable(history.notice()));
        // A fresh history in its place, recording again.
        QVERIFY(history.isOpen());
        QVERIFY(history.query({}).isEmpty());
        QVERIFY(history.add(inbound(QStringLiteral("+4930111"), utc("2024-01-01T08:00:00"), CallEndReason::Hangup)));
        QCOMPARE(history.query({}).size(), 1);
        RawDb raw(path);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    }

    void damagedPageInTheMiddleIsFoundOnOpen()
    {
        // The first page (header, schema) is fine, so the file opens and even reads; a page in the
        // middle is not, which would fail some later write or query. quick_check finds it at open.
        const QString path = m_dir.filePath(QStringLiteral("page/history.sqlite"));
        {
            CallHistory history(path);
            QVERIFY(history.open(nullptr));
            for (int i = 0; i < 400; ++i)
                QVERIFY(history.add(inbound(QStringLiteral("+4930%1").arg(100000 + i),
                                            utc("2024-01-01T08:00:00").addSecs(i * 60), CallEndReason::Hangup, true)));
        } // closing the last connection checkpoints the WAL into the file
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
        const qint64 size = QFileInfo(path).size();
        const int pageSize = 4096;
        QVERIFY2(size >= 20 * pageSize, qPrintable(QString::number(size)));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek((size / pageSize / 2) * pageSize));
            QByteArray garbage(pageSize, '\0');
            for (int i = 0; i < pageSize; ++i)
                garbage[i] = char((i * 131 + 7) % 256);
            QCOMPARE(file.write(garbage), qint64(pageSize));
        }
        const QByteArray damaged = readAll(path);
        CallHistory history(path);
        QString error;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("was damaged")));
        QVERIFY2(history.open(&error), qPrintable(error));
        QVERIFY(!history.movedAsidePath().isEmpty());
        QCOMPARE(readAll(history.movedAsidePath()), damaged);
        QVERIFY(history.query({}).isEmpty());
        QVERIFY(history.add(inbound(QStringLiteral("+4930111"), utc("2024-01-01T08:00:00"), CallEndReason::Hangup)));
        RawDb raw(path);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    }

    void callsInProgressAreInterruptedOnTheNextOpen()
    {
        const QString path = m_dir.filePath(QStringLiteral("interrupted.sqlite"));
        qint64 ringing = 0, talking = 0, outgoing = 0, ended = 0;
        {
            CallHistory history(path);
            QVERIFY(history.open(nullptr));
            CallRecord r = inbound(QStringLiteral("+4930111"), utc("2024-01-01T08:00:00"), std::nullopt);
            r.endedAt = QDateTime();
            r.status = CallRecord::Status::InProgress;
            r.missed = false;
            r.seen = true;
            ringing = history.add(r);
            r.remoteNumber = QStringLiteral("+4930222");
            r.answeredAt = utc("2024-01-01T08:00:05");
            talking = history.add(r);
            CallRecord o = outbound(QStringLiteral("+4930333"), utc("2024-01-01T09:00:00"),
                                    QStringLiteral("+15551230001"), QStringLiteral("Support"));
            o.answeredAt = o.endedAt = QDateTime();
            o.endReason.reset();
            o.status = CallRecord::Status::InProgress;
            outgoing = history.add(o);
            ended = history.add(inbound(QStringLiteral("+4930444"), utc("2024-01-01T10:00:00"), CallEndReason::Hangup));
            // Open in another instance (its lock is held here): nothing of ours is touched.
            CallHistory other(path);
            QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("in use by another process")));
            QVERIFY(other.open(nullptr));
            QCOMPARE(other.interruptedOnOpen(), 0);
            QCOMPARE(other.find(ringing)->status, CallRecord::Status::InProgress);
            QCOMPARE(CallHistoryModel::resultText(*history.find(ringing)), QStringLiteral("Ringing"));
            QCOMPARE(CallHistoryModel::resultText(*history.find(talking)), QStringLiteral("In progress"));
            QCOMPARE(CallHistoryModel::durationText(*history.find(talking)), QStringLiteral("\u2014"));
            QCOMPARE(history.findByCallSid(r.callSid)->id, talking); // the newest of that call
            QVERIFY(!history.findByCallSid(QStringLiteral("CAnone")));
        } // as if the process had stopped without ending its calls
        CallHistory history(path);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("3 call\\(s\\) in progress")));
        QVERIFY(history.open(nullptr));
        QCOMPARE(history.interruptedOnOpen(), 3);
        const CallRecord r1 = *history.find(ringing);
        QCOMPARE(r1.status, CallRecord::Status::Interrupted);
        QVERIFY(r1.missed); // rang, never answered, nobody knows more: the operator may want to call back
        QVERIFY(!r1.seen);
        QVERIFY(!r1.endedAt.isValid());
        QCOMPARE(history.find(talking)->status, CallRecord::Status::Interrupted);
        QVERIFY(!history.find(talking)->missed);
        QCOMPARE(history.find(outgoing)->status, CallRecord::Status::Interrupted);
        QVERIFY(!history.find(outgoing)->missed);
        QCOMPARE(history.find(ended)->status, CallRecord::Status::Ended);
        QCOMPARE(history.unseenMissedCount(), 1);
        // Shown as such in the History view.
        CallHistoryModel model(&history);
        QCOMPARE(model.rowCount(), 4);
        int shownInterrupted = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QString result = model.index(row, CallHistoryModel::ResultColumn).data().toString();
            if (result.startsWith(QLatin1String("Interrupted"))) {
                ++shownInterrupted;
                QCOMPARE(model.index(row, 0).data(CallHistoryModel::EndReasonRole).toString(),
                         QStringLiteral("interrupted"));
                QVERIFY(model.index(row, 0).data(Qt::ToolTipRole).toString().contains(QLatin1String("stopped")));
            }
        }
        QCOMPARE(shownInterrupted, 3);
        // In the export as such.
        const QString csv = m_dir.filePath(QStringLiteral("interrupted.csv"));
        QString error;
        QVERIFY2(history.exportCsv(csv, {}, &error), qPrintable(error));
        const QList<QByteArray> lines = readAll(csv).split('\n');
        int interruptedLines = 0;
        for (const QByteArray &line : lines)
            interruptedLines += line.contains(",interrupted,") ? 1 : 0;
        QCOMPARE(interruptedLines, 3);
        // And only once: they stay interrupted, and nothing else is marked later.
        history.open(nullptr);
        QCOMPARE(history.interruptedOnOpen(), 0);
    }

    void newerSchemaIsNotMovedAside()
    {
        // Not damaged: a newer version's file stays where it is (refusesNewerSchema), with no notice.
        const QString path = m_dir.filePath(QStringLiteral("future2.sqlite"));
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE calls (id INTEGER PRIMARY KEY)")));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        CallHistory history(path);
        QVERIFY(!history.open(nullptr));
        QVERIFY(history.movedAsidePath().isEmpty());
        QVERIFY(history.notice().isEmpty());
        QVERIFY(QFileInfo(path).isFile());
    }

    void aPathThatIsAFolderIsMovedAside()
    {
        const QString path = m_dir.filePath(QStringLiteral("folder/history.sqlite"));
        QVERIFY(QDir().mkpath(path));
        {
            QFile inside(path + QStringLiteral("/keep.txt"));
            QVERIFY(inside.open(QIODevice::WriteOnly));
            inside.write("mine");
        }
        CallHistory history(path);
        QString error;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("was damaged")));
        QVERIFY2(history.open(&error), qPrintable(error));
        QVERIFY(QFileInfo(path).isFile());
        QCOMPARE(readAll(history.movedAsidePath() + QStringLiteral("/keep.txt")), QByteArray("mine"));
        QVERIFY(history.notice().contains(QDir::toNativeSeparators(history.movedAsidePath())));
        QVERIFY(history.add(inbound(QStringLiteral("+4930111"), utc("2024-01-01T08:00:00"), CallEndReason::Hangup)));
    }

    void writeFailureEmitsErrorAndRecovers()
    {
        const QString path = m_dir.filePath(QStringLiteral("full.sqlite"));
        CallHistory history(path);
        QVERIFY(history.open(nullptr));
        QVERIFY(history.add(inbound(QStringLiteral("+4930111"), utc("2024-01-01T08:00:00"), CallEndReason::Hangup)));
        QSignalSpy errors(&history, &CallHistory::error);
        QSignalSpy changed(&history, &CallHistory::changed);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("write failed")));
        {
            FileSizeLimit full(1);
            QCOMPARE(
                history.add(inbound(QStringLiteral("+4930222"), utc("2024-01-02T08:00:00"), CallEndReason::NoAnswer)),
                0);
        }
        QCOMPARE(errors.size(), 1);
        const QString message = errors.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("could not be saved")), qPrintable(message));
        QVERIFY(changed.isEmpty());
        QCOMPARE(history.unseenMissedCount(), 0);
        // Space again: the next call is recorded.
        QVERIFY(history.add(inbound(QStringLiteral("+4930333"), utc("2024-01-03T08:00:00"), CallEndReason::Hangup)));
        QCOMPARE(history.query({}).size(), 2);
    }

    void csvExactBytes()
    {
        CallHistory history(m_dir.filePath(QStringLiteral("csv.sqlite")));
        QVERIFY(history.open(nullptr));
        CallRecord winter
            = inbound(QStringLiteral("+4930123456"), utc("2024-01-15T09:00:00"), CallEndReason::RemoteHangup, true);
        winter.callSid = QStringLiteral("CA1");
        winter.lineName = QStringLiteral("Support, \"Tier 1\"");
        winter.endedAt = utc("2024-01-15T09:02:10");
        winter.note = QStringLiteral("=HYPERLINK(\"http://x\")");
        history.add(winter);
        CallRecord missed = inbound(QStringLiteral("@evil"), utc("2024-03-31T00:59:30"), CallEndReason::NoAnswer);
        missed.callSid = QStringLiteral("CA2");
        missed.lineName = QString();
        missed.lineId = QString();
        missed.note = QStringLiteral("\tx");
        history.add(missed);
        CallRecord summer = outbound(QStringLiteral("+1 555 (bad)"), utc("2024-07-01T12:00:00"),
                                     QStringLiteral("+15551230001"), QStringLiteral("Büro"));
        summer.answeredAt = QDateTime();
        summer.endedAt = utc("2024-07-01T12:00:03");
        summer.endReason = CallEndReason::Failed;
        summer.errorCode = QStringLiteral("BUSY");
        summer.note = QStringLiteral("-line1\r\nline2");
        history.add(summer);

        const QString path = m_dir.filePath(QStringLiteral("out/../export.csv"));
        QString error;
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("out"))));
        QVERIFY2(history.exportCsv(path, {}, &error), qPrintable(error));
        const QByteArray expected
            = "\xEF\xBB\xBF"
              "started,direction,remote_number,local_number,line_id,line_name,answered,ended,duration_s,end_reason,"
              "error_code,missed,note,call_sid\r\n"
              "2024-07-01T14:00:00+02:00,outbound,'+1 555 (bad),+15551230001,pn_2,B\xC3\xBCro,,"
              "2024-07-01T14:00:03+02:00,0,failed,BUSY,false,\"'-line1\r\nline2\",\r\n"
              "2024-03-31T01:59:30+01:00,inbound,'@evil,+15551230001,,,,2024-03-31T03:00:35+02:00,0,no_answer,,"
              "true,'\tx,CA2\r\n"
              "2024-01-15T10:00:00+01:00,inbound,+4930123456,+15551230001,pn_1,\"Support, \"\"Tier 1\"\"\","
              "2024-01-15T10:00:05+01:00,2024-01-15T10:02:10+01:00,125,remote_hangup,,false,"
              "\"'=HYPERLINK(\"\"http://x\"\")\",CA1\r\n";
        const QByteArray actual = readAll(m_dir.filePath(QStringLiteral("export.csv")));
        if (actual != expected)
            qWarning().noquote() << "actual:" << actual;
        QCOMPARE(actual, expected);

        // The filter applies to the export as it does to the view.
        HistoryFilter missedOnly;
        missedOnly.kind = HistoryFilter::Kind::Missed;
        QVERIFY(history.exportCsv(path, missedOnly, &error));
        QCOMPARE(readAll(m_dir.filePath(QStringLiteral("export.csv"))).count("\r\n"), 2);
    }

    void failedExportLeavesNoPartialFile()
    {
        CallHistory history(m_dir.filePath(QStringLiteral("e.sqlite")));
        QVERIFY(history.open(nullptr));
        for (int i = 0; i < 20; ++i)
            history.add(inbound(QStringLiteral("+49301234%1").arg(i, 2, 10, QLatin1Char('0')),
                                utc("2024-01-01T08:00:00").addSecs(i * 60), CallEndReason::Hangup, true));
        QString error;
        // A folder that does not exist.
        QVERIFY(!history.exportCsv(m_dir.filePath(QStringLiteral("nowhere/calls.csv")), {}, &error));
        QVERIFY2(error.contains(QLatin1String("nowhere")), qPrintable(error));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("nowhere"))));

        // The disk fills up while writing: the earlier export stays whole and no temporary is left.
        const QString folder = m_dir.filePath(QStringLiteral("exports"));
        QVERIFY(QDir().mkpath(folder));
        const QString target = folder + QStringLiteral("/calls.csv");
        {
            QFile old(target);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("previous export\r\n");
        }
        error.clear();
        {
            FileSizeLimit full(100);
            QVERIFY(!history.exportCsv(target, {}, &error));
        }
        QVERIFY2(error.contains(QLatin1String("calls.csv")), qPrintable(error));
        QCOMPARE(readAll(target), QByteArray("previous export\r\n"));
        QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden), QStringList {QStringLiteral("calls.csv")});
        // And with space it goes through.
        QVERIFY(history.exportCsv(target, {}, &error));
        QCOMPARE(readAll(target).count("\r\n"), 21);
    }

    void defaultPathIsInAppData()
    {
        QCoreApplication::setApplicationName(QStringLiteral("audin-test"));
        const QString path = CallHistory::defaultDatabasePath();
        QVERIFY2(path.endsWith(QLatin1String("/audin-test/history.sqlite")), qPrintable(path));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCallHistory)
#include "TestCallHistory.moc"
