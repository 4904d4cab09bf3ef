// SPDX-License-Identifier: GPL-3.0-or-later
#include "AppSettings.h"

#include "Logger.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <limits>

Q_LOGGING_CATEGORY(lcAudinSettings, "audin.desktop.settings")

namespace audin::desktop {

namespace {

const QString defaultsGroup = QStringLiteral("Defaults");
const QString lockedGroup = QStringLiteral("Locked");

const AppSettings::KeyInfo *findKey(const QString &name)
{
    for (const AppSettings::KeyInfo &info : AppSettings::keys()) {
        if (info.name == name)
            return &info;
    }
    return nullptr;
}

std::optional<bool> parseBool(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("yes") || t == QLatin1String("on"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("no") || t == QLatin1String("off"))
        return false;
    return std::nullopt;
}

// Checks that only some string keys need: the set of words token/mode knows, the shape of a region code.
std::optional<QString> normaliseString(const QString &key, const QString &text, QString *why)
{
    if (key == QLatin1String(SettingsKey::TokenMode)) {
        const QString mode = text.trimmed().toLower();
        if (mode == QLatin1String("endpoint") || mode == QLatin1String("command"))
            return mode;
        *why = QStringLiteral("expected \"endpoint\" or \"command\"");
        return std::nullopt;
    }
    if (key == QLatin1String(SettingsKey::DefaultRegion)) {
        static const QRegularExpression region(QStringLiteral("^[A-Za-z]{2}$"));
        const QString code = text.trimmed();
        if (code.isEmpty() || region.match(code).hasMatch())
            return code.toUpper();
        *why = QStringLiteral("expected a two-letter ISO 3166 country code such as DE or empty");
        return std::nullopt;
    }
    if (key == QLatin1String(SettingsKey::Language)) {
        static const QRegularExpression language(QStringLiteral("^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$"));
        const QString code = text.trimmed();
        if (code.isEmpty() || language.match(code).hasMatch())
            return code;
        *why = QStringLiteral("expected a language code such as de or pt_BR, or empty");
        return std::nullopt;
    }
    if (key.startsWith(QLatin1String("shortcuts/"))) {
        // Qt's portable text: modifiers and one key joined by "+", e.g. "Ctrl+Alt+A", "Meta+F9", "Mic Mute".
        // The GUI parses it fully; here a file an administrator wrote is kept from holding nonsense.
        static const QRegularExpression sequence(
            QStringLiteral("^((Ctrl|Shift|Alt|Meta)\\+)*([^+,\\s]|[A-Za-z0-9][A-Za-z0-9 ]*[A-Za-z0-9]|\\+)$"));
        const QString trimmed = text.trimmed();
        if (trimmed.isEmpty() || sequence.match(trimmed).hasMatch())
            return trimmed;
        *why = QStringLiteral("expected a key with modifiers such as Ctrl+Alt+A, or empty");
        return std::nullopt;
    }
    return text;
}

// The value as the key's type, or nullopt with a reason. Accepts what QSettings reads back from an
// INI file an administrator wrote by hand (everything arrives as text) and what the app passes in.
std::optional<QVariant> convert(const AppSettings::KeyInfo &info, const QVariant &raw, QString *why)
{
    const int type = raw.typeId();
    switch (info.type) {
    case QMetaType::QString: {
        QString text;
        if (type == QMetaType::QString) {
            text = raw.toString();
        } else if (type == QMetaType::QStringList) {
            // QSettings splits an unquoted value at commas; joining them back is the best guess.
            text = raw.toStringList().join(QLatin1Char(','));
        } else {
            *why = QStringLiteral("expected text");
            return std::nullopt;
        }
        // No setting is text with control characters other than a tab in it, and QSettings does not write
        // a NUL back as it read it (found by fuzz/FuzzAppSettings): such a value is refused like any other
        // bad one.
        for (const QChar c : std::as_const(text)) {
            if (c.category() == QChar::Other_Control && c != QLatin1Char('\t')) {
                *why = QStringLiteral("contains a control character");
                return std::nullopt;
            }
        }
        const std::optional<QString> normalised = normaliseString(info.name, text, why);
        if (!normalised)
            return std::nullopt;
        return QVariant(*normalised);
    }
    case QMetaType::QStringList: {
        QStringList items;
        if (!raw.isValid()) // QSettings writes an empty list as @Invalid()
            items = {};
        else if (type == QMetaType::QStringList)
            items = raw.toStringList();
        else if (type == QMetaType::QString)
            items = raw.toString().split(QLatin1Char(','));
        else {
            *why = QStringLiteral("expected a comma-separated list");
            return std::nullopt;
        }
        QStringList out;
        for (const QString &item : std::as_const(items)) {
            const QString trimmed = item.trimmed();
            if (!trimmed.isEmpty() && !out.contains(trimmed))
                out << trimmed;
        }
        return QVariant(out);
    }
    case QMetaType::Bool: {
        if (type == QMetaType::Bool)
            return raw;
        if (type == QMetaType::QString) {
            if (const std::optional<bool> parsed = parseBool(raw.toString()))
                return QVariant(*parsed);
        }
        *why = QStringLiteral("expected true or false");
        return std::nullopt;
    }
    case QMetaType::Int: {
        bool ok = false;
        int number = 0;
        if (type == QMetaType::QString)
            number = raw.toString().trimmed().toInt(&ok);
        else if (type == QMetaType::Int || type == QMetaType::UInt || type == QMetaType::LongLong
                 || type == QMetaType::ULongLong) {
            const qlonglong wide = raw.toLongLong(&ok);
            ok = ok && wide >= std::numeric_limits<int>::min() && wide <= std::numeric_limits<int>::max();
            number = int(wide);
        }
        if (!ok) {
            *why = QStringLiteral("expected a whole number");
            return std::nullopt;
        }
        if (number < info.minimum || number > info.maximum) {
            *why = QStringLiteral("expected %1 to %2").arg(info.minimum).arg(info.maximum);
            return std::nullopt;
        }
        return QVariant(number);
    }
    case QMetaType::QByteArray:
        if (type == QMetaType::QByteArray)
            return raw;
        *why = QStringLiteral("expected binary data written by the app");
        return std::nullopt;
    default:
        *why = QStringLiteral("unsupported type");
        return std::nullopt;
    }
}

QString shown(const QVariant &raw)
{
    QString text = raw.typeId() == QMetaType::QStringList ? raw.toStringList().join(QLatin1Char(',')) : raw.toString();
    text = redactSecrets(text);
    return text.size() > 60 ? text.left(60) + QStringLiteral("…") : text;
}

} // namespace

const QList<AppSettings::KeyInfo> &AppSettings::keys()
{
    namespace K = SettingsKey;
    auto key = [](const char *name, QMetaType::Type type, QVariant defaultValue, int minimum = 0, int maximum = 0) {
        return KeyInfo {QString::fromLatin1(name), type, std::move(defaultValue), minimum, maximum};
    };
    static const QList<KeyInfo> table {
        key(K::ServiceUrl, QMetaType::QString, QString()),
        key(K::TokenMode, QMetaType::QString, QStringLiteral("endpoint")),
        key(K::TokenEndpointUrl, QMetaType::QString, QString()),
        key(K::TokenCommand, QMetaType::QString, QString()),
        key(K::SelectedNumbers, QMetaType::QStringList, QStringList()),
        key(K::LastCallerId, QMetaType::QString, QString()),
        key(K::DefaultRegion, QMetaType::QString, QString()),
        key(K::InputDevice, QMetaType::QString, QString()),
        key(K::OutputDevice, QMetaType::QString, QString()),
        key(K::RingerDevice, QMetaType::QString, QString()),
        key(K::RingerVolume, QMetaType::Int, 80, 0, 100),
        key(K::EchoCancellation, QMetaType::Bool, true),
        key(K::NoiseSuppression, QMetaType::Bool, true),
        key(K::AutoGainControl, QMetaType::Bool, true),
        key(K::AutoAnswer, QMetaType::Bool, false),
        key(K::AutoAnswerDelayS, QMetaType::Int, 3, 0, 60),
        key(K::DoNotDisturb, QMetaType::Bool, false),
        key(K::TakingCalls, QMetaType::Bool, false),
        key(K::ScreenPopTemplate, QMetaType::QString, QString()),
        key(K::HistoryRetentionDays, QMetaType::Int, 0, 0, 36500),
        key(K::ExtraCaCertificates, QMetaType::QString, QString()),
        key(K::StartMinimised, QMetaType::Bool, false),
        key(K::StartAtLogin, QMetaType::Bool, false),
        key(K::Language, QMetaType::QString, QString()),
        key(K::TrayNoticeShown, QMetaType::Bool, false),
        key(K::WindowGeometry, QMetaType::QByteArray, QByteArray()),
        key(K::ShortcutAnswer, QMetaType::QString, QStringLiteral("Ctrl+Alt+A")),
        key(K::ShortcutDecline, QMetaType::QString, QString()),
        key(K::ShortcutHangUp, QMetaType::QString, QStringLiteral("Ctrl+Alt+H")),
        key(K::ShortcutToggleMute, QMetaType::QString, QStringLiteral("Ctrl+Alt+M")),
        key(K::ShortcutSilenceRinger, QMetaType::QString, QString()),
    };
    return table;
}

AppSettings::Paths AppSettings::defaultPaths()
{
    Paths paths;
    paths.userFile
        = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/settings.ini");
    const QString overridden = qEnvironmentVariable("AUDIN_SYSTEM_CONFIG");
    if (!overridden.isEmpty()) {
        paths.systemFile = overridden;
        return paths;
    }
#if defined(Q_OS_WIN)
    const QString programData = QDir::fromNativeSeparators(qEnvironmentVariable("ProgramData", "C:/ProgramData"));
    paths.systemFile = programData + QStringLiteral("/Audin/Softphone.ini");
#elif defined(Q_OS_MACOS)
    paths.systemFile = QStringLiteral("/Library/Application Support/Audin/Softphone.ini");
#else
    paths.systemFile = QStringLiteral("/etc/xdg/Audin/Softphone.conf");
#endif
    return paths;
}

namespace {
/**
 * Why the INI file at `path` cannot be used, or empty. Qt reads binary garbage as a few odd keys
 * without complaint, so a control character other than tab and line ends counts as damage too (Qt
 * writes such characters escaped).
 */
QString iniProblem(const QString &path, const QSettings &settings)
{
    const QFileInfo info(path);
    if (path.isEmpty() || !info.exists())
        return {};
    if (info.isDir())
        return AppSettings::tr("it is a folder");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return AppSettings::tr("it cannot be read: %1").arg(file.errorString());
    if (settings.status() == QSettings::AccessError)
        return AppSettings::tr("it cannot be read");
    const QByteArray content = file.read(1024 * 1024);
    for (const char c : content) {
        if ((uchar(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return AppSettings::tr("it contains binary data, not settings");
    }
    // QSettings reports FormatError only to the first object of the process that parses a file; later
    // ones get its cached contents and NoError. A private copy is parsed afresh, and the checks run in
    // the same order every time, so every AppSettings judges the same file the same way (found by
    // fuzz/FuzzAppSettings).
    QTemporaryFile copy(QDir::tempPath() + QStringLiteral("/audin-settings-check-XXXXXX.ini"));
    if (copy.open() && copy.write(content) == content.size() && copy.flush()) {
        copy.close();
        if (QSettings(copy.fileName(), QSettings::IniFormat).status() == QSettings::FormatError)
            return AppSettings::tr("it is not a valid settings file");
    }
    return {};
}
} // namespace

AppSettings::AppSettings(Paths paths, QObject *parent)
    : QObject(parent)
    , m_paths(std::move(paths))
    , m_user(std::make_unique<QSettings>(m_paths.userFile, QSettings::IniFormat))
    , m_system(std::make_unique<QSettings>(m_paths.systemFile, QSettings::IniFormat))
{
    const QString systemProblem = iniProblem(m_paths.systemFile, *m_system);
    if (!systemProblem.isEmpty()) {
        // The administrator's: never moved or rewritten here, only reported.
        qCWarning(lcAudinSettings).noquote()
            << "the system settings file" << m_paths.systemFile << "cannot be used:" << systemProblem;
        m_problems << tr("The administrator's settings file %1 cannot be used (%2), so the settings it presets or "
                         "locks are not applied. Please tell your administrator.")
                          .arg(QDir::toNativeSeparators(m_paths.systemFile), systemProblem);
        m_system = std::make_unique<QSettings>(QString(), QSettings::IniFormat);
    }
    const QString userProblem = iniProblem(m_paths.userFile, *m_user);
    if (!userProblem.isEmpty()) {
        // Ours: kept whole for whoever wants to look, out of the way of the settings to come.
        m_user.reset();
        const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        QString aside = m_paths.userFile + QStringLiteral(".corrupt-") + stamp;
        for (int n = 2; QFileInfo::exists(aside); ++n)
            aside = m_paths.userFile + QStringLiteral(".corrupt-%1-%2").arg(stamp).arg(n);
        const QString file = QDir::toNativeSeparators(m_paths.userFile);
        if (QDir().rename(m_paths.userFile, aside)) {
            qCWarning(lcAudinSettings).noquote()
                << "the settings file" << m_paths.userFile << "cannot be used:" << userProblem << "- moved to" << aside;
            m_problems << tr("Your settings file %1 could not be used (%2). It was moved to %3 and the default "
                             "settings are used.")
                              .arg(file, userProblem, QDir::toNativeSeparators(aside));
        } else {
            qCWarning(lcAudinSettings).noquote()
                << "the settings file" << m_paths.userFile << "cannot be used:" << userProblem << "- nor moved aside";
            m_problems << tr("Your settings file %1 could not be used (%2) and could not be moved aside; the default "
                             "settings are used and changes cannot be saved.")
                              .arg(file, userProblem);
        }
        m_user = std::make_unique<QSettings>(m_paths.userFile, QSettings::IniFormat);
        // QSettings keeps a file's parsed contents per path for the whole process: without a sync the
        // new object would still see the damaged file's keys (found by fuzz/FuzzAppSettings).
        m_user->sync();
    }
    parseWholeFiles();
}

AppSettings::~AppSettings() = default;

void AppSettings::parseWholeFiles()
{
    // QSettings parses an INI file one section at a time, and looks a key such as "service/url" up
    // only in a section named after its first part: written by hand under [General] or before any
    // section, it would not be found until a sync() rewrote the file. Reading every key parses it all.
    m_user->allKeys();
    m_system->allKeys();
}

std::optional<QVariant> AppSettings::layerValue(Layer layer, const KeyInfo &info) const
{
    QSettings &settings = layer == Layer::User ? *m_user : *m_system;
    QString full = info.name;
    if (layer == Layer::Locked)
        full = lockedGroup + QLatin1Char('/') + info.name;
    else if (layer == Layer::Defaults)
        full = defaultsGroup + QLatin1Char('/') + info.name;
    if (!settings.contains(full))
        return std::nullopt;
    const QVariant raw = settings.value(full);
    QString why;
    std::optional<QVariant> converted = convert(info, raw, &why);
    if (!converted) {
        const QString where = layer == Layer::User ? m_paths.userFile : m_paths.systemFile;
        const QString group
            = layer == Layer::User ? QString() : QStringLiteral("[%1] ").arg(full.section(QLatin1Char('/'), 0, 0));
        const QString warning = QStringLiteral("ignoring %1%2=%3 in %4: %5")
                                    .arg(group, info.name, shown(raw), QDir::toNativeSeparators(where), why);
        if (!m_warned.contains(warning)) {
            m_warned.insert(warning);
            qCWarning(lcAudinSettings).noquote() << warning;
        }
    }
    return converted;
}

std::optional<QVariant> AppSettings::fallbackValue(const KeyInfo &info) const
{
    if (std::optional<QVariant> administrator = layerValue(Layer::Defaults, info))
        return administrator;
    return info.defaultValue;
}

QVariant AppSettings::value(const QString &key) const
{
    const KeyInfo *info = findKey(key);
    if (!info) {
        qCWarning(lcAudinSettings).noquote() << "unknown setting" << key;
        return {};
    }
    // A locked key with a bad value stays locked: the administrator meant to take it from the user.
    if (isLocked(key)) {
        if (std::optional<QVariant> locked = layerValue(Layer::Locked, *info))
            return *locked;
    } else if (std::optional<QVariant> user = layerValue(Layer::User, *info)) {
        return *user;
    }
    return *fallbackValue(*info);
}

bool AppSettings::isLocked(const QString &key) const
{
    return m_system->contains(lockedGroup + QLatin1Char('/') + key);
}

bool AppSettings::setValue(const QString &key, const QVariant &value)
{
    const KeyInfo *info = findKey(key);
    if (!info) {
        qCWarning(lcAudinSettings).noquote() << "not storing unknown setting" << key;
        return false;
    }
    if (isLocked(key)) {
        qCInfo(lcAudinSettings).noquote() << "not storing" << key << "- locked by the administrator";
        return false;
    }
    QString why;
    const std::optional<QVariant> converted = convert(*info, value, &why);
    if (!converted) {
        qCWarning(lcAudinSettings).noquote() << "not storing" << key << "=" << shown(value) << "-" << why;
        return false;
    }
    const QVariant before = this->value(key);
    // The selection is the exception: an explicit "none" must be told apart from "never chosen".
    const bool keepExplicit = key == QLatin1String(SettingsKey::SelectedNumbers);
    if (!keepExplicit && *converted == *fallbackValue(*info))
        m_user->remove(key);
    else
        m_user->setValue(key, *converted);
    if (this->value(key) != before)
        emit changed(key);
    return true;
}

void AppSettings::sync()
{
    m_user->sync();
    m_system->sync();
    parseWholeFiles(); // a file changed on disk was read again, lazily
    if (m_user->status() == QSettings::AccessError) {
        qCWarning(lcAudinSettings).noquote() << "could not write" << QDir::toNativeSeparators(m_paths.userFile);
        // QSettings writes a temporary file and renames it: the file on disk keeps the last good settings.
        emit writeFailed(tr("Your settings could not be saved to %1 (the disk may be full or the file read-only); "
                            "the last saved settings are kept.")
                             .arg(QDir::toNativeSeparators(m_paths.userFile)));
    }
}

QString AppSettings::serviceUrl() const
{
    return value(QLatin1String(SettingsKey::ServiceUrl)).toString();
}
bool AppSettings::setServiceUrl(const QString &url)
{
    return setValue(QLatin1String(SettingsKey::ServiceUrl), url);
}
AppSettings::TokenMode AppSettings::tokenMode() const
{
    return value(QLatin1String(SettingsKey::TokenMode)).toString() == QLatin1String("command") ? TokenMode::Command
                                                                                               : TokenMode::Endpoint;
}
bool AppSettings::setTokenMode(TokenMode mode)
{
    return setValue(QLatin1String(SettingsKey::TokenMode),
                    mode == TokenMode::Command ? QStringLiteral("command") : QStringLiteral("endpoint"));
}
QString AppSettings::tokenEndpointUrl() const
{
    return value(QLatin1String(SettingsKey::TokenEndpointUrl)).toString();
}
bool AppSettings::setTokenEndpointUrl(const QString &url)
{
    return setValue(QLatin1String(SettingsKey::TokenEndpointUrl), url);
}
QString AppSettings::tokenCommand() const
{
    return value(QLatin1String(SettingsKey::TokenCommand)).toString();
}
bool AppSettings::setTokenCommand(const QString &command)
{
    return setValue(QLatin1String(SettingsKey::TokenCommand), command);
}
QStringList AppSettings::selectedNumberIds() const
{
    return value(QLatin1String(SettingsKey::SelectedNumbers)).toStringList();
}
bool AppSettings::setSelectedNumberIds(const QStringList &ids)
{
    return setValue(QLatin1String(SettingsKey::SelectedNumbers), ids);
}
bool AppSettings::hasSelectedNumbers() const
{
    const QString key = QLatin1String(SettingsKey::SelectedNumbers);
    return isLocked(key) || m_user->contains(key) || m_system->contains(defaultsGroup + QLatin1Char('/') + key);
}
QString AppSettings::lastCallerId() const
{
    return value(QLatin1String(SettingsKey::LastCallerId)).toString();
}
bool AppSettings::setLastCallerId(const QString &callerId)
{
    return setValue(QLatin1String(SettingsKey::LastCallerId), callerId);
}
QString AppSettings::inputDevice() const
{
    return value(QLatin1String(SettingsKey::InputDevice)).toString();
}
bool AppSettings::setInputDevice(const QString &device)
{
    return setValue(QLatin1String(SettingsKey::InputDevice), device);
}
QString AppSettings::outputDevice() const
{
    return value(QLatin1String(SettingsKey::OutputDevice)).toString();
}
bool AppSettings::setOutputDevice(const QString &device)
{
    return setValue(QLatin1String(SettingsKey::OutputDevice), device);
}
QString AppSettings::ringerDevice() const
{
    return value(QLatin1String(SettingsKey::RingerDevice)).toString();
}
bool AppSettings::setRingerDevice(const QString &device)
{
    return setValue(QLatin1String(SettingsKey::RingerDevice), device);
}
int AppSettings::ringerVolume() const
{
    return value(QLatin1String(SettingsKey::RingerVolume)).toInt();
}
bool AppSettings::setRingerVolume(int percent)
{
    return setValue(QLatin1String(SettingsKey::RingerVolume), percent);
}
bool AppSettings::echoCancellation() const
{
    return value(QLatin1String(SettingsKey::EchoCancellation)).toBool();
}
bool AppSettings::setEchoCancellation(bool on)
{
    return setValue(QLatin1String(SettingsKey::EchoCancellation), on);
}
bool AppSettings::noiseSuppression() const
{
    return value(QLatin1String(SettingsKey::NoiseSuppression)).toBool();
}
bool AppSettings::setNoiseSuppression(bool on)
{
    return setValue(QLatin1String(SettingsKey::NoiseSuppression), on);
}
bool AppSettings::autoGainControl() const
{
    return value(QLatin1String(SettingsKey::AutoGainControl)).toBool();
}
bool AppSettings::setAutoGainControl(bool on)
{
    return setValue(QLatin1String(SettingsKey::AutoGainControl), on);
}
bool AppSettings::startMinimised() const
{
    return value(QLatin1String(SettingsKey::StartMinimised)).toBool();
}
bool AppSettings::setStartMinimised(bool on)
{
    return setValue(QLatin1String(SettingsKey::StartMinimised), on);
}
bool AppSettings::startAtLogin() const
{
    return value(QLatin1String(SettingsKey::StartAtLogin)).toBool();
}
bool AppSettings::setStartAtLogin(bool on)
{
    return setValue(QLatin1String(SettingsKey::StartAtLogin), on);
}
bool AppSettings::autoAnswer() const
{
    return value(QLatin1String(SettingsKey::AutoAnswer)).toBool();
}
bool AppSettings::setAutoAnswer(bool on)
{
    return setValue(QLatin1String(SettingsKey::AutoAnswer), on);
}
int AppSettings::autoAnswerDelayS() const
{
    return value(QLatin1String(SettingsKey::AutoAnswerDelayS)).toInt();
}
bool AppSettings::setAutoAnswerDelayS(int seconds)
{
    return setValue(QLatin1String(SettingsKey::AutoAnswerDelayS), seconds);
}
bool AppSettings::doNotDisturb() const
{
    return value(QLatin1String(SettingsKey::DoNotDisturb)).toBool();
}
bool AppSettings::setDoNotDisturb(bool on)
{
    return setValue(QLatin1String(SettingsKey::DoNotDisturb), on);
}
QString AppSettings::screenPopTemplate() const
{
    return value(QLatin1String(SettingsKey::ScreenPopTemplate)).toString();
}
bool AppSettings::setScreenPopTemplate(const QString &urlTemplate)
{
    return setValue(QLatin1String(SettingsKey::ScreenPopTemplate), urlTemplate);
}
QString AppSettings::language() const
{
    return value(QLatin1String(SettingsKey::Language)).toString();
}
bool AppSettings::setLanguage(const QString &language)
{
    return setValue(QLatin1String(SettingsKey::Language), language);
}
QString AppSettings::defaultRegion() const
{
    return value(QLatin1String(SettingsKey::DefaultRegion)).toString();
}
bool AppSettings::setDefaultRegion(const QString &region)
{
    return setValue(QLatin1String(SettingsKey::DefaultRegion), region);
}
bool AppSettings::takingCalls() const
{
    return value(QLatin1String(SettingsKey::TakingCalls)).toBool();
}

bool AppSettings::setTakingCalls(bool on)
{
    return setValue(QLatin1String(SettingsKey::TakingCalls), on);
}

bool AppSettings::trayNoticeShown() const
{
    return value(QLatin1String(SettingsKey::TrayNoticeShown)).toBool();
}
bool AppSettings::setTrayNoticeShown(bool shown)
{
    return setValue(QLatin1String(SettingsKey::TrayNoticeShown), shown);
}
QByteArray AppSettings::windowGeometry() const
{
    return value(QLatin1String(SettingsKey::WindowGeometry)).toByteArray();
}
bool AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    return setValue(QLatin1String(SettingsKey::WindowGeometry), geometry);
}
int AppSettings::historyRetentionDays() const
{
    return value(QLatin1String(SettingsKey::HistoryRetentionDays)).toInt();
}
bool AppSettings::setHistoryRetentionDays(int days)
{
    return setValue(QLatin1String(SettingsKey::HistoryRetentionDays), days);
}
QString AppSettings::extraCaCertificatesFile() const
{
    return value(QLatin1String(SettingsKey::ExtraCaCertificates)).toString().trimmed();
}

bool AppSettings::needsSignIn() const
{
    if (serviceUrl().trimmed().isEmpty())
        return true;
    if (tokenMode() == TokenMode::Command)
        return tokenCommand().trimmed().isEmpty();
    return tokenEndpointUrl().trimmed().isEmpty();
}

QString AppSettings::shortcut(const char *key) const
{
    return value(QLatin1String(key)).toString();
}
bool AppSettings::setShortcut(const char *key, const QString &keySequence)
{
    return setValue(QLatin1String(key), keySequence);
}

} // namespace audin::desktop
