// SPDX-License-Identifier: GPL-3.0-or-later
#include "MediaCall.h"

#include "EventLog.h"
#include "PhoneNumber.h"
#include "Protocol.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QWebSocket>
#include <cmath>

namespace audin::sim {

namespace {
constexpr int frameSamples = 960;
// Beyond this many missing frames the recorder writes silence instead of stretching concealment.
constexpr int maxConcealedFrames = 10;
} // namespace

MediaCall::MediaCall(Options options, EventLog &log, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_log(log)
    , m_random(m_options.impairment.seed)
{
    m_elapsed.start();
    m_resumeTimer.setSingleShot(true);
    m_answerTimer.setSingleShot(true);
    m_hangupTimer.setSingleShot(true);
    m_releaseTimer.setSingleShot(true);
    m_releaseTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_resumeTimer, &QTimer::timeout, this, [this] {
        record(QStringLiteral("resume_window_expired"));
        finish(QStringLiteral("failed"), false);
    });
    connect(&m_hangupTimer, &QTimer::timeout, this, &MediaCall::remoteHangup);
    connect(&m_releaseTimer, &QTimer::timeout, this, &MediaCall::releaseHeld);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        sendJson({{QStringLiteral("type"), QStringLiteral("ping")},
                  {QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch()}});
    });
}

MediaCall::~MediaCall()
{
    if (m_recorder)
        m_recorder->close();
}

void MediaCall::attach(QWebSocket *socket, bool resume)
{
    if (m_socket && m_socket != socket) {
        // A newer connection for the same call wins; the old one is cut without a word.
        m_socket->disconnect(this);
        m_socket->abort();
    }
    const bool firstTime = !m_attachedOnce;
    m_attachedOnce = true;
    m_socket = socket;
    m_resumeTimer.stop();
    if (resume && !firstTime) {
        ++m_resumes;
        m_sequencer.markDiscontinuity();
        record(QStringLiteral("resumed"), {{QStringLiteral("resumes"), m_resumes}});
    }
    sendJson({{QStringLiteral("type"), QStringLiteral("started")},
              {QStringLiteral("codec"),
               QJsonObject {{QStringLiteral("name"), QStringLiteral("opus")},
                            {QStringLiteral("sampleRate"), 48000},
                            {QStringLiteral("channels"), 1},
                            {QStringLiteral("frameMs"), 20}}}});
    m_pingTimer.start(1000);
    if (!m_clock.isActive() && !m_ended)
        startFarEnd();
    if (m_connected) {
        // After a resume the far end is still there; saying so again is harmless to the client.
        sendJson({{QStringLiteral("type"), QStringLiteral("connected")}});
        return;
    }
    if (m_answerTimer.isActive())
        return;
    if (m_options.direction == QLatin1String("inbound") || m_options.behaviour == QLatin1String("answer")) {
        if (m_options.direction == QLatin1String("inbound") || m_options.ringMs <= 0) {
            markConnected();
        } else {
            disconnect(&m_answerTimer, nullptr, this, nullptr);
            connect(&m_answerTimer, &QTimer::timeout, this, &MediaCall::markConnected);
            m_answerTimer.start(m_options.ringMs);
        }
    } else if (m_options.behaviour == QLatin1String("no_answer")) {
        disconnect(&m_answerTimer, nullptr, this, nullptr);
        connect(&m_answerTimer, &QTimer::timeout, this, [this] { finish(QStringLiteral("no_answer"), true); });
        m_answerTimer.start(m_options.noAnswerMs);
    } else {
        finish(QStringLiteral("failed"), true);
    }
}

void MediaCall::markConnected()
{
    if (m_connected || m_ended)
        return;
    m_connected = true;
    record(QStringLiteral("connected"));
    sendJson({{QStringLiteral("type"), QStringLiteral("connected")}});
    if (m_options.hangupAfterMs > 0)
        m_hangupTimer.start(m_options.hangupAfterMs);
}

void MediaCall::detached(QWebSocket *socket)
{
    if (socket != m_socket)
        return;
    m_socket = nullptr;
    m_pingTimer.stop();
    if (m_ended)
        return;
    // The far end stays bridged for the resume window (PROTOCOL.md 4.4).
    record(QStringLiteral("media_dropped"), {{QStringLiteral("resumeWindowMs"), m_options.resumeWindowMs}});
    m_resumeTimer.start(m_options.resumeWindowMs);
}

bool MediaCall::dropConnection()
{
    if (!m_socket)
        return false;
    record(QStringLiteral("media_drop_fault"));
    m_socket->abort();
    return true;
}

void MediaCall::startFarEnd()
{
    if (m_options.farEnd.mode == QLatin1String("recorder") && !m_recorder) {
        const QString dir = m_options.recordingsDir;
        QDir().mkpath(dir);
        m_recordingPath = QDir(dir).filePath(m_options.callSid + QStringLiteral(".wav"));
        m_recorder = std::make_unique<media::WavWriter>(m_recordingPath, 48000, 1);
        if (!m_recorder->open()) {
            record(QStringLiteral("recorder_error"), {{QStringLiteral("error"), m_recorder->errorString()}});
            m_recorder.reset();
        }
    }
    m_clock.start(20, [this] { tick(); });
}

