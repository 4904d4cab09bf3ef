// SPDX-License-Identifier: GPL-3.0-or-later
// The app's settings on real INI files: precedence of locked, user and administrator values,
// what a lock refuses, bad values, the system file's location, and change notifications.
#include "AppSettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace audin::desktop;

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(content) == content.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestAppSettings : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_paths
            = {m_dir->filePath(QStringLiteral("user/settings.ini")), m_dir->filePath(QStringLiteral("system.conf"))};
    }

    void builtInDefaults()
    {
        AppSettings settings(m_paths);
        QCOMPARE(settings.serviceUrl(), QString());
        QCOMPARE(settings.tokenMode(), AppSettings::TokenMode::Endpoint);
        QCOMPARE(settings.ringerVolume(), 80);
        QCOMPARE(settings.autoAnswerDelayS(), 3);
        QCOMPARE(settings.historyRetentionDays(), 0);
        QCOMPARE(settings.extraCaCertificatesFile(), QString()); // the system's CA store only
        QVERIFY(settings.echoCancellation() && settings.noiseSuppression() && settings.autoGainControl());
        QVERIFY(!settings.startMinimised() && !settings.startAtLogin() && !settings.autoAnswer());
        QVERIFY(!settings.doNotDisturb() && !settings.trayNoticeShown());
        QVERIFY(settings.selectedNumberIds().isEmpty());
        QVERIFY(!settings.hasSelectedNumbers());
        QVERIFY(settings.windowGeometry().isEmpty());
        QVERIFY(settings.needsSignIn());
        for (const AppSettings::KeyInfo &info : AppSettings::keys()) {
            QCOMPARE(settings.value(info.name), info.defaultValue);
            QVERIFY(!settings.isLocked(info.name));
        }
        QVERIFY(!QFile::exists(m_paths.userFile)); // reading writes nothing
    }

    void valuesSurviveARestart()
    {
        const QByteArray geometry("\x01\xd9\xd0\xcb\x00\x03\x00\x00\xff", 9);
        {
            AppSettings settings(m_paths);
            QVERIFY(settings.setServiceUrl(QStringLiteral("https://core.example.com/eu")));
            QVERIFY(settings.setTokenMode(AppSettings::TokenMode::Command));
            QVERIFY(settings.setTokenCommand(QStringLiteral("/opt/partner/get-token --operator me")));
            QVERIFY(settings.setRingerVolume(35));
            QVERIFY(settings.setAutoAnswer(true));
            QVERIFY(settings.setAutoAnswerDelayS(0));
            QVERIFY(settings.setInputDevice(QStringLiteral("Casque Réunion – USB «mic»")));
            QVERIFY(settings.setScreenPopTemplate(QStringLiteral("https://crm.example/?n={from}&a=1,2")));
            QVERIFY(settings.setDefaultRegion(QStringLiteral("de")));
            QVERIFY(settings.setWindowGeometry(geometry));
            QVERIFY(settings.setEchoCancellation(false));
            settings.sync();
        }
        QVERIFY(readFile(m_paths.userFile).contains("[service]\nurl=https://core.example.com/eu"));
        AppSettings again(m_paths);
        QCOMPARE(again.serviceUrl(), QStringLiteral("https://core.example.com/eu"));
        QCOMPARE(again.tokenMode(), AppSettings::TokenMode::Command);
        QCOMPARE(again.tokenCommand(), QStringLiteral("/opt/partner/get-token --operator me"));
        QCOMPARE(again.ringerVolume(), 35);
        QVERIFY(again.autoAnswer());
        QCOMPARE(again.autoAnswerDelayS(), 0);
        QCOMPARE(again.inputDevice(), QStringLiteral("Casque Réunion – USB «mic»"));
        QCOMPARE(again.screenPopTemplate(), QStringLiteral("https://crm.example/?n={from}&a=1,2"));
        QCOMPARE(again.defaultRegion(), QStringLiteral("DE"));
        QCOMPARE(again.windowGeometry(), geometry);
        QVERIFY(!again.echoCancellation());
        QVERIFY(!again.needsSignIn());
    }

    void precedence()
    {
        QVERIFY(writeFile(m_paths.systemFile,
                          "[Defaults]\n"
                          "audio/ringerVolume=50\n"
                          "service/url=https://core.example.com\n"
                          "calls/autoAnswer=true\n"
                          "[Locked]\n"
                          "calls/autoAnswerDelayS=10\n"));
        QVERIFY(QDir().mkpath(QFileInfo(m_paths.userFile).path()));
        QVERIFY(writeFile(m_paths.userFile, "[audio]\nringerVolume=70\n[calls]\nautoAnswerDelayS=1\n"));
        AppSettings settings(m_paths);
        QCOMPARE(settings.ringerVolume(), 70); // user over administrator default
        QCOMPARE(settings.serviceUrl(), QStringLiteral("https://core.example.com")); // administrator default
        QVERIFY(settings.autoAnswer());
        QCOMPARE(settings.autoAnswerDelayS(), 10); // locked over user
        QVERIFY(settings.isLocked(QLatin1String(SettingsKey::AutoAnswerDelayS)));
        QVERIFY(!settings.isLocked(QLatin1String(SettingsKey::RingerVolume)));
        QCOMPARE(settings.historyRetentionDays(), 0); // built-in
        // Unlocked administrator defaults stay changeable.
        QVERIFY(settings.setAutoAnswer(false));
        QVERIFY(!settings.autoAnswer());
    }

    // Found by fuzz/FuzzAppSettings: QSettings parses an INI file one section at a time and looks a
    // key like "service/url" up only in a section named after its first part, so keys written by hand
    // under [General] or before any section were not seen until a sync() had rewritten the file.
    void handWrittenKeysOutsideTheirGroupAreRead()
    {
        QVERIFY(QDir().mkpath(QFileInfo(m_paths.userFile).path()));
        for (const QByteArray &user :
             {QByteArray("[General]\nservice/url=https://core.example.com\naudio/ringerVolume=70\n"),
              QByteArray("service/url=https://core.example.com\naudio/ringerVolume=70\n[calls]\nautoAnswer=true\n")}) {
            // A new name each time: QSettings caches a file's contents within the process.
            const AppSettings::Paths paths {m_paths.userFile + QString::number(user.size()), m_paths.systemFile};
            QVERIFY(writeFile(paths.userFile, user));
            AppSettings settings(paths);
            QCOMPARE(settings.serviceUrl(), QStringLiteral("https://core.example.com"));
            QCOMPARE(settings.ringerVolume(), 70);
        }
    }

    // A section header without its "]" is a format error; QSettings tells only the first object that
    // parses the file, so a second AppSettings in the same process used to apply the file's locks that
    // the first had refused (found by fuzz/FuzzAppSettings). Both must judge it the same way.
    void brokenSystemFileIsJudgedTheSameEveryTime_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("section header without ]")
            << QByteArray("[Locked]\nnumbers/selected=pn_1, pn_2\n\n[Defaults\nring=1\n");
        // What fuzz/FuzzAppSettings found (fuzz/corpus/FuzzAppSettings/regression-invalid-key-bytes).
        QTest::newRow("lines without =, broken names, bytes that are not UTF-8") << QByteArray(
            "[;efaults]\nservice/url\nnumber\xd9/selected=pn_0, pn\xf1"
            "2\naudio/ringerVolume=60\n"
            "calls/autoAnswer=false\ndial/(efaultRegion=de\n\n[Locked]\nservice/yrl=https://core.example.com\n"
            "numbers/selected=pn_1, pn_2\nsho\x8d\x8b\x9c\x8a\x8b\x8c\xd0\x9enswer=Ctrl+Alt+A\n");
    }

    void brokenSystemFileIsJudgedTheSameEveryTime()
    {
        QFETCH(QByteArray, content);
        QVERIFY(writeFile(m_paths.systemFile, content));
        AppSettings first(m_paths);
        QVERIFY(!first.isLocked(QStringLiteral("numbers/selected"))); // refused: none of its locks apply
        QCOMPARE(first.problems().size(), 1);
        QVERIFY(first.problems().first().contains(QLatin1String("cannot be used")));
        AppSettings second(m_paths); // QSettings gives this one the cached contents, and NoError
        QVERIFY(!second.isLocked(QStringLiteral("numbers/selected")));
        QCOMPARE(second.problems(), first.problems());
    }

    // QSettings does not write a NUL in a string back as it read it, so a value with control characters
    // changed on every save; no setting is such text, so it is refused (found by fuzz/FuzzAppSettings).
    void textWithControlCharactersIsRefused()
    {
        QVERIFY(QDir().mkpath(QFileInfo(m_paths.userFile).path()));
        QVERIFY(writeFile(m_paths.userFile, "[service]\nurl=\"https://core.example.com/\\0x\"\n"));
        AppSettings settings(m_paths);
        QCOMPARE(settings.serviceUrl(), QString());
        QVERIFY(!settings.setValue(QStringLiteral("service/url"), QStringLiteral("https://a.example\x01")));
    }

    void lockRefusesWritesAndLeavesTheUserFileAlone()
    {
        QVERIFY(writeFile(m_paths.systemFile,
                          "[Locked]\n"
                          "service/url=https://core.example.com\n"
                          "calls/autoAnswer=true\n"
                          "numbers/selected=pn_1\n"));
        QVERIFY(QDir().mkpath(QFileInfo(m_paths.userFile).path()));
        const QByteArray userBefore = "[calls]\nautoAnswer=false\n[audio]\nringerVolume=70\n";
        QVERIFY(writeFile(m_paths.userFile, userBefore));
        {
            AppSettings settings(m_paths);
            QSignalSpy changed(&settings, &AppSettings::changed);
            QVERIFY(settings.autoAnswer()); // the user's false does not count any more
            QVERIFY(!settings.setAutoAnswer(false));
            QVERIFY(!settings.setServiceUrl(QStringLiteral("https://elsewhere.example.com")));
            QVERIFY(!settings.setSelectedNumberIds({QStringLiteral("pn_2")}));
            QVERIFY(!settings.setValue(QLatin1String(SettingsKey::AutoAnswer), true)); // even the same value
            QVERIFY(settings.autoAnswer());
            QCOMPARE(settings.serviceUrl(), QStringLiteral("https://core.example.com"));
            QCOMPARE(settings.selectedNumberIds(), QStringList {QStringLiteral("pn_1")});
            QVERIFY(settings.hasSelectedNumbers());
            QVERIFY(changed.isEmpty());
            settings.sync();
        }
        QCOMPARE(readFile(m_paths.userFile), userBefore);
        // Nor is the system file ever written.
        QVERIFY(!readFile(m_paths.systemFile).contains("elsewhere"));
    }

    void badValuesFallBack_data()
    {
        QTest::addColumn<QByteArray>("system");
        QTest::addColumn<QByteArray>("user");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("expected");
        QTest::addColumn<bool>("locked");
        const QString volume = QLatin1String(SettingsKey::RingerVolume);
        QTest::newRow("user text for a number")
            << QByteArray() << QByteArray("[audio]\nringerVolume=loud\n") << volume << QVariant(80) << false;
        QTest::newRow("user out of range")
            << QByteArray() << QByteArray("[audio]\nringerVolume=150\n") << volume << QVariant(80) << false;
        QTest::newRow("user negative") << QByteArray() << QByteArray("[audio]\nringerVolume=-1\n") << volume
                                       << QVariant(80) << false;
        QTest::newRow("bad user value, administrator default")
            << QByteArray("[Defaults]\naudio/ringerVolume=50\n") << QByteArray("[audio]\nringerVolume=loud\n") << volume
            << QVariant(50) << false;
        QTest::newRow("administrator default out of range")
            << QByteArray("[Defaults]\ncalls/autoAnswerDelayS=99\n") << QByteArray()
            << QString::fromLatin1(SettingsKey::AutoAnswerDelayS) << QVariant(3) << false;
        QTest::newRow("bad locked value stays locked")
            << QByteArray("[Locked]\naudio/ringerVolume=max\n[Defaults]\naudio/ringerVolume=40\n")
            << QByteArray("[audio]\nringerVolume=70\n") << volume << QVariant(40) << true;
        QTest::newRow("bool that is not one")
            << QByteArray() << QByteArray("[calls]\nautoAnswer=maybe\n") << QString::fromLatin1(SettingsKey::AutoAnswer)
            << QVariant(false) << false;
        QTest::newRow("unknown token mode")
            << QByteArray("[Defaults]\ntoken/mode=ldap\n") << QByteArray()
            << QString::fromLatin1(SettingsKey::TokenMode) << QVariant(QStringLiteral("endpoint")) << false;
        QTest::newRow("region that is not a code")
            << QByteArray() << QByteArray("[dial]\ndefaultRegion=Germany\n")
            << QString::fromLatin1(SettingsKey::DefaultRegion) << QVariant(QString()) << false;
        QTest::newRow("geometry as text")
            << QByteArray() << QByteArray("[ui]\nwindowGeometry=big\n")
            << QString::fromLatin1(SettingsKey::WindowGeometry) << QVariant(QByteArray()) << false;
    }
    void badValuesFallBack()
    {
        QFETCH(QByteArray, system);
        QFETCH(QByteArray, user);
        QFETCH(QString, key);
        QFETCH(QVariant, expected);
        QFETCH(bool, locked);
        QVERIFY(writeFile(m_paths.systemFile, system));
        QVERIFY(QDir().mkpath(QFileInfo(m_paths.userFile).path()));
        QVERIFY(writeFile(m_paths.userFile, user));
        AppSettings settings(m_paths);
        // One warning that names the key, however often the value is read.
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("ignoring .*%1=").arg(key.section('/', 1))));
        QCOMPARE(settings.value(key), expected);
        QCOMPARE(settings.value(key), expected);
        QCOMPARE(settings.isLocked(key), locked);
    }

    void invalidValuesAreNotStored_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::newRow("volume above 100") << QString::fromLatin1(SettingsKey::RingerVolume) << QVariant(101);
        QTest::newRow("volume as text") << QString::fromLatin1(SettingsKey::RingerVolume) << QVariant("abc");
        QTest::newRow("delay above 60") << QString::fromLatin1(SettingsKey::AutoAnswerDelayS) << QVariant(61);
        QTest::newRow("retention below 0") << QString::fromLatin1(SettingsKey::HistoryRetentionDays) << QVariant(-5);
        QTest::newRow("region") << QString::fromLatin1(SettingsKey::DefaultRegion) << QVariant("DEU");
        QTest::newRow("bool as number") << QString::fromLatin1(SettingsKey::AutoAnswer) << QVariant(3);
        QTest::newRow("url as number") << QString::fromLatin1(SettingsKey::ServiceUrl) << QVariant(42);
        QTest::newRow("unknown key") << QStringLiteral("operator/key") << QVariant("ok_secret");
    }
    void invalidValuesAreNotStored()
    {
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        AppSettings settings(m_paths);
        QSignalSpy changed(&settings, &AppSettings::changed);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not storing")));
        QVERIFY(!settings.setValue(key, value));
        QVERIFY(changed.isEmpty());
        settings.sync();
        QVERIFY(!readFile(m_paths.userFile).contains(key.section('/', 1).toUtf8()));
        QVERIFY(!readFile(m_paths.userFile).contains("ok_secret"));
    }

    void administratorFileSyntax()
    {
        // What an administrator writes by hand: slashes or Qt's backslashes, lists, quotes, words for bools.
        QVERIFY(writeFile(m_paths.systemFile,
                          "; managed by the IT department\n"
                          "# also a comment\n"
                          "[Defaults]\n"
                          "service/url = https://core.example.com/eu\n"
                          "token\\endpointUrl=https://partner.example.com/token\n"
                          "numbers/selected=pn_1, pn_2\n"
                          "calls/screenPopTemplate=\"https://crm.example/?n={from},x\"\n"
                          "audio/echoCancellation=no\n"
                          "audio/noiseSuppression=Off\n"
                          "app/startAtLogin=yes\n"
                          "app/language=pt_BR\n"
                          "[Locked]\n"
                          "token/command=get-token --scopes a,b\n"));
        AppSettings settings(m_paths);
        QCOMPARE(settings.serviceUrl(), QStringLiteral("https://core.example.com/eu"));
        QCOMPARE(settings.tokenEndpointUrl(), QStringLiteral("https://partner.example.com/token"));
        QCOMPARE(settings.selectedNumberIds(), (QStringList {QStringLiteral("pn_1"), QStringLiteral("pn_2")}));
        QVERIFY(settings.hasSelectedNumbers());
        QCOMPARE(settings.screenPopTemplate(), QStringLiteral("https://crm.example/?n={from},x"));
        QVERIFY(!settings.echoCancellation());
        QVERIFY(!settings.noiseSuppression());
        QVERIFY(settings.startAtLogin());
        QCOMPARE(settings.language(), QStringLiteral("pt_BR"));
        // An unquoted comma splits the value; it is joined back rather than lost.
        QCOMPARE(settings.tokenCommand(), QStringLiteral("get-token --scopes a,b"));
        QVERIFY(settings.isLocked(QLatin1String(SettingsKey::TokenCommand)));
    }

    void documentedExampleIsValid()
    {
        const QString doc = QString::fromUtf8(readFile(QStringLiteral(AUDIN_SOURCE_DIR "/docs/ADMINISTRATION.md")));
        const qsizetype start = doc.indexOf(QLatin1String("```ini\n"));
        QVERIFY(start >= 0);
        const qsizetype end = doc.indexOf(QLatin1String("```"), start + 7);
        QVERIFY(end > start);
        QVERIFY(writeFile(m_paths.systemFile, doc.mid(start + 7, end - start - 7).toUtf8()));
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        AppSettings settings(m_paths);
        for (const AppSettings::KeyInfo &info : AppSettings::keys())
            settings.value(info.name); // every value read once: any bad one would warn
        QCOMPARE(settings.serviceUrl(), QStringLiteral("https://core.example.com/eu"));
        QVERIFY(settings.isLocked(QLatin1String(SettingsKey::TokenEndpointUrl)));
        QVERIFY(!settings.isLocked(QLatin1String(SettingsKey::SelectedNumbers)));
        QCOMPARE(settings.selectedNumberIds(),
                 (QStringList {QStringLiteral("pn_support"), QStringLiteral("pn_sales")}));
        QCOMPARE(settings.screenPopTemplate(),
                 QStringLiteral("https://crm.example.com/lookup?number={from}&line={lineName}"));
        QCOMPARE(settings.historyRetentionDays(), 90);
        QCOMPARE(settings.extraCaCertificatesFile(),
                 QStringLiteral("/usr/local/share/ca-certificates/example-proxy-ca.crt"));
        QVERIFY(settings.isLocked(QLatin1String(SettingsKey::ExtraCaCertificates)));
        QVERIFY(settings.startAtLogin() && settings.startMinimised());
        QVERIFY(!settings.needsSignIn());
    }

    void unreadableFilesMeanDefaults()
    {
        QVERIFY(writeFile(m_paths.systemFile, QByteArray("\x00\xff\xfe[[[=\n\x01", 8)));
        AppSettings settings(m_paths);
        QCOMPARE(settings.ringerVolume(), 80);
        QVERIFY(settings.setRingerVolume(20));
        QCOMPARE(settings.ringerVolume(), 20);
    }

    void systemFileLocation()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QByteArray saved = qgetenv("AUDIN_SYSTEM_CONFIG");
        qunsetenv("AUDIN_SYSTEM_CONFIG");
        const AppSettings::Paths platform = AppSettings::defaultPaths();
