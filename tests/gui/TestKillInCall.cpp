// SPDX-License-Identifier: GPL-3.0-or-later
// kill -9 during a call loses nothing: the whole desktop app runs in a child process (this
// executable with --recording-child) against the simulator over loopback, answers a call, and is
// SIGKILLed while talking. The history file is then intact, the call is in it, and the next start
// marks it interrupted, lists it so in the History view and says so in the banner.
#include "CallHistory.h"
#include "CallHistoryModel.h"
#include "DesktopApp.h"
#include "HistoryPanel.h"
#include "HttpTokenSource.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "NullAudioBackend.h"
#include "RecordingNotifier.h"
#include "SimFixture.h"

#include <QApplication>
#include <QJsonArray>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace audin;
using namespace audin::test;

namespace {
const char childFlag[] = "--recording-child";

gui::DesktopApp::Options optionsFor(const QString &profile, const QString &coreUrl)
{
    gui::DesktopApp::Options o;
    o.settingsPaths = {profile + QStringLiteral("/settings.ini"), profile + QStringLiteral("/none.conf")};
    o.historyPath = profile + QStringLiteral("/history.sqlite");
    o.callAudio = [] { return std::make_unique<media::NullAudioBackend>(); };
    o.toneAudio = [](const QString &) { return std::make_unique<media::NullAudioBackend>(); };
    o.meterAudio = [](const QString &) { return std::make_unique<media::NullAudioBackend>(); };
    o.configure = [](OperatorConfig &config) { config.reconnectBackoffMs = {50, 100, 200}; };
    o.openUrl = [](const QUrl &) {};
    o.singleInstance = false;
    o.autostartLocation = profile + QStringLiteral("/autostart");
    o.trayAvailable = false;
    o.notifier = [] { return std::make_unique<RecordingNotifier>(); };
    // Signed in from the environment, as a kiosk is: no keychain, no sign-in dialog.
    o.environmentCoreUrl = coreUrl;
    o.environmentTokenSource
        = std::make_shared<HttpTokenSource>(QUrl(coreUrl + QStringLiteral("/partner/token")),
                                            QList<HttpTokenSource::Header> {{"Authorization", "Bearer ok_alice_test"}});
    return o;
}

// The app as the operator runs it, until it is killed.
int childMain(int argc, char **argv)
{
    QApplication app(argc, argv);
    gui::DesktopApp desktop(optionsFor(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3])));
    desktop.start({});
    return QApplication::exec();
}

// One value from the history file, read the way another program would, while the app may be writing.
QVariant scalar(const QString &path, const QString &sql)
{
    static int counter = 0;
    const QString name = QStringLiteral("raw-%1").arg(++counter);
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                value = q.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}
} // namespace

class TestKillInCall : public QObject
{
    Q_OBJECT
private slots:
    void killedDuringACallLosesNothing()
    {
        SimFixture sim;
        QVERIFY(sim.isListening());
        QTemporaryDir profile;
        QVERIFY(profile.isValid());
        {
            QFile settings(profile.filePath(QStringLiteral("settings.ini")));
            QVERIFY(settings.open(QIODevice::WriteOnly));
            settings.write("[numbers]\nselected=pn_1\n\n[presence]\ntakingCalls=true\n\n"
                           "[calls]\nautoAnswer=true\nautoAnswerDelayS=0\n");
        }
        const QString history = profile.filePath(QStringLiteral("history.sqlite"));

        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("audin.*.debug=false;audin.*.info=false"));
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.setStandardOutputFile(QProcess::nullDevice());
        child.start(QCoreApplication::applicationFilePath(),
                    {QString::fromLatin1(childFlag), profile.path(), sim.coreUrl()});
        QVERIFY(child.waitForStarted(10000));
        QVERIFY2(
            QTest::qWaitFor(
                [&] {
                    const QJsonArray sessions
                        = sim.http("GET", QStringLiteral("/sim/state")).json.value(QLatin1String("sessions")).toArray();
                    return !sessions.isEmpty()
                        && sessions.first()
                               .toObject()
                               .value(QLatin1String("accepted"))
                               .toArray()
                               .contains(QStringLiteral("pn_1"));
                },
                30000),
            "the app did not go online on pn_1");

        const QString sid = sim.ring(QStringLiteral("+15551230001"), QStringLiteral("+4930123456"));
        QVERIFY(!sid.isEmpty());
        // Auto-answered, and the history says so while the call goes on.
        const QString answered
            = QStringLiteral("SELECT COUNT(*) FROM calls WHERE call_sid = '%1' AND answered_at IS NOT NULL").arg(sid);
        QVERIFY2(QTest::qWaitFor([&] { return scalar(history, answered).toInt() == 1; }, 20000),
                 "the call in progress is not in the history");
        QCOMPARE(child.state(), QProcess::Running);
        child.kill(); // SIGKILL: no destructor, no last write
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        QCOMPARE(scalar(history, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        QCOMPARE(scalar(history, QStringLiteral("SELECT status FROM calls WHERE call_sid = '%1'").arg(sid)).toString(),
                 QStringLiteral("in_progress"));

        // The next start.
        gui::DesktopApp app(optionsFor(profile.path(), sim.coreUrl()));
        app.start({});
        QCOMPARE(app.history()->interruptedOnOpen(), 1);
        gui::HistoryPanel *panel = app.window()->historyPanel();
        QTRY_COMPARE(panel->rowCount(), 1);
        QCOMPARE(panel->remoteNumberAt(0), QStringLiteral("+4930123456"));
        QCOMPARE(panel->textAt(0, desktop::CallHistoryModel::ResultColumn), QStringLiteral("Interrupted (answered)"));
        const QStringList banner = app.window()->banner()->messages();
        QVERIFY2(banner.join(QLatin1Char('\n')).contains(QLatin1String("interrupted")),
                 qPrintable(banner.join(QLatin1Char('\n'))));
        const QList<desktop::CallRecord> rows = app.history()->query({});
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().callSid, sid);
        QCOMPARE(rows.first().status, desktop::CallRecord::Status::Interrupted);
        QVERIFY(rows.first().answeredAt.isValid());
        QCOMPARE(scalar(history, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    }
};

int main(int argc, char **argv)
{
    if (argc >= 4 && qstrcmp(argv[1], childFlag) == 0)
        return childMain(argc, argv);
    QApplication app(argc, argv);
    TestKillInCall test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "TestKillInCall.moc"
