// SPDX-License-Identifier: GPL-3.0-or-later
#include "TlsTrust.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QStringList>
#include <QVariant>

namespace audin::TlsTrust {

namespace {

constexpr char ReasonProperty[] = "audinTlsRefusal";

// Certificate names come from the server: no control characters (log forging), bounded length.
QString clean(const QString &text)
{
    QString out;
    for (const QChar c : text)
        out += (c.isPrint() || c == QLatin1Char(' ')) ? c : QChar(0xfffd);
    out = out.trimmed();
    return out.size() > 80 ? out.left(80) + QStringLiteral("…") : out;
}

QString when(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

// The names a certificate is valid for: its subjectAltName entries, else its common name.
QString namesOf(const QSslCertificate &certificate)
{
    QStringList names;
    const auto alternatives = certificate.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it) {
        if (it.key() == QSsl::DnsEntry || it.key() == QSsl::IpAddressEntry)
            names << clean(it.value());
    }
    if (names.isEmpty())
        names = certificate.subjectInfo(QSslCertificate::CommonName);
    for (QString &name : names)
        name = clean(name);
    names.removeDuplicates();
    if (names.size() > 5)
        names = names.mid(0, 5) << QStringLiteral("…");
    return names.isEmpty() ? QStringLiteral("no host name at all") : names.join(QStringLiteral(", "));
}

QString describeOne(const QSslError &error, const QString &subject)
{
    const QSslCertificate certificate = error.certificate();
    const QString issuer = certificate.isNull() ? QString() : clean(certificate.issuerDisplayName());
    const QString byIssuer = issuer.isEmpty() ? QString() : QStringLiteral("issued by \"%1\", ").arg(issuer);
    switch (error.error()) {
    case QSslError::HostNameMismatch:
        return QStringLiteral("%1 is for %2 only").arg(subject, namesOf(certificate));
    case QSslError::CertificateExpired:
        return certificate.isNull() ? QStringLiteral("%1 has expired").arg(subject)
                                    : QStringLiteral("%1 expired on %2").arg(subject, when(certificate.expiryDate()));
    case QSslError::CertificateNotYetValid:
        return QStringLiteral("%1 is not valid before %2 (check this computer's clock)")
            .arg(subject, certificate.isNull() ? QStringLiteral("a later date") : when(certificate.effectiveDate()));
    case QSslError::SelfSignedCertificate:
        return QStringLiteral("%1 is not trusted (self-signed)").arg(subject);
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
    case QSslError::CertificateRejected:
        return QStringLiteral("%1 is not trusted (%2an unknown certificate authority)").arg(subject, byIssuer);
    case QSslError::CertificateRevoked:
        return QStringLiteral("%1 has been revoked").arg(subject);
    case QSslError::NoPeerCertificate:
        return QStringLiteral("%1 is missing: the server sent none").arg(subject);
    default:
        return QStringLiteral("%1 was refused: %2").arg(subject, error.errorString());
    }
}

} // namespace

CaFile loadCaFile(const QString &path)
{
    CaFile result;
    if (path.trimmed().isEmpty()) {
        result.error = QStringLiteral("no CA certificate file was named");
        return result;
    }
    QFile file(path);
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile()) {
        result.error = info.exists() ? QStringLiteral("the CA certificate file %1 is not a file").arg(path)
                                     : QStringLiteral("the CA certificate file %1 does not exist").arg(path);
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("the CA certificate file %1 cannot be read: %2").arg(path, file.errorString());
        return result;
    }
    // A CA bundle is a few hundred KiB at most; a bigger file is not one.
    constexpr qint64 MaxBytes = 16 * 1024 * 1024;
    const QByteArray pem = file.read(MaxBytes + 1);
    if (pem.size() > MaxBytes) {
        result.error = QStringLiteral("the CA certificate file %1 is larger than 16 MiB").arg(path);
        return result;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    for (const QSslCertificate &certificate : certificates) {
        if (!certificate.isNull())
            result.certificates << certificate;
    }
    if (result.certificates.isEmpty())
        result.error = QStringLiteral("the CA certificate file %1 holds no PEM certificate "
                                      "(-----BEGIN CERTIFICATE-----)")
                           .arg(path);
    return result;
}

QSslConfiguration configuration(const QList<QSslCertificate> &extraCas)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (extraCas.isEmpty())
        return config;
    // Qt loads the system store on demand only while no CA list is set: setting one would replace it.
    QList<QSslCertificate> cas = config.caCertificates();
    if (cas.isEmpty()) {
        static const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
        cas = system;
    }
    for (const QSslCertificate &extra : extraCas) {
        if (!cas.contains(extra))
            cas << extra;
    }
    config.setCaCertificates(cas);
    return config;
}

void trustProcessWide(const QList<QSslCertificate> &extraCas)
{
    if (extraCas.isEmpty())
        return;
    QSslConfiguration::setDefaultConfiguration(configuration(extraCas));
}

QString describe(const QList<QSslError> &errors, const QString &host)
{
    const QString subject = QStringLiteral("the certificate of %1").arg(clean(host));
    QStringList parts;
    for (const QSslError &error : errors) {
        const QString part = describeOne(error, subject);
        if (!parts.contains(part))
            parts << part;
    }
    if (parts.isEmpty())
        return QStringLiteral("the TLS handshake with %1 failed").arg(clean(host));
    return parts.join(QStringLiteral("; "));
}

void remember(QObject *socket, const QList<QSslError> &errors, const QString &host)
{
    if (socket)
        socket->setProperty(ReasonProperty, describe(errors, host));
}

QString remembered(const QObject *socket)
{
    return socket ? socket->property(ReasonProperty).toString() : QString();
}

} // namespace audin::TlsTrust