#if defined(Q_OS_LINUX)
        QCOMPARE(platform.systemFile, QStringLiteral("/etc/xdg/Audin/Softphone.conf"));
#endif
        QCOMPARE(platform.userFile,
                 QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/settings.ini"));

        QVERIFY(writeFile(m_paths.systemFile, "[Locked]\napp/startMinimised=true\n"));
        qputenv("AUDIN_SYSTEM_CONFIG", m_paths.systemFile.toLocal8Bit());
        const AppSettings::Paths overridden = AppSettings::defaultPaths();
        QCOMPARE(overridden.systemFile, m_paths.systemFile);
        AppSettings settings({m_paths.userFile, overridden.systemFile});
        QVERIFY(settings.startMinimised());
        QVERIFY(settings.isLocked(QLatin1String(SettingsKey::StartMinimised)));
        QCOMPARE(settings.paths().systemFile, m_paths.systemFile);

        if (saved.isNull())
            qunsetenv("AUDIN_SYSTEM_CONFIG");
        else
            qputenv("AUDIN_SYSTEM_CONFIG", saved);
        QStandardPaths::setTestModeEnabled(false);
    }

    void changedOncePerEffectiveChange()
    {
        QVERIFY(writeFile(m_paths.systemFile, "[Defaults]\naudio/ringerVolume=50\n"));
        AppSettings settings(m_paths);
        QSignalSpy changed(&settings, &AppSettings::changed);
        QVERIFY(settings.setRingerVolume(70));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), QLatin1String(SettingsKey::RingerVolume));
        QVERIFY(settings.setRingerVolume(70)); // same again: nothing changed
        QCOMPARE(changed.size(), 1);
        QVERIFY(settings.setRingerVolume(50)); // back to the administrator's default
        QCOMPARE(changed.size(), 2);
        QCOMPARE(settings.ringerVolume(), 50);
        QVERIFY(settings.setValue(QLatin1String(SettingsKey::RingerVolume), QStringLiteral("50"))); // same, as text
        QCOMPARE(changed.size(), 2);
        QVERIFY(settings.setAutoAnswer(true));
        QCOMPARE(changed.size(), 3);
        QCOMPARE(changed.at(2).at(0).toString(), QLatin1String(SettingsKey::AutoAnswer));
    }

    void aDefaultValueIsNotPinned()
    {
        QVERIFY(writeFile(m_paths.systemFile, "[Defaults]\naudio/ringerVolume=50\n"));
        {
            AppSettings settings(m_paths);
            QVERIFY(settings.setRingerVolume(50)); // e.g. a settings dialog writing every field on OK
            QVERIFY(settings.setAutoAnswerDelayS(3));
            settings.sync();
        }
        QVERIFY(!readFile(m_paths.userFile).contains("ringerVolume"));
        QVERIFY(!readFile(m_paths.userFile).contains("autoAnswerDelayS"));
        // So when the administrator later changes the default, this user follows it.
        // (A different size, too: QSettings caches a file per process and only re-reads a changed one.)
        QVERIFY(writeFile(m_paths.systemFile, "; raised after complaints\n[Defaults]\naudio/ringerVolume=65\n"));
        AppSettings later(m_paths);
        QCOMPARE(later.ringerVolume(), 65);
    }

    void selectedNumbers()
    {
        {
            AppSettings settings(m_paths);
            QVERIFY(!settings.hasSelectedNumbers());
            QVERIFY(settings.setSelectedNumberIds({}));
            QVERIFY(settings.hasSelectedNumbers()); // "none" is a choice, unlike "never asked"
            QVERIFY(settings.selectedNumberIds().isEmpty());
            settings.sync();
        }
        {
            AppSettings settings(m_paths);
            QVERIFY(settings.hasSelectedNumbers());
            QVERIFY(settings.selectedNumberIds().isEmpty());
            QSignalSpy changed(&settings, &AppSettings::changed);
            QVERIFY(settings.setSelectedNumberIds({QStringLiteral("pn_2"), QStringLiteral("pn_1")}));
            QCOMPARE(changed.size(), 1);
            settings.sync();
        }
        AppSettings settings(m_paths);
        QCOMPARE(settings.selectedNumberIds(), (QStringList {QStringLiteral("pn_2"), QStringLiteral("pn_1")}));
    }

    void needsSignIn()
    {
        AppSettings settings(m_paths);
        QVERIFY(settings.needsSignIn());
        QVERIFY(settings.setServiceUrl(QStringLiteral("https://core.example.com")));
        QVERIFY(settings.needsSignIn()); // no token source yet
        QVERIFY(settings.setTokenEndpointUrl(QStringLiteral("https://partner.example.com/token")));
        QVERIFY(!settings.needsSignIn());
        QVERIFY(settings.setTokenMode(AppSettings::TokenMode::Command));
        QVERIFY(settings.needsSignIn()); // the command mode has no command
        QVERIFY(settings.setTokenCommand(QStringLiteral("get-token")));
        QVERIFY(!settings.needsSignIn());
    }

    void everyKeyIsDocumented()
    {
        const QByteArray doc = readFile(QStringLiteral(AUDIN_SOURCE_DIR "/docs/ADMINISTRATION.md"));
        QVERIFY(!doc.isEmpty());
        for (const AppSettings::KeyInfo &info : AppSettings::keys()) {
            const QByteArray row = "| `" + info.name.toUtf8() + "` |";
            QVERIFY2(doc.contains(row), qPrintable(info.name));
        }
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    AppSettings::Paths m_paths;
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "TestAppSettings.moc"
