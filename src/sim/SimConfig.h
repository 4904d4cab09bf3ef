// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MediaConfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace audin::sim {

/** A phone number of an account. */
struct SimNumber
{
    QString id;
    QString phoneNumber; ///< E.164
    QString displayName; ///< null QString = JSON null
    bool active = true;
    QString accountId;
};

/** An operator of an account; `numberIds` are the account's numbers it may use. */
struct SimOperator
{
    QString id;
    QString name;
    QString operatorKey; ///< secret: the partner-backend stand-in's credential
    bool disabled = false;
    QStringList numberIds;
    QString accountId;
};

struct SimAccount
{
    QString id;
    QString name;
    QString apiKey; ///< secret
    bool disabled = false;
    QList<SimNumber> numbers;
    QList<SimOperator> operators;
};

/** Timing knobs, all changeable at run time (POST /sim/settings). */
struct SimSettings
{
    qint64 tokenTtlMs = 3600000;
    int authTimeoutMs = 10000;
    int idleTimeoutMs = 90000;
    int heartbeatAdviceMs = 25000;
    int ringTimeoutMs = 30000;

    /**
     * Applies any subset of the keys above. Unknown keys and values that are not positive
     * integers are rejected with `error`, and then nothing is changed.
     */
    bool apply(const QJsonObject &settings, QString *error);
    QJsonObject toJson() const;
};

/** Outcomes the simulated network gives to outbound calls. */
struct DialRules
{
    QStringList busy; ///< E.164 numbers that answer BUSY
    QStringList notAllowedPrefixes; ///< destinations starting with one of these are NOT_ALLOWED
};

/** The simulator's world: accounts, operators, numbers and timing. See docs/SIMULATOR.md. */
class SimConfig
{
public:
    QByteArray jwtSecret;
    SimSettings settings;
    DialRules dial;
    MediaConfig media;
    QList<SimAccount> accounts;

    /** Parses and validates a config object; nullopt with a message naming the bad field. */
    static std::optional<SimConfig> fromJson(const QJsonObject &json, QString *error);
    /** Reads a JSON file and parses it with fromJson(). */
    static std::optional<SimConfig> load(const QString &path, QString *error);

    SimAccount *account(const QString &accountId);
    const SimAccount *account(const QString &accountId) const;
    const SimAccount *accountByApiKey(const QByteArray &apiKey) const;
    SimOperator *findOperator(const QString &operatorId);
    const SimOperator *findOperator(const QString &operatorId) const;
    const SimOperator *operatorByKey(const QByteArray &operatorKey) const;
    SimNumber *findNumber(const QString &numberId);
    const SimNumber *findNumber(const QString &numberId) const;
    /** The number with this E.164 value (after normalisation), active or not. */
    const SimNumber *numberByPhone(const QString &phoneNumber) const;

    /** The active numbers `operatorId` may use, in its configured order. */
    QList<SimNumber> usableNumbers(const QString &operatorId) const;
    /** True when the operator may use `numberId` right now (its own account's, listed, active). */
    bool mayUse(const QString &operatorId, const QString &numberId) const;
    /** True when the operator or its account is disabled (unknown operators count as disabled). */
    bool isOperatorBlocked(const QString &operatorId) const;
};

} // namespace audin::sim
