// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <optional>

namespace audin::desktop {

/**
 * What `audin-softphone` was started with, or what a second launch forwarded to the running one:
 * `tel:+4930…` (also callto:, sip:), `--dial NUMBER`, `--minimised`, `--autostart`.
 */
struct LaunchArguments
{
    Q_DECLARE_TR_FUNCTIONS(LaunchArguments)
public:
    std::optional<QString> dial; ///< the number as given (normalised later, by the dialpad)
    bool minimised = false; ///< start hidden in the tray
    bool autostart = false; ///< started at login (start minimised if the setting says so)
    QStringList errors; ///< translated, one per argument that made no sense

    /** Parses arguments without the program name. Never fails as a whole: bad ones go to `errors`. */
    static LaunchArguments parse(const QStringList &arguments);
};

} // namespace audin::desktop
