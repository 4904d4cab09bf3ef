// SPDX-License-Identifier: GPL-3.0-or-later
#include "MediaConfig.h"

#include <QDir>
#include <QJsonArray>

namespace audin::sim {

namespace {
bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool readInt(const QJsonObject &object, const QString &key, int &out, int min, int max, const QString &where,
             QString *error)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return true;
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < min || number > max || number != double(qint64(number)))
        return fail(error,
                    QStringLiteral("%1%2 must be a whole number from %3 to %4").arg(where, key).arg(min).arg(max));
    out = int(number);
    return true;
}

bool onlyKnownKeys(const QJsonObject &object, const QStringList &known, const QString &where, QString *error)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            return fail(error, QStringLiteral("unknown key %1%2 (known: %3)").arg(where, it.key(), known.join(u", ")));
    }
    return true;
}
} // namespace

std::optional<FarEndSpec> FarEndSpec::fromJson(const QJsonValue &value, QString *error)
{
    if (!value.isObject()) {
        fail(error, QStringLiteral("farEnd must be an object like {\"mode\":\"echo\"}"));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    if (!onlyKnownKeys(object, {QStringLiteral("mode"), QStringLiteral("delayMs")}, QStringLiteral("farEnd."), error))
        return std::nullopt;
    FarEndSpec spec;
    spec.mode = object.value(QStringLiteral("mode")).toString(spec.mode);
    static const QStringList modes {QStringLiteral("echo"), QStringLiteral("speech"), QStringLiteral("recorder"),
                                    QStringLiteral("silence")};
    if (!modes.contains(spec.mode)) {
        fail(error, QStringLiteral("farEnd.mode must be one of %1").arg(modes.join(u", ")));
        return std::nullopt;
    }
    if (!readInt(object, QStringLiteral("delayMs"), spec.delayMs, 0, 10000, QStringLiteral("farEnd."), error))
        return std::nullopt;
    return spec;
}

QJsonObject FarEndSpec::toJson() const
{
    return {{QStringLiteral("mode"), mode}, {QStringLiteral("delayMs"), delayMs}};
}

std::optional<ImpairmentSpec> ImpairmentSpec::fromJson(const QJsonValue &value, QString *error)
{
    if (!value.isObject()) {
        fail(error, QStringLiteral("impairment must be an object"));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    const QString where = QStringLiteral("impairment.");
    if (!onlyKnownKeys(object,
                       {QStringLiteral("delayMs"), QStringLiteral("jitterMs"), QStringLiteral("stallEveryMs"),
                        QStringLiteral("stallMinMs"), QStringLiteral("stallMaxMs"), QStringLiteral("seed")},
                       where, error))
        return std::nullopt;
    ImpairmentSpec spec;
    int seed = int(spec.seed);
    if (!readInt(object, QStringLiteral("delayMs"), spec.delayMs, 0, 10000, where, error)
        || !readInt(object, QStringLiteral("jitterMs"), spec.jitterMs, 0, 5000, where, error)
        || !readInt(object, QStringLiteral("stallEveryMs"), spec.stallEveryMs, 0, 3600000, where, error)
        || !readInt(object, QStringLiteral("stallMinMs"), spec.stallMinMs, 0, 60000, where, error)
        || !readInt(object, QStringLiteral("stallMaxMs"), spec.stallMaxMs, 0, 60000, where, error)
        || !readInt(object, QStringLiteral("seed"), seed, 0, 1 << 30, where, error))
        return std::nullopt;
    spec.seed = quint32(seed);
    if (spec.stallMaxMs < spec.stallMinMs) {
        fail(error, QStringLiteral("impairment.stallMaxMs must not be below stallMinMs"));
        return std::nullopt;
    }
    return spec;
}

QJsonObject ImpairmentSpec::toJson() const
{
    return {{QStringLiteral("delayMs"), delayMs},           {QStringLiteral("jitterMs"), jitterMs},
            {QStringLiteral("stallEveryMs"), stallEveryMs}, {QStringLiteral("stallMinMs"), stallMinMs},
            {QStringLiteral("stallMaxMs"), stallMaxMs},     {QStringLiteral("seed"), double(seed)}};
}

std::optional<MediaConfig> MediaConfig::fromJson(const QJsonValue &value, QString *error)
{
    MediaConfig config;
    if (value.isUndefined())
        return config;
    if (!value.isObject()) {
        fail(error, QStringLiteral("media must be an object"));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    if (!onlyKnownKeys(object,
                       {QStringLiteral("defaultFarEnd"), QStringLiteral("recordingsDir"),
                        QStringLiteral("resumeWindowMs"), QStringLiteral("outbound")},
                       QStringLiteral("media."), error))
        return std::nullopt;
    if (object.contains(QStringLiteral("defaultFarEnd"))) {
        const auto farEnd = FarEndSpec::fromJson(object.value(QStringLiteral("defaultFarEnd")), error);
        if (!farEnd)
            return std::nullopt;
        config.defaultFarEnd = *farEnd;
    }
    config.recordingsDir = object.value(QStringLiteral("recordingsDir")).toString();
    if (!readInt(object, QStringLiteral("resumeWindowMs"), config.resumeWindowMs, 1, 600000, QStringLiteral("media."),
                 error))
        return std::nullopt;
    const QJsonArray rules = object.value(QStringLiteral("outbound")).toArray();
    for (const QJsonValue &ruleValue : rules) {
        const QJsonObject rule = ruleValue.toObject();
        OutboundRule out;
        out.prefix = rule.value(QStringLiteral("prefix")).toString();
        out.behaviour = rule.value(QStringLiteral("behaviour")).toString(out.behaviour);
        if (out.prefix.isEmpty()
            || !QStringList {QStringLiteral("answer"), QStringLiteral("no_answer"), QStringLiteral("fail")}.contains(
                out.behaviour)) {
            fail(error,
                 QStringLiteral("media.outbound entries need a prefix and a behaviour of answer, no_answer "
                                "or fail"));
            return std::nullopt;
        }
        if (!readInt(rule, QStringLiteral("ringMs"), out.ringMs, 0, 600000, QStringLiteral("media.outbound."), error)
            || !readInt(rule, QStringLiteral("hangupAfterMs"), out.hangupAfterMs, 0, 86400000,
                        QStringLiteral("media.outbound."), error))
            return std::nullopt;
        if (rule.contains(QStringLiteral("farEnd"))) {
            const auto farEnd = FarEndSpec::fromJson(rule.value(QStringLiteral("farEnd")), error);
            if (!farEnd)
                return std::nullopt;
            out.farEnd = *farEnd;
        } else {
            out.farEnd = config.defaultFarEnd;
        }
        if (rule.contains(QStringLiteral("impairment"))) {
            const auto impairment = ImpairmentSpec::fromJson(rule.value(QStringLiteral("impairment")), error);
            if (!impairment)
                return std::nullopt;
            out.impairment = *impairment;
        }
        config.outbound << out;
    }
    return config;
}

OutboundRule MediaConfig::ruleFor(const QString &to) const
{
    for (const OutboundRule &rule : outbound) {
        if (to.startsWith(rule.prefix))
            return rule;
    }
    OutboundRule fallback;
    fallback.farEnd = defaultFarEnd;
    return fallback;
}

QString MediaConfig::effectiveRecordingsDir() const
{
    return recordingsDir.isEmpty() ? QDir::temp().filePath(QStringLiteral("audin-sim-recordings")) : recordingsDir;
}

} // namespace audin::sim
