// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpTokenSource.h"

#include "TlsTrust.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>
#include <memory>

namespace audin {

namespace {

// Our own wording: QNetworkReply::errorString() may quote the URL, and the URL may carry a query.
QString describeNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("connection closed by the server");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host not found");
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("TLS handshake failed");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return QStringLiteral("network unavailable");
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return QStringLiteral("proxy failure");
    case QNetworkReply::ProtocolUnknownError:
        return QStringLiteral("unsupported URL scheme");
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return QStringLiteral("bad redirect");
    default:
        return QStringLiteral("network error %1").arg(int(error));
    }
}

} // namespace

HttpTokenSource::HttpTokenSource(QUrl url, QList<Header> headers, int timeoutMs, QObject *parent)
    : TokenSource(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_url(std::move(url))
    , m_headers(std::move(headers))
    , m_timeoutMs(timeoutMs)
{
}

HttpTokenSource::~HttpTokenSource() = default;

void HttpTokenSource::fetchToken(QObject *context, Callback done)
{
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const Header &header : std::as_const(m_headers))
        request.setRawHeader(header.first, header.second);
    // A token must be fresh on every call: no HTTP cache, no reused cookies.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    // Redirects keep every header, the operator key included: never follow one to another origin.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    if (m_timeoutMs > 0)
        request.setTransferTimeout(m_timeoutMs);
    if (!m_extraCas.isEmpty())
        request.setSslConfiguration(TlsTrust::configuration(m_extraCas));

    QNetworkReply *reply = m_network->post(request, QByteArrayLiteral("{}"));
    if (m_timeoutMs > 0) {
        // setTransferTimeout() only counts time without data, so an endpoint trickling bytes could
        // hold a connect forever; this bounds the whole fetch (reported as the same timeout).
        QTimer::singleShot(m_timeoutMs, reply, [reply] {
            if (reply->isRunning())
                reply->abort();
        });
    }
    // A token answer is a few KiB: an endpoint sending more (a misconfigured proxy's page, a hostile
    // server) is cut off rather than read into memory until the timeout.
    constexpr qint64 MaxAnswerBytes = 64 * 1024;
    auto tooLarge = std::make_shared<bool>(false);
    connect(reply, &QNetworkReply::readyRead, reply, [reply, tooLarge] {
        if (!*tooLarge && reply->bytesAvailable() > MaxAnswerBytes) {
            *tooLarge = true;
            reply->abort();
        }
    });
    // Certificate errors are never ignored: the request (and its operator key) is not sent.
    const QString host = m_url.host();
    connect(reply, &QNetworkReply::sslErrors, reply,
            [reply, host](const QList<QSslError> &errors) { TlsTrust::remember(reply, errors, host); });
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    if (context) {
        // Nobody is waiting any more: stop the transfer instead of letting it run to its timeout.
        connect(context, &QObject::destroyed, reply, &QNetworkReply::abort);
    }
    const QString where = describe();
    const int timeoutMs = m_timeoutMs;
    connect(reply, &QNetworkReply::finished, this, [reply, guard, hasContext, done, where, timeoutMs, tooLarge]() {
        reply->deleteLater();
        if (hasContext && !guard)
            return;

        using Failure = TokenResult::Failure;
        TokenResult result;
        const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        const int status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
        if (*tooLarge) {
            result = TokenResult::failed(Failure::BadResponse,
                                         QStringLiteral("%1 answered more than %2 KiB; a token answer is a few")
                                             .arg(where)
                                             .arg(MaxAnswerBytes / 1024),
                                         status);
        } else if (status != 0 && (status < 200 || status > 299)) {
            const bool refused = status == 401 || status == 403;
            QString error = QStringLiteral("%1 answered %2").arg(where).arg(status);
            if (status >= 300 && status <= 399)
                error += QStringLiteral(" (a redirect to another server is not followed)");
            result = TokenResult::failed(refused ? Failure::Refused : Failure::HttpStatus, error, status);
        } else if (reply->error() == QNetworkReply::OperationCanceledError
                   || reply->error() == QNetworkReply::TimeoutError) {
            // We only abort for a dead context (handled above), so a cancel here is the transfer timeout.
            result = TokenResult::failed(Failure::Timeout,
                                         QStringLiteral("%1 timed out after %2 ms").arg(where).arg(timeoutMs));
        } else if (reply->error() != QNetworkReply::NoError) {
            const QString refusal = TlsTrust::remembered(reply);
            result = TokenResult::failed(Failure::Unreachable,
                                         QStringLiteral("%1 unreachable: %2")
                                             .arg(where,
                                                  refusal.isEmpty()
                                                      ? describeNetworkError(reply->error())
                                                      : QStringLiteral("TLS handshake failed: %1").arg(refusal)));
        } else {
            result = parseTokenJson(reply->readAll());
            result.httpStatus = status;
            if (!result.ok())
                result.error = QStringLiteral("%1: %2").arg(where, result.error);
        }
        done(result);
    });
}

QString HttpTokenSource::describe() const
{
    const QUrl shown = m_url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    return QStringLiteral("token endpoint %1").arg(shown.toString());
}

std::optional<HttpTokenSource::Header> HttpTokenSource::parseHeader(const QString &line)
{
    const int colon = line.indexOf(QLatin1Char(':'));
    if (colon < 0)
        return std::nullopt;
    const QString name = line.left(colon).trimmed();
    const QString value = line.mid(colon + 1).trimmed();
    if (name.isEmpty())
        return std::nullopt;
    // RFC 9110 token characters only: this also keeps CR/LF (header injection) out of the name.
    static const QString allowed = QStringLiteral("!#$%&'*+-.^_`|~");
    for (const QChar c : name) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || allowed.contains(c);
        if (!ok)
            return std::nullopt;
    }
    for (const QChar c : value) {
        if (c == QLatin1Char('\r') || c == QLatin1Char('\n') || c == QChar(0))
            return std::nullopt;
    }
    return Header {name.toLatin1(), value.toUtf8()};
}

} // namespace audin
