// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AppSettings.h"
#include "AudioBackend.h"
#include "GlobalShortcuts.h"
#include "LevelMonitor.h"
#include "OperatorConfig.h"
#include "TonePlayer.h"

#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTranslator>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>

namespace audin {
class TokenSource;
namespace media {
class AudioDeviceWatcher;
}
namespace desktop {
class Autostart;
class CallHistory;
class CallNotifications;
class DesktopNotifier;
class DesktopSession;
class MprisService;
class SecretStore;
class SingleInstance;
} // namespace desktop
} // namespace audin

namespace audin::gui {

class CallShortcuts;
class MainWindow;
class PopupStack;
class SettingsDialog;
class TrayController;

/**
 * The composition root of the desktop softphone: builds every service once and hands them to the
 * views (no singletons). main() and the widget tests both use it; tests swap the seams (settings
 * and history files, audio backends, the browser, the keychain, the single-instance key).
 */
class DesktopApp : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        desktop::AppSettings::Paths settingsPaths = desktop::AppSettings::defaultPaths();
        QString historyPath; ///< empty = CallHistory::defaultDatabasePath()
        std::shared_ptr<desktop::SecretStore> secrets; ///< null = the system keychain
        media::AudioBackendFactory callAudio; ///< null = the devices in the settings
        media::TonePlayer::BackendFactory toneAudio; ///< null = real devices
        media::LevelMonitor::BackendFactory meterAudio; ///< null = real devices
        std::function<void(OperatorConfig &)> configure; ///< SDK tuning (tests: short intervals)
        std::function<void(const QUrl &)> openUrl; ///< null = the system browser
        bool singleInstance = true;
        QString instanceKey; ///< empty = SingleInstance::defaultKey()
        QString autostartLocation; ///< empty = the platform's
        QString environmentCoreUrl;
        std::shared_ptr<TokenSource> environmentTokenSource;
        int endedCallLingerMs = 3000;
        int popupLingerMs = 2500;
        /** Print start-up milestones to stderr (`audin-startup: window-shown`, `online`, `taking-calls`) for benches.
         */
        bool traceStartup = false;
        /** Whether the desktop has a tray; unset = ask the platform (tests stand in for one). */
        std::optional<bool> trayAvailable;
        /** The desktop notifications; null = the freedesktop service on the session bus (the tray without one). */
        std::function<std::unique_ptr<desktop::DesktopNotifier>()> notifier;
        /** The system-wide keys; null = GlobalShortcuts::create() for the running platform. */
        std::function<std::unique_ptr<GlobalShortcuts>()> globalShortcuts;
    };

    enum class StartResult
    {
        Started, ///< this is the running instance now
        Forwarded, ///< another instance runs and got the arguments: exit
    };

    explicit DesktopApp(Options options, QObject *parent = nullptr);
    ~DesktopApp() override;

    StartResult start(const QStringList &arguments);
    /** A tel: link, --dial, --minimised, from the command line or from a second launch. */
    void handleArguments(const QStringList &arguments, bool fromSecondLaunch);
    /** Quits, after asking when a call is in progress. */
    void quit();

    MainWindow *window() const { return m_window.get(); }
    desktop::DesktopSession *session() const { return m_session.get(); }
    desktop::AppSettings *settings() const { return m_settings.get(); }
    desktop::CallHistory *history() const { return m_history.get(); }
    PopupStack *popups() const { return m_popups.get(); }
    TrayController *tray() const { return m_tray.get(); }
    desktop::MprisService *mpris() const { return m_mpris.get(); }
    desktop::CallNotifications *notifications() const { return m_notifications.get(); }
    CallShortcuts *shortcuts() const { return m_shortcuts.get(); }
    media::TonePlayer *ringer() const { return m_ringer.get(); }
    media::TonePlayer *preview() const { return m_preview.get(); }

signals:
    void quitting();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildServices();
    void buildViews();
    void buildNotifications();
    void buildShortcuts();
    void installTranslator();
    void dialWhenReady(const QString &number);
    void dialPending();
    void traceMilestone(const char *name);
    SettingsDialog *makeSettingsDialog(QWidget *parent);

    Options m_options;
    std::unique_ptr<desktop::SingleInstance> m_instance;
    std::unique_ptr<desktop::AppSettings> m_settings;
    std::shared_ptr<desktop::SecretStore> m_secrets;
    std::unique_ptr<desktop::CallHistory> m_history;
    std::unique_ptr<desktop::Autostart> m_autostart;
    std::unique_ptr<media::AudioDeviceWatcher> m_devices;
    std::unique_ptr<media::TonePlayer> m_ringer;
    std::unique_ptr<media::TonePlayer> m_notifier;
    std::unique_ptr<media::TonePlayer> m_preview;
    std::unique_ptr<media::LevelMonitor> m_meter;
    std::unique_ptr<desktop::DesktopSession> m_session;
    std::unique_ptr<desktop::MprisService> m_mpris;
    std::unique_ptr<PopupStack> m_popups;
    std::unique_ptr<TrayController> m_tray;
    std::unique_ptr<desktop::DesktopNotifier> m_desktopNotifier;
    std::unique_ptr<desktop::DesktopNotifier> m_trayNotifier;
    std::unique_ptr<desktop::CallNotifications> m_notifications;
    std::unique_ptr<CallShortcuts> m_shortcuts;
    std::unique_ptr<MainWindow> m_window;
    QTranslator m_translator;
    QTranslator m_qtTranslator;
    std::vector<int16_t> m_ringtone;
    std::optional<QString> m_pendingDial;
    QString m_historyError;
    QSet<QByteArray> m_traced;
};

} // namespace audin::gui
