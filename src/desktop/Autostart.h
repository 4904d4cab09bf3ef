// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

namespace audin::desktop {

/**
 * Start at login for the current user, started as `<executable> --autostart`.
 * Linux: the XDG autostart entry `ai.audin.Softphone.desktop` in `location` (default
 * `$XDG_CONFIG_HOME/autostart`, i.e. `~/.config/autostart`). Windows: the value `AudinSoftphone`
 * under HKCU\Software\Microsoft\Windows\CurrentVersion\Run. macOS: the LaunchAgent
 * `ai.audin.Softphone.plist` in `location` (default `~/Library/LaunchAgents`).
 */
class Autostart
{
    Q_DECLARE_TR_FUNCTIONS(Autostart)

public:
    static constexpr char AutostartArgument[] = "--autostart";

    /** `location` = the directory holding the entry (Linux, macOS); empty = the platform's. */
    explicit Autostart(QString location = {});

    bool isEnabled() const;
    /** Writes or removes the entry. False with a human `error` (may be null) when that failed. */
    bool setEnabled(bool enabled, const QString &executable, QString *error);

    /** The file (Linux, macOS) or registry value (Windows) that holds the entry, for messages. */
    QString entryPath() const;

    /** One Exec argument quoted per the Desktop Entry spec, with the file format's escapes applied. */
    static QString desktopExecArgument(const QString &argument);

private:
    QString m_location;
};

} // namespace audin::desktop
