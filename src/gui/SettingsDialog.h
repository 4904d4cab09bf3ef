// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QList>
#include <QPair>
#include <memory>
#include <vector>

namespace Ui {
class SettingsDialog;
}

namespace audin {
namespace media {
class AudioDeviceWatcher;
class LevelMonitor;
class TonePlayer;
} // namespace media
namespace desktop {
class AppSettings;
class Autostart;
class DesktopSession;
} // namespace desktop
} // namespace audin

namespace audin::gui {

class CallShortcuts;
class ShortcutsPanel;

/**
 * Settings: devices with a live microphone meter and test sounds, processing, call behaviour
 * (auto-answer, do not disturb, screen pop), start-up, language, account. Values an administrator
 * locked are shown but cannot be changed. Nothing is written until OK or Apply, and a value that
 * cannot be saved is explained without losing the rest.
 */
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Dependencies
    {
        desktop::DesktopSession *session = nullptr;
        desktop::AppSettings *settings = nullptr;
        media::AudioDeviceWatcher *devices = nullptr;
        media::TonePlayer *preview = nullptr; ///< speaker and ringer tests; null = no test buttons
        media::LevelMonitor *meter = nullptr; ///< live microphone level; null = no meter
        desktop::Autostart *autostart = nullptr;
        QString executable; ///< what start-at-login starts
        std::vector<int16_t> ringtone; ///< 48 kHz mono, for the ringer test
        CallShortcuts *shortcuts = nullptr; ///< the system-wide keys; null = none on this desktop
    };

    explicit SettingsDialog(Dependencies dependencies, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    ShortcutsPanel *shortcutsPanel() const { return m_shortcuts; }
    /** Validates and writes everything; false (and the reason shown) when something cannot be saved. */
    bool apply();
    QString errorText() const;
    void showTab(int index);

signals:
    void signInRequested();
    void signOutRequested();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void load();
    void fillDevices();
    void updateScreenPopHint();
    void restartMeter();
    void playTest(bool ringer);
    void showError(const QString &text);

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    Dependencies m_deps;
    QList<QPair<QWidget *, QString>> m_locks; // widget, the setting it edits
    ShortcutsPanel *m_shortcuts;
};

} // namespace audin::gui
