// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop app's responsiveness and footprint (docs/PERFORMANCE.md, "Desktop app"):
//   - cold start of audin-softphone to its window painted, to presence online, to taking calls;
//   - offer sent by the service → incoming-call popup painted on screen;
//   - CPU and memory while online and idle.
// Run under a display (xvfb-run -a build/bench/BenchDesktop); the simulator runs in this process.
#include "DesktopApp.h"
#include "DesktopSession.h"
#include "HttpTokenSource.h"
#include "IncomingCallPopup.h"
#include "NullAudioBackend.h"
#include "PopupStack.h"
#include "SimConfig.h"
#include "SimServer.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <cstdio>

using namespace audin;

namespace {

struct Summary
{
    double median = 0;
    double p95 = 0;
    double min = 0;
    double max = 0;
};

Summary summarize(std::vector<double> values)
{
    Summary s;
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    s.median = values[values.size() / 2];
    s.p95 = values[std::min(values.size() - 1, size_t(std::ceil(values.size() * 0.95)) - 1)];
    s.min = values.front();
    s.max = values.back();
    return s;
}

QString argValue(const QStringList &args, const QString &name, const QString &fallback)
{
    const int i = int(args.indexOf(name));
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
}

std::unique_ptr<sim::SimServer> startSimulator()
{
    QString error;
    std::optional<sim::SimConfig> config
        = sim::SimConfig::load(QStringLiteral(AUDIN_SOURCE_DIR "/config/simulator.json"), &error);
    if (!config) {
        std::fprintf(stderr, "simulator config: %s\n", qPrintable(error));
        return {};
    }
    auto server = std::make_unique<sim::SimServer>(*config);
    if (!server->listen()) {
        std::fprintf(stderr, "simulator: %s\n", qPrintable(server->errorString()));
        return {};
    }
    return server;
}

/** A profile the app starts into already taking calls on pn_1. */
void writeProfile(const QString &dir)
{
    QSettings settings(dir + QStringLiteral("/settings.ini"), QSettings::IniFormat);
    settings.setValue(QStringLiteral("numbers/selected"), QStringList {QStringLiteral("pn_1")});
    settings.setValue(QStringLiteral("presence/takingCalls"), true);
    settings.sync();
}

QProcessEnvironment appEnvironment(const sim::SimServer &server, const QString &profile)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AUDIN_PROFILE_DIR"), profile);
    env.insert(QStringLiteral("AUDIN_CORE_URL"), server.baseUrl().toString());
    env.insert(QStringLiteral("AUDIN_TOKEN_URL"), server.baseUrl().toString() + QStringLiteral("/partner/token"));
    env.insert(QStringLiteral("AUDIN_TOKEN_HEADER"), QStringLiteral("Authorization: Bearer ok_alice_demo"));
    env.insert(QStringLiteral("AUDIN_STARTUP_TRACE"), QStringLiteral("1"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("audin.*.debug=false;audin.*.info=false"));
    env.insert(QStringLiteral("AUDIN_SYSTEM_CONFIG"), profile + QStringLiteral("/no-system.conf"));
    return env;
}

/** Starts the app and returns when `until` was printed, with the time of each milestone in ms. */
QHash<QString, double> launch(QProcess &process, const QProcessEnvironment &env, const QString &until,
                              int timeoutMs = 20000)
{
    QHash<QString, double> at;
    QElapsedTimer clock;
    QByteArray pending;
    const QMetaObject::Connection reading
        = QObject::connect(&process, &QProcess::readyReadStandardError, &process, [&] {
              pending += process.readAllStandardError();
              qsizetype nl;
              while ((nl = pending.indexOf('\n')) >= 0) {
                  const QByteArray line = pending.left(nl).trimmed();
                  pending.remove(0, nl + 1);
                  if (line.startsWith("audin-startup: "))
                      at.insert(QString::fromLatin1(line.mid(15)), clock.nsecsElapsed() / 1e6);
              }
          });
    process.setProcessEnvironment(env);
    process.setProgram(QStringLiteral(AUDIN_SOFTPHONE_PATH));
    clock.start();
    process.start();
    // A real event loop (QTest::qWaitFor sleeps in 10 ms steps, which would land in the timings).
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    const QMetaObject::Connection done = QObject::connect(&process, &QProcess::readyReadStandardError, &loop, [&] {
        if (at.contains(until))
            loop.quit();
    });
    const QMetaObject::Connection gone = QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    if (!at.contains(until))
        loop.exec();
    QObject::disconnect(done);
    QObject::disconnect(gone);
    // From here on only drain the pipe (a full pipe would block the app), without touching our locals.
    QObject::disconnect(reading);
    QObject::connect(&process, &QProcess::readyReadStandardError, &process,
                     [&process] { process.readAllStandardError(); });
    return at;
}

void stop(QProcess &process)
{
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(2000);
    }
}

