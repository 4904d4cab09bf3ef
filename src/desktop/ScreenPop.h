// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QUrl>
#include <optional>

namespace audin::desktop {

/**
 * The screen-pop URL template opened when a call is answered, e.g.
 * `https://crm.example/lookup?number={from}`. Placeholders: {from} {to} {remote} {line}
 * {lineName} {callSid} {direction}; each value is percent-encoded, so a caller number can never
 * change the URL's structure. Only http and https URLs are opened.
 */
class ScreenPop
{
    Q_DECLARE_TR_FUNCTIONS(ScreenPop)
public:
    struct Result
    {
        std::optional<QUrl> url;
        QString error; ///< human-readable, for the settings page
    };

    static QStringList placeholders();
    /** Checks a template before it is saved: known placeholders, http(s), a host. */
    static QString validate(const QString &urlTemplate);
    /** The URL for one call; `values` maps placeholder names (without braces) to raw values. */
    static Result expand(const QString &urlTemplate, const QHash<QString, QString> &values);
};

} // namespace audin::desktop
