// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TokenSource.h"

namespace audin {

/** A fixed token, for development only: it is handed out on every connect as it is. */
class StaticTokenSource final : public TokenSource
{
    Q_OBJECT
public:
    explicit StaticTokenSource(OperatorSessionToken token, QObject *parent = nullptr);

    void fetchToken(QObject *context, Callback done) override;
    QString describe() const override { return QStringLiteral("fixed token"); }

private:
    OperatorSessionToken m_token;
};

} // namespace audin