void MediaCall::tick()
{
    const QString &mode = m_options.farEnd.mode;
    if (mode == QLatin1String("echo"))
        return; // echo answers each received frame instead
    if (mode == QLatin1String("speech")) {
        std::array<int16_t, frameSamples> pcm {};
        speak(pcm.data());
        sendPayload(m_encoder.encode(pcm.data()));
    } else {
        sendPayload(m_encoder.encodeSilence());
    }
}

void MediaCall::speak(int16_t *pcm)
{
    const std::vector<int16_t> *prompt = m_options.speechPrompt.get();
    if (!prompt || prompt->empty()) {
        if (!m_fallbackLogged) {
            m_fallbackLogged = true;
            record(QStringLiteral("speech_fallback"), {{QStringLiteral("error"), m_options.speechPromptError}});
        }
        m_voice.generate(pcm, frameSamples);
        return;
    }
    for (int i = 0; i < frameSamples; ++i) {
        pcm[i] = (*prompt)[m_promptPosition];
        m_promptPosition = (m_promptPosition + 1) % prompt->size();
    }
}

void MediaCall::onBinary(QWebSocket *socket, const QByteArray &data)
{
    if (socket != m_socket || m_ended)
        return;
    const std::optional<media::MediaFrame> frame = media::MediaFrame::parse(data);
    if (!frame) {
        ++m_droppedBinary; // not fatal (PROTOCOL.md 4.2)
        return;
    }
    ++m_framesReceived;
    if (m_recorder)
        recordReceived(*frame);
    if (m_options.farEnd.mode == QLatin1String("echo")) {
        const QByteArray payload = frame->payload;
        if (m_options.farEnd.delayMs <= 0)
            sendPayload(payload);
        else
            QTimer::singleShot(m_options.farEnd.delayMs, Qt::PreciseTimer, this,
                               [this, payload] { sendPayload(payload); });
    }
}

void MediaCall::recordReceived(const media::MediaFrame &frame)
{
    std::array<int16_t, 5760> pcm {};
    if (m_lastReceivedSeq && !frame.isFirstAfterSilence()) {
        const int missing = media::seqDiff(frame.sequence, *m_lastReceivedSeq) - 1;
        for (int i = 0; i < std::min(missing, maxConcealedFrames); ++i) {
            const int n = m_decoder.conceal(pcm.data(), frameSamples);
            m_recorder->write(pcm.data(), n);
        }
    }
    m_lastReceivedSeq = frame.sequence;
    const int n = m_decoder.decode(frame.payload, pcm.data(), int(pcm.size()));
    if (n > 0)
        m_recorder->write(pcm.data(), n);
}

void MediaCall::onControl(QWebSocket *socket, const QJsonObject &message)
{
    if (socket != m_socket || m_ended)
        return;
    const QString type = message.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("mute")) {
        m_muted = message.value(QStringLiteral("on")).toBool();
        record(QStringLiteral("mute"),
               {{QStringLiteral("dir"), QStringLiteral("in")}, {QStringLiteral("on"), m_muted}});
    } else if (type == QLatin1String("dtmf")) {
        const QString digit = message.value(QStringLiteral("digit")).toString();
        if (!isValidDtmfDigit(digit)) {
            sendJson({{QStringLiteral("type"), QStringLiteral("error")},
                      {QStringLiteral("code"), QStringLiteral("INVALID_DTMF")},
                      {QStringLiteral("message"), QStringLiteral("digit must be one of 0-9 * #")}});
            return;
        }
        m_dtmf << digit;
        record(QStringLiteral("dtmf"),
               {{QStringLiteral("dir"), QStringLiteral("in")},
                {QStringLiteral("digit"), digit},
                {QStringLiteral("durationMs"), message.value(QStringLiteral("durationMs"))}});
    } else if (type == QLatin1String("hangup")) {
        record(QStringLiteral("hangup"), {{QStringLiteral("dir"), QStringLiteral("in")}});
        finish(QStringLiteral("hangup"), true);
    } else if (type == QLatin1String("ping")) {
        sendJson({{QStringLiteral("type"), QStringLiteral("pong")},
                  {QStringLiteral("ts"), message.value(QStringLiteral("ts"))}});
    } else if (type == QLatin1String("pong")) {
        const qint64 sent = message.value(QStringLiteral("ts")).toVariant().toLongLong();
        if (sent > 0)
            m_rttMs = int(QDateTime::currentMSecsSinceEpoch() - sent);
    }
    // Anything else is ignored, as PROTOCOL.md 2 asks.
}

