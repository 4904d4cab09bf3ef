// SPDX-License-Identifier: GPL-3.0-or-later
// One instance per user and display: real local sockets, real second processes, a real crash.
#include "SingleInstance.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <csignal>
#include <unistd.h>
#endif

using namespace audin::desktop;

namespace {

const char childModeVariable[] = "AUDIN_SINGLE_INSTANCE_CHILD";
const char childKeyVariable[] = "AUDIN_SINGLE_INSTANCE_KEY";

// What a child process of this test does instead of running the tests.
int runChild(const QByteArray &mode)
{
    SingleInstance instance(qEnvironmentVariable(childKeyVariable));
    if (mode == "forward")
        return instance.forward(QCoreApplication::arguments().mid(1), 5000) ? 0 : 1;
    if (mode == "serve") {
        // Primary until one message arrives; prints it as one line.
        if (!instance.listen())
            return 3;
        QObject::connect(&instance, &SingleInstance::messageReceived, [](const QStringList &arguments) {
            QTextStream(stdout) << arguments.join(QLatin1Char('|')) << Qt::endl;
            QCoreApplication::exit(0);
        });
        QTextStream(stdout) << "listening" << Qt::endl;
        QTimer::singleShot(10000, [] { QCoreApplication::exit(4); });
        return QCoreApplication::exec();
    }
#ifdef Q_OS_UNIX
    if (mode == "crash") {
        if (!instance.listen())
            return 3;
        // Gone without any cleanup, as in a crash: the socket and the lock file stay behind.
        ::kill(::getpid(), SIGKILL);
    }
#endif
    return 2;
}

QProcess *startChild(const QByteArray &mode, const QString &key, const QStringList &arguments, QObject *parent)
{
    auto *child = new QProcess(parent);
    child->setProcessChannelMode(mode == "serve" ? QProcess::SeparateChannels : QProcess::ForwardedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(childModeVariable), QString::fromLatin1(mode));
    env.insert(QString::fromLatin1(childKeyVariable), key);
    child->setProcessEnvironment(env);
    child->start(QCoreApplication::applicationFilePath(), arguments);
    return child;
}

const QStringList awkwardArguments {
    QStringLiteral("tel:+49 30 1234567"),
    QStringLiteral("--autostart"),
    QStringLiteral("Grüße, 通话 📞"),
    QString(),
    QStringLiteral("two\nlines \"quoted\" 'single' $HOME \\ back"),
};

} // namespace

class TestSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_key = m_dir->filePath(QStringLiteral("instance.socket"));
    }

    void defaultKeyIsPerUserAndDisplay()
    {
        const QByteArray savedDisplay = qgetenv("DISPLAY");
        const QByteArray savedWayland = qgetenv("WAYLAND_DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
        qputenv("DISPLAY", ":0");
        const QString first = SingleInstance::defaultKey();
        qputenv("DISPLAY", ":0.0");
        const QString sameDisplay = SingleInstance::defaultKey();
        qputenv("DISPLAY", ":1");
        const QString otherDisplay = SingleInstance::defaultKey();
        qputenv("DISPLAY", savedDisplay);
        if (!savedWayland.isNull())
            qputenv("WAYLAND_DISPLAY", savedWayland);
        if (savedDisplay.isNull())
            qunsetenv("DISPLAY");

        QVERIFY(first.contains(QLatin1String("ai.audin.Softphone-")));
        QCOMPARE(sameDisplay, first); // the screen number does not make a second instance
        QVERIFY(otherDisplay != first);
        const QString user = qEnvironmentVariable("USER");
        if (!user.isEmpty())
            QVERIFY2(!first.section(QLatin1Char('/'), -1).contains(user), qPrintable(first));
#ifdef Q_OS_LINUX
        const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!runtime.isEmpty() && QFileInfo(runtime).isDir())
            QVERIFY2(first.startsWith(runtime + QLatin1Char('/')), qPrintable(first));
#endif
    }

    void secondLaunchHandsOverItsArguments()
    {
        SingleInstance primary(m_key);
        QSignalSpy received(&primary, &SingleInstance::messageReceived);
        QVERIFY(primary.listen());
        QVERIFY(primary.listen()); // idempotent

        SingleInstance secondary(m_key);
        QVERIFY(!secondary.listen());
        QVERIFY(secondary.forward(awkwardArguments));
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.at(0).at(0).toStringList(), awkwardArguments);

        QVERIFY(secondary.forward({}));
        QCOMPARE(received.size(), 2);
        QCOMPARE(received.at(1).at(0).toStringList(), QStringList());
    }

    void forwardFailsFastWithoutPrimary()
    {
        SingleInstance lonely(m_key);
        QElapsedTimer elapsed;
        elapsed.start();
        QVERIFY(!lonely.forward({QStringLiteral("tel:+4930123")}, 5000));
        QVERIFY2(elapsed.elapsed() < 1000, qPrintable(QString::number(elapsed.elapsed())));
    }

    void anEndedPrimaryMakesRoomForTheNext()
    {
        {
            SingleInstance primary(m_key);
            QVERIFY(primary.listen());
        }
        SingleInstance late(m_key);
        QVERIFY(!late.forward({QStringLiteral("x")}, 1000));
        QVERIFY(late.listen());
    }

    void staleSocketFromACrashIsReplaced()
    {
#ifndef Q_OS_UNIX
        QSKIP("a crash leaves a socket file behind only on Unix");
#else
        std::unique_ptr<QProcess> child(startChild("crash", m_key, {}, nullptr));
        QVERIFY(child->waitForFinished(10000));
        QCOMPARE(child->exitStatus(), QProcess::CrashExit);
        QVERIFY(QFile::exists(m_key)); // the socket the dead primary left
        QVERIFY(QFile::exists(m_key + QStringLiteral(".lock")));
        // Nobody answers there, and a new primary takes over.
        SingleInstance next(m_key);
        QVERIFY(!next.forward({QStringLiteral("x")}, 1000));
        QVERIFY(next.listen());
        QSignalSpy received(&next, &SingleInstance::messageReceived);
        SingleInstance secondary(m_key);
        QVERIFY(secondary.forward({QStringLiteral("after the crash")}));
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.at(0).at(0).toStringList(), QStringList {QStringLiteral("after the crash")});
#endif
    }

    void twoSecondariesAtOnce()
    {
        SingleInstance primary(m_key);
        QSignalSpy received(&primary, &SingleInstance::messageReceived);
        QVERIFY(primary.listen());
        QObject owner;
        QProcess *first = startChild("forward", m_key, {QStringLiteral("first"), awkwardArguments.at(2)}, &owner);
        QProcess *second = startChild("forward", m_key, {QStringLiteral("second"), awkwardArguments.at(0)}, &owner);
        QTRY_VERIFY_WITH_TIMEOUT(first->state() == QProcess::NotRunning && second->state() == QProcess::NotRunning,
                                 15000);
        QCOMPARE(first->exitCode(), 0);
        QCOMPARE(second->exitCode(), 0);
        QCOMPARE(received.size(), 2);
        QList<QStringList> messages {received.at(0).at(0).toStringList(), received.at(1).at(0).toStringList()};
        std::sort(messages.begin(), messages.end());
        QCOMPARE(messages.at(0), (QStringList {QStringLiteral("first"), awkwardArguments.at(2)}));
        QCOMPARE(messages.at(1), (QStringList {QStringLiteral("second"), awkwardArguments.at(0)}));
    }

    void aLiveInstanceInAnotherProcessIsRespected()
    {
        // The primary is another process this time: its lock and socket must not be taken over.
        std::unique_ptr<QProcess> primary(startChild("serve", m_key, {}, nullptr));
        QTRY_VERIFY_WITH_TIMEOUT(primary->canReadLine() || primary->state() == QProcess::NotRunning, 10000);
        QCOMPARE(primary->readLine().trimmed(), QByteArray("listening"));

        // However old its lock file: a primary may run for weeks.
        QFile lock(m_key + QStringLiteral(".lock"));
        QVERIFY(lock.open(QIODevice::ReadWrite));
        QVERIFY(lock.setFileTime(QDateTime::currentDateTime().addDays(-7), QFileDevice::FileModificationTime));
        lock.close();

        SingleInstance mine(m_key);
        QVERIFY(!mine.listen());
        QVERIFY(mine.forward({QStringLiteral("from the parent"), awkwardArguments.at(2)}));
        QVERIFY(primary->waitForFinished(10000));
        QCOMPARE(primary->exitCode(), 0);
        QCOMPARE(QString::fromUtf8(primary->readAll()).trimmed(),
                 QStringLiteral("from the parent|") + awkwardArguments.at(2));
    }

    void garbageDoesNotReachTheApp()
    {
        SingleInstance primary(m_key);
        QSignalSpy received(&primary, &SingleInstance::messageReceived);
        QVERIFY(primary.listen());
        QLocalSocket intruder;
        intruder.connectToServer(m_key);
        QVERIFY(intruder.waitForConnected(2000));
        intruder.write("GET / HTTP/1.1\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(intruder.state(), QLocalSocket::UnconnectedState, 3000);
        QVERIFY(received.isEmpty());
        // And the primary still serves the next launch.
        SingleInstance secondary(m_key);
        QVERIFY(secondary.forward({QStringLiteral("ok")}));
        QCOMPARE(received.size(), 1);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_key;
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QByteArray mode = qgetenv(childModeVariable);
    if (!mode.isEmpty())
        return runChild(mode);
    TestSingleInstance test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestSingleInstance.moc"
