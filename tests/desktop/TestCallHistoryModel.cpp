// SPDX-License-Identifier: GPL-3.0-or-later
// The history table model over a real SQLite file: columns, roles, result texts, filter and refresh.
#include "CallHistoryModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace audin;
using namespace audin::desktop;

namespace {
QDateTime utc(const char *iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    t.setTimeSpec(Qt::UTC);
    return t;
}

CallRecord record(CallDirection direction, std::optional<CallEndReason> reason, int talkS = -1)
{
    CallRecord r;
    r.direction = direction;
    r.remoteNumber = QStringLiteral("+4930123456");
    r.localNumber = QStringLiteral("+15551230002");
    r.startedAt = utc("2024-05-01T10:00:00");
    if (talkS >= 0)
        r.answeredAt = r.startedAt.addSecs(3);
    r.endedAt = r.answeredAt.isValid() ? r.answeredAt.addSecs(talkS) : r.startedAt.addSecs(20);
    r.endReason = reason;
    r.missed = CallHistory::isMissed(direction, talkS >= 0, reason, false);
    r.seen = !r.missed;
    return r;
}
} // namespace

class TestCallHistoryModel : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_history = std::make_unique<CallHistory>(m_dir.filePath(QStringLiteral("m%1.sqlite").arg(++m_n)));
        QVERIFY(m_history->open(nullptr));
    }
    void cleanup() { m_history.reset(); }

    void columnsAndRoles()
    {
        CallRecord answered = record(CallDirection::Inbound, CallEndReason::Hangup, 125);
        answered.lineName = QStringLiteral("Support");
        answered.note = QStringLiteral("VIP");
        const qint64 answeredId = m_history->add(answered);
        CallRecord missed = record(CallDirection::Inbound, CallEndReason::NoAnswer);
        missed.startedAt = utc("2024-05-02T10:00:00");
        missed.remoteNumber = QStringLiteral("+4989000111");
        const qint64 missedId = m_history->add(missed);

        CallHistoryModel model(m_history.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(CallHistoryModel::ColumnCount));
        QCOMPARE(model.headerData(CallHistoryModel::NumberColumn, Qt::Horizontal).toString(), QStringLiteral("Number"));
        QCOMPARE(model.headerData(CallHistoryModel::ResultColumn, Qt::Horizontal).toString(), QStringLiteral("Result"));

        const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
            return model.data(model.index(row, column), role);
        };
        // Newest first: the missed call.
        QCOMPARE(cell(0, 0, CallHistoryModel::RecordIdRole).toLongLong(), missedId);
        QCOMPARE(cell(0, 0, CallHistoryModel::MissedRole).toBool(), true);
        QCOMPARE(cell(0, 0, CallHistoryModel::SeenRole).toBool(), false);
        QCOMPARE(cell(0, 3, CallHistoryModel::RemoteNumberRole).toString(), QStringLiteral("+4989000111"));
        QCOMPARE(cell(0, 0, CallHistoryModel::DirectionRole).value<CallDirection>(), CallDirection::Inbound);
        QCOMPARE(cell(0, CallHistoryModel::DirectionColumn).toString(), QStringLiteral("Incoming"));
        QCOMPARE(cell(0, CallHistoryModel::LineColumn).toString(), QStringLiteral("+1 555-123-0002")); // no name
        QCOMPARE(cell(0, CallHistoryModel::DurationColumn).toString(), QStringLiteral("\u2014"));
        QCOMPARE(cell(0, CallHistoryModel::ResultColumn).toString(), QStringLiteral("Missed"));
        QVERIFY(!cell(0, CallHistoryModel::NumberColumn, Qt::ForegroundRole).isValid()); // the view styles it
        QVERIFY(!cell(0, CallHistoryModel::NumberColumn, Qt::DecorationRole).isValid());
        QVERIFY(!cell(0, CallHistoryModel::NumberColumn, Qt::ToolTipRole).isValid());

        QCOMPARE(cell(1, 0, CallHistoryModel::RecordIdRole).toLongLong(), answeredId);
        QCOMPARE(cell(1, 0, CallHistoryModel::MissedRole).toBool(), false);
        QCOMPARE(cell(1, CallHistoryModel::NumberColumn).toString(), QStringLiteral("+49 30 123456"));
        QCOMPARE(cell(1, 0, CallHistoryModel::RemoteNumberRole).toString(), QStringLiteral("+4930123456"));
        QCOMPARE(cell(1, CallHistoryModel::LineColumn).toString(), QStringLiteral("Support"));
        QCOMPARE(cell(1, CallHistoryModel::DurationColumn).toString(), QStringLiteral("2:05"));
        QCOMPARE(cell(1, CallHistoryModel::ResultColumn).toString(), QStringLiteral("Answered"));
        QCOMPARE(cell(1, CallHistoryModel::NumberColumn, Qt::ToolTipRole).toString(), QStringLiteral("VIP"));
        QCOMPARE(cell(1, CallHistoryModel::StartedColumn).toString(),
                 CallHistoryModel::startedText(answered.startedAt));
        QCOMPARE(cell(1, 0, CallHistoryModel::EndReasonRole).toString(), QStringLiteral("hangup"));
        QVERIFY(!model.data(model.index(5, 0)).isValid());
        QCOMPARE(model.recordAt(1)->id, answeredId);
        QVERIFY(!model.recordAt(2));
    }

    void startedTextIsAsShortAsIsClear()
    {
        const QLocale locale;
        const QDateTime now(QDate(2026, 12, 3), QTime(15, 0)); // a Thursday, local time
        const auto at = [](int day, int h, int m) { return QDateTime(QDate(2026, 12, day), QTime(h, m)).toUTC(); };
        const QString time = locale.toString(QTime(9, 12), QLocale::ShortFormat);
        QCOMPARE(CallHistoryModel::startedText(at(3, 9, 12), now), time);
        QCOMPARE(CallHistoryModel::startedText(at(2, 9, 12), now), QStringLiteral("Yesterday ") + time);
        QCOMPARE(CallHistoryModel::startedText(at(1, 9, 12), now),
                 locale.dayName(2, QLocale::ShortFormat) + QLatin1Char(' ') + time); // Tue 1 Dec
        const QDateTime old = QDateTime(QDate(2026, 11, 20), QTime(9, 12));
        QCOMPARE(CallHistoryModel::startedText(old.toUTC(), now), locale.toString(old, QLocale::ShortFormat));
    }

    void resultTexts_data()
    {
        QTest::addColumn<CallDirection>("direction");
        QTest::addColumn<int>("reason"); // -1: none
        QTest::addColumn<int>("talkS"); // -1: never answered
        QTest::addColumn<QString>("errorCode");
        QTest::addColumn<QString>("text");
        const auto in = CallDirection::Inbound;
        const auto out = CallDirection::Outbound;
        QTest::newRow("answered") << in << int(CallEndReason::RemoteHangup) << 10 << ""
                                  << "Answered";
        QTest::newRow("missed") << in << int(CallEndReason::NoAnswer) << -1 << ""
                                << "Missed";
        QTest::newRow("missed offline") << in << int(CallEndReason::Offline) << -1 << ""
                                        << "Missed";
        QTest::newRow("declined") << in << int(CallEndReason::Rejected) << -1 << ""
                                  << "Declined";
        QTest::newRow("colleague") << in << int(CallEndReason::TakenByOther) << -1 << ""
                                   << "Taken by a colleague";
        QTest::newRow("outbound no answer") << out << int(CallEndReason::NoAnswer) << -1 << ""
                                            << "No answer";
        QTest::newRow("outbound answered") << out << int(CallEndReason::Hangup) << 0 << ""
                                           << "Answered";
        QTest::newRow("outbound cancelled") << out << int(CallEndReason::Hangup) << -1 << ""
                                            << "Cancelled";
        QTest::newRow("busy") << out << int(CallEndReason::Failed) << -1 << "BUSY"
                              << "Busy";
        QTest::newRow("not allowed") << out << int(CallEndReason::Failed) << -1 << "NOT_ALLOWED"
                                     << "Not allowed";
        QTest::newRow("invalid number") << out << int(CallEndReason::Failed) << -1 << "INVALID_NUMBER"
                                        << "Invalid number";
        QTest::newRow("failed") << out << int(CallEndReason::Failed) << -1 << ""
                                << "Failed";
        QTest::newRow("no reason") << out << -1 << -1 << ""
                                   << "Unknown";
    }
    void resultTexts()
    {
        QFETCH(CallDirection, direction);
        QFETCH(int, reason);
        QFETCH(int, talkS);
        QFETCH(QString, errorCode);
        QFETCH(QString, text);
        CallRecord r
            = record(direction, reason < 0 ? std::nullopt : std::optional<CallEndReason>(CallEndReason(reason)), talkS);
        r.errorCode = errorCode;
        m_history->add(r);
        CallHistoryModel model(m_history.get());
        QCOMPARE(model.data(model.index(0, CallHistoryModel::ResultColumn)).toString(), text);
    }

    void durations()
    {
        CallRecord r = record(CallDirection::Inbound, CallEndReason::Hangup, 0);
        QCOMPARE(CallHistoryModel::durationText(r), QStringLiteral("0:00"));
        r.endedAt = r.answeredAt.addSecs(59);
        QCOMPARE(CallHistoryModel::durationText(r), QStringLiteral("0:59"));
        r.endedAt = r.answeredAt.addSecs(3599);
        QCOMPARE(CallHistoryModel::durationText(r), QStringLiteral("59:59"));
        r.endedAt = r.answeredAt.addSecs(3600 + 62);
        QCOMPARE(CallHistoryModel::durationText(r), QStringLiteral("1:01:02"));
        r.answeredAt = QDateTime();
        QCOMPARE(CallHistoryModel::durationText(r), QStringLiteral("\u2014"));
    }

    void filterAndRefresh()
    {
        m_history->add(record(CallDirection::Inbound, CallEndReason::NoAnswer));
        m_history->add(record(CallDirection::Outbound, CallEndReason::Hangup, 4));
        CallHistoryModel model(m_history.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2);
        HistoryFilter missed;
        missed.kind = HistoryFilter::Kind::Missed;
        model.setFilter(missed);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.filter().kind, HistoryFilter::Kind::Missed);

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        CallRecord newer = record(CallDirection::Inbound, CallEndReason::RemoteHangup);
        newer.startedAt = utc("2024-06-01T10:00:00");
        newer.remoteNumber = QStringLiteral("+4940999");
        m_history->add(newer);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, 0), CallHistoryModel::RemoteNumberRole).toString(),
                 QStringLiteral("+4940999"));
        m_history->add(record(CallDirection::Outbound, CallEndReason::Hangup, 4)); // filtered out
        QCOMPARE(model.rowCount(), 2);
        m_history->markMissedSeen();
        QCOMPARE(model.data(model.index(0, 0), CallHistoryModel::SeenRole).toBool(), true);

        HistoryFilter limited;
        limited.limit = 3;
        model.setFilter(limited);
        QCOMPARE(model.rowCount(), 3);
    }

    void closedOrGoneHistoryIsEmpty()
    {
        CallHistory closed(m_dir.filePath(QStringLiteral("never-opened.sqlite")));
        CallHistoryModel model(&closed);
        QCOMPARE(model.rowCount(), 0);
        auto gone = std::make_unique<CallHistory>(m_dir.filePath(QStringLiteral("gone.sqlite")));
        QVERIFY(gone->open(nullptr));
        gone->add(record(CallDirection::Inbound, CallEndReason::NoAnswer));
        CallHistoryModel model2(gone.get());
        QCOMPARE(model2.rowCount(), 1);
        gone.reset();
        model2.reload();
        QCOMPARE(model2.rowCount(), 0);
        CallHistoryModel none(nullptr);
        QCOMPARE(none.rowCount(), 0);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CallHistory> m_history;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(TestCallHistoryModel)
#include "TestCallHistoryModel.moc"
