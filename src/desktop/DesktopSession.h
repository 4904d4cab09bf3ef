// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioBackend.h"
#include "OperatorService.h"
#include "SignInCheck.h"
#include "Types.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <memory>

namespace audin::media {
class TonePlayer;
}

namespace audin::desktop {

class AppSettings;
class CallHistory;
class HistoryRecorder;
class SecretStore;

/**
 * The desktop softphone's session: one operator signed in to one service. It builds the
 * OperatorService from the settings and the keychain, keeps the operator's availability and
 * number selection across reconnects and restarts, and applies the desktop's call policies (do
 * not disturb, auto-answer, call waiting, ringing, screen pop, history). Views observe it and call
 * it; they never talk protocol. The OperatorService is rebuilt when the operator signs in again,
 * so views connect to the session's signals, which outlive it.
 */
class DesktopSession : public QObject
{
    Q_OBJECT
public:
    /** What the session uses; all owned by the composition root and outliving the session. */
    struct Dependencies
    {
        AppSettings *settings = nullptr;
        SecretStore *secrets = nullptr;
        CallHistory *history = nullptr; ///< may be closed: calls then go unrecorded
        media::TonePlayer *ringer = nullptr; ///< ringtone on the ringer device; null = silent
        media::TonePlayer *notifier = nullptr; ///< call-waiting tone on the call's output; null = silent
        std::vector<int16_t> ringtone; ///< 48 kHz mono
        std::vector<int16_t> callWaitingTone;
        /** Opens the screen-pop URL in the browser; null = no screen pop. */
        std::function<void(const QUrl &)> openUrl;
        /** Adjusts the SDK's configuration before each OperatorService is built (tests, demos). */
        std::function<void(OperatorConfig &)> configure;
        /**
         * Credentials from the environment (kiosks, the demo): when set, the sign-in settings and the
         * keychain are not used and signing in again is not offered.
         */
        QString environmentCoreUrl;
        std::shared_ptr<TokenSource> environmentTokenSource;
    };

    struct DialResult
    {
        QPointer<CallController> call; ///< null when nothing was dialled
        QString error; ///< why not, for the dialpad (translated)
    };

    explicit DesktopSession(Dependencies dependencies, QObject *parent = nullptr);
    ~DesktopSession() override;

    /** Reads the credentials (the operator key from the keychain) and connects; or asks to sign in. */
    void start();
    /** A successful sign-in check: the key goes to the keychain, the rest to the settings; reconnects. */
    void applySignIn(const SignInSettings &settings, const QList<OperatorPhoneNumber> &numbers);
    /** Disconnects and forgets the operator key. Other settings stay. */
    void signOut();
    /**
     * A sign-in check is about to connect as (probably) the same operator, which would replace
     * this session (4009): step aside until it succeeds (applySignIn) or is abandoned (resume).
     */
    void pauseForSignIn();
    void resumeAfterSignIn();
    bool usesEnvironmentCredentials() const { return bool(m_deps.environmentTokenSource); }
    /** The sign-in settings currently in use (the operator key is not included). */
    SignInSettings signInSettings() const;

    OperatorService *service() const { return m_service.get(); }
    PresenceState presenceState() const;
    /** Milliseconds until the next reconnect attempt while reconnecting, else -1. */
    qint64 msUntilReconnect() const;

    /** The operator's numbers: live from the service, or as last seen while not connected. */
    QList<OperatorPhoneNumber> phoneNumbers() const { return m_numbers; }
    QStringList selectedNumberIds() const;
    /** Saved at once; sent to the service at once if the operator is taking calls. */
    void setSelectedNumberIds(const QStringList &ids);
    /** Take calls on the selected numbers (connects first when needed). */
    void goOnline();
    /** Stop taking calls. The connection stays, so the operator can still dial out. */
    void goOffline();
    /** The operator asked to take calls (remembered across restarts). */
    bool isTakingCalls() const { return m_takingCalls; }
    Availability availability() const { return m_availability; }

    /** Normalises `text` (any common format), checks the caller ID, and dials. */
    DialResult dial(const QString &text, const QString &callerId);
    /** Answers an offer; a call already in progress is hung up first (PROTOCOL.md has no hold). */
    void answer(CallController *call);
    void decline(CallController *call);
    /** The call being set up or talked on, if any. */
    CallController *currentCall() const { return m_currentCall; }
    /** The offers ringing now, oldest first. */
    QList<CallController *> ringingCalls() const;
    /** The newest offer still ringing, or null. */
    CallController *newestRinging() const;

