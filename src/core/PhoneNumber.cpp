// SPDX-License-Identifier: GPL-3.0-or-later
#include "PhoneNumber.h"

namespace audin {

std::optional<QString> normaliseE164(const QString &input)
{
    QString stripped;
    stripped.reserve(input.size());
    for (const QChar c : input) {
        if (c == QLatin1Char(' ') || c == QLatin1Char('-') || c == QLatin1Char('.') || c == QLatin1Char('(')
            || c == QLatin1Char(')'))
            continue;
        stripped.append(c);
    }
    if (!stripped.startsWith(QLatin1Char('+')))
        return std::nullopt;
    const int digits = stripped.size() - 1;
    if (digits < 8 || digits > 15)
        return std::nullopt;
    for (int i = 1; i < stripped.size(); ++i) {
        const QChar c = stripped.at(i);
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    return stripped;
}

bool isValidDtmfDigit(const QString &digit)
{
    if (digit.size() != 1)
        return false;
    const QChar c = digit.at(0);
    return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('*') || c == QLatin1Char('#');
}

} // namespace audin
