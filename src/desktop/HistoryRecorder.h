// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CallHistory.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <optional>

namespace audin {
class CallController;
class OperatorService;
} // namespace audin

namespace audin::desktop {

/**
 * Writes one history row per call (inbound and outbound, including dials refused before the service
 * assigned a callSid): in progress when it rings or the service places it, updated when it is
 * answered, finished when OperatorService reports it ended. Line id and name come from the service's
 * numbers; a failed call keeps the error code the service reported just before it ended.
 */
class HistoryRecorder : public QObject
{
    Q_OBJECT

public:
    HistoryRecorder(OperatorService *service, CallHistory *history, QObject *parent = nullptr);

    /**
     * The app declined this offer automatically (do not disturb): it is recorded as missed (and
     * unseen) with `note`. Call it before rejecting; if the call has already been recorded, its row
     * is amended.
     */
    void noteDeclinedByPolicy(CallController *call, const QString &note);

private:
    struct PendingError
    {
        QString code;
        QString message;
        quint64 serial = 0;
    };

    void track(CallController *call);
    void refresh(CallController *call);
    void remember(CallController *call, qint64 id);
    void onCallEnded(CallController *call);
    void onServiceError(const OperatorError &error);
    CallRecord recordFor(CallController *call) const;

    QPointer<OperatorService> m_service;
    QPointer<CallHistory> m_history;
    QHash<CallController *, QString> m_policyNotes; // offers declined by policy, until they end
    QHash<CallController *, qint64> m_recorded; // rows written for calls still alive
    std::optional<PendingError> m_lastError;
    quint64 m_errorSerial = 0;
};

} // namespace audin::desktop
