// SPDX-License-Identifier: GPL-3.0-or-later
#include "MediaHub.h"

#include "CallRegistry.h"
#include "EventLog.h"
#include "MediaCall.h"
#include "Protocol.h"
#include "SimConfig.h"
#include "SpeechPrompt.h"
#include "TokenIssuer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimer>
#include <QWebSocket>

namespace audin::sim {

namespace {
constexpr int maxTextBytes = 64 * 1024;

} // namespace

MediaHub::MediaHub(SimConfig &config, const TokenIssuer &tokens, CallRegistry &calls, EventLog &log, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_tokens(tokens)
    , m_calls(calls)
    , m_log(log)
    , m_speechPrompt(std::make_shared<const std::vector<int16_t>>(
          loadSpeechPrompt(QString::fromLatin1(DefaultSpeechPromptPath), &m_speechPromptError)))
{
}

MediaHub::~MediaHub() = default;

void MediaHub::accept(std::unique_ptr<QWebSocket> owned, const QString &callSid)
{
    QWebSocket *socket = owned.release();
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(1024 * 1024);
    m_connections.insert(socket, ConnectionState {});
    recordSys(QStringLiteral("media_open"), callSid);

    auto *authTimer = new QTimer(socket);
    authTimer->setSingleShot(true);
    connect(authTimer, &QTimer::timeout, socket, [this, socket] {
        if (auto s = m_connections.find(socket); s != m_connections.end() && !s->authed)
            close(socket, 4001, QStringLiteral("no auth"));
    });
    authTimer->start(m_config.settings.authTimeoutMs);

    connect(socket, &QWebSocket::textMessageReceived, this,
            [this, socket, callSid](const QString &text) { onText(socket, callSid, text); });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket, callSid](const QByteArray &data) {
        auto s = m_connections.find(socket);
        if (s != m_connections.end() && s->started) {
            if (MediaCall *media = m_media.value(callSid))
                media->onBinary(socket, data);
        }
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket, callSid] {
        recordSys(QStringLiteral("media_close"), callSid, {{QStringLiteral("code"), int(socket->closeCode())}});
        if (MediaCall *media = m_media.value(callSid))
            media->detached(socket);
        m_connections.remove(socket);
        socket->deleteLater();
    });
}

void MediaHub::onText(QWebSocket *socket, const QString &callSid, const QString &text)
{
    auto found = m_connections.find(socket);
    if (found == m_connections.end())
        return;
    ConnectionState *state = &found.value();
    const protocol::ParsedFrame frame = protocol::parseTextFrame(text, maxTextBytes);
    if (!frame.ok()) {
        close(socket, protocol::closeCodeFor(frame.error), protocol::describe(frame.error));
        return;
    }
    if (!state->authed) {
        if (frame.type != QLatin1String("auth")) {
            close(socket, 4001, QStringLiteral("auth must come first"));
            return;
        }
        const TokenCheck check = m_tokens.check(frame.message.value(QStringLiteral("token")).toString(),
                                                QDateTime::currentMSecsSinceEpoch());
        recordSys(QStringLiteral("media_auth"), callSid,
                  {{QStringLiteral("dir"), QStringLiteral("in")},
                   {QStringLiteral("tokenId"), check.tokenId},
                   {QStringLiteral("ok"), check.ok},
                   {QStringLiteral("operatorId"), check.operatorId}});
        if (!check.ok) {
            close(socket, 4001, check.error);
            return;
        }
        const SimCall *call = m_calls.call(callSid);
        if (!call || call->state != QLatin1String("assigned")) {
            close(socket, 4400, call ? QStringLiteral("call is %1").arg(call->state) : QStringLiteral("unknown call"));
            return;
        }
        if (call->assignedOperator != check.operatorId) {
            close(socket, 4003, QStringLiteral("call belongs to another operator"));
            return;
        }
        state->authed = true;
        state->operatorId = check.operatorId;
        return;
    }
    if (!state->started) {
        if (frame.type != QLatin1String("start"))
            return; // ignored until the client says how it wants its audio
        const QJsonArray codecs = frame.message.value(QStringLiteral("codecs")).toArray();
        const bool opus = std::any_of(codecs.begin(), codecs.end(), [](const QJsonValue &c) {
            const QJsonObject o = c.toObject();
            return o.value(QStringLiteral("name")).toString() == QLatin1String("opus")
                && o.value(QStringLiteral("sampleRate")).toInt() == 48000
                && o.value(QStringLiteral("channels")).toInt(1) == 1
                && o.value(QStringLiteral("frameMs")).toInt(20) == 20;
        });
        if (!opus) {
            close(socket, 4400, QStringLiteral("no supported codec (Opus 48000/1/20 is mandatory)"));
            return;
        }
        MediaCall *media = mediaFor(callSid, state->operatorId);
        if (!media || media->isEnded()) {
            close(socket, 4400, QStringLiteral("call is over"));
            return;
        }
        const bool resume = frame.message.value(QStringLiteral("resume")).toBool();
        if (!resume && media->hasStarted()) {
            // PROTOCOL.md 4.4: a channel that comes back for a started call resumes. Accepting a
            // fresh start here would hide a client that forgot to say so.
            recordSys(QStringLiteral("start_refused"), callSid,
                      {{QStringLiteral("dir"), QStringLiteral("in")}, {QStringLiteral("resume"), false}});
            close(socket, 4400, QStringLiteral("call already started: reconnect with resume:true"));
            return;
        }
        state->started = true;
        recordSys(QStringLiteral("start"), callSid,
                  {{QStringLiteral("dir"), QStringLiteral("in")}, {QStringLiteral("resume"), resume}});
        media->attach(socket, resume);
        return;
    }
    if (MediaCall *media = m_media.value(callSid))
        media->onControl(socket, frame.message);
}

