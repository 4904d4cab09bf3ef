// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SecretStore.h"

namespace QKeychain {
class Job;
}

namespace audin::desktop {

/**
 * SecretStore on the system keychain through QtKeychain: the Secret Service (GNOME Keyring,
 * KWallet) on Linux, the Credential Manager on Windows, the Keychain on macOS. Entries are
 * stored under the service name given here. QtKeychain's plaintext fallback is off: without a
 * keychain every call fails with a clear error, within timeoutMs() rather than hanging.
 */
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 10000;

    explicit KeychainSecretStore(QString service = QStringLiteral("ai.audin.Softphone"), QObject *parent = nullptr);

    void read(const QString &key, QObject *context, ReadCallback done) override;
    void write(const QString &key, const QString &value, QObject *context, WriteCallback done) override;
    void remove(const QString &key, QObject *context, WriteCallback done) override;
    QString describe() const override;

    QString service() const { return m_service; }
    /** A keychain that has not answered within this long counts as unavailable (a locked keyring's prompt included). */
    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }

private:
    struct JobOutcome;
    using Finish = std::function<void(const JobOutcome &outcome)>;
    void run(QKeychain::Job *job, QObject *context, Finish finish);
    QString errorMessage(const JobOutcome &outcome) const;

    QString m_service;
    int m_timeoutMs = DefaultTimeoutMs;
};

} // namespace audin::desktop
