// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CaptureLogger.h"
#include "NullAudioBackend.h"
#include "OperatorService.h"
#include "SimFixture.h"
#include "TestPrinters.h"
#include "TokenSource.h"

#include <QSignalSpy>
#include <QStringList>
#include <QTest>
#include <QTimer>
#include <memory>

namespace audin::test {

/**
 * Wraps a real token source: records every token it hands out (so tests can check that each
 * connect used a new one and that none leaked into logs) and can be told to fail the next fetches.
 */
class RecordingTokenSource final : public TokenSource
{
    Q_OBJECT
public:
    explicit RecordingTokenSource(std::shared_ptr<TokenSource> inner)
        : m_inner(std::move(inner))
    {
    }
    void fetchToken(QObject *context, Callback done) override
    {
        ++m_fetches;
        if (m_failNext > 0) {
            --m_failNext;
            QTimer::singleShot(0, context, [done] {
                done(TokenResult {std::nullopt, QStringLiteral("told to fail")});
            });
            return;
        }
        m_inner->fetchToken(context, [this, done](const TokenResult &result) {
            if (!result.ok()) {
                done(result);
                return;
            }
            m_tokens << result.token->token;
            TokenResult shifted = result;
            if (m_expiryShiftMs && shifted.token->expiresAt)
                shifted.token->expiresAt = shifted.token->expiresAt->addMSecs(m_expiryShiftMs);
            done(shifted);
        });
    }
    QString describe() const override { return QStringLiteral("recording(%1)").arg(m_inner->describe()); }

    void failNext(int count) { m_failNext = count; }
    /** Moves every expiresAt handed out by `ms`, as a token service with a wrong clock or zone would. */
    void shiftExpiry(qint64 ms) { m_expiryShiftMs = ms; }
    int fetches() const { return m_fetches; }
    QStringList tokens() const { return m_tokens; }

private:
    std::shared_ptr<TokenSource> m_inner;
    int m_failNext = 0;
    qint64 m_expiryShiftMs = 0;
    int m_fetches = 0;
    QStringList m_tokens;
};

/** One operator connected to the in-process simulator, with spies on every SDK signal. */
struct OperatorHarness
{
    OperatorHarness(SimFixture &sim, const QString &operatorKey,
                    const std::function<void(OperatorConfig &)> &tweak = {})
    {
        tokens = std::make_shared<RecordingTokenSource>(sim.tokenSourceFor(operatorKey));
        logger = std::make_shared<CaptureLogger>();
        OperatorConfig config;
        config.coreUrl = sim.coreUrl();
        config.tokenSource = tokens;
        config.logger = logger;
        config.reconnectBackoffMs = {50, 100, 200};
        // Calls run the real pipeline with silence in and playout discarded: no sound card needed.
        config.media.audioBackend = [] { return std::make_unique<media::NullAudioBackend>(); };
        if (tweak)
            tweak(config);
        service = std::make_unique<OperatorService>(config);
        presence = std::make_unique<QSignalSpy>(service.get(), &OperatorService::presenceStateChanged);
        errors = std::make_unique<QSignalSpy>(service.get(), &OperatorService::error);
        availability = std::make_unique<QSignalSpy>(service.get(), &OperatorService::availabilityChanged);
        incoming = std::make_unique<QSignalSpy>(service.get(), &OperatorService::incomingCall);
        started = std::make_unique<QSignalSpy>(service.get(), &OperatorService::callStarted);
        ended = std::make_unique<QSignalSpy>(service.get(), &OperatorService::callEnded);
        reconnects = std::make_unique<QSignalSpy>(service.get(), &OperatorService::reconnectScheduled);
    }

    bool connectAndWaitOnline(int timeoutMs = 5000)
    {
        if (!service->connectToService())
            return false;
        return waitForState(PresenceState::Online, timeoutMs);
    }

    bool waitForState(PresenceState state, int timeoutMs = 5000)
    {
        if (QTest::qWaitFor([&] { return service->presenceState() == state; }, timeoutMs))
            return true;
        // Leave the SDK's own account of what happened in the test output.
        const QStringList lines = logger->lines();
        for (const QString &line : lines.mid(std::max<int>(0, lines.size() - 30)))
            qWarning().noquote() << "sdk:" << line;
        return false;
    }

    QStringList errorCodes() const
    {
        QStringList codes;
        for (const QList<QVariant> &args : *errors)
            codes << args.at(0).value<OperatorError>().code;
        return codes;
    }

    QList<PresenceState> states() const
    {
        QList<PresenceState> out;
        for (const QList<QVariant> &args : *presence)
            out << args.at(0).value<PresenceState>();
        return out;
    }

    std::shared_ptr<RecordingTokenSource> tokens;
    std::shared_ptr<CaptureLogger> logger;
    std::unique_ptr<OperatorService> service;
    std::unique_ptr<QSignalSpy> presence, errors, availability, incoming, started, ended, reconnects;
};

} // namespace audin::test
