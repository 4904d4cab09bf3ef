// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to MprisService: the two MPRIS2 interfaces as Qt D-Bus adaptors. They hold no call logic;
// MprisService pushes the state in and receives the button presses through callbacks. Callbacks, not
// signals, because every signal of a QDBusAbstractAdaptor becomes a D-Bus signal of its interface.

#include <QDBusAbstractAdaptor>
#include <QDBusObjectPath>
#include <QStringList>
#include <QVariantMap>
#include <functional>

namespace audin::desktop::mpris {

inline constexpr char ObjectPath[] = "/org/mpris/MediaPlayer2";
inline constexpr char RootInterface[] = "org.mpris.MediaPlayer2";
inline constexpr char PlayerInterface[] = "org.mpris.MediaPlayer2.Player";

/** org.mpris.MediaPlayer2: who we are. */
class RootAdaptor : public QDBusAbstractAdaptor
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.mpris.MediaPlayer2")
    Q_PROPERTY(bool CanQuit READ canQuit)
    Q_PROPERTY(bool CanRaise READ canRaise)
    Q_PROPERTY(bool HasTrackList READ hasTrackList)
    Q_PROPERTY(QString Identity READ identity)
    Q_PROPERTY(QString DesktopEntry READ desktopEntry)
    Q_PROPERTY(QStringList SupportedUriSchemes READ supportedUriSchemes)
    Q_PROPERTY(QStringList SupportedMimeTypes READ supportedMimeTypes)

public:
    RootAdaptor(QObject *object, std::function<void()> raise);

    bool canQuit() const { return false; }
    bool canRaise() const { return true; }
    bool hasTrackList() const { return false; }
    // The product name, not translated: desktops show it next to the application's icon.
    QString identity() const { return QStringLiteral("Audin Softphone"); }
    // packaging/linux/ai.audin.Softphone.desktop without ".desktop", as the specification asks.
    QString desktopEntry() const { return QStringLiteral("ai.audin.Softphone"); }
    QStringList supportedUriSchemes() const { return {}; }
    QStringList supportedMimeTypes() const { return {}; }

public slots:
    void Raise();
    // Quitting the softphone from a media applet would drop the call; CanQuit says so.
    void Quit() { }

private:
    std::function<void()> m_raise;
};

/** org.mpris.MediaPlayer2.Player: the call as a track that plays while it is talked on. */
class PlayerAdaptor : public QDBusAbstractAdaptor
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.mpris.MediaPlayer2.Player")
    Q_PROPERTY(QString PlaybackStatus READ playbackStatus)
    Q_PROPERTY(QVariantMap Metadata READ metadata)
    Q_PROPERTY(double Rate READ rate WRITE setRate)
    Q_PROPERTY(double MinimumRate READ rate)
    Q_PROPERTY(double MaximumRate READ rate)
    Q_PROPERTY(double Volume READ volume WRITE setVolume)
    Q_PROPERTY(qlonglong Position READ position)
    Q_PROPERTY(bool CanGoNext READ canGoNext)
    Q_PROPERTY(bool CanGoPrevious READ canGoPrevious)
    Q_PROPERTY(bool CanPlay READ canPlay)
    Q_PROPERTY(bool CanPause READ canPause)
    Q_PROPERTY(bool CanSeek READ canSeek)
    Q_PROPERTY(bool CanControl READ canControl)

public:
    struct Actions
    {
        std::function<void()> play;
        std::function<void()> pause;
        std::function<void()> playPause;
        std::function<void()> stop;
    };

    PlayerAdaptor(QObject *object, Actions actions);

    QString playbackStatus() const { return m_playbackStatus; }
    QVariantMap metadata() const { return m_metadata; }
    void setState(const QString &playbackStatus, const QVariantMap &metadata);

    double rate() const { return 1.0; }
    // A call has no playback rate or volume of its own; writes are accepted and change nothing.
    void setRate(double) { }
    double volume() const { return 1.0; }
    void setVolume(double) { }
    qlonglong position() const { return 0; }
    bool canGoNext() const { return false; }
    bool canGoPrevious() const { return false; }
    bool canPlay() const { return true; }
    bool canPause() const { return true; }
    bool canSeek() const { return false; }
    bool canControl() const { return true; }

public slots:
    void Play();
    void Pause();
    void PlayPause();
    void Stop();
    void Next() { }
    void Previous() { }
    void Seek(qlonglong) { }
    void SetPosition(const QDBusObjectPath &, qlonglong) { }
    void OpenUri(const QString &) { }

signals:
    // Part of the interface; never sent, since nothing seeks in a call.
    void Seeked(qlonglong position);

private:
    Actions m_actions;
    QString m_playbackStatus = QStringLiteral("Stopped");
    QVariantMap m_metadata;
};

} // namespace audin::desktop::mpris
