// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CallStats.h"
#include "Types.h"

#include <QMap>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <memory>

namespace Ui {
class ActiveCallPanel;
}

namespace audin {
class CallController;
namespace media {
class AudioDeviceWatcher;
}
namespace desktop {
class AppSettings;
class DesktopSession;
} // namespace desktop
} // namespace audin

namespace audin::gui {

/**
 * The call in progress: who, which line, state and time, quality bars and warnings, Mute, Hang up,
 * keys for tones, and the microphone and speaker (switchable during the call).
 */
class ActiveCallPanel : public QWidget
{
    Q_OBJECT
public:
    ActiveCallPanel(desktop::DesktopSession *session, desktop::AppSettings *settings,
                    media::AudioDeviceWatcher *devices, QWidget *parent = nullptr);
    ~ActiveCallPanel() override;

    void setCall(CallController *call);
    CallController *call() const;

    QString remoteText() const;
    QString lineText() const;
    QString stateText() const;
    QString timerText() const;
    QString warningText() const;
    QString sentKeys() const { return m_sentKeys; }
    /** Sends one key as a tone (keypad, keyboard). */
    void sendKey(const QString &key);
    void toggleMute();
    void hangup();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void refreshState();
    void refreshTimer();
    void refreshDevices();
    void refreshWarnings();
    void onStats(const CallStats &stats);
    void onWarning(const QualityWarning &warning);
    void chooseDevices();

    std::unique_ptr<Ui::ActiveCallPanel> m_ui;
    desktop::DesktopSession *m_session;
    desktop::AppSettings *m_settings;
    media::AudioDeviceWatcher *m_devices;
    QPointer<CallController> m_call;
    QTimer m_clock;
    QMap<QString, QString> m_warnings; // name → text, in a stable order
    QString m_sentKeys;
    bool m_reconnecting = false;
};

} // namespace audin::gui
