// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTimer>
#include <QWidget>

class QStackedLayout;

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

class ActiveCallPanel;
class DialpadPanel;

/** The dialpad while there is no call; the call view while there is one (and briefly after, to show how it ended). */
class CallsPage : public QWidget
{
    Q_OBJECT
public:
    CallsPage(desktop::DesktopSession *session, desktop::AppSettings *settings, media::AudioDeviceWatcher *devices,
              QWidget *parent = nullptr);

    DialpadPanel *dialpad() const { return m_dialpad; }
    ActiveCallPanel *callView() const { return m_callView; }
    bool showsCall() const;
    /** How long an ended call stays on screen before the dialpad returns. */
    void setEndedLingerMs(int ms) { m_linger.setInterval(ms); }

private:
    void onCurrentCall(CallController *call);

    desktop::DesktopSession *m_session;
    QStackedLayout *m_stack;
    DialpadPanel *m_dialpad;
    ActiveCallPanel *m_callView;
    QTimer m_linger;
};

} // namespace audin::gui
