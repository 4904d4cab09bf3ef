// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallChannel.h"

#include "MediaFrame.h"
#include "PhoneNumber.h"
#include "Protocol.h"
#include "TlsTrust.h"

#include <QAbstractSocket>
#include <QDateTime>
#include <QJsonArray>
#include <QWebSocket>
#include <algorithm>

namespace audin {

using namespace protocol;

QJsonObject CodecSpec::toJson() const
{
    return QJsonObject {{QStringLiteral("name"), name},
                        {QStringLiteral("sampleRate"), sampleRate},
                        {QStringLiteral("channels"), channels},
                        {QStringLiteral("frameMs"), frameMs}};
}

CodecSpec CodecSpec::fromJson(const QJsonObject &object)
{
    CodecSpec spec;
    spec.name = object.value(QLatin1String("name")).toString();
    spec.sampleRate = object.value(QLatin1String("sampleRate")).toInt();
    spec.channels = object.value(QLatin1String("channels")).toInt(1);
    spec.frameMs = object.value(QLatin1String("frameMs")).toInt(20);
    return spec;
}

CallChannel::CallChannel(Settings settings, Log log, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_log(std::move(log))
{
    m_resumeTimer.setSingleShot(true);
    m_resumeTimer.setTimerType(Qt::PreciseTimer);
    m_deadTimer.setSingleShot(true);
    m_hangupTimer.setSingleShot(true);
    m_windowTimer.setSingleShot(true);
    m_windowTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early
    connect(&m_resumeTimer, &QTimer::timeout, this, &CallChannel::attempt);
    // Also ends an attempt that hangs (a connect or handshake that never finishes) on time.
    connect(&m_windowTimer, &QTimer::timeout, this, [this] {
        if (!m_resuming || m_finished)
            return;
        m_log.warn(QStringLiteral("call channel not resumed within %1 ms").arg(m_settings.resumeWindowMs));
        finish(m_hangupRequested ? CallEndReason::Hangup : CallEndReason::Failed);
    });
    connect(&m_pingTimer, &QTimer::timeout, this, &CallChannel::sendPing);
    connect(&m_deadTimer, &QTimer::timeout, this, [this] {
        m_log.warn(QStringLiteral("call channel silent for %1 ms; resuming").arg(m_settings.deadAfterMs));
        if (m_socket)
            abandonSocket();
    });
    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        if (!m_socket || m_started || m_finished)
            return;
        const bool upgraded = m_socket->state() == QAbstractSocket::ConnectedState;
        const QString what = upgraded
            ? QStringLiteral("did not answer `start` within %1 ms").arg(m_settings.handshakeTimeoutMs)
            : QStringLiteral("did not complete the connection handshake within %1 ms")
                  .arg(m_settings.handshakeTimeoutMs);
        m_log.warn(QStringLiteral("call channel: the service %1; dropping it").arg(what));
        emit error(OperatorError {QString::fromLatin1(ErrorCode::WsError),
                                  QStringLiteral("the call channel %1").arg(what), QJsonValue()});
        abandonSocket();
    });
    // A service that never answers `hangup` with `ended` must not keep the operator in the call.
    connect(&m_hangupTimer, &QTimer::timeout, this, [this] { finish(CallEndReason::Hangup); });
}

CallChannel::~CallChannel()
{
    detachSocket();
}

void CallChannel::open()
{
    if (m_socket || m_finished)
        return;
    attempt();
}

void CallChannel::attempt()
{
    if (m_finished)
        return;
    const quint64 generation = ++m_generation;
    if (!m_settings.tokenSource) {
        emit error(OperatorError {QString::fromLatin1(ErrorCode::TokenFetchFailed),
                                  QStringLiteral("no token source for the call channel"), QJsonValue()});
        finish(CallEndReason::Failed);
        return;
    }
    m_settings.tokenSource->fetchToken(this, [this, generation](const TokenResult &result) {
        if (generation != m_generation || m_finished)
            return;
        if (!result.ok()) {
            emit error(OperatorError {
                QString::fromLatin1(ErrorCode::TokenFetchFailed),
                QStringLiteral("could not get a token for the call channel: %1").arg(result.error), QJsonValue()});
            scheduleResume();
            return;
        }
        openSocket(result.token->token);
    });
}

