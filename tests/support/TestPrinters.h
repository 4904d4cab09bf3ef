// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Lets QCOMPARE print SDK enums by their wire names when a comparison fails (found through ADL).
#include "Types.h"

#include <QtGlobal>
#include <optional>

namespace audin {
inline char *toString(PresenceState value)
{
    return qstrdup(qPrintable(wireName(value)));
}
inline char *toString(CallState value)
{
    return qstrdup(qPrintable(wireName(value)));
}
inline char *toString(CallDirection value)
{
    return qstrdup(qPrintable(wireName(value)));
}
inline char *toString(CallEndReason value)
{
    return qstrdup(qPrintable(wireName(value)));
}
} // namespace audin
