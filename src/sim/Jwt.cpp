// SPDX-License-Identifier: GPL-3.0-or-later
#include "Jwt.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QList>
#include <QMessageAuthenticationCode>

namespace audin::sim {

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray hmac(const QByteArray &data, const QByteArray &secret)
{
    return QMessageAuthenticationCode::hash(data, secret, QCryptographicHash::Sha256);
}

// Compares every byte so the time taken does not reveal how much of a forged signature matched.
bool equalConstantTime(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

std::optional<QJsonObject> decodeJsonPart(const QByteArray &part)
{
    const auto decoded = QByteArray::fromBase64Encoding(part, Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

bool fail(QString *error, const char *message)
{
    if (error)
        *error = QString::fromLatin1(message);
    return false;
}

} // namespace

QByteArray Jwt::sign(const QJsonObject &claims, const QByteArray &secret)
{
    const QJsonObject header {{QStringLiteral("alg"), QStringLiteral("HS256")},
                              {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QByteArray signingInput = QJsonDocument(header).toJson(QJsonDocument::Compact).toBase64(Base64Url) + '.'
        + QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(Base64Url);
    return signingInput + '.' + hmac(signingInput, secret).toBase64(Base64Url);
}

std::optional<QJsonObject> Jwt::verify(const QByteArray &token, const QByteArray &secret, QString *error)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3) {
        fail(error, "malformed token");
        return std::nullopt;
    }
    const auto header = decodeJsonPart(parts.at(0));
    if (!header || header->value(QStringLiteral("alg")).toString() != QStringLiteral("HS256")) {
        fail(error, "unsupported token header");
        return std::nullopt;
    }
    const auto signature
        = QByteArray::fromBase64Encoding(parts.at(2), Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    const QByteArray expected = hmac(parts.at(0) + '.' + parts.at(1), secret);
    if (!signature || !equalConstantTime(*signature, expected)) {
        fail(error, "bad token signature");
        return std::nullopt;
    }
    const auto claims = decodeJsonPart(parts.at(1));
    if (!claims) {
        fail(error, "malformed token claims");
        return std::nullopt;
    }
    return claims;
}

std::optional<QJsonObject> Jwt::peekClaims(const QByteArray &token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return std::nullopt;
    return decodeJsonPart(parts.at(1));
}

} // namespace audin::sim
