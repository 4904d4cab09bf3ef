// SPDX-License-Identifier: GPL-3.0-or-later
#include "StaticTokenSource.h"

#include <QPointer>
#include <QTimer>

namespace audin {

StaticTokenSource::StaticTokenSource(OperatorSessionToken token, QObject *parent)
    : TokenSource(parent)
    , m_token(std::move(token))
{
}

void StaticTokenSource::fetchToken(QObject *context, Callback done)
{
    TokenResult result;
    if (m_token.token.isEmpty())
        result = TokenResult::failed(TokenResult::Failure::BadResponse, QStringLiteral("the fixed token is empty"));
    else
        result.token = m_token;
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    // Deliver from the event loop, like every other source, so callers never see re-entrancy.
    QTimer::singleShot(0, this, [guard, hasContext, done = std::move(done), result]() {
        if (hasContext && !guard)
            return;
        done(result);
    });
}

} // namespace audin
