// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimConfig.h"

#include "PhoneNumber.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <algorithm>
#include <cmath>
#include <limits>

namespace audin::sim {

namespace {

// Parses one optional positive integer; `where` prefixes the error so a bad file names its field.
bool readPositive(const QJsonObject &obj, const QString &key, qint64 &out, const QString &where, QString *error,
                  qint64 max = std::numeric_limits<int>::max())
{
    if (!obj.contains(key))
        return true;
    const QJsonValue v = obj.value(key);
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d != std::floor(d) || d <= 0 || d > double(max)) {
        if (error)
            *error = QStringLiteral("%1%2 must be a positive integer (at most %3)").arg(where, key).arg(max);
        return false;
    }
    out = qint64(d);
    return true;
}

bool readString(const QJsonObject &obj, const QString &key, QString &out, const QString &where, QString *error,
                bool required)
{
    const QJsonValue v = obj.value(key);
    if (v.isUndefined() && !required)
        return true;
    if (!v.isString() || v.toString().isEmpty()) {
        if (error)
            *error = QStringLiteral("%1%2 must be a non-empty string").arg(where, key);
        return false;
    }
    out = v.toString();
    return true;
}

bool readBool(const QJsonObject &obj, const QString &key, bool &out, const QString &where, QString *error)
{
    const QJsonValue v = obj.value(key);
    if (v.isUndefined())
        return true;
    if (!v.isBool()) {
        if (error)
            *error = QStringLiteral("%1%2 must be true or false").arg(where, key);
        return false;
    }
    out = v.toBool();
    return true;
}

bool readStringList(const QJsonObject &obj, const QString &key, QStringList &out, const QString &where, QString *error)
{
    const QJsonValue v = obj.value(key);
    if (v.isUndefined())
        return true;
    if (!v.isArray()) {
        if (error)
            *error = QStringLiteral("%1%2 must be an array of strings").arg(where, key);
        return false;
    }
    for (const QJsonValue item : v.toArray()) {
        if (!item.isString() || item.toString().isEmpty()) {
            if (error)
                *error = QStringLiteral("%1%2 must be an array of non-empty strings").arg(where, key);
            return false;
        }
        out.append(item.toString());
    }
    return true;
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool parseNumber(const QJsonValue &value, const QString &where, SimNumber &n, QString *error)
{
    if (!value.isObject())
        return fail(error, where + QStringLiteral(" must be an object"));
    const QJsonObject obj = value.toObject();
    const QString at = where + QLatin1Char('.');
    QString phone;
    if (!readString(obj, QStringLiteral("id"), n.id, at, error, true)
        || !readString(obj, QStringLiteral("phoneNumber"), phone, at, error, true)
        || !readBool(obj, QStringLiteral("active"), n.active, at, error))
        return false;
    const auto e164 = normaliseE164(phone);
    if (!e164)
        return fail(error, at + QStringLiteral("phoneNumber is not E.164: ") + phone);
    n.phoneNumber = *e164;
    const QJsonValue display = obj.value(QStringLiteral("displayName"));
    if (display.isString())
        n.displayName = display.toString();
    else if (!display.isNull() && !display.isUndefined())
        return fail(error, at + QStringLiteral("displayName must be a string or null"));
    return true;
}

bool parseAccount(const QJsonValue &value, const QString &where, SimAccount &acc, QString *error)
{
    if (!value.isObject())
        return fail(error, where + QStringLiteral(" must be an object"));
    const QJsonObject obj = value.toObject();
    const QString at = where + QLatin1Char('.');
    if (!readString(obj, QStringLiteral("id"), acc.id, at, error, true)
        || !readString(obj, QStringLiteral("name"), acc.name, at, error, false)
        || !readString(obj, QStringLiteral("apiKey"), acc.apiKey, at, error, true)
        || !readBool(obj, QStringLiteral("disabled"), acc.disabled, at, error))
        return false;
    const QJsonValue numbers = obj.value(QStringLiteral("numbers"));
    if (!numbers.isUndefined() && !numbers.isArray())
        return fail(error, at + QStringLiteral("numbers must be an array"));
    const QJsonArray numberArray = numbers.toArray();
    for (int i = 0; i < numberArray.size(); ++i) {
        SimNumber n;
        if (!parseNumber(numberArray.at(i), at + QStringLiteral("numbers[%1]").arg(i), n, error))
            return false;
        n.accountId = acc.id;
        acc.numbers.append(n);
    }
    const QJsonValue operators = obj.value(QStringLiteral("operators"));
    if (!operators.isUndefined() && !operators.isArray())
        return fail(error, at + QStringLiteral("operators must be an array"));
    const QJsonArray operatorArray = operators.toArray();
    for (int i = 0; i < operatorArray.size(); ++i) {
        const QString opAt = at + QStringLiteral("operators[%1]").arg(i);
        if (!operatorArray.at(i).isObject())
            return fail(error, opAt + QStringLiteral(" must be an object"));
        const QJsonObject o = operatorArray.at(i).toObject();
        SimOperator op;
        if (!readString(o, QStringLiteral("id"), op.id, opAt + QLatin1Char('.'), error, true)
            || !readString(o, QStringLiteral("name"), op.name, opAt + QLatin1Char('.'), error, false)
            || !readString(o, QStringLiteral("operatorKey"), op.operatorKey, opAt + QLatin1Char('.'), error, true)
            || !readBool(o, QStringLiteral("disabled"), op.disabled, opAt + QLatin1Char('.'), error)
            || !readStringList(o, QStringLiteral("numbers"), op.numberIds, opAt + QLatin1Char('.'), error))
            return false;
        for (const QString &numberId : std::as_const(op.numberIds)) {
            const bool known = std::any_of(acc.numbers.cbegin(), acc.numbers.cend(),
                                           [&](const SimNumber &n) { return n.id == numberId; });
            if (!known)
                return fail(error,
                            opAt
                                + QStringLiteral(".numbers names %1, which is not a number of account %2")
                                      .arg(numberId, acc.id));
        }
        op.accountId = acc.id;
        acc.operators.append(op);
    }
    return true;
}

// Ids and secrets must be unique across the whole file, or lookups would be ambiguous.
bool checkUnique(const SimConfig &config, QString *error)
{
    QSet<QString> accounts, apiKeys, numbers, phones, operators, operatorKeys;
    auto dup = [&](QSet<QString> &seen, const QString &value, const QString &what) {
        if (seen.contains(value))
            return !fail(error, QStringLiteral("duplicate %1%2").arg(what, value));
        seen.insert(value);
        return false;
    };
    for (const SimAccount &acc : config.accounts) {
        if (dup(accounts, acc.id, QStringLiteral("account id ")) || dup(apiKeys, acc.apiKey, QStringLiteral("apiKey")))
            return false;
        for (const SimNumber &n : acc.numbers) {
            if (dup(numbers, n.id, QStringLiteral("number id "))
                || dup(phones, n.phoneNumber, QStringLiteral("phoneNumber ")))
                return false;
        }
        for (const SimOperator &op : acc.operators) {
            if (dup(operators, op.id, QStringLiteral("operator id "))
                || dup(operatorKeys, op.operatorKey, QStringLiteral("operatorKey")))
                return false;
        }
    }
    return true;
}

} // namespace

bool SimSettings::apply(const QJsonObject &settings, QString *error)
{
    static const QStringList known
        = {QStringLiteral("tokenTtlMs"), QStringLiteral("authTimeoutMs"), QStringLiteral("idleTimeoutMs"),
           QStringLiteral("heartbeatAdviceMs"), QStringLiteral("ringTimeoutMs")};
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (!known.contains(it.key()))
            return fail(error, QStringLiteral("unknown setting %1 (known: %2)").arg(it.key(), known.join(u", ")));
    }
    qint64 ttl = tokenTtlMs, auth = authTimeoutMs, idle = idleTimeoutMs, heartbeat = heartbeatAdviceMs,
           ring = ringTimeoutMs;
    // Token lifetimes may be long (days); the rest are timer intervals and must fit an int.
    if (!readPositive(settings, QStringLiteral("tokenTtlMs"), ttl, {}, error, qint64(1) << 40)
        || !readPositive(settings, QStringLiteral("authTimeoutMs"), auth, {}, error)
        || !readPositive(settings, QStringLiteral("idleTimeoutMs"), idle, {}, error)
        || !readPositive(settings, QStringLiteral("heartbeatAdviceMs"), heartbeat, {}, error)
        || !readPositive(settings, QStringLiteral("ringTimeoutMs"), ring, {}, error))
        return false;
    tokenTtlMs = ttl;
    authTimeoutMs = int(auth);
    idleTimeoutMs = int(idle);
    heartbeatAdviceMs = int(heartbeat);
    ringTimeoutMs = int(ring);
    return true;
}

