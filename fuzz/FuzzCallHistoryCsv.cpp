// SPDX-License-Identifier: GPL-3.0-or-later
// The call history's CSV export (CallHistory::exportCsv, RFC 4180) with hostile row contents:
// numbers, line names, notes, error codes and call ids as a caller or the service can choose them.
// The export is parsed back with a strict RFC 4180 reader and every field must come back as it
// was stored, except that a cell a spreadsheet would run as a formula carries a leading '.
//
// The input is up to 8 records separated by 0x1e, each of up to 7 fields separated by 0x1f:
// remote number, local number, line id, line name, error code, note, call id.
#include "CallHistory.h"
#include "FuzzSupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <algorithm>

using namespace audin;
using namespace audin::desktop;

namespace {

QTemporaryDir *workDir = nullptr;
CallHistory *history = nullptr;

// RFC 4180: CRLF between records, fields quoted with " when they hold , " CR or LF, "" inside.
// Anything else (a bare quote inside a field, text after a closing quote) is a malformed file.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    qsizetype i = 0;
    const qsizetype n = text.size();
    bool fieldStarted = false;
    while (i < n) {
        const QChar c = text.at(i);
        if (!fieldStarted && c == u'"') {
            ++i;
            for (;;) {
                if (i >= n)
                    fuzz::fail("CSV: a quoted field is not closed");
                if (text.at(i) == u'"') {
                    if (i + 1 < n && text.at(i + 1) == u'"') {
                        field += u'"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text.at(i++);
            }
            fieldStarted = true;
            if (i < n && text.at(i) != u',' && text.at(i) != u'\r')
                fuzz::fail("CSV: text after a closing quote");
            continue;
        }
        if (c == u',') {
            row << field;
            field.clear();
            fieldStarted = false;
            ++i;
        } else if (c == u'\r') {
            if (i + 1 >= n || text.at(i + 1) != u'\n')
                fuzz::fail("CSV: CR without LF outside quotes");
            row << field;
            rows << row;
            row.clear();
            field.clear();
            fieldStarted = false;
            i += 2;
        } else if (c == u'\n' || c == u'"') {
            fuzz::fail("CSV: a bare LF or quote in an unquoted field");
        } else {
            field += c;
            fieldStarted = true;
            ++i;
        }
    }
    if (fieldStarted || !row.isEmpty())
        fuzz::fail("CSV: the last record does not end with CRLF");
    return rows;
}

// What the export promises to write for a stored text (CallHistory.cpp csvField()).
QString expectedCell(const QString &value)
{
    static const QRegularExpression e164(QStringLiteral("^\\+[0-9]+$"));
    if (!value.isEmpty() && QStringLiteral("=+-@\t\r").contains(value.front()) && !e164.match(value).hasMatch())
        return QLatin1Char('\'') + value;
    return value;
}

const QStringList textColumns {QStringLiteral("remote_number"), QStringLiteral("local_number"),
                               QStringLiteral("line_id"),       QStringLiteral("line_name"),
                               QStringLiteral("error_code"),    QStringLiteral("note"),
                               QStringLiteral("call_sid")};

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initQt(argc, argv);
    workDir = new QTemporaryDir;
    history = new CallHistory(workDir->filePath(QStringLiteral("history.sqlite")));
    QString error;
    if (!workDir->isValid() || !history->open(&error))
        fuzz::fail("cannot open a fresh call history", error);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<QStringList> expected;
    const QDateTime started = QDateTime(QDate(2001, 2, 3), QTime(4, 5, 6), Qt::UTC);
    for (const QByteArray &recordBytes : input.split('\x1e').mid(0, 8)) {
        const QList<QByteArray> fields = recordBytes.split('\x1f');
        CallRecord r;
        r.direction = fields.size() % 2 ? CallDirection::Inbound : CallDirection::Outbound;
        r.remoteNumber = QString::fromUtf8(fields.value(0));
        r.localNumber = QString::fromUtf8(fields.value(1));
        r.lineId = QString::fromUtf8(fields.value(2));
        r.lineName = QString::fromUtf8(fields.value(3));
        r.errorCode = QString::fromUtf8(fields.value(4));
        r.note = QString::fromUtf8(fields.value(5));
        r.callSid = QString::fromUtf8(fields.value(6));
        r.startedAt = started;
        r.answeredAt = started.addSecs(5);
        r.endedAt = started.addSecs(65);
        r.endReason = CallEndReason::Hangup;
        if (history->add(r) <= 0)
            fuzz::fail("add() refused a record");
        QStringList cells;
        for (const QString &text :
             {r.remoteNumber, r.localNumber, r.lineId, r.lineName, r.errorCode, r.note, r.callSid})
            cells << expectedCell(text);
        expected << cells;
    }

    const QString path = workDir->filePath(QStringLiteral("export.csv"));
    QString error;
    if (!history->exportCsv(path, HistoryFilter {}, &error))
        fuzz::fail("exportCsv failed", error);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        fuzz::fail("cannot read the export back");
    QByteArray bytes = file.readAll();
    if (!bytes.startsWith("\xEF\xBB\xBF"))
        fuzz::fail("the export has no UTF-8 BOM");
    const QString text = QString::fromUtf8(bytes.mid(3));
    if (text.toUtf8() != bytes.mid(3))
        fuzz::fail("the export is not valid UTF-8");
    const QList<QStringList> rows = parseCsv(text);
    if (rows.isEmpty())
        fuzz::fail("the export has no header");
    const QStringList header = rows.first();
    QList<qsizetype> columns;
    for (const QString &name : textColumns) {
        columns << header.indexOf(name);
        if (columns.last() < 0)
            fuzz::fail("a column is missing from the header", name);
    }
    QList<QStringList> actual;
    for (const QStringList &row : rows.mid(1)) {
        if (row.size() != header.size())
            fuzz::fail("a row has more or fewer fields than the header", row.join(QLatin1Char('|')));
        QStringList cells;
        for (qsizetype column : columns)
            cells << row.at(column);
        actual << cells;
    }
    const auto byContent = [](const QStringList &a, const QStringList &b) { return a.join(u'\x1f') < b.join(u'\x1f'); };
    std::sort(expected.begin(), expected.end(), byContent);
    std::sort(actual.begin(), actual.end(), byContent);
    if (actual != expected)
        fuzz::fail("the exported fields differ from the stored ones",
                   QStringLiteral("expected %1\nactual   %2")
                       .arg(expected.value(0).join(QLatin1Char('|')), actual.value(0).join(QLatin1Char('|'))));
    // Empty the history for the next input (every row started in 2001).
    history->purgeOlderThan(1);
    return 0;
}