void MediaCall::sendPayload(const QByteArray &payload)
{
    if (payload.isEmpty())
        return;
    if (!m_socket || m_ended) {
        m_sequencer.skip(frameSamples); // time goes on while the operator is away
        return;
    }
    const QByteArray frame = m_sequencer.next(payload, frameSamples);
    const ImpairmentSpec &imp = m_options.impairment;
    if (imp.isNone() && m_held.empty()) {
        m_socket->sendBinaryMessage(frame);
        ++m_framesSent;
        return;
    }
    const qint64 now = m_elapsed.elapsed();
    qint64 release = now + imp.delayMs;
    if (imp.jitterMs > 0) {
        std::normal_distribution<double> jitter(0.0, double(imp.jitterMs));
        release += qint64(std::abs(jitter(m_random)));
    }
    if (imp.stallEveryMs > 0) {
        if (m_nextStallMs < 0)
            m_nextStallMs = now + imp.stallEveryMs;
        if (now >= m_nextStallMs) {
            std::uniform_int_distribution<int> length(imp.stallMinMs, imp.stallMaxMs);
            m_stallEndMs = m_nextStallMs + length(m_random);
            m_nextStallMs += imp.stallEveryMs;
        }
        if (now < m_stallEndMs)
            release = std::max(release, m_stallEndMs); // a retransmission holds everything behind it
    }
    release = std::max(release, m_lastReleaseMs); // TCP keeps order
    m_lastReleaseMs = release;
    m_held.push_back(Held {frame, release});
    releaseHeld();
}

void MediaCall::releaseHeld()
{
    const qint64 now = m_elapsed.elapsed();
    while (!m_held.empty() && m_held.front().releaseAtMs <= now) {
        if (m_socket) {
            m_socket->sendBinaryMessage(m_held.front().frame);
            ++m_framesSent;
        }
        m_held.pop_front();
    }
    if (!m_held.empty())
        m_releaseTimer.start(int(m_held.front().releaseAtMs - now));
}

void MediaCall::remoteHangup()
{
    finish(QStringLiteral("remote_hangup"), true);
}

void MediaCall::setFarEnd(const FarEndSpec &farEnd)
{
    m_options.farEnd = farEnd;
    record(QStringLiteral("far_end"), farEnd.toJson());
    if (m_clock.isActive() && farEnd.mode == QLatin1String("recorder") && !m_recorder) {
        m_clock.stop();
        startFarEnd();
    }
}

void MediaCall::setImpairment(const ImpairmentSpec &impairment)
{
    m_options.impairment = impairment;
    m_random.seed(impairment.seed);
    m_nextStallMs = -1;
    m_stallEndMs = -1;
    record(QStringLiteral("impairment"), impairment.toJson());
}

void MediaCall::sendJson(const QJsonObject &message)
{
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->sendTextMessage(protocol::serialize(message));
}

void MediaCall::finish(const QString &reason, bool tellClient)
{
    if (m_ended)
        return;
    m_ended = true;
    m_clock.stop();
    m_answerTimer.stop();
    m_hangupTimer.stop();
    m_resumeTimer.stop();
    m_pingTimer.stop();
    m_releaseTimer.stop();
    m_held.clear();
    if (m_recorder) {
        m_recorder->close();
        m_recorder.reset();
    }
    if (tellClient && m_socket) {
        sendJson({{QStringLiteral("type"), QStringLiteral("ended")}, {QStringLiteral("reason"), reason}});
        m_socket->close(QWebSocketProtocol::CloseCodeNormal, reason);
    }
    record(QStringLiteral("media_ended"), {{QStringLiteral("reason"), reason}});
    emit ended(m_options.callSid, reason);
}

void MediaCall::record(const QString &type, QJsonObject fields)
{
    if (!fields.contains(QStringLiteral("dir")))
        fields.insert(QStringLiteral("dir"), QStringLiteral("sys"));
    fields.insert(QStringLiteral("type"), type);
    fields.insert(QStringLiteral("channel"), QStringLiteral("media"));
    fields.insert(QStringLiteral("callSid"), m_options.callSid);
    fields.insert(QStringLiteral("operatorId"), m_options.operatorId);
    fields.insert(QStringLiteral("sessionId"), QJsonValue(QJsonValue::Null));
    m_log.record(fields);
}

QJsonObject MediaCall::toJson() const
{
    return {{QStringLiteral("codec"), QStringLiteral("opus")},
            {QStringLiteral("farEnd"), m_options.farEnd.toJson()},
            {QStringLiteral("impairment"), m_options.impairment.toJson()},
            {QStringLiteral("connected"), m_connected},
            {QStringLiteral("ended"), m_ended},
            {QStringLiteral("framesReceived"), double(m_framesReceived)},
            {QStringLiteral("framesSent"), double(m_framesSent)},
            {QStringLiteral("droppedBinary"), double(m_droppedBinary)},
            {QStringLiteral("dtmf"), QJsonArray::fromStringList(m_dtmf)},
            {QStringLiteral("muted"), m_muted},
            {QStringLiteral("recordingPath"), m_recordingPath},
            {QStringLiteral("resumes"), m_resumes},
            {QStringLiteral("rttMs"), m_rttMs}};
}

} // namespace audin::sim
