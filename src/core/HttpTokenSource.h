// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TokenSource.h"

#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QUrl>

class QNetworkAccessManager;

namespace audin {

/**
 * Token from an HTTPS endpoint on the partner's backend: POST to `url` with extra headers
 * (typically `Authorization: Bearer <operator key>`), JSON body `{}`, a timeout, and a JSON
 * answer `{token, expiresAt?}`. Unreachable, timeout, non-2xx, bad JSON or an empty token
 * are failures with a message naming the cause (never the header values).
 */
class HttpTokenSource final : public TokenSource
{
    Q_OBJECT
public:
    using Header = QPair<QByteArray, QByteArray>;
    explicit HttpTokenSource(QUrl url, QList<Header> headers = {}, int timeoutMs = 10000, QObject *parent = nullptr);
    ~HttpTokenSource() override;

    /**
     * Certificate authorities trusted in addition to the system's store for https endpoints
     * (TlsTrust::loadCaFile()). A refused certificate fails the fetch, naming the problem.
     */
    void setExtraCaCertificates(const QList<QSslCertificate> &certificates) { m_extraCas = certificates; }

    void fetchToken(QObject *context, Callback done) override;
    QString describe() const override;

    /** Parses `Name: value`; nullopt when there is no colon or no name. */
    static std::optional<Header> parseHeader(const QString &line);

private:
    QNetworkAccessManager *m_network;
    QUrl m_url;
    QList<Header> m_headers;
    int m_timeoutMs;
    QList<QSslCertificate> m_extraCas;
};

} // namespace audin