void benchStartup(sim::SimServer &server, int runs)
{
    std::vector<double> shown, online, taking;
    for (int run = 0; run < runs; ++run) {
        QTemporaryDir profile;
        writeProfile(profile.path());
        QProcess process;
        const QHash<QString, double> at
            = launch(process, appEnvironment(server, profile.path()), QStringLiteral("taking-calls"));
        stop(process);
        if (!at.contains(QStringLiteral("taking-calls"))) {
            std::fprintf(stderr, "run %d: the app did not reach taking-calls\n", run);
            continue;
        }
        shown.push_back(at.value(QStringLiteral("window-shown")));
        online.push_back(at.value(QStringLiteral("online")));
        taking.push_back(at.value(QStringLiteral("taking-calls")));
        std::fprintf(stderr, "run %d: window %.0f ms, online %.0f ms, taking calls %.0f ms\n", run, shown.back(),
                     online.back(), taking.back());
    }
    const Summary a = summarize(shown), b = summarize(online), c = summarize(taking);
    std::printf("\n## Cold start (%d runs, fresh profile each)\n\n", int(shown.size()));
    std::printf("| milestone | median (ms) | p95 (ms) | min – max (ms) |\n| --- | ---: | ---: | ---: |\n");
    std::printf("| process start → window painted | %.0f | %.0f | %.0f – %.0f |\n", a.median, a.p95, a.min, a.max);
    std::printf("| process start → presence online | %.0f | %.0f | %.0f – %.0f |\n", b.median, b.p95, b.min, b.max);
    std::printf("| process start → taking calls | %.0f | %.0f | %.0f – %.0f |\n", c.median, c.p95, c.min, c.max);
}

void benchPopup(sim::SimServer &server, int offers)
{
    QTemporaryDir profile;
    writeProfile(profile.path());
    gui::DesktopApp::Options options;
    options.settingsPaths
        = {profile.filePath(QStringLiteral("settings.ini")), profile.filePath(QStringLiteral("no-system.conf"))};
    options.historyPath = profile.filePath(QStringLiteral("history.sqlite"));
    options.callAudio = [] { return std::make_unique<media::NullAudioBackend>(); };
    options.toneAudio = [](const QString &) { return std::make_unique<media::NullAudioBackend>(); };
    options.singleInstance = false;
    options.environmentCoreUrl = server.baseUrl().toString();
    options.environmentTokenSource
        = std::make_shared<HttpTokenSource>(QUrl(server.baseUrl().toString() + QStringLiteral("/partner/token")),
                                            QList<HttpTokenSource::Header> {{"Authorization", "Bearer ok_alice_demo"}});
    options.popupLingerMs = 0;
    gui::DesktopApp app(options);
    app.start({});
    if (!QTest::qWaitFor([&] { return !app.session()->availability().accepted.isEmpty(); }, 10000)) {
        std::fprintf(stderr, "popup bench: the app did not go online\n");
        return;
    }
    std::vector<double> latencies, received;
    for (int i = 0; i < offers; ++i) {
        QElapsedTimer clock;
        double painted = -1;
        double offered = -1;
        QMetaObject::Connection r = QObject::connect(app.session(), &desktop::DesktopSession::incomingCall,
                                                     [&] { offered = clock.nsecsElapsed() / 1e6; });
        QMetaObject::Connection c
            = QObject::connect(app.popups(), &gui::PopupStack::popupShown, [&](gui::IncomingCallPopup *popup) {
                  QObject::connect(popup, &gui::IncomingCallPopup::firstPainted, popup,
                                   [&] { painted = clock.nsecsElapsed() / 1e6; });
              });
        // A real event loop, not QTest::qWaitFor: that one sleeps in 10 ms steps and would be measured too.
        QEventLoop loop;
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        const QMetaObject::Connection q
            = QObject::connect(app.popups(), &gui::PopupStack::popupShown, &loop, [&](gui::IncomingCallPopup *popup) {
                  QObject::connect(popup, &gui::IncomingCallPopup::firstPainted, &loop, &QEventLoop::quit);
              });
        clock.start();
        server.ringCall(QStringLiteral("+15551230001"), QStringLiteral("+4930123456"));
        loop.exec();
        QObject::disconnect(q);
        QObject::disconnect(c);
        QObject::disconnect(r);
        if (painted >= 0) {
            latencies.push_back(painted);
            received.push_back(offered);
        }
        if (auto *popup = app.popups()->newestRinging())
            popup->reject();
        QTest::qWaitFor([&] { return app.popups()->popups().isEmpty(); }, 5000);
        QTest::qWait(50); // let the previous popup's window go before the next offer
    }
    const Summary s = summarize(latencies);
    const Summary r = summarize(received);
    std::printf("\n## Offer → popup painted (%d offers)\n\n", int(latencies.size()));
    std::printf("| interval | median (ms) | p95 (ms) | min – max (ms) |\n| --- | ---: | ---: | ---: |\n");
    std::printf("| offer sent → incomingCall in the app | %.1f | %.1f | %.1f – %.1f |\n", r.median, r.p95, r.min,
                r.max);
    std::printf("| offer sent → popup painted | %.1f | %.1f | %.1f – %.1f |\n", s.median, s.p95, s.min, s.max);
}

