// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <memory>
#include <optional>

class QSettings;

namespace audin::desktop {

/** The stable setting names, as they appear in the INI files (docs/ADMINISTRATION.md lists them all). */
namespace SettingsKey {
inline constexpr char ServiceUrl[] = "service/url";
inline constexpr char TokenMode[] = "token/mode";
inline constexpr char TokenEndpointUrl[] = "token/endpointUrl";
inline constexpr char TokenCommand[] = "token/command";
inline constexpr char SelectedNumbers[] = "numbers/selected";
inline constexpr char TakingCalls[] = "presence/takingCalls";
inline constexpr char LastCallerId[] = "dial/lastCallerId";
inline constexpr char DefaultRegion[] = "dial/defaultRegion";
inline constexpr char InputDevice[] = "audio/input";
inline constexpr char OutputDevice[] = "audio/output";
inline constexpr char RingerDevice[] = "audio/ringer";
inline constexpr char RingerVolume[] = "audio/ringerVolume";
inline constexpr char EchoCancellation[] = "audio/echoCancellation";
inline constexpr char NoiseSuppression[] = "audio/noiseSuppression";
inline constexpr char AutoGainControl[] = "audio/autoGainControl";
inline constexpr char AutoAnswer[] = "calls/autoAnswer";
inline constexpr char AutoAnswerDelayS[] = "calls/autoAnswerDelayS";
inline constexpr char DoNotDisturb[] = "calls/doNotDisturb";
inline constexpr char ScreenPopTemplate[] = "calls/screenPopTemplate";
inline constexpr char HistoryRetentionDays[] = "history/retentionDays";
inline constexpr char ExtraCaCertificates[] = "network/extraCaCertificates";
inline constexpr char StartMinimised[] = "app/startMinimised";
inline constexpr char StartAtLogin[] = "app/startAtLogin";
inline constexpr char Language[] = "app/language";
inline constexpr char TrayNoticeShown[] = "ui/trayNoticeShown";
inline constexpr char WindowGeometry[] = "ui/windowGeometry";
// System-wide shortcuts, as Qt's portable key sequence text ("Ctrl+Alt+A"); empty = none.
inline constexpr char ShortcutAnswer[] = "shortcuts/answer";
inline constexpr char ShortcutDecline[] = "shortcuts/decline";
inline constexpr char ShortcutHangUp[] = "shortcuts/hangUp";
inline constexpr char ShortcutToggleMute[] = "shortcuts/toggleMute";
inline constexpr char ShortcutSilenceRinger[] = "shortcuts/silenceRinger";
} // namespace SettingsKey

/**
 * The app's settings: the user's INI file plus a system-wide INI file in which an administrator
 * pre-sets values (`[Defaults]`) and forces them (`[Locked]`). Effective value of a key:
 * locked > user > administrator default > built-in default. A value of the wrong type or out of
 * range is skipped with a warning, as if it were absent. There is deliberately no key for the
 * operator key or a token: secrets live in the keychain (SecretStore).
 */
class AppSettings : public QObject
{
    Q_OBJECT
public:
    struct Paths
    {
        QString userFile;
        QString systemFile;
    };

    enum class TokenMode
    {
        Endpoint,
        Command
    };

    /** One row of the key table. `minimum`/`maximum` apply to Int keys only. */
    struct KeyInfo
    {
        QString name;
        QMetaType::Type type; ///< QString, QStringList, Bool, Int or QByteArray
        QVariant defaultValue;
        int minimum = 0;
        int maximum = 0;
    };
    /** Every key the app knows, in documentation order. */
    static const QList<KeyInfo> &keys();

    /**
     * Per OS: user file under QStandardPaths::AppConfigLocation (`settings.ini`); system file
     * Linux /etc/xdg/Audin/Softphone.conf, Windows %ProgramData%\Audin\Softphone.ini,
     * macOS /Library/Application Support/Audin/Softphone.ini; AUDIN_SYSTEM_CONFIG overrides the system file.
     */
    static Paths defaultPaths();

    explicit AppSettings(Paths paths = defaultPaths(), QObject *parent = nullptr);
    ~AppSettings() override;

