// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QPointer>
#include <functional>
#include <memory>

namespace Ui {
class MainWindow;
}

namespace audin {
namespace media {
class AudioDeviceWatcher;
}
namespace desktop {
class AppSettings;
class CallHistory;
class DesktopSession;
} // namespace desktop
} // namespace audin

namespace audin::gui {

class CallsPage;
class HistoryPanel;
class MessageBanner;
class NumbersPanel;
class PopupStack;
class PresenceBar;
class RingingStrip;
class SettingsDialog;
class SignInDialog;
class TrayController;

/**
 * The operator's window. It only assembles panels (presence, calls, numbers, history, messages)
 * and routes menu commands and shortcuts to them; the session and the panels do the work.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct Dependencies
    {
        desktop::DesktopSession *session = nullptr;
        desktop::AppSettings *settings = nullptr;
        desktop::CallHistory *history = nullptr;
        media::AudioDeviceWatcher *devices = nullptr;
        PopupStack *popups = nullptr;
        TrayController *tray = nullptr;
        /** Builds the settings dialog (the composition root owns its audio helpers). */
        std::function<SettingsDialog *(QWidget *parent)> makeSettingsDialog;
    };

    explicit MainWindow(Dependencies dependencies, QWidget *parent = nullptr);
    ~MainWindow() override;

    PresenceBar *presenceBar() const { return m_presence; }
    NumbersPanel *numbersPanel() const { return m_numbers; }
    CallsPage *callsPage() const { return m_calls; }
    HistoryPanel *historyPanel() const { return m_history; }
    MessageBanner *banner() const { return m_banner; }
    RingingStrip *ringingStrip() const { return m_ringing; }
    SignInDialog *signInDialog() const;
    SettingsDialog *settingsDialog() const;

    void showCalls();
    void showNumbers();
    void showHistory();
    /** Shows, raises and activates the window (tray click, second launch). */
    void bringToFront();
    void openSignIn(const QString &reason);
    void openSettings();
    /** Dials `number` (a tel: link, --dial, call back); with `callerId` when it is one of ours, else the last one. */
    void dialNumber(const QString &number, const QString &callerId = {});
    /** Lets the next close really close (quitting), instead of hiding to the tray. */
    void setQuitting(bool quitting) { m_quitting = quitting; }

signals:
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void wireActions();
    void refreshHistoryTab();
    void markMissedSeenIfViewed();

    std::unique_ptr<Ui::MainWindow> m_ui;
    Dependencies m_deps;
    MessageBanner *m_banner;
    PresenceBar *m_presence;
    RingingStrip *m_ringing;
    CallsPage *m_calls;
    NumbersPanel *m_numbers;
    HistoryPanel *m_history;
    QPointer<SignInDialog> m_signIn;
    QPointer<SettingsDialog> m_settingsDialog;
    bool m_quitting = false;
};

} // namespace audin::gui