void CallChannel::openSocket(const QString &token)
{
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    m_started = false;
    m_hangupSent = false;
    socket->setMaxAllowedIncomingMessageSize(1024 * 1024);
    connect(socket, &QWebSocket::connected, this, [this, socket, token] {
        if (socket != m_socket)
            return;
        onConnected();
        // Auth goes first; the token is never logged.
        socket->sendTextMessage(serialize(
            QJsonObject {{QStringLiteral("type"), QStringLiteral("auth")}, {QStringLiteral("token"), token}}));
        QJsonArray codecs;
        for (const CodecSpec &codec : std::as_const(m_settings.codecs))
            codecs.append(codec.toJson());
        sendJson(QJsonObject {{QStringLiteral("type"), QStringLiteral("start")},
                              {QStringLiteral("codecs"), codecs},
                              {QStringLiteral("resume"), m_startedOnce}});
    });
    connect(socket, &QWebSocket::textMessageReceived, this, &CallChannel::onText);
    connect(socket, &QWebSocket::binaryMessageReceived, this, &CallChannel::onBinary);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        if (socket == m_socket)
            onGone();
    });
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, socket](QAbstractSocket::SocketError socketError) {
                if (socket != m_socket)
                    return;
                const QString refusal = TlsTrust::remembered(socket);
                if (!refusal.isEmpty() || socketError == QAbstractSocket::SslHandshakeFailedError) {
                    // A refused certificate does not fix itself within the resume window: say why, end the call.
                    const QString why = refusal.isEmpty() ? socket->errorString() : refusal;
                    m_log.warn(QStringLiteral("call channel TLS failure: %1").arg(why));
                    emit error(OperatorError {QString::fromLatin1(ErrorCode::TlsError),
                                              QStringLiteral("could not open the call channel: %1").arg(why),
                                              QJsonValue()});
                    finish(CallEndReason::Failed);
                    return;
                }
                // Before the handshake there is no `disconnected`; afterwards it follows.
                if (socket->state() != QAbstractSocket::ConnectedState)
                    onGone();
            });
    // Certificate errors are never ignored: the handshake fails, so `auth` (the token) is never sent.
    connect(socket, &QWebSocket::sslErrors, this, [this, socket](const QList<QSslError> &errors) {
        TlsTrust::remember(socket, errors, m_settings.url.host());
    });
    if (!m_settings.extraCaCertificates.isEmpty())
        socket->setSslConfiguration(TlsTrust::configuration(m_settings.extraCaCertificates));
    m_deadTimer.start(m_settings.deadAfterMs);
    m_handshakeTimer.start(std::max(1, m_settings.handshakeTimeoutMs));
    m_log.info(QStringLiteral("opening call channel %1%2")
                   .arg(m_settings.url.toString(), m_resuming ? QStringLiteral(" (resume)") : QString()));
    socket->open(m_settings.url);
}

void CallChannel::onConnected()
{
    // Audio is latency-critical: no Nagle on the call channel. Qt 6.4 already sets this on the
    // QTcpSocket it owns; setting it again keeps the promise if that default ever changes.
    if (auto *tcp = m_socket ? m_socket->findChild<QAbstractSocket *>() : nullptr)
        tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_deadTimer.start(m_settings.deadAfterMs);
}

