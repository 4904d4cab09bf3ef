// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace audin::test {

/**
 * Real audio devices on a machine without a sound card: a PulseAudio daemon with a null sink
 * `spk` and a source `mic` remapped from its monitor (what is played comes back as the mic), as
 * root with --exit-idle-time=-1 (shared/NOTES.md). Reuses a running daemon; never stops it, since
 * other tests may be using it in parallel.
 */
class PulseAudioFixture
{
public:
    /** True when `spk` and `mic` exist and are the defaults; otherwise `why` says what failed. */
    static bool ensure(QString *why)
    {
        if (!run(QStringLiteral("pactl"), {QStringLiteral("info")})) {
            const bool started = run(QStringLiteral("pulseaudio"),
                                     {QStringLiteral("--start"), QStringLiteral("--exit-idle-time=-1"),
                                      QStringLiteral("-n"), QStringLiteral("--load=module-native-protocol-unix")});
            if (!started || !run(QStringLiteral("pactl"), {QStringLiteral("info")})) {
                *why = QStringLiteral("PulseAudio could not be started (is the pulseaudio package installed?)");
                return false;
            }
        }
        QString sinks;
        run(QStringLiteral("pactl"), {QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sinks")},
            &sinks);
        if (!sinks.contains(QLatin1String("\tspk\t")))
            run(QStringLiteral("pactl"),
                {QStringLiteral("load-module"), QStringLiteral("module-null-sink"), QStringLiteral("sink_name=spk")});
        QString sources;
        run(QStringLiteral("pactl"), {QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sources")},
            &sources);
        if (!sources.contains(QLatin1String("\tmic\t")))
            run(QStringLiteral("pactl"),
                {QStringLiteral("load-module"), QStringLiteral("module-remap-source"),
                 QStringLiteral("master=spk.monitor"), QStringLiteral("source_name=mic")});
        if (!run(QStringLiteral("pactl"), {QStringLiteral("set-default-sink"), QStringLiteral("spk")})
            || !run(QStringLiteral("pactl"), {QStringLiteral("set-default-source"), QStringLiteral("mic")})) {
            *why = QStringLiteral("PulseAudio runs but the null sink / remap source could not be set up");
            return false;
        }
        return true;
    }

private:
    static bool run(const QString &program, const QStringList &arguments, QString *output = nullptr)
    {
        QProcess process;
        process.start(program, arguments);
        if (!process.waitForFinished(10000)) {
            process.kill();
            process.waitForFinished(1000);
            return false;
        }
        if (output)
            *output = QString::fromUtf8(process.readAllStandardOutput());
        return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    }
};

} // namespace audin::test
