// SPDX-License-Identifier: GPL-3.0-or-later
// Start at login through the XDG autostart entry: its place, its content, Exec quoting, removal.
#include "Autostart.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace audin::desktop;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString execLine(const QString &path)
{
    const QList<QByteArray> lines = readFile(path).split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("Exec="))
            return QString::fromUtf8(line.mid(5));
    }
    return {};
}

// How a desktop reads the Exec value back, written from the spec independently of the code under test:
// first the string escapes of the file format, then quoting and the `%%` field code.
QStringList parseExec(const QString &value)
{
    QString unescaped;
    for (int i = 0; i < value.size(); ++i) {
        if (value.at(i) == QLatin1Char('\\') && i + 1 < value.size()) {
            const QChar next = value.at(++i);
            unescaped += next == QLatin1Char('n') ? QChar('\n')
                : next == QLatin1Char('t')        ? QChar('\t')
                : next == QLatin1Char('r')        ? QChar('\r')
                : next == QLatin1Char('s')        ? QChar(' ')
                                                  : next;
        } else {
            unescaped += value.at(i);
        }
    }
    QStringList arguments;
    QString current;
    bool inQuotes = false;
    bool any = false;
    for (int i = 0; i < unescaped.size(); ++i) {
        const QChar c = unescaped.at(i);
        // GLib and KDE expand `%%` wherever it stands, quoted or not.
        if (c == QLatin1Char('%') && i + 1 < unescaped.size() && unescaped.at(i + 1) == QLatin1Char('%')) {
            current += QLatin1Char('%');
            ++i;
        } else if (inQuotes) {
            if (c == QLatin1Char('\\') && i + 1 < unescaped.size())
                current += unescaped.at(++i);
            else if (c == QLatin1Char('"'))
                inQuotes = false;
            else
                current += c;
        } else if (c == QLatin1Char('"')) {
            inQuotes = true;
            any = true;
        } else if (c == QLatin1Char(' ')) {
            if (any || !current.isEmpty())
                arguments << current;
            current.clear();
            any = false;
        } else {
            current += c;
        }
    }
    if (any || !current.isEmpty())
        arguments << current;
    return arguments;
}

} // namespace

