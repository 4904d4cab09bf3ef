// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <optional>

namespace audin::desktop {

/** Names of the secrets the app keeps (the keychain "account" under the store's service name). */
namespace SecretKey {
/** The operator key sent to the partner's token endpoint as `Authorization: Bearer <key>`. */
inline constexpr char OperatorKey[] = "operatorKey";
} // namespace SecretKey

/**
 * Where secrets (the operator key) live: the system keychain, never a settings file.
 * Every callback runs exactly once and always asynchronously (never from inside the call), and is
 * skipped when `context` was destroyed first. Errors are human sentences without the secret.
 */
class SecretStore : public QObject
{
    Q_OBJECT
public:
    /** nullopt with an empty error = there is no such entry. */
    using ReadCallback = std::function<void(std::optional<QString> value, const QString &error)>;
    /** Empty error = done. */
    using WriteCallback = std::function<void(const QString &error)>;
    using QObject::QObject;

    virtual void read(const QString &key, QObject *context, ReadCallback done) = 0;
    virtual void write(const QString &key, const QString &value, QObject *context, WriteCallback done) = 0;
    /** Removing an entry that does not exist succeeds. */
    virtual void remove(const QString &key, QObject *context, WriteCallback done) = 0;
    /** Where the secrets go, for the UI: "the system keychain (Secret Service)". */
    virtual QString describe() const = 0;
};

} // namespace audin::desktop
