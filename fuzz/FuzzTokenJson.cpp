// SPDX-License-Identifier: GPL-3.0-or-later
// The token answer `{ "token": "…", "expiresAt": "ISO-8601" }` (parseTokenJson, used by the HTTP
// and command token sources) and the JWT the token usually is: the simulator's claim and expiry
// extraction (Jwt::peekClaims, Jwt::verify, TokenIssuer::check) and the log redaction that must
// hide it. Checks that a failure never quotes the token and that a token is never logged.
#include "FuzzSupport.h"
#include "Jwt.h"
#include "Logger.h"
#include "Protocol.h"
#include "TokenIssuer.h"
#include "TokenSource.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace audin;

namespace {

const QByteArray secret = QByteArrayLiteral("fuzz-secret");

void checkJwt(const QByteArray &raw)
{
    const std::optional<QJsonObject> peeked = sim::Jwt::peekClaims(raw);
    QString error;
    const std::optional<QJsonObject> verified = sim::Jwt::verify(raw, secret, &error);
    if (verified && !peeked)
        fuzz::fail("verify() accepted a token whose claims peekClaims() cannot read");
    if (verified && peeked && *verified != *peeked)
        fuzz::fail("verify() and peekClaims() read different claims");
    if (!verified && error.isEmpty())
        fuzz::fail("verify() refused a token without saying why");
    const sim::TokenIssuer issuer(secret);
    const sim::TokenCheck check = issuer.check(QString::fromUtf8(raw), 1'700'000'000'000);
    if (check.ok && (check.operatorId.isEmpty() || check.expiresAtMs <= 1'700'000'000'000))
        fuzz::fail("TokenIssuer accepted a token without an operator or already expired");
    if (!check.ok && check.error.isEmpty())
        fuzz::fail("TokenIssuer refused a token without saying why");
    // A well-signed token built from these claims round-trips through the issuer's checks.
    if (peeked) {
        const QByteArray resigned = sim::Jwt::sign(*peeked, secret);
        const std::optional<QJsonObject> again = sim::Jwt::verify(resigned, secret, &error);
        if (!again || *again != *peeked)
            fuzz::fail("a token signed from readable claims does not verify to the same claims");
    }
}

// A token that no fixed message text can contain by chance: JWT-shaped (a JSON header, a dot).
bool looksSecret(const QString &token)
{
    return token.size() >= 8 && token.contains(QLatin1String("eyJ")) && token.contains(QLatin1Char('.'));
}

void checkRedaction(const QString &token)
{
    // What PresenceConnection logs for `auth` and `refresh`: the token member is replaced.
    const QJsonObject auth {{QStringLiteral("type"), QStringLiteral("auth")}, {QStringLiteral("token"), token}};
    const QString line = redactSecrets(protocol::summarize(auth));
    if (looksSecret(token) && line.contains(token))
        fuzz::fail("summarize() logs the token of an auth message", line);
    // Anything shaped like a JWT anywhere in a line is masked, as the line reaches the log: Log escapes
    // control characters too, and an escape such as \u202e followed by "yJ…" must not spell a new one.
    struct Capture final : OperatorLogger
    {
        QString last;
        void log(LogLevel, const QString &message) override { last = message; }
    };
    auto sink = std::make_shared<Capture>();
    Log(sink).info(QStringLiteral("token=%1 and more").arg(token));
    static const QRegularExpression jwt(QStringLiteral(R"(eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)"));
    if (jwt.match(sink->last).hasMatch())
        fuzz::fail("a log line keeps a JWT", sink->last);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const TokenResult result = parseTokenJson(input);
    if (result.ok() == !result.error.isEmpty())
        fuzz::fail("a token answer is both accepted and refused, or neither");
    if (!result.ok() && result.failure != TokenResult::Failure::BadResponse)
        fuzz::fail("a refused token answer is not a BadResponse");

    // The token as the answer holds it, whether or not the answer as a whole is usable.
    const QJsonObject object = QJsonDocument::fromJson(input).object();
    const QString token = object.value(QLatin1String("token")).toString();
    if (looksSecret(token) && result.error.contains(token))
        fuzz::fail("the error message quotes the token", result.error);
    if (result.ok()) {
        if (result.token->token != token || token.isEmpty())
            fuzz::fail("the parsed token is not the answer's token");
        if (result.token->expiresAt
            && (!result.token->expiresAt->isValid() || result.token->expiresAt->timeSpec() != Qt::UTC))
            fuzz::fail("expiresAt is not a valid UTC time");
        if (result.token->expiresAt && !object.value(QLatin1String("expiresAt")).isString())
            fuzz::fail("expiresAt came from nowhere");
    }
    checkRedaction(token.isEmpty() ? QString::fromUtf8(input) : token);
    checkJwt(token.isEmpty() ? input : token.toUtf8());
    return 0;
}
