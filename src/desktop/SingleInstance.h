// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

class QLocalServer;
class QLocalSocket;
class QLockFile;

namespace audin::desktop {

/**
 * One app per user and desktop session: the first launch listens on a local socket, a second
 * launch hands its arguments (e.g. a `tel:` URL) to the first and exits. A lock file held by the
 * primary tells a live instance from a socket left behind by a crash. Only the same user can
 * connect; arguments must not carry secrets.
 */
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    /**
     * Per user and display, without secrets: `$XDG_RUNTIME_DIR/ai.audin.Softphone-<id>.socket` on
     * Linux when the runtime directory exists, else the name `ai.audin.Softphone-<id>` (a socket in
     * the temporary directory, a named pipe on Windows); `<id>` hashes the user and the display.
     */
    static QString defaultKey();

    explicit SingleInstance(QString key = defaultKey(), QObject *parent = nullptr);
    ~SingleInstance() override;

    /** True: this is the primary and now listens (a stale socket from a crashed instance is replaced). */
    bool listen();
    /**
     * Sends `arguments` to the primary and waits for its acknowledgement (spinning a local event
     * loop, so a primary in the same thread still answers). False at once when there is no primary.
     */
    bool forward(const QStringList &arguments, int timeoutMs = 2000);
    QString key() const { return m_key; }

signals:
    /** A second launch sent these arguments (already acknowledged). */
    void messageReceived(const QStringList &arguments);

private:
    void onNewConnection();
    void onReadyRead(QLocalSocket *socket);

    QString m_key;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer *m_server = nullptr;
};

} // namespace audin::desktop
