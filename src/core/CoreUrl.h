// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>
#include <optional>

namespace audin {

/**
 * The WebSocket base of the operator service, normalised from a configured `coreUrl`
 * as PROTOCOL.md section 1 promises: http→ws, https→wss, ws/wss kept, trailing slashes
 * dropped, a path prefix kept. Anything else (other schemes, no host, empty) is invalid.
 */
class CoreUrl
{
public:
    /** Why a coreUrl was refused (so a message can say it without quoting the URL). */
    enum class Problem
    {
        None,
        Empty,
        Malformed,
        NoScheme,
        UnsupportedScheme, ///< not http, https, ws or wss
        NoHost,
        UserInfo, ///< a user name or password before the host
        Query,
        Fragment
    };

    /** Returns the normalised base, or nullopt for INVALID_CORE_URL with the reason in `problem`. */
    static std::optional<CoreUrl> parse(const QString &coreUrl, Problem *problem = nullptr);

    QString base() const { return m_base; } ///< e.g. `wss://core.example.com/eu`
    QUrl presenceUrl() const; ///< `{base}/v1/operator/presence`
    /**
     * `{base}/v1/operator/calls/{callSid}/media` with callSid percent-encoded as one path segment;
     * an invalid (empty) QUrl for a callSid no URL can carry as a segment: empty, `.` or `..`.
     */
    QUrl callMediaUrl(const QString &callSid) const;
    QUrl httpBase() const; ///< the same base with http(s), for REST endpoints
    bool isSecure() const;

private:
    QString m_base;
};

} // namespace audin
