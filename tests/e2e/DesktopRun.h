// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRect>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace audin::test {

/**
 * The installed-like softphone as an operator runs it, on the desktop that support/with-desktop.sh
 * provides: the simulator and audin-softphone as their own processes, and the desktop's own tools
 * (xdotool, xwininfo, xprop, dunstctl) to see what a person would see.
 */
class DesktopRun
{
public:
    DesktopRun() = default;
    ~DesktopRun() { stop(); }

    /** Starts the simulator and the softphone, and waits until it takes calls on its three numbers. */
    bool start(const QStringList &extraEnvironment = {}, const QByteArray &extraSettings = {})
    {
        m_sim.setProgram(QStringLiteral(AUDIN_SIM_PATH));
        m_sim.setArguments({QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                            QStringLiteral("0"), QStringLiteral("--config"),
                            QStringLiteral(AUDIN_SOURCE_DIR "/config/simulator.json")});
        m_sim.setProcessChannelMode(QProcess::SeparateChannels);
        m_sim.start();
        if (!m_sim.waitForStarted(5000))
            return fail("the simulator did not start");
        QByteArray out;
        const bool listening = QTest::qWaitFor(
            [&] {
                out += m_sim.readAllStandardOutput();
                return out.contains("\"listening\"");
            },
            10000);
        if (!listening)
            return fail("the simulator did not report listening");
        const QJsonObject line = QJsonDocument::fromJson(out.left(out.indexOf('\n'))).object();
        m_port = line.value(QLatin1String("port")).toInt();
        if (m_port <= 0)
            return fail("no port in " + out);

        QFile settings(m_profile.filePath(QStringLiteral("settings.ini")));
        if (!settings.open(QIODevice::WriteOnly))
            return fail("cannot write the profile");
        settings.write("[numbers]\nselected=pn_1, pn_2, pn_3\n\n[presence]\ntakingCalls=true\n\n" + extraSettings);
        settings.close();

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("AUDIN_CORE_URL"), base());
        env.insert(QStringLiteral("AUDIN_TOKEN_URL"), base() + QStringLiteral("/partner/token"));
        env.insert(QStringLiteral("AUDIN_TOKEN_HEADER"), QStringLiteral("Authorization: Bearer ok_alice_demo"));
        env.insert(QStringLiteral("AUDIN_PROFILE_DIR"), m_profile.path());
        env.insert(QStringLiteral("AUDIN_SYSTEM_CONFIG"), m_profile.filePath(QStringLiteral("none.conf")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        for (const QString &pair : extraEnvironment)
            env.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
        m_app.setProcessEnvironment(env);
        m_app.setProgram(QStringLiteral(AUDIN_SOFTPHONE_PATH));
        m_app.setProcessChannelMode(m_appErrorFile.isEmpty() ? QProcess::ForwardedErrorChannel
                                                             : QProcess::SeparateChannels);
        if (!m_appErrorFile.isEmpty())
            m_app.setStandardErrorFile(m_appErrorFile);
        m_app.start();
        if (!m_app.waitForStarted(5000))
            return fail("the softphone did not start");
        const bool taking = QTest::qWaitFor(
            [&] {
                const QJsonArray sessions
                    = get(QStringLiteral("/sim/state")).value(QLatin1String("sessions")).toArray();
                return !sessions.isEmpty()
                    && sessions.first().toObject().value(QLatin1String("accepted")).toArray().size() == 3;
            },
            15000);
        if (!taking)
            return fail("the softphone did not go online on its numbers");
        return QTest::qWaitFor([&] { return !windows(QStringLiteral("^Audin Softphone$")).isEmpty(); }, 10000)
            || fail("no main window");
    }

    void stop()
    {
        for (QProcess *process : {&m_app, &m_sim}) {
            if (process->state() != QProcess::NotRunning) {
                process->terminate();
                if (!process->waitForFinished(5000))
                    process->kill();
                process->waitForFinished(2000);
            }
        }
    }

    /** Before start(): the softphone's stderr (its log) goes to `path` instead of the test's. */
    void setAppErrorFile(const QString &path) { m_appErrorFile = path; }
    /** Ends the softphone as the operator's desktop session would (SIGTERM), waiting for it. */
    bool stopApp()
    {
        m_app.terminate();
        return m_app.waitForFinished(10000);
    }

    QString error() const { return m_error; }
    QString profilePath(const QString &name) const { return m_profile.filePath(name); }
    QString base() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    qint64 appPid() const { return m_app.processId(); }

    /** Rings the operator; the call's sid. */
    QString ring(const QString &to, const QString &from)
    {
        const QJsonObject reply = curl(
            {QStringLiteral("-X"), QStringLiteral("POST"), base() + QStringLiteral("/sim/calls"), QStringLiteral("-d"),
             QString::fromUtf8(QJsonDocument(QJsonObject {{QStringLiteral("to"), to}, {QStringLiteral("from"), from}})
                                   .toJson(QJsonDocument::Compact))});
        return reply.value(QLatin1String("callSid")).toString();
    }

    /** The simulator's view of a call: "ringing", "assigned" or "ended". */
    QString callState(const QString &callSid)
    {
        return get(QStringLiteral("/sim/calls/") + callSid).value(QLatin1String("state")).toString();
    }

    QJsonObject get(const QString &path) { return curl({base() + path}); }
    QJsonObject post(const QString &path, const QJsonObject &body)
    {
        return curl({QStringLiteral("-X"), QStringLiteral("POST"), base() + path, QStringLiteral("-d"),
                     QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact))});
    }

    /** Visible windows whose title matches `regex`, as X ids. */
    static QStringList windows(const QString &regex)
    {
        return run(QStringLiteral("xdotool"),
                   {QStringLiteral("search"), QStringLiteral("--onlyvisible"), QStringLiteral("--name"), regex})
            .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

    /** Where a window is on the screen (the window itself, without a frame). */
    static QRect geometry(const QString &window)
    {
        const QString info = run(QStringLiteral("xwininfo"), {QStringLiteral("-id"), window});
        auto number = [&](const char *label) {
            const int at = info.indexOf(QLatin1String(label));
            return at < 0 ? -1 : info.mid(at + int(qstrlen(label))).section(QLatin1Char('\n'), 0, 0).trimmed().toInt();
        };
        return QRect(number("Absolute upper-left X:"), number("Absolute upper-left Y:"), number("Width:"),
                     number("Height:"));
    }

    static QString property(const QString &window, const QString &name)
    {
        return run(QStringLiteral("xprop"), {QStringLiteral("-id"), window, name});
    }

    /** Closes what dunst shows and returns its history (newest first): summary, body, formatted message. */
    static QList<QJsonObject> notificationHistory()
    {
        run(QStringLiteral("dunstctl"), {QStringLiteral("close-all")});
        const QJsonObject history
            = QJsonDocument::fromJson(run(QStringLiteral("dunstctl"), {QStringLiteral("history")}).toUtf8()).object();
        QList<QJsonObject> out;
        for (const QJsonValue &group : history.value(QLatin1String("data")).toArray()) {
            for (const QJsonValue &entry : group.toArray()) {
                QJsonObject flat;
                const QJsonObject fields = entry.toObject();
                for (auto it = fields.begin(); it != fields.end(); ++it)
                    flat.insert(it.key(), it.value().toObject().value(QLatin1String("data")));
                out << flat;
            }
        }
        return out;
    }

    static QString run(const QString &program, const QStringList &arguments)
    {
        QProcess process;
        process.start(program, arguments);
        if (!process.waitForFinished(10000)) {
            process.kill();
            process.waitForFinished();
        }
        return QString::fromUtf8(process.readAllStandardOutput());
    }

private:
    QJsonObject curl(QStringList arguments)
    {
        arguments.prepend(QStringLiteral("--max-time"));
        arguments.insert(1, QStringLiteral("5"));
        arguments.prepend(QStringLiteral("-s"));
        return QJsonDocument::fromJson(run(QStringLiteral("curl"), arguments).toUtf8()).object();
    }

    bool fail(const QString &why)
    {
        m_error = why;
        return false;
    }

    QProcess m_sim;
    QProcess m_app;
    QTemporaryDir m_profile;
    QString m_appErrorFile;
    int m_port = 0;
    QString m_error;
};

} // namespace audin::test