struct ProcStat
{
    double cpuSeconds = 0;
    double rssMb = 0;
};

ProcStat readProc(qint64 pid)
{
    ProcStat out;
    // CPU time of every thread in nanoseconds (schedstat), not clock ticks: an idle minute is a few ms.
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile schedstat(tasks.filePath(tid + QStringLiteral("/schedstat")));
        if (schedstat.open(QIODevice::ReadOnly))
            out.cpuSeconds += schedstat.readAll().split(' ').value(0).toDouble() / 1e9;
    }
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                out.rssMb = line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
        }
    }
    return out;
}

void benchIdle(sim::SimServer &server, int seconds, int runs)
{
    std::vector<double> cpu, rss;
    for (int run = 0; run < runs; ++run) {
        QTemporaryDir profile;
        writeProfile(profile.path());
        QProcess process;
        const QHash<QString, double> at
            = launch(process, appEnvironment(server, profile.path()), QStringLiteral("taking-calls"));
        if (!at.contains(QStringLiteral("taking-calls"))) {
            stop(process);
            continue;
        }
        QTest::qWait(5000); // settle: first paints, caches, the first heartbeat timers
        const ProcStat before = readProc(process.processId());
        QTest::qWait(seconds * 1000);
        const ProcStat after = readProc(process.processId());
        stop(process);
        cpu.push_back(100.0 * (after.cpuSeconds - before.cpuSeconds) / seconds);
        rss.push_back(after.rssMb);
        std::fprintf(stderr, "idle run %d: %.3f %% of a core, %.1f MB RSS\n", run, cpu.back(), rss.back());
    }
    const Summary c = summarize(cpu), r = summarize(rss);
    std::printf("\n## Idle while online (%d runs of %d s, taking calls on one number, window shown)\n\n",
                int(cpu.size()), seconds);
    std::printf("| measure | median | min – max |\n| --- | ---: | ---: |\n");
    std::printf("| CPU (%% of one core) | %.3f | %.3f – %.3f |\n", c.median, c.min, c.max);
    std::printf("| RSS (MB) | %.1f | %.1f – %.1f |\n", r.median, r.min, r.max);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    const QStringList args = QApplication::arguments();
    if (args.contains(QStringLiteral("--help"))) {
        std::puts("BenchDesktop [--startup-runs N] [--offers N] [--idle-seconds S] [--idle-runs N] [--only "
                  "startup|popup|idle]");
        return 0;
    }
    std::unique_ptr<sim::SimServer> server = startSimulator();
    if (!server)
        return 1;
    const QString only = argValue(args, QStringLiteral("--only"), QString());
    if (only.isEmpty() || only == QLatin1String("startup"))
        benchStartup(*server, argValue(args, QStringLiteral("--startup-runs"), QStringLiteral("10")).toInt());
    if (only.isEmpty() || only == QLatin1String("popup"))
        benchPopup(*server, argValue(args, QStringLiteral("--offers"), QStringLiteral("50")).toInt());
    if (only.isEmpty() || only == QLatin1String("idle"))
        benchIdle(*server, argValue(args, QStringLiteral("--idle-seconds"), QStringLiteral("60")).toInt(),
                  argValue(args, QStringLiteral("--idle-runs"), QStringLiteral("3")).toInt());
    return 0;
}
