// SPDX-License-Identifier: GPL-3.0-or-later
#include "PresenceHub.h"

#include "EventLog.h"
#include "PresenceSession.h"
#include "SimConfig.h"
#include "SimFault.h"
#include "TokenIssuer.h"

#include <QRandomGenerator>
#include <QWebSocket>

namespace audin::sim {

namespace {

QString newSessionId()
{
    quint32 random[2];
    QRandomGenerator::system()->fillRange(random);
    return QStringLiteral("ps_")
        + QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(random), sizeof random).toHex());
}

QJsonObject withId(QJsonObject frame, const QJsonObject &request)
{
    const QJsonValue id = request.value(QStringLiteral("id"));
    if (!id.isUndefined() && !id.isNull())
        frame.insert(QStringLiteral("id"), id);
    return frame;
}

QString isoMs(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

PresenceHub::PresenceHub(SimConfig &config, const TokenIssuer &tokens, EventLog &log, CallRegistry &calls,
                         QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_tokens(tokens)
    , m_log(log)
    , m_calls(calls)
{
    connect(&m_reaper, &QTimer::timeout, this, &PresenceHub::reap);
    settingsChanged();
}

PresenceHub::~PresenceHub()
{
    // Sessions are children; make sure none reports back into a half-destroyed hub.
    for (PresenceSession *session : std::as_const(m_sessions))
        session->disconnect(this);
}

void PresenceHub::addConnection(std::unique_ptr<QWebSocket> socket)
{
    auto *session
        = new PresenceSession(std::move(socket), newSessionId(), m_log, m_config.settings.authTimeoutMs, this);
    m_sessions.append(session);
    connect(session, &PresenceSession::frameReceived, this, &PresenceHub::onFrame);
    connect(session, &PresenceSession::finished, this, &PresenceHub::onFinished);
}

PresenceSession *PresenceHub::session(const QString &sessionId) const
{
    for (PresenceSession *session : m_sessions) {
        if (session->sessionId() == sessionId)
            return session;
    }
    return nullptr;
}

QList<PresenceSession *> PresenceHub::sessionsOnlineOn(const QString &numberId) const
{
    QList<PresenceSession *> out;
    for (PresenceSession *session : m_sessions) {
        if (session->isAuthenticated() && !session->isClosing() && session->acceptedNumbers().contains(numberId))
            out.append(session);
    }
    return out;
}

PresenceSession *PresenceHub::liveSessionOf(const QString &operatorId) const
{
    for (PresenceSession *session : m_sessions) {
        if (session->isAuthenticated() && !session->isClosing() && session->operatorId() == operatorId)
            return session;
    }
    return nullptr;
}

void PresenceHub::numberDeactivated(const QString &numberId)
{
    for (PresenceSession *session : sessionsOnlineOn(numberId)) {
        QStringList accepted = session->acceptedNumbers();
        accepted.removeAll(numberId);
        session->setAcceptedNumbers(accepted);
        session->send({{QStringLiteral("type"), QStringLiteral("availability")},
                       {QStringLiteral("accepted"), QJsonArray::fromStringList(accepted)},
                       {QStringLiteral("rejected"), QJsonArray {numberId}}});
    }
}

void PresenceHub::operatorDisabled(const QString &operatorId)
{
    const QList<PresenceSession *> sessions = m_sessions;
    for (PresenceSession *session : sessions) {
        if (session->isAuthenticated() && session->operatorId() == operatorId)
            session->closeWith(4003, QStringLiteral("operator disabled"));
    }
}

void PresenceHub::settingsChanged()
{
    // Fine enough to close idle sessions within a quarter of the timeout, cheap enough to run often.
    m_reaper.start(qMax(50, m_config.settings.idleTimeoutMs / 4));
}

bool PresenceHub::applyFault(const SimFault &fault, QString *error)
{
    QJsonObject logged {{QStringLiteral("action"), fault.actionName()}};
    switch (fault.action) {
    case SimFault::Action::RejectAuth:
        m_faults[fault.operatorId].rejectAuthRemaining = fault.count;
        m_faults[fault.operatorId].rejectAuthCode = fault.code;
        logged.insert(QStringLiteral("count"), fault.count);
        logged.insert(QStringLiteral("code"), fault.code);
        recordOperatorEvent(fault.operatorId, QStringLiteral("fault"), logged);
        return true;
    case SimFault::Action::IgnoreRefresh:
        m_faults[fault.operatorId].ignoreRefresh = fault.on;
        logged.insert(QStringLiteral("on"), fault.on);
        recordOperatorEvent(fault.operatorId, QStringLiteral("fault"), logged);
        return true;
    case SimFault::Action::Clear:
        if (fault.operatorId.isEmpty())
            m_faults.clear();
        else
            m_faults.remove(fault.operatorId);
        recordOperatorEvent(fault.operatorId, QStringLiteral("fault"), logged);
        return true;
    default:
        break;
    }

    PresenceSession *session = liveSessionOf(fault.operatorId);
    if (!session) {
        if (error)
            *error = QStringLiteral("operator %1 has no live session").arg(fault.operatorId);
        return false;
    }
    switch (fault.action) {
    case SimFault::Action::Close:
        logged.insert(QStringLiteral("code"), fault.code);
        session->recordSys(QStringLiteral("fault"), logged);
        session->closeWith(fault.code, fault.reason);
        break;
    case SimFault::Action::Drop:
        session->recordSys(QStringLiteral("fault"), logged);
        session->abort(QStringLiteral("fault: drop"));
        break;
    case SimFault::Action::Stall:
        session->recordSys(QStringLiteral("fault"), logged);
        session->stall();
        break;
    case SimFault::Action::SendText:
        logged.insert(QStringLiteral("bytes"), int(fault.text.toUtf8().size()));
        session->recordSys(QStringLiteral("fault"), logged);
        session->sendRawText(fault.text, fault.logFields);
        break;
    case SimFault::Action::SendBinary:
        logged.insert(QStringLiteral("bytes"), int(fault.binary.size()));
        session->recordSys(QStringLiteral("fault"), logged);
        session->sendBinary(fault.binary);
        break;
    default:
        break;
    }
    return true;
}

QJsonArray PresenceHub::sessionsJson() const
{
    QJsonArray out;
    for (const PresenceSession *session : m_sessions) {
        const auto nullable
            = [](const QString &text) { return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text); };
        out.append(QJsonObject {{QStringLiteral("sessionId"), session->sessionId()},
                                {QStringLiteral("operatorId"), nullable(session->operatorId())},
                                {QStringLiteral("accountId"), nullable(session->accountId())},
                                {QStringLiteral("authenticated"), session->isAuthenticated()},
                                {QStringLiteral("accepted"), QJsonArray::fromStringList(session->acceptedNumbers())},
                                {QStringLiteral("connectedAt"), session->connectedAt().toString(Qt::ISODateWithMs)},
                                {QStringLiteral("lastFrameAt"), session->lastFrameAt().toString(Qt::ISODateWithMs)},
                                {QStringLiteral("tokenExpiresAt"),
                                 session->isAuthenticated() ? QJsonValue(isoMs(session->tokenExpiresAtMs()))
                                                            : QJsonValue(QJsonValue::Null)},
                                {QStringLiteral("stalled"), session->isStalled()},
                                {QStringLiteral("closing"), session->isClosing()}});
    }
    return out;
}

void PresenceHub::closeAll(int code, const QString &reason)
{
    const QList<PresenceSession *> sessions = m_sessions;
    for (PresenceSession *session : sessions)
        session->closeWith(code, reason);
}

void PresenceHub::onFrame(PresenceSession *session, const QJsonObject &frame)
{
    const QString type = frame.value(QStringLiteral("type")).toString();
    if (!session->isAuthenticated()) {
        if (type == QLatin1String("auth"))
            handleAuth(session, frame);
        else
            session->closeWith(4001, QStringLiteral("the first frame must be auth"));
        return;
    }
    if (type == QLatin1String("ping")) {
        QJsonObject pong {{QStringLiteral("type"), QStringLiteral("pong")}};
        if (frame.contains(QStringLiteral("ts")))
            pong.insert(QStringLiteral("ts"), frame.value(QStringLiteral("ts")));
        session->send(pong);
    } else if (type == QLatin1String("refresh")) {
        handleRefresh(session, frame);
    } else if (type == QLatin1String("list_numbers")) {
        handleListNumbers(session, frame);
    } else if (type == QLatin1String("go_online")) {
        handleGoOnline(session, frame);
    } else if (type == QLatin1String("accept")) {
        m_calls.handleAccept(session, frame);
    } else if (type == QLatin1String("reject")) {
        m_calls.handleReject(session, frame);
    } else if (type == QLatin1String("dial")) {
        m_calls.handleDial(session, frame);
    }
    // Anything else (including a second auth) is ignored, as PROTOCOL.md section 2 asks.
}

void PresenceHub::onFinished(PresenceSession *session)
{
    m_sessions.removeAll(session);
    m_calls.forgetSession(session->sessionId());
    session->deleteLater();
}

void PresenceHub::handleAuth(PresenceSession *session, const QJsonObject &frame)
{
    const QJsonValue token = frame.value(QStringLiteral("token"));
    if (!token.isString() || token.toString().isEmpty()) {
        session->recordSys(QStringLiteral("auth_failed"), {{QStringLiteral("error"), QStringLiteral("no token")}});
        session->closeWith(4001, QStringLiteral("auth without token"));
        return;
    }
    const TokenCheck check = m_tokens.check(token.toString(), QDateTime::currentMSecsSinceEpoch());
    const SimOperator *op = check.ok ? m_config.findOperator(check.operatorId) : nullptr;
    if (!check.ok || !op || op->accountId != check.accountId) {
        const QString why = !check.ok ? check.error : QStringLiteral("unknown operator");
        session->recordSys(QStringLiteral("auth_failed"),
                           {{QStringLiteral("error"), why}, {QStringLiteral("tokenId"), check.tokenId}});
        session->closeWith(4001, why);
        return;
    }
    OperatorFaults &faults = m_faults[op->id];
    if (faults.rejectAuthRemaining > 0) {
        --faults.rejectAuthRemaining;
        session->recordSys(QStringLiteral("auth_failed"),
                           {{QStringLiteral("error"), QStringLiteral("rejectAuth fault")},
                            {QStringLiteral("tokenId"), check.tokenId},
                            {QStringLiteral("remaining"), faults.rejectAuthRemaining}});
        session->closeWith(faults.rejectAuthCode, QStringLiteral("auth rejected (fault)"));
        return;
    }
    if (m_config.isOperatorBlocked(op->id)) {
        session->recordSys(
            QStringLiteral("auth_failed"),
            {{QStringLiteral("error"), QStringLiteral("disabled")}, {QStringLiteral("tokenId"), check.tokenId}});
        session->closeWith(4003, QStringLiteral("operator or account disabled"));
        return;
    }
    PresenceSession *older = liveSessionOf(op->id);
    session->markAuthenticated(op->id, op->accountId, check.expiresAtMs);
    session->recordSys(
        QStringLiteral("authenticated"),
        {{QStringLiteral("tokenId"), check.tokenId}, {QStringLiteral("tokenExpiresAt"), isoMs(check.expiresAtMs)}});
    if (older && older != session) {
        older->recordSys(QStringLiteral("replaced"), {{QStringLiteral("by"), session->sessionId()}});
        older->closeWith(4009, QStringLiteral("replaced by a newer session"));
    }
    session->send({{QStringLiteral("type"), QStringLiteral("ready")},
                   {QStringLiteral("sessionId"), session->sessionId()},
                   {QStringLiteral("operatorId"), op->id},
                   {QStringLiteral("heartbeatIntervalMs"), m_config.settings.heartbeatAdviceMs},
                   {QStringLiteral("serverTime"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}});
}

void PresenceHub::handleRefresh(PresenceSession *session, const QJsonObject &frame)
{
    if (m_faults.value(session->operatorId()).ignoreRefresh) {
        session->recordSys(QStringLiteral("refresh_ignored"),
                           {{QStringLiteral("reason"), QStringLiteral("ignoreRefresh fault")}});
        return;
    }
    const TokenCheck check
        = m_tokens.check(frame.value(QStringLiteral("token")).toString(), QDateTime::currentMSecsSinceEpoch());
    if (!check.ok || check.operatorId != session->operatorId() || check.accountId != session->accountId()) {
        const QString why = !check.ok ? check.error : QStringLiteral("token is for another operator");
        session->recordSys(QStringLiteral("refresh_failed"),
                           {{QStringLiteral("error"), why}, {QStringLiteral("tokenId"), check.tokenId}});
        session->sendError(frame.value(QStringLiteral("id")), QStringLiteral("AUTH_FAILED"), why);
        return;
    }
    session->setTokenExpiry(check.expiresAtMs);
    session->recordSys(
        QStringLiteral("token_refreshed"),
        {{QStringLiteral("tokenId"), check.tokenId}, {QStringLiteral("tokenExpiresAt"), isoMs(check.expiresAtMs)}});
    session->send(withId({{QStringLiteral("type"), QStringLiteral("refreshed")}}, frame));
}

void PresenceHub::handleListNumbers(PresenceSession *session, const QJsonObject &frame)
{
    QJsonArray numbers;
    for (const SimNumber &n : m_config.usableNumbers(session->operatorId())) {
        numbers.append(
            QJsonObject {{QStringLiteral("id"), n.id},
                         {QStringLiteral("phoneNumber"), n.phoneNumber},
                         {QStringLiteral("displayName"),
                          n.displayName.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(n.displayName)}});
    }
    session->send(
        withId({{QStringLiteral("type"), QStringLiteral("numbers")}, {QStringLiteral("numbers"), numbers}}, frame));
}

void PresenceHub::handleGoOnline(PresenceSession *session, const QJsonObject &frame)
{
    const QJsonValue ids = frame.value(QStringLiteral("phoneNumberIds"));
    bool valid = ids.isArray();
    const QJsonArray idArray = ids.toArray();
    for (const QJsonValue id : idArray)
        valid = valid && id.isString();
    if (!valid) {
        session->sendError(frame.value(QStringLiteral("id")), QStringLiteral("INVALID_REQUEST"),
                           QStringLiteral("phoneNumberIds must be an array of strings"));
        return;
    }
    QStringList accepted, rejected;
    for (const QJsonValue value : idArray) {
        const QString id = value.toString();
        if (accepted.contains(id) || rejected.contains(id))
            continue;
        (m_config.mayUse(session->operatorId(), id) ? accepted : rejected).append(id);
    }
    session->setAcceptedNumbers(accepted);
    session->send(withId({{QStringLiteral("type"), QStringLiteral("availability")},
                          {QStringLiteral("accepted"), QJsonArray::fromStringList(accepted)},
                          {QStringLiteral("rejected"), QJsonArray::fromStringList(rejected)}},
                         frame));
    m_calls.offerRingingCalls(session);
}

void PresenceHub::reap()
{
    const int idleTimeoutMs = m_config.settings.idleTimeoutMs;
    const QList<PresenceSession *> sessions = m_sessions;
    for (PresenceSession *session : sessions) {
        if (!session->isAuthenticated() || session->isClosing() || session->idleMs() < idleTimeoutMs)
            continue;
        session->recordSys(QStringLiteral("idle_timeout"), {{QStringLiteral("idleMs"), double(session->idleMs())}});
        session->closeWith(4008, QStringLiteral("no frame for %1 ms").arg(idleTimeoutMs));
    }
}

void PresenceHub::recordOperatorEvent(const QString &operatorId, const QString &type, QJsonObject fields)
{
    fields.insert(QStringLiteral("sessionId"), QJsonValue(QJsonValue::Null));
    fields.insert(QStringLiteral("operatorId"),
                  operatorId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(operatorId));
    fields.insert(QStringLiteral("dir"), QStringLiteral("sys"));
    fields.insert(QStringLiteral("type"), type);
    m_log.record(fields);
}

} // namespace audin::sim
