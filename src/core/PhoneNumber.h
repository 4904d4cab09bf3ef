// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <optional>

namespace audin {

/**
 * E.164 validation as PROTOCOL.md section 3.6 defines it: after stripping spaces, dashes,
 * dots and parentheses, `+` then 8 to 15 digits. Returns the stripped number, or nullopt.
 */
std::optional<QString> normaliseE164(const QString &input);

/** True for exactly one DTMF digit of `0-9*#`. */
bool isValidDtmfDigit(const QString &digit);

} // namespace audin
