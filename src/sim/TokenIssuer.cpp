// SPDX-License-Identifier: GPL-3.0-or-later
#include "TokenIssuer.h"

#include "Jwt.h"

#include <QJsonObject>
#include <QRandomGenerator>

namespace audin::sim {

TokenIssuer::TokenIssuer(QByteArray secret)
    : m_secret(std::move(secret))
{
}

IssuedToken TokenIssuer::mint(const QString &operatorId, const QString &accountId, qint64 ttlMs) const
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 expMs = nowMs + ttlMs;
    quint32 random[4];
    QRandomGenerator::system()->fillRange(random);
    const QString tokenId = QStringLiteral("tok_")
        + QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(random), sizeof random).toHex());
    const QJsonObject claims {
        {QStringLiteral("sub"), operatorId},           {QStringLiteral("acc"), accountId},
        {QStringLiteral("iat"), double(nowMs / 1000)}, {QStringLiteral("exp"), double(expMs / 1000)},
        {QStringLiteral("expMs"), double(expMs)},      {QStringLiteral("jti"), tokenId}};
    IssuedToken issued;
    issued.token = QString::fromLatin1(Jwt::sign(claims, m_secret));
    issued.tokenId = tokenId;
    issued.expiresAt = QDateTime::fromMSecsSinceEpoch(expMs, Qt::UTC);
    return issued;
}

TokenCheck TokenIssuer::check(const QString &token, qint64 nowMs) const
{
    TokenCheck result;
    const QByteArray raw = token.toUtf8();
    if (const auto peek = Jwt::peekClaims(raw))
        result.tokenId = peek->value(QStringLiteral("jti")).toString();
    const auto claims = Jwt::verify(raw, m_secret, &result.error);
    if (!claims)
        return result;
    result.operatorId = claims->value(QStringLiteral("sub")).toString();
    result.accountId = claims->value(QStringLiteral("acc")).toString();
    // expMs is authoritative; a token from elsewhere with only `exp` still expires on time.
    const QJsonValue expMs = claims->value(QStringLiteral("expMs"));
    const QJsonValue exp = claims->value(QStringLiteral("exp"));
    if (expMs.isDouble())
        result.expiresAtMs = qint64(expMs.toDouble());
    else if (exp.isDouble())
        result.expiresAtMs = qint64(exp.toDouble()) * 1000;
    if (result.operatorId.isEmpty() || result.expiresAtMs == 0) {
        result.error = QStringLiteral("token lacks sub or exp");
        return result;
    }
    if (result.expiresAtMs <= nowMs) {
        result.error = QStringLiteral("token expired");
        return result;
    }
    result.ok = true;
    return result;
}

} // namespace audin::sim
