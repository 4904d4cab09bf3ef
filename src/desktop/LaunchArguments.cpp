// SPDX-License-Identifier: GPL-3.0-or-later
#include "LaunchArguments.h"

#include "PhoneNumberInput.h"

namespace audin::desktop {

LaunchArguments LaunchArguments::parse(const QStringList &arguments)
{
    LaunchArguments out;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString argument = arguments.at(i);
        if (argument == QLatin1String("--minimised") || argument == QLatin1String("--minimized")) {
            out.minimised = true;
        } else if (argument == QLatin1String("--autostart")) {
            out.autostart = true;
        } else if (argument == QLatin1String("--dial") || argument.startsWith(QLatin1String("--dial="))) {
            QString value;
            if (argument.startsWith(QLatin1String("--dial=")))
                value = argument.mid(7);
            else if (i + 1 < arguments.size())
                value = arguments.at(++i);
            if (value.trimmed().isEmpty())
                out.errors << tr("--dial needs a number.");
            else
                out.dial = value.trimmed();
        } else if (argument.startsWith(QLatin1String("--"))) {
            out.errors << tr("Unknown option %1.").arg(argument.left(40));
        } else if (const std::optional<QString> number = PhoneNumberInput::numberFromUri(argument)) {
            out.dial = *number;
        } else {
            out.errors << tr("\"%1\" is not a phone number or tel: link.").arg(argument.left(60));
        }
    }
    return out;
}

} // namespace audin::desktop
