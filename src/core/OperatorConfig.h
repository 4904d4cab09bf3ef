// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioBackend.h"
#include "AudioEngine.h"
#include "Backoff.h"
#include "Clock.h"
#include "Logger.h"
#include "TokenSource.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <memory>
#include <optional>

namespace audin {

/** Microphone processing and device choice (SDK `audioConstraints`); all processing on by default. */
struct AudioConstraints
{
    bool echoCancellation = true;
    bool noiseSuppression = true;
    bool autoGainControl = true;
    QString inputDevice; ///< device id or description; empty = system default
    QString outputDevice; ///< empty = system default
    QString ringerDevice; ///< where the desktop app plays the ringtone; empty = outputDevice
};

/** Call channel and audio pipeline settings (PROTOCOL.md 4). */
struct MediaConfig
{
    /** Creates each call's audio backend; null = the system's devices per audioConstraints. */
    media::AudioBackendFactory audioBackend;
    media::OpusEncoderSettings opus;
    media::JitterBufferConfig jitter;
    QList<int> resumeBackoffMs {250, 500, 1000, 2000, 4000};
    int resumeWindowMs = 15000;
    int pingIntervalMs = 1000;
    int statsIntervalMs = 1000;
    int playoutBufferMs = 40;
    int captureBufferMs = 20;
};

/** What the client says about itself in `auth`. */
struct ClientInfo
{
    QString name = QStringLiteral("audin-softphone");
    QString version = QStringLiteral(AUDIN_VERSION);
    QString platform = defaultPlatform();
    static QString defaultPlatform();
};

/** Configuration of OperatorService (SDK `AudinOperatorConfig`). */
struct OperatorConfig
{
    static constexpr int DefaultHeartbeatIntervalMs = 25000;
    static constexpr int DefaultDeadConnectionGraceMs = 10000;

    /** e.g. `https://core.example.com`; normalised per PROTOCOL.md section 1. */
    QString coreUrl;
    /** Produces a NEW token for every connect and every live refresh. Required. */
    std::shared_ptr<TokenSource> tokenSource;
    /** Heartbeat interval. When unset, the server's advice in `ready` is used, else 25000. */
    std::optional<int> heartbeatIntervalMs;
    /** Reconnect schedule, walked on consecutive failures, staying on the last step. */
    QList<int> reconnectBackoffMs = Backoff::defaultSchedule();
    /** A connection with no frame for heartbeat + this long is dead (PROTOCOL.md 3.2). */
    int deadConnectionGraceMs = DefaultDeadConnectionGraceMs;
    /** A live token is refreshed when this fraction of its lifetime has passed (PROTOCOL.md 3.3). */
    double tokenRefreshFraction = 0.8;
    /**
     * Live refreshes are never closer together than this, whatever `expiresAt` says (one already
     * past by this machine's clock would otherwise refresh in a loop). Unset = the first step of
     * reconnectBackoffMs (1 s by default).
     */
    std::optional<int> minTokenRefreshIntervalMs;
    /**
     * Certificate authorities trusted in addition to the system's store on the presence and call
     * channels (a corporate CA re-signing TLS traffic); see TlsTrust::loadCaFile(). Certificate
     * errors are never ignored: they end the connection attempt with `TLS_ERROR`.
     */
    QList<QSslCertificate> extraCaCertificates;
    /** Largest text frame accepted (PROTOCOL.md 2). */
    int maxTextFrameBytes = 64 * 1024;
    /** Extra time a ringing offer waits past its ringTimeoutMs for the service's cancel. */
    int ringTimeoutGraceMs = 5000;
    /**
     * How long opening a connection may take, from the TCP connect through the WebSocket upgrade
     * to the service's answer to `auth` (`ready` on presence, `started` on a call channel). A
     * connection still half-open after this is dropped and retried with backoff.
     */
    int handshakeTimeoutMs = 10000;
    /**
     * Offers ringing at once, at most. Further offers are declined on the wire (`reject`, so the
     * service can offer them to someone else) and logged, until some stop ringing.
     */
    int maxRingingCalls = 50;
    /**
     * An accepted or dialled call waits this long for its assignment (call_assigned /
     * dial_accepted), and an accepted inbound call as long again for `connected`; then it ends
     * `failed` with SERVER_ERROR on `error`.
     */
    int callSetupTimeoutMs = 15000;
    /** A dialled call waits this long after dial_accepted for the callee to answer (`connected`). */
    int outboundAnswerTimeoutMs = 120000;
    AudioConstraints audioConstraints;
    MediaConfig media;
    ClientInfo client;
    /** Diagnostics sink; null = the `audin.core` Qt logging category. */
    std::shared_ptr<OperatorLogger> logger;
    /** Time seam; null = SystemClock. */
    std::shared_ptr<Clock> clock;
};

} // namespace audin
