// SPDX-License-Identifier: GPL-3.0-or-later
#include "DesktopSession.h"

#include "AppSettings.h"
#include "CallHistory.h"
#include "ErrorText.h"
#include "HistoryRecorder.h"
#include "PhoneNumber.h"
#include "PhoneNumberInput.h"
#include "ScreenPop.h"
#include "SecretStore.h"
#include "TonePlayer.h"

#include <algorithm>

namespace audin::desktop {

DesktopSession::DesktopSession(Dependencies dependencies, QObject *parent)
    : QObject(parent)
    , m_deps(std::move(dependencies))
{
    Q_ASSERT(m_deps.settings);
    m_takingCalls = m_deps.settings->takingCalls();
}

DesktopSession::~DesktopSession()
{
    if (m_deps.ringer)
        m_deps.ringer->stop();
    if (m_deps.notifier)
        m_deps.notifier->stop();
    m_recorder.reset();
    m_service.reset();
}

void DesktopSession::start()
{
    if (m_deps.environmentTokenSource) {
        buildService(m_deps.environmentCoreUrl, m_deps.environmentTokenSource);
        return;
    }
    if (m_deps.settings->needsSignIn()) {
        emit signInRequired(tr("Sign in to start taking calls."));
        return;
    }
    connectFromSettings();
}

SignInSettings DesktopSession::signInSettings() const
{
    SignInSettings s;
    s.serviceUrl = m_deps.settings->serviceUrl();
    s.mode = m_deps.settings->tokenMode();
    s.endpointUrl = m_deps.settings->tokenEndpointUrl();
    s.command = m_deps.settings->tokenCommand();
    return s;
}

void DesktopSession::connectFromSettings()
{
    SignInSettings s = signInSettings();
    if (s.mode == AppSettings::TokenMode::Command) {
        buildService(s.serviceUrl, SignInCheck::makeTokenSource(s));
        return;
    }
    if (!m_operatorKey.isEmpty()) {
        s.operatorKey = m_operatorKey;
        buildService(s.serviceUrl, SignInCheck::makeTokenSource(s));
        return;
    }
    if (!m_deps.secrets) {
        emit signInRequired(tr("Enter your operator key to sign in."));
        return;
    }
    m_deps.secrets->read(QString::fromLatin1(SecretKey::OperatorKey), this,
                         [this, s](std::optional<QString> key, const QString &error) mutable {
                             if (!error.isEmpty()) {
                                 emit signInRequired(
                                     tr("Your operator key could not be read from the system keychain (%1). Enter "
                                        "it again to sign in.")
                                         .arg(error));
                                 return;
                             }
                             if (!key || key->isEmpty()) {
                                 emit signInRequired(tr("Enter your operator key to sign in."));
                                 return;
                             }
                             s.operatorKey = *key;
                             buildService(s.serviceUrl, SignInCheck::makeTokenSource(s));
                         });
}

void DesktopSession::applySignIn(const SignInSettings &settings, const QList<OperatorPhoneNumber> &numbers)
{
    AppSettings *app = m_deps.settings;
    app->setServiceUrl(settings.serviceUrl);
    app->setTokenMode(settings.mode);
    app->setTokenEndpointUrl(settings.endpointUrl);
    app->setTokenCommand(settings.command);
    app->sync();
    m_operatorKey.clear();
    if (settings.mode == AppSettings::TokenMode::Endpoint) {
        // Kept in memory until the keychain confirms, so a keychain failure costs only a retype at the next start.
        m_operatorKey = settings.operatorKey;
        if (m_deps.secrets) {
            m_deps.secrets->write(QString::fromLatin1(SecretKey::OperatorKey), settings.operatorKey, this,
                                  [this](const QString &error) {
                                      if (error.isEmpty()) {
                                          m_operatorKey.clear();
                                          return;
                                      }
                                      emit errorMessage(tr("Your operator key could not be saved in the system "
                                                           "keychain (%1): you will be asked for it at the next start.")
                                                            .arg(error),
                                                        int(HumanError::Severity::Warning), QStringLiteral("keychain"));
                                  });
        }
    }
    setNumbers(numbers);
    buildService(settings.serviceUrl, SignInCheck::makeTokenSource(settings));
}

void DesktopSession::signOut()
{
    const SignInSettings s = signInSettings();
    if (s.mode == AppSettings::TokenMode::Endpoint && m_deps.secrets)
        m_deps.secrets->remove(QString::fromLatin1(SecretKey::OperatorKey), this, [](const QString &) {});
    m_operatorKey.clear();
    m_recorder.reset();
    if (m_service)
        m_service->disconnectFromService();
    m_service.reset();
    updateCurrentCall();
    updateRinging();
    emit presenceStateChanged(PresenceState::Offline);
    emit signInRequired(tr("You signed out."));
}

void DesktopSession::pauseForSignIn()
{
    if (!m_service || m_service->presenceState() == PresenceState::Offline)
        return;
    m_pausedForSignIn = true;
    m_service->disconnectFromService();
}

void DesktopSession::resumeAfterSignIn()
{
    if (!m_pausedForSignIn)
        return;
    m_pausedForSignIn = false;
    if (m_service)
        m_service->connectToService();
}

void DesktopSession::buildService(const QString &coreUrl, std::shared_ptr<TokenSource> tokenSource)
{
    m_pausedForSignIn = false;
    m_recorder.reset();
    m_service.reset();
    m_availability = {};
    OperatorConfig config;
    config.coreUrl = coreUrl;
    config.tokenSource = std::move(tokenSource);
    config.audioConstraints = audioConstraints();
    if (m_deps.configure)
        m_deps.configure(config);
    m_service = std::make_unique<OperatorService>(config);
    OperatorService *service = m_service.get();
    if (m_deps.history && m_deps.history->isOpen())
        m_recorder = std::make_unique<HistoryRecorder>(service, m_deps.history);

    connect(service, &OperatorService::presenceStateChanged, this, &DesktopSession::onPresenceState);
    connect(service, &OperatorService::reconnectScheduled, this, &DesktopSession::reconnectScheduled);
    connect(service, &OperatorService::phoneNumbersChanged, this, &DesktopSession::setNumbers);
    connect(service, &OperatorService::availabilityChanged, this, [this](const Availability &availability) {
        m_availability = availability;
        emit availabilityChanged(availability);
    });
    connect(service, &OperatorService::incomingCall, this, &DesktopSession::onIncomingCall);
    connect(service, &OperatorService::callStarted, this, &DesktopSession::onCallStarted);
    connect(service, &OperatorService::callEnded, this, &DesktopSession::onCallEnded);
    connect(service, &OperatorService::error, this, [this](const OperatorError &error) {
        // Signed in on another desk, or switched off by an administrator: this desk stops taking
        // calls, and a restart here must not take the session back by itself.
        if (error.code == QLatin1String(ErrorCode::SessionReplaced)
            || error.code == QLatin1String(ErrorCode::Forbidden))
            setTakingCalls(false);
        const HumanError human = ErrorText::describe(error);
        emit errorMessage(human.text, int(human.severity), human.key);
    });

    if (m_takingCalls && !selectedNumberIds().isEmpty())
        service->goOnline(selectedNumberIds()); // sent once the connection is ready
    if (!service->connectToService())
        emit signInRequired(tr("The service address is not valid. Check it and sign in again."));
}

PresenceState DesktopSession::presenceState() const
{
    return m_service ? m_service->presenceState() : PresenceState::Offline;
}

qint64 DesktopSession::msUntilReconnect() const
{
    return m_service ? m_service->msUntilReconnect() : -1;
}

void DesktopSession::onPresenceState(PresenceState state)
{
    if (state == PresenceState::Online) {
        emit errorCleared(QStringLiteral("connection"));
        m_service->listPhoneNumbers(this, [this](const OperatorService::NumbersResult &result) {
            if (result.ok())
                setNumbers(*result.numbers);
        });
    }
    emit presenceStateChanged(state);
}

void DesktopSession::setNumbers(const QList<OperatorPhoneNumber> &numbers)
{
    if (numbers == m_numbers)
        return;
    m_numbers = numbers;
    emit phoneNumbersChanged(m_numbers);
}

QStringList DesktopSession::selectedNumberIds() const
{
    return m_deps.settings->selectedNumberIds();
}

void DesktopSession::setSelectedNumberIds(const QStringList &ids)
{
    m_deps.settings->setSelectedNumberIds(ids);
    if (!m_takingCalls || !m_service)
        return;
    if (ids.isEmpty())
        goOffline();
    else
        m_service->goOnline(ids);
}

void DesktopSession::setTakingCalls(bool on)
{
    if (m_takingCalls == on)
        return;
    m_takingCalls = on;
    m_deps.settings->setTakingCalls(on);
    emit takingCallsChanged(on);
}

void DesktopSession::goOnline()
{
    const QStringList ids = selectedNumberIds();
    if (ids.isEmpty()) {
        emit errorMessage(tr("Tick at least one of your numbers to take calls on."), int(HumanError::Severity::Warning),
                          QStringLiteral("availability"));
        return;
    }
    emit errorCleared(QStringLiteral("availability"));
    setTakingCalls(true);
    if (!m_service) {
        start();
        return;
    }
    m_service->goOnline(ids);
    if (m_service->presenceState() == PresenceState::Offline)
        m_service->connectToService(); // e.g. after another device took the session over
}

void DesktopSession::goOffline()
{
    setTakingCalls(false);
    if (m_service)
        m_service->goOffline();
}

QString DesktopSession::dialRegion(const QString &callerId) const
{
    const QString configured = m_deps.settings->defaultRegion();
    if (!configured.isEmpty())
        return configured;
    const QString fromCallerId = PhoneNumberInput::regionForNumber(callerId);
    if (!fromCallerId.isEmpty())
        return fromCallerId;
    return PhoneNumberInput::defaultRegionFromLocale();
}

DesktopSession::DialResult DesktopSession::dial(const QString &text, const QString &callerId)
{
    DialResult result;
    if (!m_service || m_service->presenceState() != PresenceState::Online) {
        result.error = tr("You are not connected to the service, so calls cannot be made right now.");
        return result;
    }
    if (m_currentCall) {
        result.error = tr("Finish the current call first.");
        return result;
    }
    const NormalizedNumber number = PhoneNumberInput::normalize(text, dialRegion(callerId));
    if (!number.e164) {
        result.error = number.error;
        return result;
    }
    const bool ours = std::any_of(m_numbers.cbegin(), m_numbers.cend(), [&](const OperatorPhoneNumber &n) {
        return normaliseE164(n.phoneNumber) == normaliseE164(callerId);
    });
    if (!ours) {
        result.error = tr("Choose one of your own numbers as the caller ID.");
        return result;
    }
    m_deps.settings->setLastCallerId(callerId);
    result.call = m_service->dial(*number.e164, callerId);
    trackCall(result.call);
    updateCurrentCall();
    return result;
}

void DesktopSession::answer(CallController *call)
{
    if (!call || call->state() != CallState::Ringing)
        return;
    if (m_currentCall && m_currentCall != call)
        m_currentCall->hangup();
    call->accept();
}

void DesktopSession::decline(CallController *call)
{
    if (call)
        call->reject();
}

QList<CallController *> DesktopSession::ringingCalls() const
{
    QList<CallController *> out;
    if (!m_service)
        return out;
    const QList<CallController *> calls = m_service->activeCalls();
    for (CallController *call : calls) {
        if (call->state() == CallState::Ringing)
            out << call;
    }
    return out;
}

bool DesktopSession::doNotDisturb() const
{
    return m_deps.settings->doNotDisturb();
}

void DesktopSession::setDoNotDisturb(bool on)
{
    if (on == doNotDisturb())
        return;
    m_deps.settings->setDoNotDisturb(on);
    emit doNotDisturbChanged(on);
    if (on) {
        // Offers already ringing go to colleagues too.
        const QList<CallController *> ringing = ringingCalls();
        for (CallController *call : ringing)
            declineByPolicy(call);
    }
    updateRinging();
}

AudioConstraints DesktopSession::audioConstraints() const
{
    const AppSettings *s = m_deps.settings;
    AudioConstraints c;
    c.echoCancellation = s->echoCancellation();
    c.noiseSuppression = s->noiseSuppression();
    c.autoGainControl = s->autoGainControl();
    c.inputDevice = s->inputDevice();
    c.outputDevice = s->outputDevice();
    c.ringerDevice = s->ringerDevice();
    return c;
}

void DesktopSession::applyAudioSettings()
{
    if (m_service)
        m_service->setAudioConstraints(audioConstraints());
    if (m_currentCall)
        m_currentCall->setAudioDevices(m_deps.settings->inputDevice(), m_deps.settings->outputDevice());
    if (m_tone == Tone::Ring && m_deps.ringer)
        m_deps.ringer->setVolume(m_deps.settings->ringerVolume() / 100.0);
}

QString DesktopSession::lineLabel(const OperatorPhoneNumber &number)
{
    const QString shown = PhoneNumberInput::formatForDisplay(number.phoneNumber);
    return number.displayName.isEmpty() ? shown : QStringLiteral("%1 (%2)").arg(number.displayName, shown);
}

QString DesktopSession::lineLabel(const CallController *call) const
{
    const bool inbound = call->direction() == CallDirection::Inbound;
    for (const OperatorPhoneNumber &number : m_numbers) {
        if (inbound ? number.id == call->phoneNumberId()
                    : normaliseE164(number.phoneNumber) == normaliseE164(call->from()))
            return lineLabel(number);
    }
    return PhoneNumberInput::formatForDisplay(inbound ? call->to() : call->from());
}

QString DesktopSession::lineName(const QString &phoneNumberId) const
{
    for (const OperatorPhoneNumber &number : m_numbers) {
        if (number.id == phoneNumberId)
            return number.displayName.isEmpty() ? PhoneNumberInput::formatForDisplay(number.phoneNumber)
                                                : number.displayName;
    }
    return {};
}

void DesktopSession::onIncomingCall(CallController *call)
{
    trackCall(call);
    if (doNotDisturb()) {
        declineByPolicy(call);
        return;
    }
    const bool whileInCall = m_currentCall != nullptr;
    emit incomingCall(call, whileInCall);
    if (!whileInCall)
        scheduleAutoAnswer(call);
    updateRinging();
}

void DesktopSession::declineByPolicy(CallController *call)
{
    // Declined so that colleagues get the call at once; recorded as missed so the operator sees it later.
    m_declinedByPolicy.insert(call);
    if (m_recorder)
        m_recorder->noteDeclinedByPolicy(call, tr("Declined automatically: do not disturb"));
    call->reject();
}

void DesktopSession::scheduleAutoAnswer(CallController *call)
{
    if (!m_deps.settings->autoAnswer())
        return;
    const int delayMs = m_deps.settings->autoAnswerDelayS() * 1000;
    QTimer::singleShot(delayMs, call, [this, call] {
        if (call->state() == CallState::Ringing && !m_currentCall && !doNotDisturb())
            answer(call);
    });
}

void DesktopSession::onCallStarted(CallController *call)
{
    trackCall(call);
    updateCurrentCall();
}

void DesktopSession::trackCall(CallController *call)
{
    if (!call || m_tracked.contains(call))
        return;
    m_tracked.insert(call);
    connect(call, &QObject::destroyed, this, [this, call] {
        m_tracked.remove(call);
        m_declinedByPolicy.remove(call);
    });
    connect(call, &CallController::stateChanged, this, [this, call](CallState state) {
        if (state == CallState::Active && call->direction() == CallDirection::Inbound)
            screenPop(call);
        updateCurrentCall();
        updateRinging();
    });
}

void DesktopSession::onCallEnded(CallController *call)
{
    const bool declinedByPolicy = m_declinedByPolicy.remove(call);
    const bool missed
        = CallHistory::isMissed(call->direction(), call->answeredAt().isValid(), call->endReason(), declinedByPolicy);
    emit callEnded(call, missed);
    updateCurrentCall();
    updateRinging();
}

void DesktopSession::updateCurrentCall()
{
    CallController *current = nullptr;
    if (m_service) {
        if (m_currentCall && m_currentCall->state() != CallState::Ended && m_currentCall->state() != CallState::Ringing)
            current = m_currentCall;
        const QList<CallController *> calls = m_service->activeCalls();
        for (CallController *call : calls) {
            if (!current && (call->state() == CallState::Connecting || call->state() == CallState::Active))
                current = call;
        }
    }
    if (current == m_currentCall)
        return;
    m_currentCall = current;
    if (current)
        current->setAudioDevices(m_deps.settings->inputDevice(), m_deps.settings->outputDevice());
    emit currentCallChanged(current);
}

CallController *DesktopSession::newestRinging() const
{
    const QList<CallController *> ringing = ringingCalls();
    return ringing.isEmpty() ? nullptr : ringing.last();
}

bool DesktopSession::answerNewest()
{
    CallController *call = newestRinging();
    if (!call)
        return false;
    answer(call);
    return true;
}

bool DesktopSession::declineNewest()
{
    CallController *call = newestRinging();
    if (!call)
        return false;
    decline(call);
    return true;
}

bool DesktopSession::hangUpCurrent()
{
    if (!m_currentCall)
        return false;
    m_currentCall->hangup();
    return true;
}

bool DesktopSession::toggleMute()
{
    if (!m_currentCall || m_currentCall->state() != CallState::Active)
        return false;
    m_currentCall->mute(!m_currentCall->muted());
    return true;
}

bool DesktopSession::answerOrHangUp()
{
    return answerNewest() || hangUpCurrent();
}

void DesktopSession::silenceRinger()
{
    if (m_ringing.isEmpty() || m_ringerSilenced)
        return;
    m_ringerSilenced = true;
    updateRinging();
    emit ringerSilencedChanged(true);
}

void DesktopSession::updateRinging()
{
    const QList<CallController *> ringing = doNotDisturb() ? QList<CallController *>() : ringingCalls();
    const bool changed = ringing != m_ringing;
    bool silencedChanged = false;
    if (changed) {
        // A new offer rings again even after the operator silenced the previous one.
        const bool newOffer = std::any_of(ringing.cbegin(), ringing.cend(),
                                          [this](CallController *call) { return !m_ringing.contains(call); });
        if (m_ringerSilenced && (newOffer || ringing.isEmpty())) {
            m_ringerSilenced = false;
            silencedChanged = true;
        }
        m_ringing = ringing;
    }
    updateTone();
    if (silencedChanged)
        emit ringerSilencedChanged(false);
    if (changed)
        emit ringingChanged();
}

void DesktopSession::updateTone()
{
    Tone wanted = Tone::None;
    if (!m_ringing.isEmpty() && !m_ringerSilenced)
        wanted = m_currentCall ? Tone::Waiting : Tone::Ring;
    if (wanted == m_tone)
        return;
    if (m_tone == Tone::Ring && m_deps.ringer)
        m_deps.ringer->stop();
    if (m_tone == Tone::Waiting && m_deps.notifier)
        m_deps.notifier->stop();
    m_tone = wanted;
    const AppSettings *s = m_deps.settings;
    if (wanted == Tone::Ring && m_deps.ringer && !m_deps.ringtone.empty()) {
        const QString device = s->ringerDevice().isEmpty() ? s->outputDevice() : s->ringerDevice();
        m_deps.ringer->play(m_deps.ringtone, true, s->ringerVolume() / 100.0, device);
    } else if (wanted == Tone::Waiting && m_deps.notifier && !m_deps.callWaitingTone.empty()) {
        m_deps.notifier->play(m_deps.callWaitingTone, true, 0.5, s->outputDevice());
    }
}

void DesktopSession::screenPop(CallController *call)
{
    const QString urlTemplate = m_deps.settings->screenPopTemplate();
    if (urlTemplate.trimmed().isEmpty() || !m_deps.openUrl)
        return;
    const QHash<QString, QString> values {
        {QStringLiteral("from"), call->from()},
        {QStringLiteral("to"), call->to()},
        {QStringLiteral("remote"), call->remoteNumber()},
        {QStringLiteral("line"), call->phoneNumberId()},
        {QStringLiteral("lineName"), lineName(call->phoneNumberId())},
        {QStringLiteral("callSid"), call->callSid()},
        {QStringLiteral("direction"), wireName(call->direction())},
    };
    const ScreenPop::Result result = ScreenPop::expand(urlTemplate, values);
    if (result.url)
        m_deps.openUrl(*result.url);
    else
        emit errorMessage(tr("The screen-pop address in Settings › Calls is not valid: %1").arg(result.error),
                          int(HumanError::Severity::Warning), QStringLiteral("screen-pop"));
}

} // namespace audin::desktop
