// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>

class QObject;

namespace audin {

/**
 * Which certificate authorities a TLS connection trusts, and how a refused certificate is
 * explained. There is deliberately no way to ignore a certificate error: a corporate CA (a TLS
 * inspection proxy re-signing traffic) is trusted by adding it, on top of the system's store.
 */
namespace TlsTrust {

/** The certificates of a PEM file, or an error naming the file and the problem. */
struct CaFile
{
    QList<QSslCertificate> certificates;
    QString error; ///< empty on success
    bool ok() const { return error.isEmpty(); }
};

/** Reads every certificate in a PEM file; a missing, unreadable or certificate-less file is an error. */
CaFile loadCaFile(const QString &path);

/**
 * The default TLS configuration with `extraCas` added to the system's CA store (which is kept:
 * Qt would otherwise use only the certificates it is given). With no extra CAs: the default, untouched.
 */
QSslConfiguration configuration(const QList<QSslCertificate> &extraCas);

/**
 * Makes `extraCas` trusted by every TLS connection this process opens from now on (the desktop
 * app: sign-in check, token endpoint, presence and call channels alike). Call before any connection.
 */
void trustProcessWide(const QList<QSslCertificate> &extraCas);

/**
 * An administrator's explanation of why the certificate of `host` was refused, e.g. "the
 * certificate of 127.0.0.1 expired on 2021-01-01 00:00 UTC". One sentence fragment per problem.
 */
QString describe(const QList<QSslError> &errors, const QString &host);

/** Remembers describe(errors, host) on a socket, for the error report that follows the failed handshake. */
void remember(QObject *socket, const QList<QSslError> &errors, const QString &host);
/** What remember() stored on `socket`; empty when the handshake reported no certificate problem. */
QString remembered(const QObject *socket);

} // namespace TlsTrust

} // namespace audin
