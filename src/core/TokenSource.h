// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <functional>
#include <optional>

namespace audin {

/** The token a partner backend hands out for one softphone session (SDK `OperatorSessionToken`). */
struct OperatorSessionToken
{
    QString token;
    std::optional<QDateTime> expiresAt; ///< UTC; absent means "no refresh, fetch anew on reconnect"
};

/** Outcome of one fetch. `error` is human-readable and never contains the secret. */
struct TokenResult
{
    std::optional<OperatorSessionToken> token;
    QString error;
    bool ok() const { return token.has_value(); }
};

/**
 * The SDK's `getToken` seam. Every call must produce a NEW token (never a cached one).
 * Implementations deliver the result asynchronously (never from inside fetchToken()),
 * exactly once, and never crash on bad input: every failure is a TokenResult with an error.
 */
class TokenSource : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const TokenResult &)>;
    using QObject::QObject;
    /** Starts a fetch. `done` runs on this object's thread unless `context` was destroyed first. */
    virtual void fetchToken(QObject *context, Callback done) = 0;
    /** Short description for logs and UI ("token endpoint https://…/token"), never a secret. */
    virtual QString describe() const = 0;
};

/**
 * Parses the token JSON `{ "token": "…", "expiresAt": "ISO-8601" }` that endpoints and
 * commands return. Rejects non-objects, a missing or empty token, and an unparsable expiresAt.
 */
TokenResult parseTokenJson(const QByteArray &json);

} // namespace audin
