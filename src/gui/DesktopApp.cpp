// SPDX-License-Identifier: GPL-3.0-or-later
#include "DesktopApp.h"

#include "AudioDeviceWatcher.h"
#include "Autostart.h"
#include "CallController.h"
#include "CallHistory.h"
#include "CallNotifications.h"
#include "CallShortcuts.h"
#include "CallsPage.h"
#include "DesktopSession.h"
#include "FreedesktopNotifier.h"
#include "KeychainSecretStore.h"
#include "LaunchArguments.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "MprisService.h"
#include "PopupStack.h"
#include "SettingsDialog.h"
#include "SingleInstance.h"
#include "TlsTrust.h"
#include "TrayController.h"
#include "TrayNotifier.h"
#include "VoiceClip.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QLibraryInfo>
#include <QMessageBox>
#include <QStandardPaths>
#include <cstdio>

// The icons, sounds and translations live in this static library: register them with Qt.
static void initDesktopResources()
{
    Q_INIT_RESOURCE(audin);
}

namespace audin::gui {

using namespace desktop;

namespace {
std::vector<int16_t> loadSound(const QString &resource)
{
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QString error;
    std::optional<std::vector<int16_t>> pcm = media::decodeToVoice(file.readAll(), &error);
    if (!pcm) {
        qWarning("audin: could not decode %s: %s", qPrintable(resource), qPrintable(error));
        return {};
    }
    return *pcm;
}
/**
 * The installed app's icon is in the icon theme, and the notification server finds it by name. A build run
 * from its folder is not: then the server gets a PNG of the same icon, written once to the cache.
 */
QString notificationIcon(const QString &themeName)
{
    if (QIcon::hasThemeIcon(themeName))
        return themeName;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    const QString path = dir + QStringLiteral("/notification-icon-" AUDIN_VERSION ".png");
    if (QFileInfo::exists(path)
        || (QDir().mkpath(dir) && QIcon(QStringLiteral(":/icons/audin.svg")).pixmap(64, 64).save(path)))
        return path;
    return themeName;
}
} // namespace

DesktopApp::DesktopApp(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    initDesktopResources();
}

DesktopApp::~DesktopApp()
{
    // Views first (they observe the session), then the session (it ends calls), then the services.
    m_shortcuts.reset();
    m_notifications.reset();
    m_window.reset();
    m_popups.reset();
    m_trayNotifier.reset();
    m_desktopNotifier.reset();
    m_tray.reset();
    m_mpris.reset();
    m_session.reset();
}

DesktopApp::StartResult DesktopApp::start(const QStringList &arguments)
{
    if (m_options.singleInstance) {
        m_instance = std::make_unique<SingleInstance>(m_options.instanceKey.isEmpty() ? SingleInstance::defaultKey()
                                                                                      : m_options.instanceKey);
        if (!m_instance->listen()) {
            if (m_instance->forward(arguments))
                return StartResult::Forwarded;
            qWarning("audin: another instance seems to run but did not answer; starting anyway");
        }
        connect(m_instance.get(), &SingleInstance::messageReceived, this,
                [this](const QStringList &forwarded) { handleArguments(forwarded, true); });
    }
    buildServices();
    installTranslator();
    buildViews();

    if (m_options.traceStartup) {
        m_window->installEventFilter(this);
        connect(m_session.get(), &DesktopSession::presenceStateChanged, this, [this](PresenceState state) {
            if (state == PresenceState::Online)
                traceMilestone("online");
        });
        connect(m_session.get(), &DesktopSession::availabilityChanged, this, [this](const Availability &a) {
            if (!a.accepted.isEmpty())
                traceMilestone("taking-calls");
        });
    }
    const LaunchArguments launch = LaunchArguments::parse(arguments);
    const bool hidden = (launch.minimised || m_settings->startMinimised()) && m_tray->isAvailable();
    if (!hidden)
        m_window->show();
    if (!m_historyError.isEmpty())
        m_window->banner()->showMessage(m_historyError, MessageBanner::Severity::Warning, QStringLiteral("history"));
    else if (!m_history->notice().isEmpty())
        m_window->banner()->showMessage(m_history->notice(), MessageBanner::Severity::Warning,
                                        QStringLiteral("history"));
    if (m_history->interruptedOnOpen() > 0)
        m_window->banner()->showMessage(
            tr("%n call(s) were still going on when the softphone last stopped unexpectedly; History lists them as "
               "interrupted.",
               nullptr, m_history->interruptedOnOpen()),
            MessageBanner::Severity::Info, QStringLiteral("history-interrupted"));
    // Damaged files found at start and write failures later reach the operator, not only the log.
    const QStringList settingsProblems = m_settings->problems();
    for (qsizetype i = 0; i < settingsProblems.size(); ++i)
        m_window->banner()->showMessage(settingsProblems.at(i), MessageBanner::Severity::Warning,
                                        QStringLiteral("settings-file-%1").arg(i));
    connect(m_history.get(), &CallHistory::error, m_window.get(), [this](const QString &message) {
        m_window->banner()->showMessage(tr("Call history: %1").arg(message), MessageBanner::Severity::Warning,
                                        QStringLiteral("history-write"));
    });
    connect(m_settings.get(), &AppSettings::writeFailed, m_window.get(), [this](const QString &message) {
        m_window->banner()->showMessage(message, MessageBanner::Severity::Warning, QStringLiteral("settings-write"));
    });
    // Before anything connects: every TLS connection of the app (sign-in check, token endpoint,
    // presence, calls) trusts the administrator's extra CAs on top of the system's store.
    if (const QString caFile = m_settings->extraCaCertificatesFile(); !caFile.isEmpty()) {
        const TlsTrust::CaFile cas = TlsTrust::loadCaFile(caFile);
        if (cas.ok()) {
            TlsTrust::trustProcessWide(cas.certificates);
        } else {
            qWarning("audin: network/extraCaCertificates: %s", qPrintable(cas.error));
            m_window->banner()->showMessage(
                tr("The extra certificate authorities set by your administrator cannot be used (%1), so connections "
                   "that need them will be refused. Contact your administrator.")
                    .arg(cas.error),
                MessageBanner::Severity::Critical, QStringLiteral("tls-config"));
        }
    }
    m_session->start();
    handleArguments(arguments, false);
    return StartResult::Started;
}

void DesktopApp::buildServices()
{
    m_settings = std::make_unique<AppSettings>(m_options.settingsPaths);
    m_secrets = m_options.secrets ? m_options.secrets : std::make_shared<KeychainSecretStore>();
    m_history = std::make_unique<CallHistory>(m_options.historyPath.isEmpty() ? CallHistory::defaultDatabasePath()
                                                                              : m_options.historyPath);
    QString error;
    if (!m_history->open(&error))
        m_historyError = tr("The call history could not be opened, so calls are not recorded: %1").arg(error);
    else if (m_settings->historyRetentionDays() > 0)
        m_history->purgeOlderThan(m_settings->historyRetentionDays());
    m_autostart = std::make_unique<Autostart>(m_options.autostartLocation);
    m_devices = std::make_unique<media::AudioDeviceWatcher>();
    m_ringer = std::make_unique<media::TonePlayer>(m_options.toneAudio);
    m_notifier = std::make_unique<media::TonePlayer>(m_options.toneAudio);
    m_preview = std::make_unique<media::TonePlayer>(m_options.toneAudio);
    m_meter = std::make_unique<media::LevelMonitor>(m_options.meterAudio);
    m_ringtone = loadSound(QStringLiteral(":/sounds/ringtone.wav"));

    DesktopSession::Dependencies deps;
    deps.settings = m_settings.get();
    deps.secrets = m_secrets.get();
    deps.history = m_history.get();
    deps.ringer = m_ringer.get();
    deps.notifier = m_notifier.get();
    deps.ringtone = m_ringtone;
    deps.callWaitingTone = loadSound(QStringLiteral(":/sounds/call-waiting.wav"));
    deps.openUrl = m_options.openUrl ? m_options.openUrl : [](const QUrl &url) { QDesktopServices::openUrl(url); };
    const media::AudioBackendFactory callAudio = m_options.callAudio;
    const auto configure = m_options.configure;
    deps.configure = [callAudio, configure](OperatorConfig &config) {
        if (callAudio)
            config.media.audioBackend = callAudio;
        if (configure)
            configure(config);
    };
    deps.environmentCoreUrl = m_options.environmentCoreUrl;
    deps.environmentTokenSource = m_options.environmentTokenSource;
    m_session = std::make_unique<DesktopSession>(deps);
    // Headset buttons and media keys reach the calls through MPRIS while one rings or is in progress.
    m_mpris = std::make_unique<MprisService>(m_session.get());
}

void DesktopApp::installTranslator()
{
    const QString language = m_settings->language();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (m_translator.load(locale, QStringLiteral("audin"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&m_translator);
    if (m_qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qtTranslator);
}

void DesktopApp::buildViews()
{
    m_popups = std::make_unique<PopupStack>(m_session.get());
    m_popups->setLingerMs(m_options.popupLingerMs);
    m_tray = std::make_unique<TrayController>(m_session.get(), m_history.get(), m_options.trayAvailable);
    MainWindow::Dependencies deps;
    deps.session = m_session.get();
    deps.settings = m_settings.get();
    deps.history = m_history.get();
    deps.devices = m_devices.get();
    deps.popups = m_popups.get();
    deps.tray = m_tray.get();
    deps.makeSettingsDialog = [this](QWidget *parent) { return makeSettingsDialog(parent); };
    m_window = std::make_unique<MainWindow>(deps);
    m_window->callsPage()->setEndedLingerMs(m_options.endedCallLingerMs);
    m_popups->setAnchorWindow(m_window.get());
    connect(m_window.get(), &MainWindow::quitRequested, this, &DesktopApp::quit);
    connect(m_tray.get(), &TrayController::quitRequested, this, &DesktopApp::quit);
    connect(m_tray.get(), &TrayController::showWindowRequested, m_window.get(), &MainWindow::bringToFront);
    connect(m_mpris.get(), &MprisService::raiseRequested, m_window.get(), &MainWindow::bringToFront);
    buildNotifications();
    buildShortcuts();
    connect(m_session.get(), &DesktopSession::phoneNumbersChanged, this, &DesktopApp::dialPending);
    connect(m_session.get(), &DesktopSession::presenceStateChanged, this, &DesktopApp::dialPending);
}

void DesktopApp::buildNotifications()
{
    if (m_options.notifier) {
        m_desktopNotifier = m_options.notifier();
    } else {
        auto freedesktop = std::make_unique<FreedesktopNotifier>();
        freedesktop->setAppIcon(notificationIcon(freedesktop->appIcon()));
        m_desktopNotifier = std::move(freedesktop);
    }
    m_trayNotifier = std::make_unique<TrayNotifier>(m_tray.get());
    m_notifications
        = std::make_unique<CallNotifications>(m_session.get(), m_desktopNotifier.get(), m_trayNotifier.get());
    connect(m_notifications.get(), &CallNotifications::showWindowRequested, m_window.get(), &MainWindow::bringToFront);
    connect(m_notifications.get(), &CallNotifications::callBackRequested, this,
            [this](const QString &number, const QString &callerId) {
                m_window->bringToFront();
                m_window->dialNumber(number, callerId);
            });
}

void DesktopApp::buildShortcuts()
{
    auto make = [this] { return m_options.globalShortcuts ? m_options.globalShortcuts() : GlobalShortcuts::create(); };
    m_shortcuts = std::make_unique<CallShortcuts>(m_session.get(), m_settings.get(), make(), make());
    auto report = [this](GlobalShortcuts::Action action, const QString &text) {
        const QString key = QStringLiteral("shortcut-") + GlobalShortcuts::actionName(action);
        if (text.isEmpty()) {
            m_window->banner()->clearMessage(key);
            return;
        }
        m_window->banner()->showMessage(tr("System-wide shortcut “%1”: %2 Choose another key in Settings › Calls.")
                                            .arg(GlobalShortcuts::actionText(action), text),
                                        MessageBanner::Severity::Warning, key);
    };
    connect(m_shortcuts.get(), &CallShortcuts::problemChanged, this, report);
    for (GlobalShortcuts::Action action : CallShortcuts::configurableActions()) {
        if (!m_shortcuts->problem(action).isEmpty())
            report(action, m_shortcuts->problem(action));
    }
}

SettingsDialog *DesktopApp::makeSettingsDialog(QWidget *parent)
{
    SettingsDialog::Dependencies deps;
    deps.session = m_session.get();
    deps.settings = m_settings.get();
    deps.devices = m_devices.get();
    deps.preview = m_preview.get();
    deps.meter = m_meter.get();
    deps.autostart = m_autostart.get();
    deps.executable = QCoreApplication::applicationFilePath();
    deps.ringtone = m_ringtone;
    deps.shortcuts = m_shortcuts.get();
    return new SettingsDialog(deps, parent);
}

void DesktopApp::handleArguments(const QStringList &arguments, bool fromSecondLaunch)
{
    const LaunchArguments launch = LaunchArguments::parse(arguments);
    for (const QString &error : launch.errors)
        m_window->banner()->showMessage(error, MessageBanner::Severity::Warning, QStringLiteral("arguments"));
    if (fromSecondLaunch && !launch.minimised)
        m_window->bringToFront();
    if (launch.dial)
        dialWhenReady(*launch.dial);
}

void DesktopApp::dialWhenReady(const QString &number)
{
    if (m_session->presenceState() == PresenceState::Online && !m_session->phoneNumbers().isEmpty()) {
        m_window->dialNumber(number);
        return;
    }
    // Started by a tel: link: dial once connected, and show the number meanwhile.
    m_pendingDial = number;
    m_window->showCalls();
    m_window->banner()->showMessage(tr("%1 will be called as soon as you are connected.").arg(number),
                                    MessageBanner::Severity::Info, QStringLiteral("dial"));
}

void DesktopApp::dialPending()
{
    if (!m_pendingDial || m_session->presenceState() != PresenceState::Online || m_session->phoneNumbers().isEmpty())
        return;
    const QString number = *m_pendingDial;
    m_pendingDial.reset();
    m_window->banner()->clearMessage(QStringLiteral("dial"));
    m_window->dialNumber(number);
}

bool DesktopApp::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window.get() && event->type() == QEvent::Paint)
        traceMilestone("window-shown");
    return QObject::eventFilter(watched, event);
}

void DesktopApp::traceMilestone(const char *name)
{
    if (m_traced.contains(name))
        return;
    m_traced.insert(name);
    std::fprintf(stderr, "audin-startup: %s\n", name);
    std::fflush(stderr);
}

void DesktopApp::quit()
{
    if (m_session->currentCall()) {
        const auto answer = QMessageBox::question(m_window.get(), tr("Quit Audin Softphone?"),
                                                  tr("Quitting ends the call in progress."),
                                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
        m_session->currentCall()->hangup();
    }
    emit quitting();
    m_window->setQuitting(true);
    m_window->close();
    QCoreApplication::quit();
}

} // namespace audin::gui