MediaCall *MediaHub::mediaFor(const QString &callSid, const QString &operatorId)
{
    if (MediaCall *existing = m_media.value(callSid))
        return existing;
    const SimCall *call = m_calls.call(callSid);
    if (!call)
        return nullptr;
    const MediaConfig &config = m_config.media;
    MediaCall::Options options;
    options.callSid = callSid;
    options.operatorId = operatorId;
    options.direction = call->direction;
    options.resumeWindowMs = config.resumeWindowMs;
    options.recordingsDir = config.effectiveRecordingsDir();
    options.noAnswerMs = m_config.settings.ringTimeoutMs;
    options.farEnd = config.defaultFarEnd;
    options.speechPrompt = m_speechPrompt;
    options.speechPromptError = m_speechPromptError;
    if (call->direction == QLatin1String("outbound")) {
        const OutboundRule rule = config.ruleFor(call->to);
        options.behaviour = rule.behaviour;
        options.ringMs = rule.ringMs;
        options.hangupAfterMs = rule.hangupAfterMs;
        options.farEnd = rule.farEnd;
        options.impairment = rule.impairment;
    }
    const RingMedia ring = m_ringMedia.value(callSid);
    if (ring.farEnd)
        options.farEnd = *ring.farEnd;
    if (ring.impairment)
        options.impairment = *ring.impairment;
    if (ring.hangupAfterMs > 0)
        options.hangupAfterMs = ring.hangupAfterMs;

    auto *media = new MediaCall(options, m_log, this);
    m_media.insert(callSid, media);
    connect(media, &MediaCall::ended, this,
            [this](const QString &sid, const QString &reason) { m_calls.endAssigned(sid, reason); });
    return media;
}

void MediaHub::setRingMedia(const QString &callSid, const RingMedia &media)
{
    m_ringMedia.insert(callSid, media);
}

bool MediaHub::setFarEnd(const QString &callSid, const FarEndSpec &farEnd)
{
    if (MediaCall *media = m_media.value(callSid)) {
        media->setFarEnd(farEnd);
        return true;
    }
    if (!m_calls.call(callSid))
        return false;
    m_ringMedia[callSid].farEnd = farEnd;
    return true;
}

bool MediaHub::setImpairment(const QString &callSid, const ImpairmentSpec &impairment)
{
    if (MediaCall *media = m_media.value(callSid)) {
        media->setImpairment(impairment);
        return true;
    }
    if (!m_calls.call(callSid))
        return false;
    m_ringMedia[callSid].impairment = impairment;
    return true;
}

bool MediaHub::dropMedia(const QString &callSid)
{
    MediaCall *media = m_media.value(callSid);
    return media && media->dropConnection();
}

QString MediaHub::recordingPath(const QString &callSid) const
{
    const MediaCall *media = m_media.value(callSid);
    return media ? media->recordingPath() : QString();
}

QJsonObject MediaHub::toJson(const QString &callSid) const
{
    const MediaCall *media = m_media.value(callSid);
    return media ? media->toJson() : QJsonObject();
}

void MediaHub::onCallEnded(const QString &callSid, const QString &reason)
{
    MediaCall *media = m_media.value(callSid);
    if (!media || media->isEnded())
        return;
    if (reason == QLatin1String("remote_hangup"))
        media->remoteHangup();
}

void MediaHub::close(QWebSocket *socket, int code, const QString &reason)
{
    QTimer::singleShot(2000, socket, [socket] { socket->abort(); });
    socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
}

void MediaHub::recordSys(const QString &type, const QString &callSid, QJsonObject fields)
{
    if (!fields.contains(QStringLiteral("dir")))
        fields.insert(QStringLiteral("dir"), QStringLiteral("sys"));
    if (!fields.contains(QStringLiteral("operatorId")))
        fields.insert(QStringLiteral("operatorId"), QJsonValue(QJsonValue::Null));
    fields.insert(QStringLiteral("sessionId"), QJsonValue(QJsonValue::Null));
    fields.insert(QStringLiteral("type"), type);
    fields.insert(QStringLiteral("channel"), QStringLiteral("media"));
    fields.insert(QStringLiteral("callSid"), callSid);
    m_log.record(fields);
}

} // namespace audin::sim
