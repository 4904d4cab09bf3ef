// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QString>
#include <optional>

namespace audin::desktop {

struct NormalizedNumber
{
    std::optional<QString> e164;
    QString error; ///< human (translated): why the text is not a number we can dial
};

/**
 * What the dialpad does with typed or pasted text, through libphonenumber. Stateless and safe to
 * call from any thread (libphonenumber's instance is only read).
 */
class PhoneNumberInput
{
    Q_DECLARE_TR_FUNCTIONS(PhoneNumberInput)

public:
    /**
     * Any common format: "+49 30 1234-567", "0049 30 1234567", "(030) 1234567" with region DE,
     * "tel:+1-555-123-0001", "1-800-FLOWERS" (letters to digits), dots, NBSP and other unicode
     * spaces, full-width digits, a label around one number ("Tel: +49 30 1234567 (office)"). An
     * extension is dropped. The result passes audin::normaliseE164 (PROTOCOL.md 3.6) and
     * libphonenumber's IsPossibleNumber (not IsValidNumber: the simulator's +1555… numbers are
     * fictional). National input without a region gives an error that says to type the number with
     * + and its country code; without a region a leading 00 is read as +.
     */
    static NormalizedNumber normalize(const QString &text, const QString &defaultRegion);
    /** Region (ISO 3166 alpha-2) of an E.164 number, e.g. "DE" for +4930…; empty if unknown. */
    static QString regionForNumber(const QString &e164);
    /** The locale's territory when libphonenumber knows it ("DE" for de_DE), else empty. */
    static QString defaultRegionFromLocale(const QLocale &locale = QLocale::system());
    /**
     * A number from a command-line argument or URI: tel: (RFC 3966, visual separators and ;params
     * dropped, a global phone-context prefixed), callto:, sip:/sips:NUMBER@host, or plain text.
     * Returns the digits with a leading + when there was one (separators removed), for normalize();
     * nullopt if it is not a number.
     */
    static std::optional<QString> numberFromUri(const QString &argument);
    /** International format for display: "+49 30 1234567"; the input itself if it cannot be parsed. */
    static QString formatForDisplay(const QString &e164);
    /** Every region (ISO 3166 alpha-2) numbers can be read for, sorted: the settings' country list. */
    static QStringList supportedRegions();
};

} // namespace audin::desktop
