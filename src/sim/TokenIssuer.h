// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace audin::sim {

struct IssuedToken
{
    QString token; ///< secret: never logged
    QString tokenId; ///< the `jti` claim, safe to log
    QDateTime expiresAt;
};

/** Result of checking a presented token. `tokenId` is filled whenever the claims were readable. */
struct TokenCheck
{
    bool ok = false;
    QString error;
    QString operatorId;
    QString accountId;
    QString tokenId;
    qint64 expiresAtMs = 0; ///< epoch ms
};

/**
 * Mints and checks the simulator's HS256 tokens. Claims: `sub` (operator), `acc` (account),
 * `iat`/`exp` in seconds as JWT wants, `expMs` in epoch milliseconds (enforced, so tests can use
 * lifetimes of a second or two) and a unique `jti`, so every token differs from the last.
 */
class TokenIssuer
{
public:
    explicit TokenIssuer(QByteArray secret);

    IssuedToken mint(const QString &operatorId, const QString &accountId, qint64 ttlMs) const;
    /** Checks the signature and expiry against `nowMs` (epoch ms). */
    TokenCheck check(const QString &token, qint64 nowMs) const;

private:
    QByteArray m_secret;
};

} // namespace audin::sim
