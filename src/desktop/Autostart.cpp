// SPDX-License-Identifier: GPL-3.0-or-later
#include "Autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QSettings>
#include <QTextStream>

namespace audin::desktop {

namespace {

const QString fileBaseName = QStringLiteral("ai.audin.Softphone");

#if defined(Q_OS_WIN)
const QString runKey = QStringLiteral("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run");
const QString runValue = QStringLiteral("AudinSoftphone");
#endif

#if defined(Q_OS_MACOS)
QString xmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}
#endif

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

Autostart::Autostart(QString location)
    : m_location(std::move(location))
{
    if (!m_location.isEmpty())
        return;
#if defined(Q_OS_MACOS)
    m_location = QDir::homePath() + QStringLiteral("/Library/LaunchAgents");
#elif !defined(Q_OS_WIN)
    QString config = qEnvironmentVariable("XDG_CONFIG_HOME");
    // The spec says to ignore a relative XDG_CONFIG_HOME.
    if (config.isEmpty() || !QDir::isAbsolutePath(config))
        config = QDir::homePath() + QStringLiteral("/.config");
    m_location = config + QStringLiteral("/autostart");
#endif
}

QString Autostart::entryPath() const
{
#if defined(Q_OS_WIN)
    return runKey + QLatin1Char('\\') + runValue;
#elif defined(Q_OS_MACOS)
    return QDir(m_location).filePath(fileBaseName + QStringLiteral(".plist"));
#else
    return QDir(m_location).filePath(fileBaseName + QStringLiteral(".desktop"));
#endif
}

QString Autostart::desktopExecArgument(const QString &argument)
{
    // Desktop Entry spec, "The Exec key": an argument with a reserved character is double-quoted,
    // and inside the quotes `"`, backquote, `$` and backslash are backslash-escaped. Then the value
    // is a string, whose own escape rule doubles every backslash again. `%` is a field code: `%%`.
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    QString quoted = argument;
    quoted.replace(QLatin1Char('%'), QStringLiteral("%%"));
    const bool needsQuotes
        = quoted.isEmpty() || std::any_of(quoted.cbegin(), quoted.cend(), [](QChar c) { return reserved.contains(c); });
    if (needsQuotes) {
        QString inner;
        for (const QChar c : std::as_const(quoted)) {
            if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') || c == QLatin1Char('\\'))
                inner += QLatin1Char('\\');
            inner += c;
        }
        quoted = QLatin1Char('"') + inner + QLatin1Char('"');
    }
    // String-value escapes of the file format.
    QString escaped;
    for (const QChar c : std::as_const(quoted)) {
        if (c == QLatin1Char('\\'))
            escaped += QStringLiteral("\\\\");
        else if (c == QLatin1Char('\n'))
            escaped += QStringLiteral("\\n");
        else if (c == QLatin1Char('\t'))
            escaped += QStringLiteral("\\t");
        else if (c == QLatin1Char('\r'))
            escaped += QStringLiteral("\\r");
        else
            escaped += c;
    }
    return escaped;
}

bool Autostart::isEnabled() const
{
#if defined(Q_OS_WIN)
    return QSettings(runKey, QSettings::NativeFormat).contains(runValue);
#else
    QFile file(entryPath());
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
#if !defined(Q_OS_MACOS)
    // An entry someone turned off in their desktop's own settings counts as off.
    QTextStream in(&file);
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        if (line == QLatin1String("Hidden=true") || line == QLatin1String("X-GNOME-Autostart-enabled=false"))
            return false;
    }
#endif
    return true;
#endif
}

bool Autostart::setEnabled(bool enabled, const QString &executable, QString *error)
{
#if defined(Q_OS_WIN)
    QSettings run(runKey, QSettings::NativeFormat);
    if (enabled)
        run.setValue(
            runValue,
            QStringLiteral("\"%1\" %2").arg(QDir::toNativeSeparators(executable), QLatin1String(AutostartArgument)));
    else
        run.remove(runValue);
    run.sync();
    if (run.status() != QSettings::NoError) {
        setError(error, Autostart::tr("Could not change the start-at-login entry in the registry."));
        return false;
    }
    return true;
#else
    const QString path = entryPath();
    if (!enabled) {
        if (QFile::exists(path) && !QFile::remove(path)) {
            setError(error, Autostart::tr("Could not remove %1.").arg(QDir::toNativeSeparators(path)));
            return false;
        }
        return true;
    }
    if (executable.trimmed().isEmpty()) {
        setError(error, Autostart::tr("The program to start at login is not known."));
        return false;
    }
    if (!QDir().mkpath(m_location)) {
        setError(error, Autostart::tr("Could not create the folder %1.").arg(QDir::toNativeSeparators(m_location)));
        return false;
    }
    QByteArray content;
#if defined(Q_OS_MACOS)
    content = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                             "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                             "<plist version=\"1.0\">\n<dict>\n"
                             "  <key>Label</key><string>%1</string>\n"
                             "  <key>ProgramArguments</key>\n"
                             "  <array><string>%2</string><string>%3</string></array>\n"
                             "  <key>RunAtLoad</key><true/>\n"
                             "</dict>\n</plist>\n")
                  .arg(fileBaseName, xmlEscaped(executable), QLatin1String(AutostartArgument))
                  .toUtf8();
#else
    content = QStringLiteral("[Desktop Entry]\n"
                             "Type=Application\n"
                             "Name=Audin Softphone\n"
                             "Comment=%1\n"
                             "Exec=%2 %3\n"
                             "Icon=ai.audin.Softphone\n"
                             "Terminal=false\n"
                             "X-GNOME-Autostart-enabled=true\n")
                  .arg(Autostart::tr("Take and make calls on your company's phone numbers"),
                       desktopExecArgument(executable), QLatin1String(AutostartArgument))
                  .toUtf8();
#endif
    // Unbuffered: with Qt 6.4's buffer, a short write on a full disk is lost at commit(), which then
    // renames a truncated file into place and reports success (TestDataSafety proves it).
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) || file.write(content) != content.size()
        || !file.commit()) {
        setError(error,
                 Autostart::tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    return true;
#endif
}

} // namespace audin::desktop
