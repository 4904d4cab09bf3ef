// SPDX-License-Identifier: GPL-3.0-or-later
#include "PhoneNumberInput.h"

#include "PhoneNumber.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QUrl>
#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>
#include <set>

namespace audin::desktop {

namespace {
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

Q_LOGGING_CATEGORY(lcPhoneNumbers, "audin.phonenumbers", QtWarningMsg)

// libphonenumber's own diagnostics ("Invalid region code…") are about our input, not problems the
// user must see on stderr: they go to a Qt category that is off unless asked for.
class QuietLogger final : public i18n::phonenumbers::Logger
{
public:
    void WriteMessage(const std::string &message) override
    {
        if (message != "\n")
            qCDebug(lcPhoneNumbers).noquote() << QString::fromStdString(message);
    }
};

// The logger is installed exactly once, before anyone parses (a function-local static is
// initialised thread-safely); after that the instance is only read, which libphonenumber allows
// from any thread.
const PhoneNumberUtil &util()
{
    static const PhoneNumberUtil *const instance = [] {
        PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
        u->SetLogger(new QuietLogger);
        return u;
    }();
    return *instance;
}

const char unknownRegion[] = "ZZ";

NormalizedNumber failure(const QString &message)
{
    return NormalizedNumber {std::nullopt, message};
}

QString nationalWithoutRegion()
{
    return PhoneNumberInput::tr("Type the number with + and its country code, for example +49 30 1234567.");
}

// Unicode spellings of what is on a keypad: full-width and other scripts' digits, NBSP and other
// spaces, dashes; invisible marks that come along with copied text are dropped.
QString cleanText(const QString &text)
{
    const QString normalized = text.normalized(QString::NormalizationForm_KC);
    QString out;
    out.reserve(normalized.size());
    for (const QChar c : normalized) {
        if (c.isDigit())
            out += QChar(u'0' + c.digitValue());
        else if (c.isSpace())
            out += QLatin1Char(' ');
        else if (c.category() == QChar::Punctuation_Dash)
            out += QLatin1Char('-');
        else if (c.category() == QChar::Other_Format)
            continue; // bidi marks, zero-width spaces
        else
            out += c;
    }
    return out.trimmed();
}

const QRegularExpression &schemePattern()
{
    // "Tel: +49…" with a space is a label in pasted text, not a URI.
    static const QRegularExpression pattern(QStringLiteral("^(tel|callto|sips?):(?! )(.*)$"),
                                            QRegularExpression::CaseInsensitiveOption
                                                | QRegularExpression::DotMatchesEverythingOption);
    return pattern;
}

// "+49 (30) 123-456" → "+4930123456"; nullopt unless only digits (after an optional +) remain.
std::optional<QString> stripVisualSeparators(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[ .\\-()/]"));
    static const QRegularExpression number(QStringLiteral("^\\+?[0-9]+$"));
    QString out = text;
    out.remove(separators);
    if (!number.match(out).hasMatch())
        return std::nullopt;
    return out;
}

// Letters typed as a vanity number ("1-800-FLOWERS", "0800-blumen") rather than words around a
// number ("+49 30 1234567 office"): every letter run is upper case or glued to a digit or dash.
bool looksLikeVanity(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral("^\\+?[0-9][0-9A-Za-z .\\-()/]*$"));
    static const QRegularExpression letterRun(QStringLiteral("[A-Za-z]+"));
    if (!shape.match(text).hasMatch())
        return false;
    int letters = 0;
    QRegularExpressionMatchIterator it = letterRun.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch run = it.next();
        const QString word = run.captured();
        letters += int(word.size());
        const QChar before = text.at(run.capturedStart() - 1); // shape: never at index 0
        if (word != word.toUpper() && !before.isDigit() && before != QLatin1Char('-'))
            return false;
    }
    return letters >= 3;
}

bool isPlainNumber(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^\\+?[0-9 .\\-()/]*[0-9][0-9 .\\-()/]*$"));
    return plain.match(text).hasMatch();
}

