// SPDX-License-Identifier: GPL-3.0-or-later
#include "SignInCheck.h"

#include "CommandTokenSource.h"
#include "CoreUrl.h"
#include "HttpTokenSource.h"
#include "OperatorService.h"
#include "Protocol.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QUrl>

namespace audin::desktop {

namespace {

using Outcome = SignInCheck::Outcome;
using Result = SignInCheck::Result;

// The check's own first fetch is its token step; the presence channel gets that same token rather
// than a second one. Later fetches (none are expected in a check this short) go to the real source.
class PrefetchedTokenSource final : public TokenSource
{
public:
    PrefetchedTokenSource(OperatorSessionToken token, std::shared_ptr<TokenSource> inner)
        : m_token(std::move(token))
        , m_inner(std::move(inner))
    {
    }
    void fetchToken(QObject *context, Callback done) override
    {
        if (!m_token) {
            m_inner->fetchToken(context, std::move(done));
            return;
        }
        TokenResult result;
        result.token = *std::exchange(m_token, std::nullopt);
        const QPointer<QObject> guard(context);
        QTimer::singleShot(0, this, [guard, hasContext = context != nullptr, done = std::move(done), result] {
            if (!hasContext || guard)
                done(result);
        });
    }
    QString describe() const override { return m_inner->describe(); }

private:
    std::optional<OperatorSessionToken> m_token;
    std::shared_ptr<TokenSource> m_inner;
};

Result result(Outcome outcome, const QString &message)
{
    return Result {outcome, message, {}};
}

// An address as it may appear in a message: never user info, a query or a fragment.
QString shownUrl(const QString &url)
{
    const QUrl parsed(url.trimmed());
    if (!parsed.isValid())
        return url.trimmed().left(200);
    return parsed.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

bool hasControlCharacters(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

// The sources' own wording names the source first ("token endpoint https://… unreachable: …"); the
// message names it already, so only the reason is kept.
QString reasonOnly(const QString &error, const QString &sourceDescription)
{
    QString reason = error;
    if (reason.startsWith(sourceDescription))
        reason = reason.mid(sourceDescription.size());
    if (reason.startsWith(QLatin1String(":")))
        reason = reason.mid(1);
    reason = reason.trimmed();
    if (reason.startsWith(QLatin1String("unreachable: ")))
        reason = reason.mid(13);
    return reason.isEmpty() ? error : reason;
}

int seconds(int ms)
{
    return std::max(1, (ms + 999) / 1000);
}

} // namespace

struct SignInCheck::Run
{
    quint64 generation = 0;
    SignInSettings settings;
    int timeoutMs = 0;
    QElapsedTimer elapsed;
    std::unique_ptr<QObject> tokenContext = std::make_unique<QObject>();
    std::shared_ptr<TokenSource> source;
    QPointer<OperatorService> service;
    bool online = false;

    ~Run()
    {
        tokenContext.reset(); // aborts an HTTP request, kills a command
        if (service) {
            service->disconnect();
            service->disconnectFromService();
            // Kept a moment so the 1000 close handshake completes; it owns nothing of ours.
            QTimer::singleShot(3000, service.data(), &QObject::deleteLater);
        }
    }
};

SignInCheck::SignInCheck(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<audin::desktop::SignInCheck::Result>();
}

SignInCheck::~SignInCheck() = default;

bool SignInCheck::isRunning() const
{
    return m_run != nullptr;
}

std::optional<Result> SignInCheck::checkOffline(const SignInSettings &settings)
{
    const QString service = settings.serviceUrl.trimmed();
    if (service.isEmpty())
        return result(Outcome::InvalidServiceUrl,
                      tr("Enter the address of the Audin service, for example https://core.example.com."));
    if (!CoreUrl::parse(service)) {
        if (!QUrl(service).userInfo().isEmpty())
            return result(Outcome::InvalidServiceUrl,
                          tr("The service address must not contain a user name or password."));
        return result(Outcome::InvalidServiceUrl,
                      tr("\"%1\" is not a valid service address. Use https:// followed by a host name, for "
                         "example https://core.example.com.")
                          .arg(shownUrl(service)));
    }

    if (settings.mode == AppSettings::TokenMode::Command) {
        if (settings.command.trimmed().isEmpty())
            return result(Outcome::MissingCommand, tr("Enter the command that prints a session token."));
        return std::nullopt;
    }

    const QString endpoint = settings.endpointUrl.trimmed();
    if (endpoint.isEmpty())
        return result(Outcome::InvalidEndpointUrl, tr("Enter the address of your token endpoint."));
    const QUrl url(endpoint, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (url.isValid() && !url.userInfo().isEmpty())
        return result(Outcome::InvalidEndpointUrl,
                      tr("The token endpoint address must not contain a user name or password; the operator key "
                         "is sent separately."));
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
        return result(Outcome::InvalidEndpointUrl,
                      tr("\"%1\" is not a valid token endpoint address. Use https:// followed by a host name and "
                         "a path.")
                          .arg(shownUrl(endpoint)));

    const QString key = settings.operatorKey.trimmed();
    if (key.isEmpty())
        return result(Outcome::MissingOperatorKey, tr("Enter your operator key."));
    if (hasControlCharacters(key))
        return result(Outcome::MissingOperatorKey,
                      tr("The operator key contains a line break or another invisible character. Paste it again."));
    return std::nullopt;
}

std::shared_ptr<TokenSource> SignInCheck::makeTokenSource(const SignInSettings &settings, int timeoutMs)
{
    if (settings.mode == AppSettings::TokenMode::Command)
        return std::make_shared<CommandTokenSource>(settings.command.trimmed(), timeoutMs);
    QList<HttpTokenSource::Header> headers;
    // parseHeader() refuses line breaks, so a bad key can never inject a header; the endpoint then says 401.
    if (auto header
        = HttpTokenSource::parseHeader(QStringLiteral("Authorization: Bearer ") + settings.operatorKey.trimmed()))
        headers << *header;
    return std::make_shared<HttpTokenSource>(QUrl(settings.endpointUrl.trimmed()), headers, timeoutMs);
}

void SignInCheck::start(const SignInSettings &settings, int timeoutMs)
{
    cancel();
    m_run = std::make_unique<Run>();
    m_run->generation = ++m_generation;
    m_run->settings = settings;
    m_run->timeoutMs = std::max(1, timeoutMs);
    m_run->elapsed.start();
    const quint64 generation = m_run->generation;
    // Nothing is emitted from inside start(): the caller may still be connecting.
    QTimer::singleShot(0, this, [this, generation] {
        if (!m_run || m_run->generation != generation)
            return;
        emit progress(tr("Checking the service address…"));
        if (std::optional<Result> invalid = checkOffline(m_run->settings)) {
            finish(*invalid);
            return;
        }
        fetchToken();
    });
}

void SignInCheck::cancel()
{
    if (m_run)
        retire();
}

void SignInCheck::retire()
{
    ++m_generation; // every callback still on its way compares this and stays silent
    // Released from the event loop: this may run inside a callback of the very source or service.
    std::shared_ptr<Run> retired(m_run.release());
    QTimer::singleShot(0, [retired] {});
}

void SignInCheck::finish(Result outcome)
{
    retire();
    emit finished(outcome);
}

void SignInCheck::fetchToken()
{
    emit progress(tr("Fetching a token…"));
    m_run->source = makeTokenSource(m_run->settings, m_run->timeoutMs);
    const quint64 generation = m_run->generation;
    m_run->source->fetchToken(m_run->tokenContext.get(), [this, generation](const TokenResult &token) {
        if (!m_run || m_run->generation != generation)
            return;
        onToken(token);
    });
}

void SignInCheck::onToken(const TokenResult &token)
{
    if (token.ok()) {
        connectToService(*token.token);
        return;
    }
    using Failure = TokenResult::Failure;
    const bool command = m_run->settings.mode == AppSettings::TokenMode::Command;
    const QString endpoint = shownUrl(m_run->settings.endpointUrl);
    // The sources' own wording holds no secrets and no query strings.
    const QString detail = reasonOnly(token.error, m_run->source->describe());
    switch (token.failure) {
    case Failure::Timeout:
        if (command)
            finish(result(Outcome::CommandFailed,
                          tr("The token command did not finish in time (%1 s).").arg(seconds(m_run->timeoutMs))));
        else
            finish(result(Outcome::EndpointTimeout,
                          tr("The token endpoint at %1 did not answer in time (%2 s).")
                              .arg(endpoint)
                              .arg(seconds(m_run->timeoutMs))));
        return;
    case Failure::Unreachable:
        finish(result(Outcome::EndpointUnreachable,
                      tr("The token endpoint at %1 could not be reached. Check the address and the network "
                         "connection (%2).")
                          .arg(endpoint, detail)));
        return;
    case Failure::Refused:
        finish(result(Outcome::KeyRejected,
                      tr("The token endpoint did not accept the operator key (HTTP %1). Check "
                         "that it is entered correctly and still valid.")
                          .arg(token.httpStatus)));
        return;
    case Failure::HttpStatus:
        finish(result(Outcome::EndpointError,
                      tr("The token endpoint at %1 answered with an error (HTTP %2). Check the address, or try "
                         "again later.")
                          .arg(endpoint)
                          .arg(token.httpStatus)));
        return;
    case Failure::CommandFailed:
        finish(result(Outcome::CommandFailed, tr("The token command failed (%1).").arg(detail)));
        return;
    case Failure::BadResponse:
    case Failure::None: // a failure without a category: treat the answer as unusable
        if (command)
            finish(result(Outcome::BadTokenResponse,
                          tr("The token command ran but did not print a usable token (%1).").arg(detail)));
        else
            finish(result(Outcome::BadTokenResponse,
                          tr("The token endpoint answered but not with a usable token (%1).").arg(detail)));
        return;
    }
}

void SignInCheck::connectToService(const OperatorSessionToken &token)
{
    emit progress(tr("Connecting…"));
    OperatorConfig config;
    config.coreUrl = m_run->settings.serviceUrl.trimmed();
    config.tokenSource = std::make_shared<PrefetchedTokenSource>(token, m_run->source);
    // One attempt only: the first failure ends the check, so the retry is never reached.
    config.reconnectBackoffMs = {3600 * 1000};
    auto *service = new OperatorService(config);
    m_run->service = service;
    const quint64 generation = m_run->generation;
    auto current = [this, generation] { return m_run && m_run->generation == generation; };

    connect(service, &OperatorService::closedByService, this, [this, current](int code, const QString &) {
        if (current())
            onCloseCode(code);
    });
    connect(service, &OperatorService::error, this, [this, current](const OperatorError &error) {
        if (current())
            onServiceError(error);
    });
    connect(service, &OperatorService::reconnectScheduled, this, [this, current](int) {
        if (current())
            finish(result(Outcome::ServiceError, tr("The connection to the service was lost. Try again.")));
    });
    connect(service, &OperatorService::presenceStateChanged, this, [this, current, service](PresenceState state) {
        if (!current())
            return;
        if (state == PresenceState::Offline) {
            finish(result(Outcome::ServiceError, tr("The service ended the connection. Try again.")));
            return;
        }
        if (state != PresenceState::Online || m_run->online)
            return;
        m_run->online = true;
        service->listPhoneNumbers(this, [this, current](const OperatorService::NumbersResult &numbers) {
            if (!current())
                return;
            if (!numbers.ok()) {
                finish(result(Outcome::ServiceError,
                              tr("Signed in, but the service could not list the phone numbers (%1).")
                                  .arg(numbers.error.message)));
                return;
            }
            Result ok = result(Outcome::Ok,
                               tr("Signed in. Phone numbers available to you: %1.").arg(numbers.numbers->size()));
            ok.numbers = *numbers.numbers;
            finish(ok);
        });
    });

    const int remainingMs = std::max<int>(1000, m_run->timeoutMs - int(m_run->elapsed.elapsed()));
    QTimer::singleShot(remainingMs, this, [this, current, remainingMs] {
        if (current())
            finish(result(Outcome::ServiceUnreachable,
                          tr("The Audin service at %1 did not answer in time (%2 s).")
                              .arg(shownUrl(m_run->settings.serviceUrl))
                              .arg(seconds(remainingMs))));
    });
    service->connectToService();
}

void SignInCheck::onCloseCode(int code)
{
    switch (code) {
    case protocol::CloseAuthFailed:
        finish(result(Outcome::TokenRefused,
                      tr("The service did not accept the token from your token source: it "
                         "may be expired or meant for another service. Contact your "
                         "administrator.")));
        return;
    case protocol::CloseForbidden:
        finish(result(Outcome::AccountDisabled,
                      tr("Your operator account or your company's account is disabled. Contact your administrator.")));
        return;
    case protocol::CloseReplaced:
        finish(
            result(Outcome::ServiceError, tr("This operator signed in somewhere else at the same moment. Try again.")));
        return;
    default:
        finish(result(Outcome::ServiceError,
                      tr("The service closed the connection (code %1). Try again later.").arg(code)));
        return;
    }
}

void SignInCheck::onServiceError(const OperatorError &error)
{
    const QString service = shownUrl(m_run->settings.serviceUrl);
    if (error.code == QLatin1String(ErrorCode::TlsError)) {
        finish(result(Outcome::ServiceUnreachable,
                      tr("The secure connection to the Audin service at %1 failed: its certificate was not "
                         "accepted (%2).")
                          .arg(service, error.message)));
    } else if (error.code == QLatin1String(ErrorCode::WsError) && !m_run->online) {
        finish(result(Outcome::ServiceUnreachable,
                      tr("The Audin service at %1 could not be reached. Check the address and the network "
                         "connection (%2).")
                          .arg(service, error.message)));
    } else if (error.code == QLatin1String(ErrorCode::Forbidden)) {
        finish(result(Outcome::AccountDisabled,
                      tr("Your operator account or your company's account is disabled. Contact your administrator.")));
    } else if (error.code == QLatin1String(ErrorCode::AuthFailed)) {
        finish(result(Outcome::TokenRefused,
                      tr("The service did not accept the token from your token source: it "
                         "may be expired or meant for another service. Contact your "
                         "administrator.")));
    } else {
        finish(result(Outcome::ServiceError,
                      tr("The service reported a problem (%1). Try again later.").arg(error.message)));
    }
}

} // namespace audin::desktop
