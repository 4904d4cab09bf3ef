// SPDX-License-Identifier: GPL-3.0-or-later
#include "Backoff.h"

#include <QTest>

using namespace audin;

class TestBackoff : public QObject
{
    Q_OBJECT
private slots:
    void walksDefaultScheduleAndStaysOnLast()
    {
        Backoff backoff;
        QList<int> seen;
        for (int i = 0; i < 8; ++i)
            seen << backoff.nextDelayMs();
        QCOMPARE(seen, (QList<int> {1000, 2000, 5000, 10000, 30000, 30000, 30000, 30000}));
    }
    void resetStartsOver()
    {
        Backoff backoff({10, 20, 30});
        backoff.nextDelayMs();
        backoff.nextDelayMs();
        backoff.reset();
        QCOMPARE(backoff.nextDelayMs(), 10);
    }
    void jumpToLast()
    {
        Backoff backoff({10, 20, 30});
        backoff.jumpToLast();
        QCOMPARE(backoff.nextDelayMs(), 30);
        QCOMPARE(backoff.nextDelayMs(), 30);
    }
    void peekDoesNotAdvance()
    {
        Backoff backoff({10, 20});
        QCOMPARE(backoff.peekDelayMs(), 10);
        QCOMPARE(backoff.peekDelayMs(), 10);
        QCOMPARE(backoff.nextDelayMs(), 10);
        QCOMPARE(backoff.peekDelayMs(), 20);
    }
    void emptyOrNegativeScheduleFallsBackToDefault()
    {
        QCOMPARE(Backoff(QList<int> {}).schedule(), Backoff::defaultSchedule());
        QCOMPARE(Backoff(QList<int> {-5}).schedule(), Backoff::defaultSchedule());
        QCOMPARE(Backoff(QList<int> {-5, 7}).schedule(), QList<int> {7});
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "TestBackoff.moc"