void CallChannel::onText(const QString &text)
{
    m_deadTimer.start(m_settings.deadAfterMs);
    const ParsedFrame frame = parseTextFrame(text, m_settings.maxTextFrameBytes);
    if (!frame.ok()) {
        m_log.warn(QStringLiteral("call channel protocol error: %1").arg(describe(frame.error)));
        emit error(OperatorError {
            QString::fromLatin1(ErrorCode::ProtocolError),
            QStringLiteral("the service sent an invalid frame on the call channel: %1").arg(describe(frame.error)),
            QJsonValue()});
        if (m_socket)
            m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(closeCodeFor(frame.error)));
        return;
    }
    const QString &type = frame.type;
    const QJsonObject &message = frame.message;
    if (type != QLatin1String("pong") && type != QLatin1String("ping"))
        m_log.debug(QStringLiteral("call ← %1").arg(summarize(message)));
    if (type == QLatin1String("started")) {
        m_codec = CodecSpec::fromJson(message.value(QLatin1String("codec")).toObject());
        m_started = true;
        m_handshakeTimer.stop();
        m_startedOnce = true;
        m_pingTimer.start(m_settings.pingIntervalMs);
        if (!m_hangupRequested && !isOffered(m_codec)) {
            // Audio in a codec we cannot encode or decode would be silence both ways. Tell the
            // service to stop too, then end the call as failed.
            m_log.warn(QStringLiteral("the service chose the codec \"%1\" (%2 Hz), which was not offered")
                           .arg(m_codec.name.left(40))
                           .arg(m_codec.sampleRate));
            emit error(OperatorError {
                QString::fromLatin1(ErrorCode::ProtocolError),
                tr("The service chose an audio format that was not offered (%1); the call cannot carry audio.")
                    .arg(m_codec.name.left(40)),
                QJsonValue(message)});
            m_failWhenEnded = true;
            requestHangup();
        }
        if (m_hangupRequested) {
            // The operator hung up before the channel was up: the service learns it now, and the
            // call never goes active on our side.
            sendHangup();
            if (m_resuming) {
                m_resuming = false;
                m_windowTimer.stop();
                emit reconnected();
            }
            return;
        }
        // A mute set before the channel was up (or while it was down) is said now.
        if (m_muted)
            sendJson(QJsonObject {{QStringLiteral("type"), QStringLiteral("mute")}, {QStringLiteral("on"), true}});
        if (m_resuming) {
            m_resuming = false;
            m_resumeStep = 0;
            m_windowTimer.stop();
            m_markNextFrame = true;
            m_log.info(QStringLiteral("call channel resumed"));
            emit reconnected();
        }
        emit started(m_codec);
    } else if (type == QLatin1String("connected")) {
        if (!m_connectedOnce && !m_hangupRequested) {
            m_connectedOnce = true;
            emit connected();
        }
    } else if (type == QLatin1String("ended")) {
        const QString reasonText = message.value(QLatin1String("reason")).toString();
        finish(callEndReasonFromString(reasonText).value_or(CallEndReason::Failed));
    } else if (type == QLatin1String("ping")) {
        sendJson(QJsonObject {{QStringLiteral("type"), QStringLiteral("pong")},
                              {QStringLiteral("ts"), message.value(QLatin1String("ts"))}});
    } else if (type == QLatin1String("pong")) {
        const qint64 sent = message.value(QLatin1String("ts")).toVariant().toLongLong();
        if (sent > 0) {
            m_lastRttMs = int(std::max<qint64>(0, QDateTime::currentMSecsSinceEpoch() - sent));
            emit rttMeasured(m_lastRttMs);
        }
    } else if (type == QLatin1String("error")) {
        emit error(
            OperatorError {message.value(QLatin1String("code")).toString(QString::fromLatin1(ErrorCode::ServerError)),
                           message.value(QLatin1String("message")).toString(), QJsonValue(message)});
    } else {
        m_log.debug(QStringLiteral("call channel: ignoring unknown type \"%1\"").arg(type.left(64)));
    }
}

void CallChannel::onBinary(const QByteArray &data)
{
    m_deadTimer.start(m_settings.deadAfterMs);
    if (!media::MediaFrame::isWellFormed(data)) {
        ++m_droppedBinary; // short, unknown kind or oversized: not fatal (PROTOCOL.md 4.2)
        return;
    }
    emit audioFrameReceived(data);
}

void CallChannel::sendAudioFrame(const QByteArray &frame)
{
    if (!m_socket || !m_started)
        return;
    if (m_markNextFrame && frame.size() >= 2) {
        QByteArray marked = frame;
        marked[1] = char(quint8(marked.at(1)) | 0x01); // first frame after resume
        m_markNextFrame = false;
        m_socket->sendBinaryMessage(marked);
        return;
    }
    m_socket->sendBinaryMessage(frame);
}

void CallChannel::sendMute(bool on)
{
    m_muted = on;
    sendJson(QJsonObject {{QStringLiteral("type"), QStringLiteral("mute")}, {QStringLiteral("on"), on}});
}

