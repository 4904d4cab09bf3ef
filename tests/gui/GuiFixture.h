// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AppSettings.h"
#include "CallHistory.h"
#include "DesktopApp.h"
#include "DesktopSession.h"
#include "KeychainSecretStore.h"
#include "MainWindow.h"
#include "NullAudioBackend.h"
#include "RecordingNotifier.h"
#include "SimFixture.h"
#include "TestPrinters.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <memory>

namespace audin::test {

/**
 * The whole desktop app against the in-process simulator: real settings and history files in a
 * temporary folder, the real system keychain (the test runs inside a private Secret Service),
 * silent audio (the real pipeline with null devices), and the browser replaced by a list.
 */
class GuiFixture
{
public:
    explicit GuiFixture(SimFixture &sim, QString profileDir = {})
        : m_sim(sim)
        , m_profile(std::move(profileDir))
    {
        if (m_profile.isEmpty())
            m_profile = m_dir.path();
    }

    ~GuiFixture() { app.reset(); }

    QString settingsFile() const { return m_profile + QStringLiteral("/settings.ini"); }
    QString systemFile() const { return m_profile + QStringLiteral("/system.ini"); }
    QString historyFile() const { return m_profile + QStringLiteral("/history.sqlite"); }
    QString partnerTokenUrl() const { return m_sim.coreUrl() + QStringLiteral("/partner/token"); }
    static QString keyName() { return QString::fromLatin1(desktop::SecretKey::OperatorKey); }

    /** Signs in as if done before: settings on disk and the operator key in the keychain. */
    bool presetSignIn(const QString &operatorKey = QStringLiteral("ok_alice_test"), const QStringList &selected = {},
                      bool takingCalls = false)
    {
        desktop::AppSettings settings({settingsFile(), systemFile()});
        settings.setServiceUrl(m_sim.coreUrl());
        settings.setTokenMode(desktop::AppSettings::TokenMode::Endpoint);
        settings.setTokenEndpointUrl(partnerTokenUrl());
        if (!selected.isEmpty())
            settings.setSelectedNumberIds(selected);
        settings.setTakingCalls(takingCalls);
        settings.sync();
        return writeKey(operatorKey);
    }

    bool writeKey(const QString &operatorKey)
    {
        desktop::KeychainSecretStore store;
        QString error = QStringLiteral("pending");
        QObject context;
        store.write(keyName(), operatorKey, &context, [&](const QString &e) { error = e; });
        if (!QTest::qWaitFor([&] { return error != QLatin1String("pending"); }, 10000))
            return false;
        if (!error.isEmpty())
            qWarning("keychain: %s", qPrintable(error));
        return error.isEmpty();
    }

    std::optional<QString> readKey()
    {
        desktop::KeychainSecretStore store;
        bool done = false;
        std::optional<QString> value;
        QObject context;
        store.read(keyName(), &context, [&](std::optional<QString> v, const QString &) {
            value = v;
            done = true;
        });
        QTest::qWaitFor([&] { return done; }, 10000);
        return value;
    }

    gui::DesktopApp::Options options()
    {
        gui::DesktopApp::Options o;
        o.settingsPaths = {settingsFile(), systemFile()};
        o.historyPath = historyFile();
        o.callAudio = [] { return std::make_unique<media::NullAudioBackend>(); };
        o.toneAudio = [](const QString &) { return std::make_unique<media::NullAudioBackend>(); };
        o.meterAudio = [](const QString &) { return std::make_unique<media::NullAudioBackend>(); };
        o.configure = [](OperatorConfig &config) { config.reconnectBackoffMs = {50, 100, 200}; };
        o.openUrl = [this](const QUrl &url) { openedUrls << url; };
        o.singleInstance = false;
        o.autostartLocation = m_profile + QStringLiteral("/autostart");
        o.endedCallLingerMs = 200;
        o.popupLingerMs = 300;
        // What would reach the desktop's notification server (the private test bus runs none).
        o.notifier = [this] {
            auto recording = std::make_unique<RecordingNotifier>();
            notifier = recording.get();
            return recording;
        };
        return o;
    }

    /** Starts the app (window shown) with `o`, or with options() when not given. */
    gui::DesktopApp *start(std::optional<gui::DesktopApp::Options> o = {}, const QStringList &arguments = {})
    {
        app = std::make_unique<gui::DesktopApp>(o ? *o : options());
        app->start(arguments);
        return app.get();
    }

    bool waitOnline(int timeoutMs = 8000)
    {
        return QTest::qWaitFor(
            [&] {
                return app->session()->presenceState() == PresenceState::Online
                    && !app->session()->phoneNumbers().isEmpty();
            },
            timeoutMs);
    }

    bool waitTakingCallsOn(const QString &id, int timeoutMs = 8000)
    {
        return QTest::qWaitFor([&] { return app->session()->availability().accepted.contains(id); }, timeoutMs);
    }

    gui::MainWindow *window() const { return app->window(); }
    desktop::DesktopSession *session() const { return app->session(); }

    std::unique_ptr<gui::DesktopApp> app;
    QList<QUrl> openedUrls;
    RecordingNotifier *notifier = nullptr; ///< owned by the app
    /** The text ("title: body") of the notifications shown so far, newest last. */
    QStringList notifications() const
    {
        QStringList out;
        if (notifier) {
            for (const RecordingNotifier::Shown &shown : notifier->shown)
                out << shown.notification.title + QStringLiteral(": ") + shown.notification.body;
        }
        return out;
    }

private:
    SimFixture &m_sim;
    QTemporaryDir m_dir;
    QString m_profile;
};

} // namespace audin::test
