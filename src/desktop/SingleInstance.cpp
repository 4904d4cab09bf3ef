// SPDX-License-Identifier: GPL-3.0-or-later
#include "SingleInstance.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QLoggingCategory>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcAudinInstance, "audin.desktop.instance")

namespace audin::desktop {

namespace {

constexpr quint32 Magic = 0x4155444E; // "AUDN"
constexpr quint8 Version = 1;
constexpr char Ack = 'A';
constexpr qint64 MaxMessageBytes = 1024 * 1024;
constexpr int ClientTimeoutMs = 5000;

QString lockPath(const QString &key)
{
    if (QFileInfo(key).isAbsolute())
        return key + QStringLiteral(".lock");
    return QDir::temp().filePath(key + QStringLiteral(".lock"));
}

// ":0" and ":0.0" are the same X display; the screen number must not split the instance.
QByteArray displayIdentity()
{
    QByteArray x11 = qgetenv("DISPLAY");
    static const QRegularExpression screen(QStringLiteral("^(.*:\\d+)\\.\\d+$"));
    const QRegularExpressionMatch match = screen.match(QString::fromLocal8Bit(x11));
    if (match.hasMatch())
        x11 = match.captured(1).toLocal8Bit();
    return qgetenv("WAYLAND_DISPLAY") + '|' + x11;
}

} // namespace

QString SingleInstance::defaultKey()
{
    QByteArray identity;
#ifdef Q_OS_UNIX
    identity += QByteArray::number(qulonglong(::getuid()));
#else
    identity += qgetenv("USERDOMAIN") + '\\' + qgetenv("USERNAME") + '|' + qgetenv("SESSIONNAME");
#endif
    identity += '|' + displayIdentity();
    const QString id
        = QString::fromLatin1(QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex().left(16));
    const QString name = QStringLiteral("ai.audin.Softphone-") + id;
#ifdef Q_OS_LINUX
    // The runtime directory is the user's own (mode 0700), unlike /tmp.
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty() && QFileInfo(runtime).isDir())
        return QDir(runtime).filePath(name + QStringLiteral(".socket"));
#endif
    return name;
}

SingleInstance::SingleInstance(QString key, QObject *parent)
    : QObject(parent)
    , m_key(std::move(key))
{
}

SingleInstance::~SingleInstance() = default;

bool SingleInstance::listen()
{
    if (m_server && m_server->isListening())
        return true;
    if (!m_lock) {
        m_lock = std::make_unique<QLockFile>(lockPath(m_key));
        // The primary holds the lock for as long as it runs: only a dead holder makes it stale, never age.
        m_lock->setStaleLockTime(0);
    }
    if (!m_lock->isLocked() && !m_lock->tryLock(0)) {
        if (m_lock->error() != QLockFile::LockFailedError)
            qCWarning(lcAudinInstance).noquote() << "cannot create the instance lock" << lockPath(m_key);
        return false;
    }
    // Whatever socket is still there belongs to an instance that died without cleaning up.
    QLocalServer::removeServer(m_key);
    if (!m_server) {
        m_server = new QLocalServer(this);
        m_server->setSocketOptions(QLocalServer::UserAccessOption);
        connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    }
    if (!m_server->listen(m_key)) {
        qCWarning(lcAudinInstance).noquote() << "cannot listen on" << m_key << ":" << m_server->errorString();
        m_lock->unlock();
        return false;
    }
    return true;
}

bool SingleInstance::forward(const QStringList &arguments, int timeoutMs)
{
    QByteArray frame;
    {
        QDataStream out(&frame, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_0);
        out << Magic << Version << arguments;
    }

    QLocalSocket socket;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    bool finished = false;
    bool acknowledged = false;
    auto stop = [&](bool ok) {
        if (finished)
            return;
        finished = true;
        acknowledged = ok;
        loop.quit();
    };
    connect(&socket, &QLocalSocket::connected, &loop, [&] { socket.write(frame); });
    connect(&socket, &QLocalSocket::readyRead, &loop, [&] {
        if (socket.read(1) == QByteArray(1, Ack))
            stop(true);
    });
    // The primary closes right after its acknowledgement; stop() ignores whatever follows it.
    connect(&socket, &QLocalSocket::errorOccurred, &loop, [&] { stop(false); });
    connect(&socket, &QLocalSocket::disconnected, &loop, [&] { stop(false); });
    connect(&timer, &QTimer::timeout, &loop, [&] { stop(false); });

    socket.connectToServer(m_key);
    if (!finished) {
        timer.start(timeoutMs);
        // A local loop rather than waitFor*(): a primary on the same thread must be able to answer.
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    if (!acknowledged)
        qCInfo(lcAudinInstance).noquote() << "no running instance took the arguments:" << socket.errorString();
    socket.abort();
    return acknowledged;
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        // A client that connects and never sends must not hold a socket open for good.
        QTimer::singleShot(ClientTimeoutMs, socket, [socket] { socket->abort(); });
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    }
}

void SingleInstance::onReadyRead(QLocalSocket *socket)
{
    if (socket->bytesAvailable() > MaxMessageBytes) {
        qCWarning(lcAudinInstance) << "dropping an oversized message from a second launch";
        socket->abort();
        return;
    }
    QDataStream in(socket);
    in.setVersion(QDataStream::Qt_6_0);
    in.startTransaction();
    quint32 magic = 0;
    quint8 version = 0;
    QStringList arguments;
    in >> magic;
    if (in.status() == QDataStream::Ok && magic != Magic) {
        in.abortTransaction();
        qCWarning(lcAudinInstance) << "dropping a message that is not from a second launch";
        socket->abort();
        return;
    }
    in >> version >> arguments;
    if (!in.commitTransaction())
        return; // more bytes to come
    if (version != Version) {
        qCWarning(lcAudinInstance) << "dropping a message of unknown version" << version;
        socket->abort();
        return;
    }
    // Acknowledge first, so the second launch can exit while we act on the arguments.
    socket->write(QByteArray(1, Ack));
    socket->flush(); // out before anything the slots do, even if one of them ends the app
    socket->disconnectFromServer();
    emit messageReceived(arguments);
}

} // namespace audin::desktop
