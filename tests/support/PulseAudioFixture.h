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

    /** What Qt shows for the second pair of devices. */
    static QString secondSpeakerDescription() { return QStringLiteral("Audin Test Speaker 2"); }
    static QString secondMicrophoneDescription() { return QStringLiteral("Audin Test Microphone 2"); }

    /**
     * A second pair for switching tests, next to the first (which stays the default): null sink
     * `spk2` and source `mic2` remapped from its monitor. Idempotent; never unloads anything.
     */
    static bool ensureSecondDevices(QString *why)
    {
        if (!ensure(why))
            return false;
        if (!hasDevice(QStringLiteral("sinks"), QStringLiteral("spk2"))
            && loadModule(
                   {QStringLiteral("module-null-sink"), QStringLiteral("sink_name=spk2"),
                    QStringLiteral("sink_properties=\"device.description='%1'\"").arg(secondSpeakerDescription())})
                < 0) {
            *why = QStringLiteral("the second null sink spk2 could not be loaded");
            return false;
        }
        if (!hasDevice(QStringLiteral("sources"), QStringLiteral("mic2"))
            && loadModule(
                   {QStringLiteral("module-remap-source"), QStringLiteral("master=spk2.monitor"),
                    QStringLiteral("source_name=mic2"),
                    QStringLiteral("source_properties=\"device.description='%1'\"").arg(secondMicrophoneDescription())})
                < 0) {
            *why = QStringLiteral("the second remap source mic2 could not be loaded");
            return false;
        }
        return true;
    }

    /** Loads a module for a device the test itself unplugs later; its index, or -1. */
    static int loadModule(const QStringList &arguments)
    {
        QString index;
        if (!run(QStringLiteral("pactl"), QStringList {QStringLiteral("load-module")} + arguments, &index))
            return -1;
        bool ok = false;
        const int value = index.trimmed().toInt(&ok);
        return ok ? value : -1;
    }

    /** Unloads one module by index: only ever one the calling test loaded. */
    static bool unloadModule(int index)
    {
        return index >= 0 && run(QStringLiteral("pactl"), {QStringLiteral("unload-module"), QString::number(index)});
    }

    static bool setDefaultSink(const QString &name)
    {
        return run(QStringLiteral("pactl"), {QStringLiteral("set-default-sink"), name});
    }

    static bool setDefaultSource(const QString &name)
    {
        return run(QStringLiteral("pactl"), {QStringLiteral("set-default-source"), name});
    }

    /** `kind` is "sinks" or "sources"; `name` the PulseAudio name (what Qt calls the id). */
    static bool hasDevice(const QString &kind, const QString &name)
    {
        QString list;
        run(QStringLiteral("pactl"), {QStringLiteral("list"), QStringLiteral("short"), kind}, &list);
        return list.contains(QLatin1Char('\t') + name + QLatin1Char('\t'));
    }

    /** Indexes of the streams (`sink-inputs` or `source-outputs`) on one device, to tell a restarted stream. */
    static QStringList streamsOn(const QString &kind, const QString &device)
    {
        QString devices;
        run(QStringLiteral("pactl"),
            {QStringLiteral("list"), QStringLiteral("short"),
             kind == QLatin1String("sink-inputs") ? QStringLiteral("sinks") : QStringLiteral("sources")},
            &devices);
        QString deviceIndex;
        for (const QString &line : devices.split(QLatin1Char('\n'))) {
            const QStringList fields = line.split(QLatin1Char('\t'));
            if (fields.size() > 1 && fields.at(1) == device)
                deviceIndex = fields.at(0);
        }
        QString streams;
        run(QStringLiteral("pactl"), {QStringLiteral("list"), QStringLiteral("short"), kind}, &streams);
        QStringList out;
        for (const QString &line : streams.split(QLatin1Char('\n'))) {
            const QStringList fields = line.split(QLatin1Char('\t'));
            if (!deviceIndex.isEmpty() && fields.size() > 1 && fields.at(1) == deviceIndex)
                out << fields.at(0);
        }
        return out;
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
