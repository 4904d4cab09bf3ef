// SPDX-License-Identifier: GPL-3.0-or-later
#include "ControlApi.h"

#include "SimServer.h"

#include <QJsonArray>
#include <QJsonObject>

namespace audin::sim {

namespace {

HttpReply reply(int status, const QJsonObject &body)
{
    return {status, QJsonDocument(body)};
}

HttpReply error(int status, const QString &message)
{
    return reply(status, {{QStringLiteral("error"), message}});
}

HttpReply methodNotAllowed(const QByteArray &method)
{
    return error(405, QStringLiteral("method %1 not allowed here").arg(QString::fromLatin1(method)));
}

// Empty bodies count as `{}` so `curl -X POST` works for endpoints without parameters.
std::optional<QJsonObject> parseObject(const QByteArray &body, QString *why)
{
    if (body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *why = QStringLiteral("body is not valid JSON: %1").arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *why = QStringLiteral("body must be a JSON object");
        return std::nullopt;
    }
    return doc.object();
}

QByteArray bearer(const QByteArray &authorization)
{
    const QByteArray value = authorization.trimmed();
    if (value.size() < 7 || value.left(7).toLower() != "bearer ")
        return {};
    return value.mid(7).trimmed();
}

QJsonObject tokenBody(const IssuedToken &issued)
{
    return {{QStringLiteral("token"), issued.token},
            {QStringLiteral("expiresAt"), issued.expiresAt.toString(Qt::ISODateWithMs)}};
}

} // namespace

ControlApi::ControlApi(SimServer &server)
    : m_server(server)
{
}

HttpReply ControlApi::handle(const QByteArray &method, const QString &path, const QUrlQuery &query,
                             const QByteArray &body, const QByteArray &authorization)
{
    QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (segments == QStringList {QStringLiteral("healthz")}) {
        if (method != "GET")
            return methodNotAllowed(method);
        return reply(200, {{QStringLiteral("status"), QStringLiteral("ok")}});
    }
    if (segments == QStringList {QStringLiteral("operator-sessions"), QStringLiteral("token")}) {
        if (method != "POST")
            return methodNotAllowed(method);
        return accountToken(body, authorization);
    }
    if (segments == QStringList {QStringLiteral("partner"), QStringLiteral("token")}) {
        if (method != "POST")
            return methodNotAllowed(method);
        return partnerToken(authorization);
    }
    if (!segments.isEmpty() && segments.first() == QLatin1String("sim")) {
        segments.removeFirst();
        return routeSim(method, segments, query, body);
    }
    return error(404, QStringLiteral("no such endpoint: %1").arg(path));
}

HttpReply ControlApi::routeSim(const QByteArray &method, const QStringList &s, const QUrlQuery &query,
                               const QByteArray &body)
{
    const bool get = method == "GET";
    const bool post = method == "POST";
    if (s == QStringList {QStringLiteral("state")})
        return get ? reply(200, m_server.state()) : methodNotAllowed(method);
    if (s == QStringList {QStringLiteral("events")})
        return get ? events(query) : methodNotAllowed(method);
    if (s == QStringList {QStringLiteral("faults")})
        return post ? fault(body) : methodNotAllowed(method);
    if (s == QStringList {QStringLiteral("settings")}) {
        if (get)
            return reply(200, m_server.settings());
        return post ? settings(body) : methodNotAllowed(method);
    }
    if (s == QStringList {QStringLiteral("calls")}) {
        if (get)
            return reply(200, {{QStringLiteral("calls"), m_server.calls()}});
        return post ? ring(body) : methodNotAllowed(method);
    }
    if (s.size() == 2 && s.at(0) == QLatin1String("calls")) {
        if (!get)
            return methodNotAllowed(method);
        const QJsonObject call = m_server.call(s.at(1));
        return call.isEmpty() ? error(404, QStringLiteral("unknown call %1").arg(s.at(1))) : reply(200, call);
    }
    if (s.size() == 3 && s.at(0) == QLatin1String("calls")
        && (s.at(2) == QLatin1String("far-end") || s.at(2) == QLatin1String("impairment"))) {
        if (!post)
            return methodNotAllowed(method);
        QString why;
        const auto json = parseObject(body, &why);
        if (!json)
            return error(400, why);
        if (m_server.call(s.at(1)).isEmpty())
            return error(404, QStringLiteral("unknown call %1").arg(s.at(1)));
        const bool ok = s.at(2) == QLatin1String("far-end") ? m_server.setFarEnd(s.at(1), *json, &why)
                                                            : m_server.setImpairment(s.at(1), *json, &why);
        return ok ? reply(200, m_server.call(s.at(1))) : error(400, why);
    }
    if (s.size() == 3 && s.at(0) == QLatin1String("calls") && s.at(2) == QLatin1String("drop-media")) {
        if (!post)
            return methodNotAllowed(method);
        if (!m_server.dropMedia(s.at(1)))
            return error(404, QStringLiteral("call %1 has no live call channel").arg(s.at(1)));
        return reply(200, m_server.call(s.at(1)));
    }
    if (s.size() == 3 && s.at(0) == QLatin1String("calls") && s.at(2) == QLatin1String("hangup")) {
        if (!post)
            return methodNotAllowed(method);
        if (!m_server.hangupCall(s.at(1)))
            return error(404, QStringLiteral("unknown call %1").arg(s.at(1)));
        return reply(200, m_server.call(s.at(1)));
    }
    if (s.size() == 3 && s.at(0) == QLatin1String("numbers")
        && (s.at(2) == QLatin1String("activate") || s.at(2) == QLatin1String("deactivate"))) {
        if (!post)
            return methodNotAllowed(method);
        const bool active = s.at(2) == QLatin1String("activate");
        if (!m_server.setNumberActive(s.at(1), active))
            return error(404, QStringLiteral("unknown number %1").arg(s.at(1)));
        return reply(200, {{QStringLiteral("id"), s.at(1)}, {QStringLiteral("active"), active}});
    }
    if (s.size() == 3 && s.at(0) == QLatin1String("operators")
        && (s.at(2) == QLatin1String("enable") || s.at(2) == QLatin1String("disable"))) {
        if (!post)
            return methodNotAllowed(method);
        const bool disabled = s.at(2) == QLatin1String("disable");
        if (!m_server.setOperatorDisabled(s.at(1), disabled))
            return error(404, QStringLiteral("unknown operator %1").arg(s.at(1)));
        return reply(200, {{QStringLiteral("id"), s.at(1)}, {QStringLiteral("disabled"), disabled}});
    }
    return error(404, QStringLiteral("no such endpoint: /sim/%1").arg(s.join(QLatin1Char('/'))));
}

HttpReply ControlApi::accountToken(const QByteArray &body, const QByteArray &authorization)
{
    const SimAccount *account = m_server.config().accountByApiKey(bearer(authorization));
    if (!account)
        return error(401, QStringLiteral("invalid account API key"));
    QString why;
    const auto json = parseObject(body, &why);
    if (!json)
        return error(400, why);
    const QJsonValue operatorId = json->value(QStringLiteral("operatorId"));
    if (!operatorId.isString() || operatorId.toString().isEmpty())
        return error(400, QStringLiteral("operatorId (string) is required"));
    const SimOperator *op = m_server.config().findOperator(operatorId.toString());
    if (!op || op->accountId != account->id)
        return error(404, QStringLiteral("unknown operator %1").arg(operatorId.toString()));
    return reply(200, tokenBody(m_server.issueToken(op->id, QStringLiteral("account"))));
}

HttpReply ControlApi::partnerToken(const QByteArray &authorization)
{
    // Like a partner backend, hand out tokens to disabled operators too: the service refuses them.
    const SimOperator *op = m_server.config().operatorByKey(bearer(authorization));
    if (!op)
        return error(401, QStringLiteral("invalid operator key"));
    return reply(200, tokenBody(m_server.issueToken(op->id, QStringLiteral("partner"))));
}

HttpReply ControlApi::ring(const QByteArray &body)
{
    QString why;
    const auto json = parseObject(body, &why);
    if (!json)
        return error(400, why);
    const QString callSid = m_server.ringCall(*json, &why);
    if (callSid.isEmpty())
        return error(why.startsWith(QLatin1String("unknown number")) || why.contains(QLatin1String("inactive")) ? 404
                                                                                                                : 400,
                     why);
    const QJsonObject call = m_server.call(callSid);
    return reply(
        201,
        {{QStringLiteral("callSid"), callSid}, {QStringLiteral("offeredTo"), call.value(QStringLiteral("offeredTo"))}});
}

HttpReply ControlApi::events(const QUrlQuery &query)
{
    qint64 since = 0;
    if (query.hasQueryItem(QStringLiteral("since"))) {
        bool ok = false;
        since = query.queryItemValue(QStringLiteral("since")).toLongLong(&ok);
        if (!ok || since < 0)
            return error(400, QStringLiteral("since must be a non-negative integer"));
    }
    return reply(200,
                 {{QStringLiteral("events"), m_server.events(since)},
                  {QStringLiteral("lastSeq"), double(m_server.lastEventSeq())}});
}

HttpReply ControlApi::fault(const QByteArray &body)
{
    QString why;
    const auto json = parseObject(body, &why);
    if (!json)
        return error(400, why);
    bool notFound = false;
    if (!m_server.applyFault(*json, &why, &notFound))
        return error(notFound ? 404 : 400, why);
    return reply(200, {{QStringLiteral("applied"), json->value(QStringLiteral("action"))}});
}

HttpReply ControlApi::settings(const QByteArray &body)
{
    QString why;
    const auto json = parseObject(body, &why);
    if (!json)
        return error(400, why);
    if (!m_server.applySettings(*json, &why))
        return error(400, why);
    return reply(200, m_server.settings());
}

} // namespace audin::sim
