// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace audin::sim {

/** One fault to inject (POST /sim/faults), parsed and validated. See docs/SIMULATOR.md. */
struct SimFault
{
    enum class Action
    {
        Close,
        Drop,
        Stall,
        SendText,
        SendBinary,
        RejectAuth,
        IgnoreRefresh,
        Clear
    };

    Action action = Action::Clear;
    QString operatorId; ///< empty only for `clear` (= every operator)
    int code = 0; ///< close, rejectAuth
    QString reason; ///< close
    QString text; ///< send (text or generated padding)
    QByteArray binary; ///< send binary
    QJsonObject logFields; ///< how a send is described in the event log (never the payload)
    int count = 0; ///< rejectAuth
    bool on = false; ///< ignoreRefresh

    /** Validates `json`; nullopt with a message for anything malformed. */
    static std::optional<SimFault> fromJson(const QJsonObject &json, QString *error);
    /** Faults that act on the operator's live session (the rest are remembered per operator). */
    bool needsLiveSession() const;
    QString actionName() const;
};

} // namespace audin::sim
