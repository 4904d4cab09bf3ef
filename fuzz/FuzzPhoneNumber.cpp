// SPDX-License-Identifier: GPL-3.0-or-later
// Typed, pasted and command-line phone numbers: audin::normaliseE164 (PROTOCOL.md 3.6) and the
// dialpad's PhoneNumberInput (libphonenumber): normalize, numberFromUri, formatForDisplay,
// regionForNumber. The input is `region \n text`; without a newline the region is DE.
#include "FuzzSupport.h"
#include "PhoneNumber.h"
#include "PhoneNumberInput.h"

using namespace audin;
using audin::desktop::PhoneNumberInput;

namespace {

bool isE164(const QString &number)
{
    if (number.size() < 9 || number.size() > 16 || !number.startsWith(QLatin1Char('+')))
        return false;
    return std::all_of(number.cbegin() + 1, number.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    const QString region = newline >= 0 ? QString::fromUtf8(input.left(newline)) : QStringLiteral("DE");
    const QString text = QString::fromUtf8(newline >= 0 ? input.mid(newline + 1) : input);

    if (const std::optional<QString> e164 = normaliseE164(text)) {
        if (!isE164(*e164))
            fuzz::fail("normaliseE164 returned something that is not + and 8 to 15 digits", *e164);
        if (normaliseE164(*e164) != e164)
            fuzz::fail("normaliseE164 is not idempotent", *e164);
    }
    isValidDtmfDigit(text);

    const desktop::NormalizedNumber normalized = PhoneNumberInput::normalize(text, region);
    if (normalized.e164.has_value() == !normalized.error.isEmpty())
        fuzz::fail("normalize() gave both a number and an error, or neither", text);
    if (normalized.e164) {
        if (!isE164(*normalized.e164) || normaliseE164(*normalized.e164) != normalized.e164)
            fuzz::fail("normalize() returned a number the protocol refuses", *normalized.e164);
        // What the dialpad shows and what the history stores must read back as the same number.
        const desktop::NormalizedNumber again = PhoneNumberInput::normalize(*normalized.e164, region);
        if (again.e164 != normalized.e164)
            fuzz::fail("normalize() of its own result gives another answer", *normalized.e164);
        const QString shown = PhoneNumberInput::formatForDisplay(*normalized.e164);
        if (PhoneNumberInput::normalize(shown, QString()).e164 != normalized.e164)
            fuzz::fail("formatForDisplay() shows a number that reads back differently", shown);
        PhoneNumberInput::regionForNumber(*normalized.e164);
    }
    if (const std::optional<QString> fromUri = PhoneNumberInput::numberFromUri(text)) {
        if (fromUri->isEmpty())
            fuzz::fail("numberFromUri() returned an empty number");
        PhoneNumberInput::normalize(*fromUri, region);
    }
    PhoneNumberInput::formatForDisplay(text);
    PhoneNumberInput::regionForNumber(text);
    return 0;
}
