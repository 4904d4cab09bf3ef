// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QPointer>
#include <QTimer>
#include <memory>

namespace Ui {
class IncomingCallPopup;
}

namespace audin {
class CallController;
namespace desktop {
class DesktopSession;
}
} // namespace audin

namespace audin::gui {

/**
 * One ringing offer in its own frameless, always-on-top window that shows even while the main
 * window is hidden: who calls, which line, how long it has rung, Accept and Reject. It appears
 * without taking the keyboard from what the operator is typing; once the call is taken elsewhere,
 * cancelled or timed out it says why for a moment and closes.
 */
class IncomingCallPopup : public QFrame
{
    Q_OBJECT
public:
    IncomingCallPopup(CallController *call, desktop::DesktopSession *session, const QString &lineText, bool whileInCall,
                      QWidget *parent = nullptr);
    ~IncomingCallPopup() override;

    CallController *call() const;
    void accept();
    void reject();
    QString callerText() const;
    QString lineText() const;
    QString ringTimeText() const;
    /** Why it closes ("Answered by a colleague"); empty while ringing. */
    QString reasonText() const;
    /** How long the reason stays on screen before the popup closes. */
    void setLingerMs(int ms) { m_linger.setInterval(ms); }

signals:
    /** First painted on screen (offer-to-popup latency is measured to here). */
    void firstPainted();
    void closed();

protected:
    void paintEvent(QPaintEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void onStateChanged();
    void refreshTime();
    void refreshSilence();

    std::unique_ptr<Ui::IncomingCallPopup> m_ui;
    QPointer<CallController> m_call;
    desktop::DesktopSession *m_session;
    QTimer m_ringClock;
    QTimer m_linger;
    bool m_painted = false;
};

} // namespace audin::gui