QString parseErrorText(PhoneNumberUtil::ErrorType error, const QString &candidate, const std::string &region)
{
    switch (error) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
        if (!candidate.startsWith(QLatin1Char('+')) && region == unknownRegion)
            return nationalWithoutRegion();
        return PhoneNumberInput::tr("This number does not start with a known country code.");
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
        return PhoneNumberInput::tr("This number is too short.");
    case PhoneNumberUtil::TOO_LONG_NSN:
        return PhoneNumberInput::tr("This number is too long.");
    case PhoneNumberUtil::NOT_A_NUMBER:
    case PhoneNumberUtil::NO_PARSING_ERROR:
        break;
    }
    return PhoneNumberInput::tr("This is not a phone number.");
}

NormalizedNumber check(const PhoneNumber &number)
{
    switch (util().IsPossibleNumberWithReason(number)) {
    case PhoneNumberUtil::IS_POSSIBLE:
        break;
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
        return failure(PhoneNumberInput::tr("This number is too short: add the area code."));
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
        return failure(PhoneNumberInput::tr("This number does not start with a known country code."));
    case PhoneNumberUtil::TOO_SHORT:
        return failure(PhoneNumberInput::tr("This number is too short."));
    case PhoneNumberUtil::TOO_LONG:
        return failure(PhoneNumberInput::tr("This number is too long."));
    case PhoneNumberUtil::INVALID_LENGTH:
        return failure(PhoneNumberInput::tr("This number has the wrong number of digits for its country."));
    }
    std::string e164;
    util().Format(number, PhoneNumberUtil::E164, &e164);
    // A national part that starts with the trunk prefix itself ("+49 0…", found in "…0000…") loses
    // that 0 each time the result is read again: it would be shown, stored and dialled as different
    // numbers. No real number has that shape.
    PhoneNumber reread;
    std::string again;
    if (util().Parse(e164, unknownRegion, &reread) == PhoneNumberUtil::NO_PARSING_ERROR)
        util().Format(reread, PhoneNumberUtil::E164, &again);
    if (again != e164)
        return failure(PhoneNumberInput::tr("This is not a phone number."));
    const std::optional<QString> accepted = normaliseE164(QString::fromStdString(e164));
    if (!accepted)
        return failure(PhoneNumberInput::tr("Only numbers of 8 to 15 digits, country code included, can be dialled."));
    return NormalizedNumber {accepted, {}};
}
} // namespace

NormalizedNumber PhoneNumberInput::normalize(const QString &text, const QString &defaultRegion)
{
    QString candidate = cleanText(text);
    if (candidate.isEmpty())
        return failure(PhoneNumberInput::tr("Type a phone number."));
    if (schemePattern().match(candidate).hasMatch()) {
        const std::optional<QString> fromUri = numberFromUri(candidate);
        if (!fromUri)
            return failure(PhoneNumberInput::tr("This is not a phone number."));
        candidate = *fromUri;
    }
    std::string region = defaultRegion.trimmed().toUpper().toStdString();
    if (region.empty() || util().GetCountryCodeForRegion(region) == 0)
        region = unknownRegion;
    // Without a region nothing says which international prefix applies; 00 is the one most of the
    // world uses (and the ITU's recommendation), so "0049…" still works.
    if (region == unknownRegion && candidate.startsWith(QLatin1String("00")))
        candidate = QLatin1Char('+') + candidate.mid(2);

    const std::string utf8 = candidate.toStdString();
    if (isPlainNumber(candidate) || looksLikeVanity(candidate)) {
        PhoneNumber number;
        const PhoneNumberUtil::ErrorType error = util().Parse(utf8, region, &number);
        if (error != PhoneNumberUtil::NO_PARSING_ERROR)
            return failure(parseErrorText(error, candidate, region));
        return check(number);
    }
    // Anything else: a number among other text, found the way libphonenumber finds numbers in prose.
    PhoneNumberMatcher matcher(util(), utf8, region, PhoneNumberMatcher::POSSIBLE, 8);
    std::optional<PhoneNumber> found;
    while (matcher.HasNext()) {
        PhoneNumberMatch match;
        if (!matcher.Next(&match))
            break;
        if (found)
            return failure(PhoneNumberInput::tr("This text contains more than one phone number; enter just one."));
        found = match.number();
    }
    if (!found) {
        if (region == unknownRegion && !candidate.contains(QLatin1Char('+')))
            return failure(nationalWithoutRegion());
        return failure(PhoneNumberInput::tr("This is not a phone number."));
    }
    return check(*found);
}

