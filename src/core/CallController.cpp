// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallController.h"

#include "CallMedia.h"
#include "PhoneNumber.h"

namespace audin {

CallController::CallController(CallHost *host, const Offer &offer, const QDateTime &now, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_callSid(offer.callSid)
    , m_direction(CallDirection::Inbound)
    , m_from(offer.from)
    , m_to(offer.to)
    , m_phoneNumberId(offer.phoneNumberId)
    , m_state(CallState::Ringing)
    , m_ringTimeoutMs(offer.ringTimeoutMs)
    , m_createdAt(now)
{
}

CallController::CallController(CallHost *host, const QString &to, const QString &callerId, const QDateTime &now,
                               QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_direction(CallDirection::Outbound)
    , m_from(callerId)
    , m_to(to)
    , m_state(CallState::Connecting)
    , m_createdAt(now)
{
}

CallController::~CallController() = default;

void CallController::setSetupTimeouts(int setupMs, int answerMs)
{
    m_setupTimeoutMs = setupMs;
    m_answerTimeoutMs = answerMs;
    m_setupTimer.setSingleShot(true);
    disconnect(&m_setupTimer, nullptr, this, nullptr);
    connect(&m_setupTimer, &QTimer::timeout, this, &CallController::onSetupTimeout);
    if (m_direction == CallDirection::Outbound && m_state == CallState::Connecting && !m_assigned)
        armSetupTimer(m_setupTimeoutMs);
}

void CallController::armSetupTimer(int ms)
{
    if (ms > 0)
        m_setupTimer.start(ms);
    else
        m_setupTimer.stop();
}

void CallController::onSetupTimeout()
{
    if (m_state != CallState::Connecting)
        return;
    m_setupTimedOut = true;
    const QString message = m_assigned
        ? (m_direction == CallDirection::Outbound
               ? tr("The call was not answered within %1 s; it was ended.").arg(m_answerTimeoutMs / 1000)
               : tr("The call was not connected within %1 s; it was ended.").arg(m_setupTimeoutMs / 1000))
        : tr("The service did not set up the call within %1 s; it was ended.").arg(m_setupTimeoutMs / 1000);
    m_host->callError(this, OperatorError {QString::fromLatin1(ErrorCode::ServerError), message, QJsonValue()});
    if (m_media)
        m_media->hangup(); // the service learns the call is over (end() then closes the channel)
    end(CallEndReason::Failed, m_host->now());
}

void CallController::accept()
{
    if (m_state != CallState::Ringing || m_direction != CallDirection::Inbound)
        return;
    if (!m_host->sendAccept(this))
        return; // the host reported why
    setState(CallState::Connecting);
    armSetupTimer(m_setupTimeoutMs);
    m_host->callDidStart(this);
}

void CallController::reject()
{
    if (m_state != CallState::Ringing)
        return;
    m_host->sendReject(this); // ends locally either way: the operator declined
    end(CallEndReason::Rejected, m_host->now());
}

void CallController::mute(bool on)
{
    if (m_state == CallState::Ended || m_muted == on)
        return;
    m_muted = on;
    if (m_media)
        m_media->setMuted(on);
    emit mutedChanged(on);
}

void CallController::sendDtmf(const QString &digit)
{
    if (!isValidDtmfDigit(digit)) {
        m_host->callError(this,
                          OperatorError {QString::fromLatin1(ErrorCode::InvalidDtmf),
                                         QStringLiteral("\"%1\" is not a DTMF digit (0-9, *, #)").arg(digit.left(8)),
                                         QJsonValue()});
        return;
    }
    if (m_state != CallState::Active || !m_media)
        return; // tones only make sense on a connected call
    m_media->sendDtmf(digit, DtmfDurationMs);
    emit dtmfSent(digit);
}

void CallController::hangup()
{
    switch (m_state) {
    case CallState::Ringing:
        reject();
        return;
    case CallState::Connecting:
    case CallState::Active:
        if (m_media) {
            m_media->hangup(); // the service answers `ended` (hangup); the channel ends the call
            return;
        }
        end(CallEndReason::Hangup, m_host->now());
        return;
    case CallState::Ended:
        return;
    }
}

void CallController::setCallSid(const QString &callSid)
{
    if (m_callSid == callSid)
        return;
    m_callSid = callSid;
    emit callSidChanged(callSid);
}

void CallController::markAssigned()
{
    if (m_assigned || m_state == CallState::Ended)
        return;
    m_assigned = true;
    armSetupTimer(m_direction == CallDirection::Outbound ? m_answerTimeoutMs : m_setupTimeoutMs);
    // The media first: an observer of `assigned` that hangs up at once must reach the call channel.
    m_media = m_host->createMedia(this);
    if (m_media)
        attachMedia();
    emit assigned();
}

void CallController::attachMedia()
{
    connect(m_media, &CallMedia::connected, this, [this] { markActive(m_host->now()); });
    connect(m_media, &CallMedia::ended, this, [this](CallEndReason reason) { end(reason, m_host->now()); });
    connect(m_media, &CallMedia::reconnecting, this, [this] {
        m_reconnecting = true;
        emit reconnecting();
    });
    connect(m_media, &CallMedia::reconnected, this, [this] {
        m_reconnecting = false;
        emit reconnected();
    });
    connect(m_media, &CallMedia::statsUpdated, this, [this](const CallStats &stats) {
        m_stats = stats;
        emit statsUpdated(stats);
    });
    connect(m_media, &CallMedia::qualityWarning, this, &CallController::qualityWarning);
    connect(m_media, &CallMedia::error, this, [this](const OperatorError &e) { m_host->callError(this, e); });
    connect(m_media, &CallMedia::audioDevicesChanged, this, [this](const QString &input, const QString &output) {
        m_inputDeviceDescription = input;
        m_outputDeviceDescription = output;
        emit audioDevicesChanged(input, output);
    });
    if (m_muted)
        m_media->setMuted(true);
    if (m_requestedDevices)
        m_media->setAudioDevices(m_requestedDevices->first, m_requestedDevices->second);
    m_media->start();
}

void CallController::setAudioDevices(const QString &input, const QString &output)
{
    if (m_state == CallState::Ended)
        return;
    m_requestedDevices = std::make_pair(input, output);
    if (m_media)
        m_media->setAudioDevices(input, output);
}

void CallController::markActive(const QDateTime &now)
{
    if (m_state != CallState::Connecting)
        return;
    m_answeredAt = now;
    m_setupTimer.stop();
    setState(CallState::Active);
}

void CallController::end(CallEndReason reason, const QDateTime &now)
{
    if (m_state == CallState::Ended)
        return;
    m_endReason = reason;
    m_endedAt = now;
    m_setupTimer.stop();
    if (m_media)
        m_media->stop();
    setState(CallState::Ended);
    emit ended(reason);
    m_host->callDidEnd(this);
}

void CallController::setState(CallState state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace audin
