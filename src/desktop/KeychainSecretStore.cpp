// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeychainSecretStore.h"

#include <QPointer>
#include <QTimer>
#include <memory>
#include <qt6keychain/keychain.h>

namespace audin::desktop {

// What a finished job said, copied out: an auto-deleting job is gone by the time the callback runs.
struct KeychainSecretStore::JobOutcome
{
    QKeychain::Error error = QKeychain::NoError;
    QString detail;
    QString text;
    bool timedOut = false;
};

namespace {
struct Pending
{
    QPointer<QObject> guard;
    bool hasContext = false;
    bool delivered = false;
};
} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, QObject *parent)
    : SecretStore(parent)
    , m_service(std::move(service))
{
}

QString KeychainSecretStore::describe() const
{
#if defined(Q_OS_WIN)
    return tr("the Windows Credential Manager");
#elif defined(Q_OS_MACOS)
    return tr("the macOS Keychain");
#else
    return tr("the system keychain (Secret Service)");
#endif
}

void KeychainSecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    run(job, context, [this, done = std::move(done)](const JobOutcome &outcome) {
        if (!outcome.timedOut && outcome.error == QKeychain::NoError)
            done(outcome.text, QString());
        else if (!outcome.timedOut && outcome.error == QKeychain::EntryNotFound)
            done(std::nullopt, QString());
        else
            done(std::nullopt, errorMessage(outcome));
    });
}

void KeychainSecretStore::write(const QString &key, const QString &value, QObject *context, WriteCallback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(value);
    run(job, context, [this, done = std::move(done)](const JobOutcome &outcome) {
        const bool ok = !outcome.timedOut && outcome.error == QKeychain::NoError;
        done(ok ? QString() : errorMessage(outcome));
    });
}

void KeychainSecretStore::remove(const QString &key, QObject *context, WriteCallback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    run(job, context, [this, done = std::move(done)](const JobOutcome &outcome) {
        const bool ok
            = !outcome.timedOut && (outcome.error == QKeychain::NoError || outcome.error == QKeychain::EntryNotFound);
        done(ok ? QString() : errorMessage(outcome));
    });
}

void KeychainSecretStore::run(QKeychain::Job *job, QObject *context, Finish finish)
{
    auto pending = std::make_shared<Pending>();
    pending->guard = context;
    pending->hasContext = context != nullptr;

    // Exactly once (the job or the timeout, whichever is first), from the event loop, and only
    // while the caller is still there.
    auto deliver = [this, pending, finish = std::move(finish)](const JobOutcome &outcome) {
        if (pending->delivered)
            return;
        pending->delivered = true;
        QMetaObject::invokeMethod(
            this,
            [pending, finish, outcome] {
                if (pending->hasContext && !pending->guard)
                    return;
                finish(outcome);
            },
            Qt::QueuedConnection);
    };

    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plaintext file next to the settings
    connect(job, &QKeychain::Job::finished, this, [deliver](QKeychain::Job *finished) {
        JobOutcome outcome;
        outcome.error = finished->error();
        outcome.detail = finished->errorString();
        auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finished);
        if (read && outcome.error == QKeychain::NoError)
            outcome.text = read->textData();
        deliver(outcome);
    });
    // A Secret Service that is activatable but never answers, or a locked keyring waiting for a
    // prompt nobody sees, would otherwise leave the caller waiting for good.
    QTimer::singleShot(m_timeoutMs, this, [deliver] {
        JobOutcome outcome;
        outcome.timedOut = true;
        deliver(outcome);
    });
    job->start();
}

QString KeychainSecretStore::errorMessage(const JobOutcome &outcome) const
{
    // describe() reads "the system keychain …" to fit inside a sentence; here it starts one.
    QString where = describe();
    if (!where.isEmpty())
        where[0] = where.at(0).toUpper();
    if (outcome.timedOut) {
        return tr("%1 did not answer in time (%2 s). It may be locked, or no keyring service is running.")
            .arg(where)
            .arg(std::max(1, m_timeoutMs / 1000));
    }
    const QString detail = outcome.detail.trimmed().isEmpty() ? tr("no details") : outcome.detail.trimmed();
    switch (outcome.error) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return tr("%1 is not available (%2). Start a keyring service such as GNOME Keyring or KWallet; "
                  "the operator key is never stored anywhere else.")
            .arg(where, detail);
    case QKeychain::AccessDeniedByUser:
        return tr("Access to %1 was denied.").arg(describe());
    case QKeychain::AccessDenied:
        return tr("%1 refused access (%2).").arg(where, detail);
    case QKeychain::CouldNotDeleteEntry:
        return tr("The entry could not be removed from %1 (%2).").arg(describe(), detail);
    default:
        return tr("%1 could not be used (%2). Check that a keyring service such as GNOME Keyring or KWallet "
                  "is running and unlocked.")
            .arg(where, detail);
    }
}

} // namespace audin::desktop
