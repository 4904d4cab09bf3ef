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
    /** What went wrong, so a caller (e.g. a sign-in dialog) can say which part to fix. */
    enum class Failure
    {
        None, ///< a token arrived
        Unreachable, ///< no HTTP answer: refused, host not found, TLS, proxy, network down
        Timeout, ///< the endpoint or the command took longer than allowed
        HttpStatus, ///< the endpoint answered a non-2xx status other than 401/403 (see httpStatus)
        Refused, ///< the endpoint answered 401 or 403: the credentials it was sent were refused
        BadResponse, ///< an answer arrived but held no usable token (bad JSON, no or empty token)
        CommandFailed ///< the command could not start, crashed or exited non-zero
    };

    std::optional<OperatorSessionToken> token;
    QString error;
    Failure failure = Failure::None;
    int httpStatus = 0; ///< the endpoint's HTTP status when one arrived, else 0
    bool ok() const { return token.has_value(); }

    static TokenResult failed(Failure failure, const QString &error, int httpStatus = 0)
    {
        TokenResult result;
        result.error = error;
        result.failure = failure;
        result.httpStatus = httpStatus;
        return result;
    }
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