QJsonObject SimSettings::toJson() const
{
    return {{QStringLiteral("tokenTtlMs"), double(tokenTtlMs)},
            {QStringLiteral("authTimeoutMs"), authTimeoutMs},
            {QStringLiteral("idleTimeoutMs"), idleTimeoutMs},
            {QStringLiteral("heartbeatAdviceMs"), heartbeatAdviceMs},
            {QStringLiteral("ringTimeoutMs"), ringTimeoutMs}};
}

std::optional<SimConfig> SimConfig::fromJson(const QJsonObject &json, QString *error)
{
    SimConfig config;
    QString secret;
    if (!readString(json, QStringLiteral("jwtSecret"), secret, {}, error, true))
        return std::nullopt;
    config.jwtSecret = secret.toUtf8();

    QJsonObject settings;
    for (const QString &key :
         {QStringLiteral("tokenTtlMs"), QStringLiteral("authTimeoutMs"), QStringLiteral("idleTimeoutMs"),
          QStringLiteral("heartbeatAdviceMs"), QStringLiteral("ringTimeoutMs")}) {
        if (json.contains(key))
            settings.insert(key, json.value(key));
    }
    if (!config.settings.apply(settings, error))
        return std::nullopt;

    const QJsonValue dial = json.value(QStringLiteral("dial"));
    if (!dial.isUndefined()) {
        if (!dial.isObject()) {
            fail(error, QStringLiteral("dial must be an object"));
            return std::nullopt;
        }
        QStringList busy;
        if (!readStringList(dial.toObject(), QStringLiteral("busy"), busy, QStringLiteral("dial."), error)
            || !readStringList(dial.toObject(), QStringLiteral("notAllowedPrefixes"), config.dial.notAllowedPrefixes,
                               QStringLiteral("dial."), error))
            return std::nullopt;
        for (const QString &number : std::as_const(busy)) {
            const auto e164 = normaliseE164(number);
            if (!e164) {
                fail(error, QStringLiteral("dial.busy entry is not E.164: ") + number);
                return std::nullopt;
            }
            config.dial.busy.append(*e164);
        }
    }

    const std::optional<MediaConfig> media = MediaConfig::fromJson(json.value(QStringLiteral("media")), error);
    if (!media)
        return std::nullopt;
    config.media = *media;

    const QJsonValue accounts = json.value(QStringLiteral("accounts"));
    if (!accounts.isArray()) {
        fail(error, QStringLiteral("accounts must be an array"));
        return std::nullopt;
    }
    const QJsonArray accountArray = accounts.toArray();
    for (int i = 0; i < accountArray.size(); ++i) {
        SimAccount acc;
        if (!parseAccount(accountArray.at(i), QStringLiteral("accounts[%1]").arg(i), acc, error))
            return std::nullopt;
        config.accounts.append(acc);
    }
    if (!checkUnique(config, error))
        return std::nullopt;
    return config;
}

