// SPDX-License-Identifier: GPL-3.0-or-later
// The settings files (AppSettings): arbitrary bytes as the administrator's system file and the
// user's settings.ini, then every getter. The input is the system file, a line `@@USER@@`, and the
// user file (no such line: no user file). Checks the promises of AppSettings.h: every effective
// value has its key's type and range, a value the app reads it can store, and what it stores reads
// back the same after sync().
#include "AppSettings.h"
#include "FuzzSupport.h"

#include <QFile>
#include <QTemporaryDir>

using namespace audin;
using audin::desktop::AppSettings;
namespace Key = audin::desktop::SettingsKey;

namespace {

QTemporaryDir *workDir = nullptr;

void write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        fuzz::fail("cannot write the settings file", path);
}

void checkTypes(const AppSettings &settings)
{
    for (const AppSettings::KeyInfo &info : AppSettings::keys()) {
        const QVariant value = settings.value(info.name);
        if (value.typeId() != int(info.type))
            fuzz::fail("an effective value does not have its key's type", info.name);
        if (info.type == QMetaType::Int && (value.toInt() < info.minimum || value.toInt() > info.maximum))
            fuzz::fail("an effective number is out of its range", info.name);
    }
}

QList<QVariant> allValues(const AppSettings &settings)
{
    QList<QVariant> out;
    for (const AppSettings::KeyInfo &info : AppSettings::keys())
        out << settings.value(info.name);
    return out;
}

void exerciseGetters(const AppSettings &s)
{
    s.serviceUrl();
    s.tokenMode();
    s.tokenEndpointUrl();
    s.tokenCommand();
    s.selectedNumberIds();
    s.hasSelectedNumbers();
    s.takingCalls();
    s.lastCallerId();
    s.inputDevice();
    s.outputDevice();
    s.ringerDevice();
    s.ringerVolume();
    s.echoCancellation();
    s.noiseSuppression();
    s.autoGainControl();
    s.startMinimised();
    s.startAtLogin();
    s.autoAnswer();
    s.autoAnswerDelayS();
    s.doNotDisturb();
    s.screenPopTemplate();
    s.language();
    s.defaultRegion();
    s.trayNoticeShown();
    s.windowGeometry();
    s.historyRetentionDays();
    for (const char *key : {Key::ShortcutAnswer, Key::ShortcutDecline, Key::ShortcutHangUp, Key::ShortcutToggleMute,
                            Key::ShortcutSilenceRinger})
        s.shortcut(key);
    s.needsSignIn();
    s.value(QStringLiteral("no/such/key"));
}

/** A value as text for a failure message: lists element by element. */
QString show(const QVariant &value)
{
    if (value.typeId() == QMetaType::QStringList)
        return QStringLiteral("[%1]").arg(value.toStringList().join(QStringLiteral("|")));
    return value.toString();
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
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QByteArray marker("\n@@USER@@\n");
    const qsizetype split = input.indexOf(marker);
    // New names for every input: QSettings caches a file's contents per path inside the process and
    // would not see the next input written under the same name until a sync().
    static int run = 0;
    ++run;
    QFile::remove(workDir->filePath(QStringLiteral("settings-%1.ini").arg(run - 1)));
    QFile::remove(workDir->filePath(QStringLiteral("Softphone-%1.conf").arg(run - 1)));
    AppSettings::Paths paths {workDir->filePath(QStringLiteral("settings-%1.ini").arg(run)),
                              workDir->filePath(QStringLiteral("Softphone-%1.conf").arg(run))};
    write(paths.systemFile, split >= 0 ? input.left(split) : input);
    if (split >= 0)
        write(paths.userFile, input.mid(split + marker.size()));

    QList<QVariant> stored;
    {
        AppSettings settings(paths);
        exerciseGetters(settings);
        checkTypes(settings);
        // What the app reads it can write back (the settings dialog does exactly that on OK).
        for (const AppSettings::KeyInfo &info : AppSettings::keys()) {
            if (settings.isLocked(info.name))
                continue;
            const QVariant before = settings.value(info.name);
            if (!settings.setValue(info.name, before))
                fuzz::fail("an effective value cannot be stored back", info.name);
            if (settings.value(info.name) != before)
                fuzz::fail("storing the effective value changed it", info.name);
        }
        stored = allValues(settings);
        settings.sync();
    }
    AppSettings reopened(paths);
    checkTypes(reopened);
    const QList<QVariant> reread = allValues(reopened);
    for (int i = 0; i < reread.size(); ++i) {
        if (reread.at(i) != stored.at(i))
            fuzz::fail("a value stored with sync() reads back differently",
                       QStringLiteral("%1: stored \"%2\", read back \"%3\"")
                           .arg(AppSettings::keys().at(i).name, show(stored.at(i)), show(reread.at(i))));
    }
    return 0;
}
