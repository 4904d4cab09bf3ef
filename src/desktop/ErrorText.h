// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Types.h"

#include <QCoreApplication>
#include <QString>

namespace audin::desktop {

/** How an SDK error reaches the operator: a sentence they can act on, and how loudly. */
struct HumanError
{
    enum class Severity
    {
        Info, ///< passes by itself (a reconnect in progress)
        Warning, ///< something did not work; the app goes on
        Critical, ///< the operator must act (sign in again, another device took over)
    };
    QString text; ///< translated; never a bare code, never a secret
    Severity severity = Severity::Warning;
    /** Errors with the same key replace each other in the banner instead of piling up. */
    QString key;
};

/** Operator-facing words for what the SDK reports. */
class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
public:
    /** The text for each error code of PROTOCOL.md section 6. */
    static HumanError describe(const OperatorError &error);
    /** Short reason a call ended, for the popup and the call view ("Answered by a colleague"). */
    static QString endReason(CallEndReason reason, CallDirection direction, bool wasAnswered);
    /** "Offline", "Connecting…", "Online", "Reconnecting…" */
    static QString presence(PresenceState state);
};

} // namespace audin::desktop
