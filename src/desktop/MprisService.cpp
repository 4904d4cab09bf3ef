// SPDX-License-Identifier: GPL-3.0-or-later
#include "MprisService.h"

#include "CallController.h"
#include "DesktopSession.h"
#include "MprisAdaptors.h"
#include "PhoneNumberInput.h"

#include <QCoreApplication>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QLoggingCategory>
#include <QVariantMap>

Q_LOGGING_CATEGORY(lcAudinMpris, "audin.desktop.mpris")

namespace audin::desktop {

namespace {
// A bus name element may not start with a digit, hence "instance" before the pid (the MPRIS2
// specification's own suggestion for players that can run more than once).
QString busName()
{
    return QStringLiteral("org.mpris.MediaPlayer2.audin_softphone.instance%1").arg(QCoreApplication::applicationPid());
}
} // namespace

bool MprisService::Track::operator==(const Track &other) const
{
    return status == other.status && trackId == other.trackId && title == other.title && line == other.line;
}

MprisService::MprisService(DesktopSession *session, QDBusConnection bus, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_bus(std::move(bus))
    , m_serviceName(busName())
    , m_root(new QObject(this))
{
    Q_ASSERT(session);
    new mpris::RootAdaptor(m_root, [this] { emit raiseRequested(); });
    // What a desktop sends, and what it means for a call (see the class comment):
    //  - headsets send PlayPause for their one button: answer what rings, else hang up;
    //  - Play only ever answers, so a stray Play never ends a call;
    //  - Pause does nothing: tools that quiet all media send it to every player (KDE Connect when the
    //    mobile rings, power managers before suspend), and it must neither end a conversation nor
    //    decline an offer;
    //  - Stop is the "reject" key: it declines the ringing offer, else hangs up.
    mpris::PlayerAdaptor::Actions actions;
    actions.play = [this] {
        if (m_session)
            m_session->answerNewest();
    };
    actions.pause = [] {};
    actions.playPause = [this] {
        if (m_session)
            m_session->answerOrHangUp();
    };
    actions.stop = [this] {
        if (m_session && !m_session->declineNewest())
            m_session->hangUpCurrent();
    };
    m_player = new mpris::PlayerAdaptor(m_root, std::move(actions));

    // Leaving the bus waits for the event loop: a key press that ends the last call gets its reply
    // from an object still registered, and an offer answered while another ends does not flicker.
    m_idleCheck.setSingleShot(true);
    m_idleCheck.setInterval(0);
    connect(&m_idleCheck, &QTimer::timeout, this, &MprisService::unregisterIfIdle);

    connect(session, &DesktopSession::ringingChanged, this, &MprisService::update);
    connect(session, &DesktopSession::currentCallChanged, this, &MprisService::update);
    connect(session, &DesktopSession::callEnded, this, &MprisService::update);
    connect(session, &DesktopSession::phoneNumbersChanged, this, &MprisService::update);
    update();
}

MprisService::~MprisService()
{
    unregisterFromBus();
}

CallController *MprisService::shownCall() const
{
    if (!m_session)
        return nullptr;
    if (CallController *ringing = m_session->newestRinging())
        return ringing;
    return m_session->currentCall();
}

void MprisService::follow(CallController *call)
{
    if (call == m_followed)
        return;
    disconnect(m_followedState);
    m_followed = call;
    if (!call)
        return;
    // Connecting → active changes neither the ringing offers nor the current call, so the session
    // says nothing about it; the title does change for an outbound call.
    m_followedState = connect(call, &CallController::stateChanged, this, &MprisService::update);
    if (!m_trackNumbers.contains(call)) {
        m_trackNumbers.insert(call, m_nextTrackNumber++);
        connect(call, &QObject::destroyed, this, [this, call] { m_trackNumbers.remove(call); });
    }
}

void MprisService::update()
{
    CallController *call = shownCall();
    follow(call);
    if (!call) {
        m_idleCheck.start();
        return;
    }
    m_idleCheck.stop();
    const Track track = trackFor(call);
    if (m_registered) {
        publish(track, true);
        return;
    }
    publish(track, false);
    if (!m_registrationFailed && registerOnBus()) {
        m_registered = true;
        emit registeredChanged(true);
    }
}

void MprisService::unregisterIfIdle()
{
    if (shownCall())
        return;
    m_registrationFailed = false;
    if (!m_registered)
        return;
    unregisterFromBus();
    m_registered = false;
    emit registeredChanged(false);
}

MprisService::Track MprisService::trackFor(CallController *call)
{
    Track track;
    const bool ringing = call->state() == CallState::Ringing;
    track.status = ringing ? QStringLiteral("Paused") : QStringLiteral("Playing");
    track.trackId = QStringLiteral("/org/audin/call/%1").arg(m_trackNumbers.value(call));
    QString number = PhoneNumberInput::formatForDisplay(call->remoteNumber());
    if (number.isEmpty())
        number = tr("an unknown number");
    if (ringing)
        track.title = tr("Incoming call from %1").arg(number);
    else if (call->direction() == CallDirection::Outbound && call->state() == CallState::Connecting)
        track.title = tr("Calling %1").arg(number);
    else
        track.title = tr("Call with %1").arg(number);
    track.line = m_session ? m_session->lineLabel(call) : QString();
    return track;
}

void MprisService::publish(const Track &track, bool announce)
{
    if (track == m_published)
        return;
    QVariantMap metadata;
    metadata.insert(QStringLiteral("mpris:trackid"), QVariant::fromValue(QDBusObjectPath(track.trackId)));
    metadata.insert(QStringLiteral("xesam:title"), track.title);
    if (!track.line.isEmpty())
        metadata.insert(QStringLiteral("xesam:artist"), QStringList {track.line});
    m_player->setState(track.status, metadata);

    QVariantMap changed;
    if (track.status != m_published.status)
        changed.insert(QStringLiteral("PlaybackStatus"), track.status);
    if (track.trackId != m_published.trackId || track.title != m_published.title || track.line != m_published.line)
        changed.insert(QStringLiteral("Metadata"), metadata);
    m_published = track;
    if (!announce)
        return;
    // QDBusAbstractAdaptor exports properties but never announces their changes; desktops follow
    // players through this signal only.
    QDBusMessage signal = QDBusMessage::createSignal(QLatin1String(mpris::ObjectPath),
                                                     QStringLiteral("org.freedesktop.DBus.Properties"),
                                                     QStringLiteral("PropertiesChanged"));
    signal << QString::fromLatin1(mpris::PlayerInterface) << changed << QStringList();
    if (!m_bus.send(signal))
        qCWarning(lcAudinMpris) << "could not announce the player's new state:" << m_bus.lastError().message();
}

bool MprisService::registerOnBus()
{
    if (!m_bus.isConnected()) {
        // No session bus (a kiosk, a container): nothing to offer the media keys to.
        m_registrationFailed = true;
        qCDebug(lcAudinMpris) << "no D-Bus connection; media keys will not reach calls";
        return false;
    }
    const QString path = QString::fromLatin1(mpris::ObjectPath);
    if (!m_bus.registerObject(path, m_root, QDBusConnection::ExportAdaptors)) {
        m_registrationFailed = true;
        qCWarning(lcAudinMpris) << "could not export" << path << "(another player in this process?)";
        return false;
    }
    // The object first, the name second: a desktop reacts to the name at once and reads the object.
    // Asked for without waiting: this runs while a popup is about to be painted, and a busy bus must not
    // hold up the ring. The bus handles our RequestName and ReleaseName in the order they are sent.
    QDBusMessage request = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("RequestName"));
    constexpr uint DoNotQueue = 4; // DBUS_NAME_FLAG_DO_NOT_QUEUE
    request << m_serviceName << DoNotQueue;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(request), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher] {
        watcher->deleteLater();
        const QDBusPendingReply<uint> reply = *watcher;
        constexpr uint PrimaryOwner = 1, AlreadyOwner = 4;
        if (reply.isError() || (reply.value() != PrimaryOwner && reply.value() != AlreadyOwner)) {
            m_registrationFailed = true;
            qCWarning(lcAudinMpris) << "could not own" << m_serviceName << ":"
                                    << (reply.isError() ? reply.error().message() : QStringLiteral("taken"));
        }
    });
    return true;
}

void MprisService::unregisterFromBus()
{
    if (!m_registered)
        return;
    QDBusMessage release = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("ReleaseName"));
    release << m_serviceName;
    m_bus.send(release); // no reply needed: the bus keeps the order of our requests
    m_bus.unregisterObject(QString::fromLatin1(mpris::ObjectPath));
    // Nothing to show: the next call starts afresh, with PropertiesChanged from its first state on.
    m_published = {};
}

} // namespace audin::desktop