QString PhoneNumberInput::regionForNumber(const QString &e164)
{
    PhoneNumber number;
    if (util().Parse(cleanText(e164).toStdString(), unknownRegion, &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return {};
    std::string region;
    util().GetRegionCodeForNumber(number, &region);
    // Not a valid number of any one region (the simulator's +1555…): the country code's main region.
    if (region == unknownRegion || region == "001")
        util().GetRegionCodeForCountryCode(number.country_code(), &region);
    if (region == unknownRegion || region == "001")
        return {};
    return QString::fromStdString(region);
}

QString PhoneNumberInput::defaultRegionFromLocale(const QLocale &locale)
{
    if (locale.territory() == QLocale::AnyTerritory)
        return {};
    const QString code = QLocale::territoryToCode(locale.territory());
    if (code.size() != 2 || util().GetCountryCodeForRegion(code.toStdString()) == 0)
        return {};
    return code;
}

std::optional<QString> PhoneNumberInput::numberFromUri(const QString &argument)
{
    const QString text = cleanText(argument);
    const QRegularExpressionMatch scheme = schemePattern().match(text);
    if (!scheme.hasMatch())
        return stripVisualSeparators(text);

    const QString name = scheme.captured(1).toLower();
    QString rest = scheme.captured(2);
    if (rest.startsWith(QLatin1String("//")))
        rest = rest.mid(2);
    if (name.startsWith(QLatin1String("sip"))) {
        // sip:+4930123456@host;user=phone: the number is the user part (its own ;params dropped).
        const qsizetype at = rest.indexOf(QLatin1Char('@'));
        if (at >= 0)
            rest = rest.left(at);
        rest = rest.section(QLatin1Char(';'), 0, 0);
        return stripVisualSeparators(QUrl::fromPercentEncoding(rest.toUtf8()));
    }
    if (name == QLatin1String("callto")) {
        rest = rest.section(QLatin1Char('?'), 0, 0).section(QLatin1Char(';'), 0, 0);
        return stripVisualSeparators(QUrl::fromPercentEncoding(rest.toUtf8()));
    }
    // tel: RFC 3966. A local number with a global phone-context ("tel:30123456;phone-context=+49")
    // is that context's number.
    const QStringList parts = rest.split(QLatin1Char(';'));
    std::optional<QString> number = stripVisualSeparators(QUrl::fromPercentEncoding(parts.first().toUtf8()));
    if (!number)
        return std::nullopt;
    if (!number->startsWith(QLatin1Char('+'))) {
        for (const QString &param : parts.mid(1)) {
            if (!param.startsWith(QLatin1String("phone-context="), Qt::CaseInsensitive))
                continue;
            const std::optional<QString> context
                = stripVisualSeparators(QUrl::fromPercentEncoding(param.mid(14).toUtf8()));
            if (context && context->startsWith(QLatin1Char('+')))
                number = *context + *number;
        }
    }
    return number;
}

QString PhoneNumberInput::formatForDisplay(const QString &e164)
{
    PhoneNumber number;
    if (util().Parse(cleanText(e164).toStdString(), unknownRegion, &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return e164;
    std::string out;
    util().Format(number, PhoneNumberUtil::INTERNATIONAL, &out);
    return QString::fromStdString(out);
}

QStringList PhoneNumberInput::supportedRegions()
{
    std::set<std::string> regions;
    util().GetSupportedRegions(&regions);
    QStringList out;
    for (const std::string &region : regions)
        out << QString::fromStdString(region);
    return out; // std::set is sorted
}

} // namespace audin::desktop