bool CallChannel::sendDtmf(const QString &digit, int durationMs)
{
    if (!isValidDtmfDigit(digit))
        return false; // PROTOCOL.md 4.3: validated before sending
    sendJson(QJsonObject {{QStringLiteral("type"), QStringLiteral("dtmf")},
                          {QStringLiteral("digit"), digit},
                          {QStringLiteral("durationMs"), durationMs}});
    return true;
}

void CallChannel::hangup()
{
    requestHangup();
}

void CallChannel::requestHangup()
{
    if (m_finished || m_hangupRequested)
        return;
    m_hangupRequested = true;
    m_hangupTimer.start(m_settings.hangupTimeoutMs);
    if (m_socket && m_started)
        sendHangup();
    // Otherwise `started` sends it (a channel still connecting or resuming gets there first).
}

void CallChannel::sendHangup()
{
    if (m_hangupSent)
        return;
    m_hangupSent = true;
    sendJson(QJsonObject {{QStringLiteral("type"), QStringLiteral("hangup")}});
}

void CallChannel::close()
{
    m_finished = true;
    ++m_generation;
    m_resumeTimer.stop();
    m_windowTimer.stop();
    m_pingTimer.stop();
    m_deadTimer.stop();
    m_hangupTimer.stop();
    m_handshakeTimer.stop();
    detachSocket();
}

bool CallChannel::isOffered(const CodecSpec &codec) const
{
    return std::any_of(m_settings.codecs.cbegin(), m_settings.codecs.cend(), [&codec](const CodecSpec &offered) {
        return offered.name.compare(codec.name, Qt::CaseInsensitive) == 0 && offered.sampleRate == codec.sampleRate
            && offered.channels == codec.channels && offered.frameMs == codec.frameMs;
    });
}

void CallChannel::sendJson(const QJsonObject &message)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (message.value(QLatin1String("type")).toString() != QLatin1String("pong"))
        m_log.debug(QStringLiteral("call → %1").arg(summarize(message)));
    m_socket->sendTextMessage(serialize(message));
}

void CallChannel::sendPing()
{
    sendJson(QJsonObject {{QStringLiteral("type"), QStringLiteral("ping")},
                          {QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch()}});
}

void CallChannel::abandonSocket()
{
    if (QWebSocket *socket = std::exchange(m_socket, nullptr)) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    onGone();
}

void CallChannel::onGone()
{
    const int code = m_socket ? int(m_socket->closeCode()) : 0;
    detachSocket();
    m_started = false;
    m_pingTimer.stop();
    m_deadTimer.stop();
    m_handshakeTimer.stop();
    if (m_finished)
        return;
    if (m_hangupRequested && m_hangupSent) {
        // We asked to end it; a channel that closes instead of answering still ends the call.
        finish(CallEndReason::Hangup);
        return;
    }
    // A hangup not yet said is said on the next connection (within hangupTimeoutMs).
    m_log.warn(QStringLiteral("call channel dropped without `ended` (close %1)").arg(code));
    scheduleResume();
}

void CallChannel::beginResumeWindow()
{
    m_resuming = true;
    m_resumeStep = 0;
    m_windowTimer.start(m_settings.resumeWindowMs);
    emit reconnecting();
}

void CallChannel::scheduleResume()
{
    if (!m_resuming)
        beginResumeWindow(); // a drop, or a failure before the channel ever came up: same window
    if (m_finished)
        return;
    const qint64 left = m_windowTimer.remainingTime();
    const QList<int> &steps = m_settings.resumeBackoffMs;
    const int delay = steps.isEmpty() ? 1000 : steps.at(std::min<int>(m_resumeStep, steps.size() - 1));
    ++m_resumeStep;
    if (left >= 0 && delay >= left)
        return; // the next try would land outside the window: the window timer ends the call
    m_resumeTimer.start(delay);
}

void CallChannel::finish(CallEndReason reason)
{
    if (m_finished)
        return;
    if (m_failWhenEnded)
        reason = CallEndReason::Failed;
    close();
    m_log.info(QStringLiteral("call channel ended: %1").arg(wireName(reason)));
    emit ended(reason);
}

void CallChannel::detachSocket()
{
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    if (socket->state() == QAbstractSocket::ConnectedState) {
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(1000, socket, [socket] {
            socket->abort();
            socket->deleteLater();
        });
        socket->close();
    } else {
        socket->abort();
        socket->deleteLater();
    }
}

} // namespace audin