std::optional<SimConfig> SimConfig::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(error, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        fail(error,
             QStringLiteral("%1: invalid JSON at offset %2: %3")
                 .arg(path)
                 .arg(parseError.offset)
                 .arg(parseError.errorString()));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        fail(error, path + QStringLiteral(": the top level must be a JSON object"));
        return std::nullopt;
    }
    QString why;
    auto config = fromJson(doc.object(), &why);
    if (!config)
        fail(error, QStringLiteral("%1: %2").arg(path, why));
    return config;
}

SimAccount *SimConfig::account(const QString &accountId)
{
    for (SimAccount &acc : accounts) {
        if (acc.id == accountId)
            return &acc;
    }
    return nullptr;
}

const SimAccount *SimConfig::account(const QString &accountId) const
{
    return const_cast<SimConfig *>(this)->account(accountId);
}

const SimAccount *SimConfig::accountByApiKey(const QByteArray &apiKey) const
{
    if (apiKey.isEmpty())
        return nullptr;
    for (const SimAccount &acc : accounts) {
        if (acc.apiKey.toUtf8() == apiKey)
            return &acc;
    }
    return nullptr;
}

SimOperator *SimConfig::findOperator(const QString &operatorId)
{
    for (SimAccount &acc : accounts) {
        for (SimOperator &op : acc.operators) {
            if (op.id == operatorId)
                return &op;
        }
    }
    return nullptr;
}

const SimOperator *SimConfig::findOperator(const QString &operatorId) const
{
    return const_cast<SimConfig *>(this)->findOperator(operatorId);
}

const SimOperator *SimConfig::operatorByKey(const QByteArray &operatorKey) const
{
    if (operatorKey.isEmpty())
        return nullptr;
    for (const SimAccount &acc : accounts) {
        for (const SimOperator &op : acc.operators) {
            if (op.operatorKey.toUtf8() == operatorKey)
                return &op;
        }
    }
    return nullptr;
}

SimNumber *SimConfig::findNumber(const QString &numberId)
{
    for (SimAccount &acc : accounts) {
        for (SimNumber &n : acc.numbers) {
            if (n.id == numberId)
                return &n;
        }
    }
    return nullptr;
}

const SimNumber *SimConfig::findNumber(const QString &numberId) const
{
    return const_cast<SimConfig *>(this)->findNumber(numberId);
}

const SimNumber *SimConfig::numberByPhone(const QString &phoneNumber) const
{
    const auto e164 = normaliseE164(phoneNumber);
    if (!e164)
        return nullptr;
    for (const SimAccount &acc : accounts) {
        for (const SimNumber &n : acc.numbers) {
            if (n.phoneNumber == *e164)
                return &n;
        }
    }
    return nullptr;
}

QList<SimNumber> SimConfig::usableNumbers(const QString &operatorId) const
{
    QList<SimNumber> out;
    const SimOperator *op = findOperator(operatorId);
    if (!op)
        return out;
    for (const QString &numberId : op->numberIds) {
        if (mayUse(operatorId, numberId))
            out.append(*findNumber(numberId));
    }
    return out;
}

bool SimConfig::mayUse(const QString &operatorId, const QString &numberId) const
{
    const SimOperator *op = findOperator(operatorId);
    const SimNumber *n = findNumber(numberId);
    return op && n && n->active && n->accountId == op->accountId && op->numberIds.contains(numberId);
}

bool SimConfig::isOperatorBlocked(const QString &operatorId) const
{
    const SimOperator *op = findOperator(operatorId);
    if (!op)
        return true;
    const SimAccount *acc = account(op->accountId);
    return op->disabled || !acc || acc->disabled;
}

} // namespace audin::sim
