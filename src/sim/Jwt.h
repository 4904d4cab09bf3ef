// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace audin::sim {

/** Minimal HS256 JSON Web Tokens: enough for the simulator to mint and check its own tokens. */
class Jwt
{
public:
    /** `base64url(header).base64url(claims).base64url(HMAC-SHA256)` with header {"alg":"HS256","typ":"JWT"}. */
    static QByteArray sign(const QJsonObject &claims, const QByteArray &secret);
    /** The claims when the signature is valid for `secret`, else nullopt with a reason. Expiry is not checked. */
    static std::optional<QJsonObject> verify(const QByteArray &token, const QByteArray &secret, QString *error);
    /** The claims without checking the signature, for logging a token id; nullopt if malformed. */
    static std::optional<QJsonObject> peekClaims(const QByteArray &token);
};

} // namespace audin::sim
