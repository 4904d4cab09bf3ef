// SPDX-License-Identifier: GPL-3.0-or-later
// Opening arbitrary bytes as the call history database (CallHistory::open): a damaged, truncated,
// foreign or hostile SQLite file. It must not crash; a file that cannot be used gives false and a
// message; a file that opens is then read, written, exported and purged like a real one.
#include "CallHistory.h"
#include "FuzzSupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace audin;
using namespace audin::desktop;

namespace {

QTemporaryDir *workDir = nullptr;

void emptyDirectory(const QString &path)
{
    QDir dir(path);
    for (const QString &name : dir.entryList(QDir::Files | QDir::Hidden | QDir::System))
        dir.remove(name);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initQt(argc, argv);
    workDir = new QTemporaryDir;
    if (!workDir->isValid())
        fuzz::fail("no temporary directory");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    emptyDirectory(workDir->path());
    const QString path = workDir->filePath(QStringLiteral("history.sqlite"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)
            || file.write(reinterpret_cast<const char *>(data), qint64(size)) != qint64(size))
            fuzz::fail("cannot write the history file");
    }
    {
        CallHistory history(path);
        QString error;
        if (!history.open(&error)) {
            if (error.isEmpty())
                fuzz::fail("open() failed without a message");
            return 0;
        }
        HistoryFilter filter;
        filter.limit = 50;
        const QList<CallRecord> records = history.query(filter);
        for (const CallRecord &r : records) {
            history.find(r.id);
            r.durationS();
        }
        filter.kind = HistoryFilter::Kind::Missed;
        filter.search = QStringLiteral("+49 30");
        history.query(filter);
        history.markMissedSeen();
        CallRecord r;
        r.remoteNumber = QStringLiteral("+4930123456");
        r.startedAt = QDateTime::currentDateTimeUtc();
        r.endedAt = r.startedAt.addSecs(3);
        r.endReason = CallEndReason::NoAnswer;
        r.missed = true;
        history.add(r); // may fail on a read-only or odd file: it reports, it does not crash
        history.exportCsv(workDir->filePath(QStringLiteral("export.csv")), HistoryFilter {}, &error);
        history.purgeOlderThan(30);
    }
    return 0;
}