class TestAutostart : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void defaultLocationHonoursXdgConfigHome()
    {
#if !defined(Q_OS_LINUX)
        QSKIP("XDG autostart is the Linux mechanism");
#else
        const QByteArray saved = qgetenv("XDG_CONFIG_HOME");
        qputenv("XDG_CONFIG_HOME", m_dir->path().toLocal8Bit());
        const QString withXdg = Autostart().entryPath();
        qputenv("XDG_CONFIG_HOME", "relative/config"); // the spec says to ignore a relative one
        const QString relative = Autostart().entryPath();
        qunsetenv("XDG_CONFIG_HOME");
        const QString without = Autostart().entryPath();
        if (!saved.isNull())
            qputenv("XDG_CONFIG_HOME", saved);

        QCOMPARE(withXdg, m_dir->path() + QStringLiteral("/autostart/ai.audin.Softphone.desktop"));
        QCOMPARE(without, QDir::homePath() + QStringLiteral("/.config/autostart/ai.audin.Softphone.desktop"));
        QCOMPARE(relative, without);
#endif
    }

    void enableWritesTheEntryAndDisableRemovesIt()
    {
        const QString location = m_dir->filePath(QStringLiteral("autostart")); // not there yet
        Autostart autostart(location);
        QVERIFY(!autostart.isEnabled());
        QString error;
        QVERIFY2(autostart.setEnabled(true, QStringLiteral("/usr/bin/audin-softphone"), &error), qPrintable(error));
        QVERIFY(autostart.isEnabled());
        QCOMPARE(autostart.entryPath(), location + QStringLiteral("/ai.audin.Softphone.desktop"));

        const QByteArray content = readFile(autostart.entryPath());
        QVERIFY(content.startsWith("[Desktop Entry]\n"));
        QVERIFY(content.contains("\nType=Application\n"));
        QVERIFY(content.contains("\nName=Audin Softphone\n"));
        QVERIFY(content.contains("\nIcon=ai.audin.Softphone\n"));
        QCOMPARE(execLine(autostart.entryPath()), QStringLiteral("/usr/bin/audin-softphone --autostart"));

        // A second enable rewrites rather than duplicates.
        QVERIFY(autostart.setEnabled(true, QStringLiteral("/opt/audin/audin-softphone"), &error));
        QCOMPARE(execLine(autostart.entryPath()), QStringLiteral("/opt/audin/audin-softphone --autostart"));

        QVERIFY(autostart.setEnabled(false, QString(), &error));
        QVERIFY(!QFile::exists(autostart.entryPath()));
        QVERIFY(!autostart.isEnabled());
        QVERIFY(autostart.setEnabled(false, QString(), &error)); // already off: still fine
    }

    void execQuoting_data()
    {
        QTest::addColumn<QString>("executable");
        QTest::addColumn<QString>("exec");
        QTest::newRow("plain") << "/usr/bin/audin-softphone"
                               << "/usr/bin/audin-softphone --autostart";
        QTest::newRow("spaces") << "/opt/Audin Softphone/bin/audin-softphone"
                                << "\"/opt/Audin Softphone/bin/audin-softphone\" --autostart";
        QTest::newRow("dollar quote backslash percent") << "/opt/a$b/c\"d\\e%f"
                                                        << "\"/opt/a\\\\$b/c\\\\\"d\\\\\\\\e%%f\" --autostart";
        QTest::newRow("percent only") << "/opt/100%/app"
                                      << "/opt/100%%/app --autostart";
        QTest::newRow("unicode and parentheses") << "/home/zoë/Apps (x86)/audin-softphone"
                                                 << "\"/home/zoë/Apps (x86)/audin-softphone\" --autostart";
    }
    void execQuoting()
    {
        QFETCH(QString, executable);
        QFETCH(QString, exec);
        Autostart autostart(m_dir->path());
        QString error;
        QVERIFY2(autostart.setEnabled(true, executable, &error), qPrintable(error));
        const QString written = execLine(autostart.entryPath());
        QCOMPARE(written, exec);
        // And a desktop reading it back starts exactly that program with exactly that argument.
        QCOMPARE(parseExec(written), (QStringList {executable, QStringLiteral("--autostart")}));
    }

    void entryTurnedOffElsewhereCountsAsOff()
    {
        Autostart autostart(m_dir->path());
        QString error;
        QVERIFY(autostart.setEnabled(true, QStringLiteral("/usr/bin/audin-softphone"), &error));
        QFile file(autostart.entryPath());
        QVERIFY(file.open(QIODevice::Append));
        file.write("Hidden=true\n");
        file.close();
        QVERIFY(!autostart.isEnabled());
        QVERIFY(autostart.setEnabled(true, QStringLiteral("/usr/bin/audin-softphone"), &error));
        QVERIFY(autostart.isEnabled());
    }

    void failuresAreReported()
    {
        // A regular file where the folder should be.
        const QString blocker = m_dir->filePath(QStringLiteral("blocker"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        Autostart blocked(blocker + QStringLiteral("/autostart"));
        QString error;
        QVERIFY(!blocked.setEnabled(true, QStringLiteral("/usr/bin/audin-softphone"), &error));
        QVERIFY(error.contains(QLatin1String("blocker")));
        QVERIFY(!blocked.isEnabled());

        Autostart nowhere(m_dir->path());
        error.clear();
        QVERIFY(!nowhere.setEnabled(true, QString(), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!nowhere.isEnabled());
        QVERIFY(!nowhere.setEnabled(true, QString(), nullptr)); // a null error is fine
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "TestAutostart.moc"