    /** The effective value (locked > user > administrator default > built-in default); invalid for unknown keys. */
    QVariant value(const QString &key) const;
    /** Forced by the administrator; the user cannot change it. */
    bool isLocked(const QString &key) const;
    /**
     * Stores the user's choice. False, and nothing written, for a locked or unknown key or an invalid
     * value. A value equal to the administrator's (or built-in) default is not stored but removed, so
     * a later change of that default reaches this user. Emits changed(key) when the effective value changed.
     */
    bool setValue(const QString &key, const QVariant &value);
    /** Writes the user file and re-reads the system file; writeFailed() when the user file could not be written. */
    void sync();
    Paths paths() const { return m_paths; }
    /**
     * What the operator should be told about the files read at start, one human message each: a
     * user file that was a folder, unreadable or not a text INI file has been moved aside to
     * `<file>.corrupt-YYYYMMDD-HHMMSS` and the defaults are used; a bad system-wide file is never
     * moved (it is the administrator's) but is reported and not applied.
     */
    QStringList problems() const { return m_problems; }

    QString serviceUrl() const;
    bool setServiceUrl(const QString &url);
    TokenMode tokenMode() const;
    bool setTokenMode(TokenMode mode);
    QString tokenEndpointUrl() const;
    bool setTokenEndpointUrl(const QString &url);
    QString tokenCommand() const;
    bool setTokenCommand(const QString &command);
    /** The numbers to go online on. Empty with hasSelectedNumbers() = the operator chose none. */
    QStringList selectedNumberIds() const;
    bool setSelectedNumberIds(const QStringList &ids);
    /** A selection was ever made (by the user or the administrator). */
    bool hasSelectedNumbers() const;
    /** The operator was taking calls when the app last ran: go online again at start. */
    bool takingCalls() const;
    bool setTakingCalls(bool on);
    QString lastCallerId() const;
    bool setLastCallerId(const QString &callerId);
    QString inputDevice() const;
    bool setInputDevice(const QString &device);
    QString outputDevice() const;
    bool setOutputDevice(const QString &device);
    QString ringerDevice() const;
    bool setRingerDevice(const QString &device);
    int ringerVolume() const;
    bool setRingerVolume(int percent);
    bool echoCancellation() const;
    bool setEchoCancellation(bool on);
    bool noiseSuppression() const;
    bool setNoiseSuppression(bool on);
    bool autoGainControl() const;
    bool setAutoGainControl(bool on);
    bool startMinimised() const;
    bool setStartMinimised(bool on);
    bool startAtLogin() const;
    bool setStartAtLogin(bool on);
    bool autoAnswer() const;
    bool setAutoAnswer(bool on);
    int autoAnswerDelayS() const;
    bool setAutoAnswerDelayS(int seconds);
    bool doNotDisturb() const;
    bool setDoNotDisturb(bool on);
    QString screenPopTemplate() const;
    bool setScreenPopTemplate(const QString &urlTemplate);
    QString language() const;
    bool setLanguage(const QString &language);
    QString defaultRegion() const;
    bool setDefaultRegion(const QString &region);
    bool trayNoticeShown() const;
    bool setTrayNoticeShown(bool shown);
    QByteArray windowGeometry() const;
    bool setWindowGeometry(const QByteArray &geometry);
    int historyRetentionDays() const;
    /** PEM file of CA certificates trusted on top of the system's store (a corporate CA); empty = none. */
    QString extraCaCertificatesFile() const;
    bool setHistoryRetentionDays(int days);
    /** The system-wide shortcut stored under `key` (one of the SettingsKey::Shortcut* names). */
    QString shortcut(const char *key) const;
    bool setShortcut(const char *key, const QString &keySequence);

    /** The first-run dialog is needed: no service URL or no token source configured. */
    bool needsSignIn() const;

signals:
    void changed(const QString &key);
    /** The user file could not be written (disk full, read-only): human text naming the file. */
    void writeFailed(const QString &message);

private:
    enum class Layer
    {
        Locked,
        User,
        Defaults
    };
    std::optional<QVariant> layerValue(Layer layer, const KeyInfo &info) const;
    std::optional<QVariant> fallbackValue(const KeyInfo &info) const;
    void parseWholeFiles();

    Paths m_paths;
    std::unique_ptr<QSettings> m_user;
    std::unique_ptr<QSettings> m_system;
    mutable QSet<QString> m_warned; // one warning per bad value, not one per read
    QStringList m_problems;
};

} // namespace audin::desktop
