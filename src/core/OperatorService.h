// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CallChannel.h"
#include "CallController.h"
#include "CoreUrl.h"
#include "OperatorConfig.h"
#include "Types.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace audin {

class PresenceConnection;

/**
 * The operator's presence (SDK `AudinOperator`): one long-lived connection for
 * authentication, heartbeat, availability, incoming offers and dialling (PROTOCOL.md 3).
 * Construct one per operator session and pass it to whoever needs it.
 */
class OperatorService : public QObject, private CallHost
{
    Q_OBJECT
    Q_PROPERTY(audin::PresenceState presenceState READ presenceState NOTIFY presenceStateChanged)

public:
    struct NumbersResult
    {
        std::optional<QList<OperatorPhoneNumber>> numbers;
        OperatorError error;
        bool ok() const { return numbers.has_value(); }
    };
    using NumbersCallback = std::function<void(const NumbersResult &)>;

    explicit OperatorService(OperatorConfig config, QObject *parent = nullptr);
    ~OperatorService() override;

    /** Opens the presence channel. False (and INVALID_CORE_URL on `error`) for a bad coreUrl. */
    bool connectToService();
    /** Closes with 1000 and stays offline; ringing calls end `offline`. */
    void disconnectFromService();

    PresenceState presenceState() const;
    /** Milliseconds until the next reconnect attempt while `reconnecting`, else -1. */
    qint64 msUntilReconnect() const;
    std::optional<CoreUrl> coreUrl() const { return m_coreUrl; }
    const OperatorConfig &config() const { return m_config; }
    /**
     * Processing toggles and devices for calls assigned from now on, whose audio starts afterwards
     * (a call already talking keeps its own; move it with CallController::setAudioDevices()).
     */
    void setAudioConstraints(const AudioConstraints &constraints);
    AudioConstraints audioConstraints() const { return m_config.audioConstraints; }

    /** Asks the service for the operator's numbers; `done` runs once (unless `context` dies first). */
    void listPhoneNumbers(QObject *context, NumbersCallback done);
    /** The numbers from the last successful list_numbers. */
    QList<OperatorPhoneNumber> phoneNumbers() const { return m_numbers; }

    /** Go online on these numbers; remembered and re-sent after every reconnect. */
    void goOnline(const QStringList &phoneNumberIds);
    /** Offline on every number (`go_online` with an empty set); the connection stays up. */
    void goOffline();
    /** The last set asked for, if any. */
    std::optional<QStringList> requestedNumberIds() const { return m_requestedIds; }
    Availability availability() const { return m_availability; }

    /**
     * Dial `to` with one of the operator's numbers as caller ID. Always returns a call (owned by
     * this service); it ends `failed` with INVALID_NUMBER / INVALID_CALLER_ID before anything is
     * sent when validation fails, or with the service's error code when the dial is refused.
     */
    CallController *dial(const QString &to, const QString &callerId);

    /** Calls not yet ended. */
    QList<CallController *> activeCalls() const;
    /**
     * Calls the service may still hold: calls not yet ended, calls hung up before their assignment
     * arrived (until it does, or the service cancels them), and those whose channel is telling the
     * service they are over. An application about to exit waits (bounded) for 0 before
     * disconnecting, or the service keeps such a call for an operator who is gone.
     */
    int unsettledCalls() const;
    CallController *findCall(const QString &callSid) const;

signals:
    void presenceStateChanged(audin::PresenceState state);
    void availabilityChanged(const audin::Availability &availability);
    void phoneNumbersChanged(const QList<audin::OperatorPhoneNumber> &numbers);
    void incomingCall(audin::CallController *call);
    void callStarted(audin::CallController *call);
    void callEnded(audin::CallController *call);
    void error(const audin::OperatorError &error);
    /** A reconnect attempt is scheduled in `delayMs` (for countdowns). */
    void reconnectScheduled(int delayMs);
    /**
     * The service closed the presence channel with `code` (PROTOCOL.md 3.7), e.g. 4001 for a
     * refused token even before the third failure that raises AUTH_FAILED, or 4003 for a disabled operator.
     */
    void closedByService(int code, const QString &reason);

private:
    // fuzz/FuzzPresenceMessage reaches the presence connection to feed it frames.
    friend struct WireFuzzAccess;

    struct PendingDial
    {
        QPointer<CallController> call;
    };

    // CallHost
    bool sendAccept(CallController *call) override;
    bool sendReject(CallController *call) override;
    void callDidStart(CallController *call) override;
    void callDidEnd(CallController *call) override;
    void callError(CallController *call, const OperatorError &error) override;
    CallMedia *createMedia(CallController *call) override;

    void onReady();
    void onConnectionLost();
    void onMessage(const QJsonObject &message);
    void onNumbers(const QJsonObject &message);
    void onAvailability(const QJsonObject &message);
    void onCallOffer(const QJsonObject &message);
    void onCallAssigned(const QJsonObject &message);
    void onCallCancelled(const QJsonObject &message);
    void onDialAccepted(const QJsonObject &message);
    void onErrorReply(const QJsonObject &message);
    void sendListNumbers();
    void sendGoOnline();
    void startDial(CallController *call);
    void failPendingRequests(const OperatorError &error);
    void failCall(CallController *call, const OperatorError &error);
    void adoptCall(CallController *call);
    /** A message named a callSid the client cannot use (protocol::isValidCallSid): say so, ignore it. */
    void reportBadCallSid(const QString &messageType, const QString &callSid);
    void indexCallSid(CallController *call);
    /** The operator hung up before the assignment arrived: end the call on the service too. */
    bool hungUpBeforeAssignment(const CallController *call) const;
    bool isPendingDial(const CallController *call) const;
    void hangUpAssignedCall(const QString &callSid);
    CallChannel::Settings channelSettings(const QString &callSid) const;
    void pruneEndedCalls();
    QDateTime now() const override;
    /** What is wrong with the configured coreUrl, without quoting it (it may hold a password or a key). */
    QString invalidCoreUrlMessage() const;

    OperatorConfig m_config;
    Log m_log;
    std::optional<CoreUrl> m_coreUrl;
    CoreUrl::Problem m_coreUrlProblem = CoreUrl::Problem::None;
    std::unique_ptr<PresenceConnection> m_connection;

    QList<OperatorPhoneNumber> m_numbers;
    bool m_numbersKnown = false;
    std::optional<QStringList> m_requestedIds;
    Availability m_availability;

    QList<QPair<QPointer<QObject>, NumbersCallback>> m_numbersWaiters;
    QString m_listNumbersRequestId;
    QString m_goOnlineRequestId;
    QHash<QString, PendingDial> m_pendingDials; // request id → call
    QList<QPointer<CallController>> m_dialsWaitingForNumbers;
    // Live calls by adoption order, the newest call per callSid, and the few kept after they ended:
    // every lookup is O(1) or O(log n), so a flood of offers costs linear time.
    std::map<quint64, QPointer<CallController>> m_liveCalls;
    QHash<const CallController *, quint64> m_liveOrder;
    quint64 m_nextCallOrder = 0;
    QHash<QString, QPointer<CallController>> m_callsBySid;
    QList<QPointer<CallController>> m_endedCalls; // oldest first, at most keptEndedCalls
    QSet<const CallController *> m_ringing;
    bool m_ringingCapReported = false;
    QList<QPointer<CallController>> m_awaitingAssignment; // hung up before call_assigned / dial_accepted
    QList<QPointer<CallChannel>> m_serviceHangups; // channels opened only to say `hangup`
};

} // namespace audin
