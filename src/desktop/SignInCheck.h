// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AppSettings.h"
#include "TokenSource.h"
#include "Types.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>

namespace audin::desktop {

/** What the sign-in dialog collects; the operator key is only held in memory (and in the keychain). */
struct SignInSettings
{
    QString serviceUrl;
    AppSettings::TokenMode mode = AppSettings::TokenMode::Endpoint;
    QString endpointUrl;
    QString operatorKey;
    QString command;
};

/**
 * What runs when the operator presses "Sign in": checks the addresses without any network, fetches
 * one token with the real token source, opens the presence channel once (no retries), lists the
 * operator's numbers and closes again with 1000. Every failure gets its own Outcome and a message
 * of one or two sentences that never contains the operator key or a token.
 *
 * The check signs in as the operator: a session of the same operator that is online elsewhere (in
 * this app too) is replaced by the service (4009), so disconnect the app's own session first.
 */
class SignInCheck : public QObject
{
    Q_OBJECT
public:
    enum class Outcome
    {
        Ok,
        InvalidServiceUrl,
        InvalidEndpointUrl,
        MissingOperatorKey, ///< also a key with line breaks or control characters
        MissingCommand,
        EndpointUnreachable,
        EndpointTimeout,
        KeyRejected, ///< the endpoint answered 401 or 403
        EndpointError, ///< any other HTTP error status
        BadTokenResponse, ///< an answer without a usable token (endpoint or command)
        CommandFailed, ///< the command could not start, crashed, exited non-zero or timed out
        ServiceUnreachable, ///< no connection, TLS failure, or no answer in time
        TokenRefused, ///< close 4001
        AccountDisabled, ///< close 4003
        ServiceError ///< anything else the service did (other close codes, protocol errors, list failure)
    };
    Q_ENUM(Outcome)

    struct Result
    {
        Outcome outcome = Outcome::Ok;
        QString message; ///< one or two human sentences, translated
        QList<OperatorPhoneNumber> numbers; ///< with Ok: the operator's active numbers
    };

    explicit SignInCheck(QObject *parent = nullptr);
    ~SignInCheck() override;

    /** Starts the check; finished() follows exactly once, never from inside start(). A running check is cancelled. */
    void start(const SignInSettings &settings, int timeoutMs = 15000);
    /** Stops a running check (an HTTP request is aborted, a command killed); finished() is not emitted. */
    void cancel();
    bool isRunning() const;

    /** The failure found without any network (addresses, missing key or command), or nullopt. */
    static std::optional<Result> checkOffline(const SignInSettings &settings);
    /** The token source the app uses for these settings (HttpTokenSource with `Authorization: Bearer <key>`, or
     * CommandTokenSource). */
    static std::shared_ptr<TokenSource> makeTokenSource(const SignInSettings &settings, int timeoutMs = 10000);

signals:
    /** "Checking the service address…", "Fetching a token…", "Connecting…" */
    void progress(const QString &step);
    void finished(const audin::desktop::SignInCheck::Result &result);

private:
    struct Run;
    void fetchToken();
    void onToken(const TokenResult &result);
    void connectToService(const OperatorSessionToken &token);
    void onCloseCode(int code);
    void onServiceError(const OperatorError &error);
    void finish(Result result);
    void retire();

    std::unique_ptr<Run> m_run;
    quint64 m_generation = 0;
};

} // namespace audin::desktop

Q_DECLARE_METATYPE(audin::desktop::SignInCheck::Result)
