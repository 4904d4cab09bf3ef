// SPDX-License-Identifier: GPL-3.0-or-later
// The keychain store against a real Secret Service (GNOME Keyring on a private D-Bus session bus),
// and what happens when there is none.
// needs: secret-service
#include "KeychainSecretStore.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QLocalServer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace audin::desktop;

namespace {

constexpr int WaitMs = 15000;
const char childFlag[] = "AUDIN_KEYCHAIN_TEST_CHILD";

struct ReadOutcome
{
    int calls = 0;
    std::optional<QString> value;
    QString error;
};

ReadOutcome readAndWait(SecretStore &store, const QString &key)
{
    ReadOutcome outcome;
    QObject context;
    store.read(key, &context, [&outcome](std::optional<QString> value, const QString &error) {
        ++outcome.calls;
        outcome.value = std::move(value);
        outcome.error = error;
    });
    if (outcome.calls != 0) {
        outcome.calls = -1; // synchronous delivery breaks the contract
        return outcome;
    }
    if (!QTest::qWaitFor([&outcome] { return outcome.calls > 0; }, WaitMs))
        qWarning("no read result within %d ms", WaitMs);
    return outcome;
}

struct WriteOutcome
{
    int calls = 0;
    QString error;
};

template<typename Start> WriteOutcome waitFor(Start start)
{
    WriteOutcome outcome;
    QObject context;
    start(&context, [&outcome](const QString &error) {
        ++outcome.calls;
        outcome.error = error;
    });
    if (outcome.calls != 0) {
        outcome.calls = -1;
        return outcome;
    }
    if (!QTest::qWaitFor([&outcome] { return outcome.calls > 0; }, WaitMs))
        qWarning("no result within %d ms", WaitMs);
    return outcome;
}

WriteOutcome writeAndWait(SecretStore &store, const QString &key, const QString &value)
{
    return waitFor([&](QObject *context, SecretStore::WriteCallback done) { store.write(key, value, context, done); });
}

WriteOutcome removeAndWait(SecretStore &store, const QString &key)
{
    return waitFor([&](QObject *context, SecretStore::WriteCallback done) { store.remove(key, context, done); });
}

// The items of the Secret Service whose attributes mention `needle`: proof that a value went to the
// real service (and not to QtKeychain's plaintext fallback).
int secretServiceItemsMentioning(const QString &needle)
{
    qDBusRegisterMetaType<QMap<QString, QString>>();
    QDBusInterface service(QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                           QStringLiteral("org.freedesktop.Secret.Service"), QDBusConnection::sessionBus());
    if (!service.isValid())
        return -1;
    QDBusMessage reply = service.call(QStringLiteral("SearchItems"), QVariant::fromValue(QMap<QString, QString>()));
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 2)
        return -1;
    QList<QDBusObjectPath> paths;
    for (int i = 0; i < 2; ++i) {
        const QDBusArgument argument = reply.arguments().at(i).value<QDBusArgument>();
        QList<QDBusObjectPath> some;
        argument >> some;
        paths += some;
    }
    int count = 0;
    for (const QDBusObjectPath &path : std::as_const(paths)) {
        QDBusInterface properties(QStringLiteral("org.freedesktop.secrets"), path.path(),
                                  QStringLiteral("org.freedesktop.DBus.Properties"), QDBusConnection::sessionBus());
        QDBusMessage attributes = properties.call(QStringLiteral("Get"), QStringLiteral("org.freedesktop.Secret.Item"),
                                                  QStringLiteral("Attributes"));
        if (attributes.type() != QDBusMessage::ReplyMessage || attributes.arguments().isEmpty())
            continue;
        const QDBusArgument argument
            = attributes.arguments().at(0).value<QDBusVariant>().variant().value<QDBusArgument>();
        QMap<QString, QString> map;
        argument >> map;
        for (const QString &value : std::as_const(map)) {
            if (value.contains(needle)) {
                ++count;
                break;
            }
        }
    }
    return count;
}

} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsSet(childFlag))
            return;
        // This test runs inside tests/support/with-secret-service.sh; say so plainly when it does not.
        QVERIFY2(QDBusConnection::sessionBus().interface()
                     && QDBusConnection::sessionBus().interface()->isServiceRegistered(
                         QStringLiteral("org.freedesktop.secrets")),
                 "no Secret Service on the session bus: run through tests/support/with-secret-service.sh");
    }

    void describesTheKeychain()
    {
        KeychainSecretStore store;
        QCOMPARE(store.service(), QStringLiteral("ai.audin.Softphone"));
        QCOMPARE(store.describe(), QStringLiteral("the system keychain (Secret Service)"));
    }

    void writeReadOverwriteRemove()
    {
        KeychainSecretStore store(uniqueService());
        const QString key = QLatin1String(SecretKey::OperatorKey);

        const ReadOutcome before = readAndWait(store, key);
        QCOMPARE(before.calls, 1);
        QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
        QVERIFY(!before.value); // missing: no value, no error

        WriteOutcome written = writeAndWait(store, key, QStringLiteral("ok_first_value"));
        QCOMPARE(written.calls, 1);
        QVERIFY2(written.error.isEmpty(), qPrintable(written.error));
        QCOMPARE(readAndWait(store, key).value, std::optional<QString>(QStringLiteral("ok_first_value")));
        QCOMPARE(secretServiceItemsMentioning(store.service()), 1);

        written = writeAndWait(store, key, QStringLiteral("ok_second_value"));
        QVERIFY2(written.error.isEmpty(), qPrintable(written.error));
        const ReadOutcome overwritten = readAndWait(store, key);
        QCOMPARE(overwritten.value, std::optional<QString>(QStringLiteral("ok_second_value")));
        QCOMPARE(secretServiceItemsMentioning(store.service()), 1); // replaced, not added

        // Another store (a new process in real life) sees the same entry.
        KeychainSecretStore other(store.service());
        QCOMPARE(readAndWait(other, key).value, std::optional<QString>(QStringLiteral("ok_second_value")));

        const WriteOutcome removed = removeAndWait(store, key);
        QCOMPARE(removed.calls, 1);
        QVERIFY2(removed.error.isEmpty(), qPrintable(removed.error));
        const ReadOutcome after = readAndWait(store, key);
        QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
        QVERIFY(!after.value);
        QCOMPARE(secretServiceItemsMentioning(store.service()), 0);

        // Removing what is not there is not an error.
        const WriteOutcome again = removeAndWait(store, key);
        QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
    }

    void servicesAndKeysAreSeparate()
    {
        KeychainSecretStore first(uniqueService());
        KeychainSecretStore second(uniqueService());
        QVERIFY(writeAndWait(first, QStringLiteral("a"), QStringLiteral("value-a")).error.isEmpty());
        QVERIFY(writeAndWait(first, QStringLiteral("b"), QStringLiteral("value-b")).error.isEmpty());
        QCOMPARE(readAndWait(first, QStringLiteral("a")).value, std::optional<QString>(QStringLiteral("value-a")));
        QCOMPARE(readAndWait(first, QStringLiteral("b")).value, std::optional<QString>(QStringLiteral("value-b")));
        const ReadOutcome elsewhere = readAndWait(second, QStringLiteral("a"));
        QVERIFY(elsewhere.error.isEmpty());
        QVERIFY(!elsewhere.value);
        QVERIFY(removeAndWait(first, QStringLiteral("a")).error.isEmpty());
        QVERIFY(removeAndWait(first, QStringLiteral("b")).error.isEmpty());
    }

    void unicodeValue()
    {
        KeychainSecretStore store(uniqueService());
        const QString value = QStringLiteral("ключ-🔑-Schlüssel-鍵 \"quoted\" \\ back\nline two\t");
        QVERIFY(writeAndWait(store, QStringLiteral("unicode-ключ"), value).error.isEmpty());
        QCOMPARE(readAndWait(store, QStringLiteral("unicode-ключ")).value, std::optional<QString>(value));
        QVERIFY(removeAndWait(store, QStringLiteral("unicode-ключ")).error.isEmpty());
    }

    void callbacksRunOnceAndNotForADeadContext()
    {
        KeychainSecretStore store(uniqueService());
        QVERIFY(writeAndWait(store, QStringLiteral("k"), QStringLiteral("v")).error.isEmpty());

        int deadCalls = 0;
        auto dead = std::make_unique<QObject>();
        store.read(QStringLiteral("k"), dead.get(),
                   [&deadCalls](std::optional<QString>, const QString &) { ++deadCalls; });
        dead.reset();

        // Short enough that its timer fires during this test, long enough for a local D-Bus round trip.
        store.setTimeoutMs(1000);
        int calls = 0;
        QObject alive;
        store.read(QStringLiteral("k"), &alive, [&calls](std::optional<QString>, const QString &) { ++calls; });
        QCOMPARE(calls, 0); // never from inside the call
        QTRY_COMPARE_WITH_TIMEOUT(calls, 1, WaitMs);
        // The jobs run in order, so the dead context's job finished before this one: it stayed silent.
        QCOMPARE(deadCalls, 0);
        // And nothing more arrives when the timeout timer fires after the answer.
        QTest::qWait(1300);
        QCOMPARE(calls, 1);
        store.setTimeoutMs(KeychainSecretStore::DefaultTimeoutMs);
        QVERIFY(removeAndWait(store, QStringLiteral("k")).error.isEmpty());
    }

    void noSecretServiceIsAClearErrorNotAHang()
    {
        if (!qEnvironmentVariableIsSet(childFlag)) {
            // QtKeychain keeps its bus connection for the process, so the case without a service runs
            // in a child whose session bus address leads nowhere.
            QTemporaryDir home;
            QVERIFY(home.isValid());
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            // Where a plaintext fallback would write (QSettings) if it were on.
            env.insert(QStringLiteral("HOME"), home.path());
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
            env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
            env.insert(QString::fromLatin1(childFlag), QStringLiteral("1"));
            env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                       QStringLiteral("unix:path=/nonexistent/audin-no-bus"));
            child.setProcessEnvironment(env);
            child.setProcessChannelMode(QProcess::MergedChannels);
            child.start(QCoreApplication::applicationFilePath(),
                        {QStringLiteral("noSecretServiceIsAClearErrorNotAHang")});
            QVERIFY(child.waitForFinished(30000));
            const QString output = QString::fromUtf8(child.readAll());
            QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, qPrintable(output));
            QVERIFY2(output.contains(
                         QLatin1String("PASS   : TestKeychainSecretStore::noSecretServiceIsAClearErrorNotAHang")),
                     qPrintable(output));
            QDirIterator files(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (files.hasNext()) {
                QFile file(files.next());
                QVERIFY(file.open(QIODevice::ReadOnly));
                QVERIFY2(!file.readAll().contains("ok_must_not_leak"), qPrintable(file.fileName()));
            }
            return;
        }
        KeychainSecretStore store(uniqueService());
        store.setTimeoutMs(3000);
        QElapsedTimer elapsed;
        elapsed.start();
        const WriteOutcome written = writeAndWait(store, QStringLiteral("k"), QStringLiteral("ok_must_not_leak"));
        QCOMPARE(written.calls, 1);
        qInfo().noquote() << "write without a Secret Service:" << written.error << "after" << elapsed.elapsed() << "ms";
        QVERIFY(!written.error.isEmpty());
        QVERIFY2(written.error.contains(QLatin1String("keychain")), qPrintable(written.error));
        QVERIFY(!written.error.contains(QLatin1String("ok_must_not_leak")));
        QVERIFY(elapsed.elapsed() < 5000);

        const ReadOutcome read = readAndWait(store, QStringLiteral("k"));
        QCOMPARE(read.calls, 1);
        QVERIFY(!read.value); // and no plaintext fallback handed the value back
        QVERIFY(!read.error.isEmpty());
    }

    void aKeychainThatNeverAnswersTimesOut()
    {
        if (!qEnvironmentVariableIsSet(childFlag)) {
            // A "session bus" that accepts the connection and then says nothing, like a hung daemon.
            QTemporaryDir dir;
            QVERIFY(dir.isValid());
            QLocalServer silent;
            QVERIFY(silent.listen(dir.filePath(QStringLiteral("bus"))));
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QString::fromLatin1(childFlag), QStringLiteral("1"));
            env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                       QStringLiteral("unix:path=") + silent.fullServerName());
            child.setProcessEnvironment(env);
            child.setProcessChannelMode(QProcess::MergedChannels);
            child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("aKeychainThatNeverAnswersTimesOut")});
            QTRY_VERIFY_WITH_TIMEOUT(child.state() == QProcess::NotRunning, 30000);
            const QString output = QString::fromUtf8(child.readAll());
            QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, qPrintable(output));
            QVERIFY2(
                output.contains(QLatin1String("PASS   : TestKeychainSecretStore::aKeychainThatNeverAnswersTimesOut")),
                qPrintable(output));
            return;
        }
        KeychainSecretStore store(uniqueService());
        store.setTimeoutMs(1000);
        QElapsedTimer elapsed;
        elapsed.start();
        const ReadOutcome read = readAndWait(store, QStringLiteral("k"));
        QCOMPARE(read.calls, 1);
        qInfo().noquote() << "read from a silent bus:" << read.error << "after" << elapsed.elapsed() << "ms";
        QVERIFY(!read.value);
        QVERIFY2(read.error.contains(QLatin1String("did not answer in time")), qPrintable(read.error));
        QVERIFY(elapsed.elapsed() >= 900);
        QVERIFY(elapsed.elapsed() < 5000);
    }

private:
    // A service name of its own per test, so runs never see each other's entries.
    static QString uniqueService()
    {
        return QStringLiteral("ai.audin.Softphone.test-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    }
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "TestKeychainSecretStore.moc"
