// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace audin::sim {

/** What the far end of a call does with audio (docs/SIMULATOR.md, "Far ends"). */
struct FarEndSpec
{
    QString mode = QStringLiteral("echo"); ///< echo | speech | recorder | silence
    int delayMs = 0; ///< echo: how late the operator's audio comes back

    static std::optional<FarEndSpec> fromJson(const QJsonValue &value, QString *error);
    QJsonObject toJson() const;
};

/**
 * Impairment of the simulator's send path, shaped like TCP: nothing is lost or reordered, frames
 * are only held back. Each frame is delayed by delayMs plus |N(0, jitterMs)|; every stallEveryMs
 * the path stalls for a uniform stallMinMs..stallMaxMs, and everything held is then sent at once.
 */
struct ImpairmentSpec
{
    int delayMs = 0;
    int jitterMs = 0;
    int stallEveryMs = 0;
    int stallMinMs = 200;
    int stallMaxMs = 500;
    quint32 seed = 1;

    bool isNone() const { return delayMs == 0 && jitterMs == 0 && stallEveryMs == 0; }
    static std::optional<ImpairmentSpec> fromJson(const QJsonValue &value, QString *error);
    QJsonObject toJson() const;
};

/** How a dialled number behaves; the first rule whose prefix matches wins. */
struct OutboundRule
{
    QString prefix;
    QString behaviour = QStringLiteral("answer"); ///< answer | no_answer | fail
    int ringMs = 1000;
    int hangupAfterMs = 0; ///< 0 = the far end never hangs up
    FarEndSpec farEnd;
    ImpairmentSpec impairment;
};

/** The `media` section of the simulator config. */
struct MediaConfig
{
    FarEndSpec defaultFarEnd;
    QString recordingsDir; ///< empty = <temp>/audin-sim-recordings
    int resumeWindowMs = 15000;
    QList<OutboundRule> outbound;

    static std::optional<MediaConfig> fromJson(const QJsonValue &value, QString *error);
    /** The first rule whose prefix `to` starts with; a default `answer` rule otherwise. */
    OutboundRule ruleFor(const QString &to) const;
    QString effectiveRecordingsDir() const;
};

} // namespace audin::sim
