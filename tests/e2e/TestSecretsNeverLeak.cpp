// SPDX-License-Identifier: GPL-3.0-or-later
// Secrets end to end: the real audin-softphone signs in with an operator key from its environment, runs
// a whole shift in small (reconnects, token refreshes every few seconds, an answered call, a missed call,
// a clean exit) with every one of its log categories at debug, and then everything it left behind is
// searched for the key and for tokens: its complete log, every file of its profile (settings, history and
// its journal), the desktop notifications it raised, and the command lines and environments of every
// program it started.
#include "DesktopRun.h"

#include <QDir>
#include <QDirIterator>
#include <QGuiApplication>
#include <QRegularExpression>

using namespace audin::test;

namespace {

const QByteArray OperatorKey = "ok_alice_demo";

/** What must never appear: the key, a bearer credential, or anything shaped like a JWT. */
QString findSecret(const QByteArray &bytes)
{
    if (bytes.contains(OperatorKey))
        return QStringLiteral("the operator key");
    if (bytes.contains("Bearer ok_") || bytes.contains("Bearer eyJ"))
        return QStringLiteral("a bearer credential");
    static const QRegularExpression jwt(QStringLiteral(R"(eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})"));
    const QRegularExpressionMatch m = jwt.match(QString::fromLatin1(bytes));
    if (m.hasMatch())
        return QStringLiteral("a JWT (%1…)").arg(m.captured().left(12));
    return {};
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int countEvents(DesktopRun &phone, const QString &type)
{
    int n = 0;
    for (const QJsonValue &e : phone.get(QStringLiteral("/sim/events")).value(QLatin1String("events")).toArray())
        n += e.toObject().value(QLatin1String("type")).toString() == type;
    return n;
}

/** Every process below `pid` (children, grandchildren …). */
QList<qint64> descendants(qint64 pid)
{
    QList<qint64> out;
    const QByteArray children = readAll(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
    for (const QByteArray &child : children.split(' ')) {
        bool ok = false;
        const qint64 c = child.trimmed().toLongLong(&ok);
        if (ok) {
            out << c;
            out += descendants(c);
        }
    }
    return out;
}

} // namespace

class TestSecretsNeverLeak : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCOMPARE(QGuiApplication::platformName(), QStringLiteral("xcb"));
        QVERIFY2(!DesktopRun::run(QStringLiteral("dunstctl"), {QStringLiteral("is-paused")}).isEmpty(),
                 "run through tests/support/with-desktop.sh");
    }

    void aWholeSessionLeavesNoSecretBehind()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString log = dir.filePath(QStringLiteral("softphone.log"));
        // A browser for the screen pop that records what it was given; it outlives nothing.
        const QString seen = dir.filePath(QStringLiteral("browser-seen.txt"));
        const QString browser = dir.filePath(QStringLiteral("browser.sh"));
        QFile script(browser);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\n{ cat /proc/$$/cmdline; echo; env; } >> \"" + seen.toUtf8() + "\"\n");
        script.close();
        QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));

        DesktopRun phone;
        phone.setAppErrorFile(log);
        QVERIFY2(phone.start({QStringLiteral("QT_LOGGING_RULES=audin.*=true"), QStringLiteral("BROWSER=") + browser},
                             "[calls]\nscreenPopTemplate=\"https://crm.example/lookup?number={from}\"\n"),
                 qPrintable(phone.error()));

        // While it runs: its own command line, and every program it started so far.
        const qint64 pid = phone.appPid();
        QByteArray processes = readAll(QStringLiteral("/proc/%1/cmdline").arg(pid));

        // Short-lived tokens from now on, and a dropped connection: it fetches a new token, then refreshes it.
        phone.post(QStringLiteral("/sim/settings"), {{QStringLiteral("tokenTtlMs"), 4000}});
        phone.post(QStringLiteral("/sim/faults"),
                   {{QStringLiteral("operatorId"), QStringLiteral("op_alice")},
                    {QStringLiteral("action"), QStringLiteral("drop")}});
        QTRY_VERIFY_WITH_TIMEOUT(countEvents(phone, QStringLiteral("token_refreshed")) >= 2, 30000);
        phone.post(QStringLiteral("/sim/settings"), {{QStringLiteral("tokenTtlMs"), 3600000}});

        // An answered call (screen pop, call channel, audio), hung up by the operator's key.
        const QString answered = phone.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930111111"));
        QVERIFY(!answered.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(DesktopRun::windows(QStringLiteral("^Incoming call$")).size(), 1, 10000);
        DesktopRun::run(QStringLiteral("xdotool"), {QStringLiteral("key"), QStringLiteral("ctrl+alt+a")});
        QTRY_COMPARE_WITH_TIMEOUT(phone.callState(answered), QStringLiteral("assigned"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(seen), 10000);
        for (qint64 child : descendants(pid))
            processes += readAll(QStringLiteral("/proc/%1/cmdline").arg(child)) + '\n'
                + readAll(QStringLiteral("/proc/%1/environ").arg(child)) + '\n';
        DesktopRun::run(QStringLiteral("xdotool"), {QStringLiteral("key"), QStringLiteral("ctrl+alt+h")});
        QTRY_COMPARE_WITH_TIMEOUT(phone.callState(answered), QStringLiteral("ended"), 10000);

        // A missed call: the caller gives up while it rings.
        const QString missed = phone.ring(QStringLiteral("+15551230002"), QStringLiteral("+4930222222"));
        QVERIFY(!missed.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(DesktopRun::windows(QStringLiteral("^Incoming call$")).size(), 1, 10000);
        phone.post(QStringLiteral("/sim/calls/") + missed + QStringLiteral("/hangup"), {});
        QTRY_COMPARE_WITH_TIMEOUT(phone.callState(missed), QStringLiteral("ended"), 10000);
        const QList<QJsonObject> notifications = DesktopRun::notificationHistory();

        QVERIFY(phone.stopApp());

        // The checks below prove something only if the log is complete: frames, refreshes, the calls.
        const QByteArray logged = readAll(log);
        QVERIFY2(logged.contains("auth") && logged.contains("refresh") && logged.contains(answered.toUtf8())
                     && logged.contains(missed.toUtf8()),
                 "the debug log misses parts of the session; searching it would prove nothing");

        QString found = findSecret(logged);
        QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("%1 in the log").arg(found)));
        QDirIterator files(phone.profilePath(QString()), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int profileFiles = 0;
        while (files.hasNext()) {
            const QString path = files.next();
            ++profileFiles;
            found = findSecret(readAll(path));
            QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("%1 in %2").arg(found, path)));
        }
        QVERIFY2(profileFiles >= 2, "no settings or history written: nothing was checked");
        QVERIFY(!notifications.isEmpty());
        for (const QJsonObject &n : notifications) {
            found = findSecret(QJsonDocument(n).toJson());
            QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("%1 in a notification").arg(found)));
        }
        processes += readAll(seen);
        QVERIFY2(processes.contains("crm.example"), "the screen-pop browser never ran");
        found = findSecret(processes);
        QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("%1 in a started program").arg(found)));
        // The token URL may be passed on; the variables that carry credentials may not.
        QVERIFY(!processes.contains("AUDIN_TOKEN_HEADER="));
        QVERIFY(!QRegularExpression(QStringLiteral("(^|[\\n\\x00])AUDIN_TOKEN="))
                     .match(QString::fromLatin1(processes))
                     .hasMatch());
    }
};

QTEST_MAIN(TestSecretsNeverLeak)
#include "TestSecretsNeverLeak.moc"
