// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDBusConnection>
#include <QHash>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace audin {
class CallController;
}

namespace audin::desktop {

class DesktopSession;

namespace mpris {
class PlayerAdaptor;
}

/**
 * Presents the softphone to the desktop as an MPRIS2 media player, so a headset's call button and
 * the keyboard's media keys (which desktops route to MPRIS2 players) answer and end calls.
 *
 * It is on the bus only while an offer rings or a call is in progress, so the rest of the day the
 * media keys keep going to the music player. The "track" is the newest ringing offer, else the call
 * in progress: PlaybackStatus is "Paused" while an offer rings (Play answers it) and "Playing" during
 * a call.
 *
 * Buttons: Play answers the newest ringing offer; PlayPause (a headset's single button) answers it,
 * or hangs up when nothing rings; Stop declines the ringing offer, or hangs up when nothing rings;
 * Pause, Next, Previous, Seek, SetPosition and OpenUri do nothing (Pause is what tools send to every
 * player to quiet them, and must not end a conversation).
 */
class MprisService : public QObject
{
    Q_OBJECT
public:
    /** `session` must outlive this object; `bus` is where desktops look for players. */
    explicit MprisService(DesktopSession *session, QDBusConnection bus = QDBusConnection::sessionBus(),
                          QObject *parent = nullptr);
    ~MprisService() override;

    /** Whether the player is on the bus now (an offer rings or a call is in progress). */
    bool isRegistered() const { return m_registered; }
    /** `org.mpris.MediaPlayer2.audin_softphone.instance<pid>`, whether registered or not. */
    QString serviceName() const { return m_serviceName; }

signals:
    void registeredChanged(bool registered);
    /** A desktop asked to show the softphone (MediaPlayer2.Raise): bring the window to the front. */
    void raiseRequested();

private:
    struct Track
    {
        QString status;
        QString trackId;
        QString title;
        QString line;
        bool operator==(const Track &other) const;
    };

    void update();
    void unregisterIfIdle();
    CallController *shownCall() const;
    void follow(CallController *call);
    Track trackFor(CallController *call);
    bool registerOnBus();
    void unregisterFromBus();
    void publish(const Track &track, bool announce);

    QPointer<DesktopSession> m_session;
    QDBusConnection m_bus;
    QString m_serviceName;
    QObject *m_root; // the exported object; its children are the two interfaces' adaptors
    mpris::PlayerAdaptor *m_player;
    bool m_registered = false;
    bool m_registrationFailed = false; // warned once; tried again after the calls are over
    Track m_published;
    QPointer<CallController> m_followed;
    QMetaObject::Connection m_followedState;
    QHash<const CallController *, int> m_trackNumbers;
    int m_nextTrackNumber = 1;
    QTimer m_idleCheck;
};

} // namespace audin::desktop