    /**
     * The call actions a key or a button can trigger from anywhere (the popup, the ringing strip, a
     * system-wide shortcut, a headset through MPRIS). Each acts on the newest ringing offer or the
     * current call and does nothing (returns false) when there is nothing to act on.
     */
    bool answerNewest();
    bool declineNewest();
    bool hangUpCurrent();
    /** Mutes or unmutes the current call. */
    bool toggleMute();
    /** A headset's single call button: answers when an offer rings, else hangs up the current call. */
    bool answerOrHangUp();
    /** Stops the ring (or the call-waiting tone) for the offers ringing now; they keep ringing on screen. */
    void silenceRinger();
    /** The ring was silenced and no new offer has arrived since. */
    bool isRingerSilenced() const { return m_ringerSilenced; }

    bool doNotDisturb() const;
    void setDoNotDisturb(bool on);
    /** Applies the audio settings (devices, processing) to future calls and to the call in progress. */
    void applyAudioSettings();

    /** "Support (+1 555-123-0001)", or the number alone when it has no name: how a line is shown. */
    static QString lineLabel(const OperatorPhoneNumber &number);
    /**
     * The line of a call as shown: the number called (inbound) or the caller ID used (outbound), with
     * its name when it is one of the operator's numbers.
     */
    QString lineLabel(const CallController *call) const;
    /** The short name of one of the operator's lines ("Support", else its number); empty if not theirs. */
    QString lineName(const QString &phoneNumberId) const;

    /** The region used for national numbers: the setting, else the caller ID's, else the locale's. */
    QString dialRegion(const QString &callerId) const;

signals:
    void signInRequired(const QString &reason);
    void presenceStateChanged(audin::PresenceState state);
    void reconnectScheduled(int delayMs);
    void phoneNumbersChanged(const QList<audin::OperatorPhoneNumber> &numbers);
    void availabilityChanged(const audin::Availability &availability);
    void takingCallsChanged(bool takingCalls);
    /** An offer the operator should see (not while do not disturb). `whileInCall`: call waiting. */
    void incomingCall(audin::CallController *call, bool whileInCall);
    void currentCallChanged(audin::CallController *call);
    /** The set of ringing offers changed (one arrived, was answered, declined, taken or ended). */
    void ringingChanged();
    void ringerSilencedChanged(bool silenced);
    void callEnded(audin::CallController *call, bool missed);
    void doNotDisturbChanged(bool on);
    /** An error or notice for the banner, already in words the operator can act on. */
    void errorMessage(const QString &text, int severity, const QString &key);
    /** The error `key` no longer applies (e.g. connected again). */
    void errorCleared(const QString &key);

private:
    void buildService(const QString &coreUrl, std::shared_ptr<TokenSource> tokenSource);
    void connectFromSettings();
    void onPresenceState(PresenceState state);
    void onIncomingCall(CallController *call);
    void onCallStarted(CallController *call);
    void onCallEnded(CallController *call);
    void trackCall(CallController *call);
    void updateCurrentCall();
    void updateRinging();
    void updateTone();
    void screenPop(CallController *call);
    void scheduleAutoAnswer(CallController *call);
    void declineByPolicy(CallController *call);
    void setNumbers(const QList<OperatorPhoneNumber> &numbers);
    void setTakingCalls(bool on);
    AudioConstraints audioConstraints() const;

    Dependencies m_deps;
    std::unique_ptr<OperatorService> m_service;
    std::unique_ptr<HistoryRecorder> m_recorder;
    QString m_operatorKey; // kept in memory only when the keychain could not store it
    bool m_pausedForSignIn = false;
    QList<OperatorPhoneNumber> m_numbers;
    Availability m_availability;
    bool m_takingCalls = false;
    QPointer<CallController> m_currentCall;
    QSet<CallController *> m_tracked; // calls whose state changes we follow (removed when destroyed)
    QSet<CallController *> m_declinedByPolicy; // declined for do not disturb: missed, without a notice
    QList<CallController *> m_ringing; // as last announced by ringingChanged()
    bool m_ringerSilenced = false;
    enum class Tone
    {
        None,
        Ring,
        Waiting
    } m_tone
        = Tone::None;
};

} // namespace audin::desktop
