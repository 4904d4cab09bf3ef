// SPDX-License-Identifier: GPL-3.0-or-later
// System-wide shortcuts on Wayland go through xdg-desktop-portal. Against a fake portal on a private D-Bus
// daemon: without the GlobalShortcuts interface (Debian 12's portal), or with no portal at all, the reason is
// given and keys are refused; with it, the keys are handed over in one session, activations come back as
// actions, a change of keys opens a new session and closes the old one, and a refusal is reported per action.
#include "shortcuts/GlobalShortcuts.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusVirtualObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#if defined(AUDIN_HAVE_PORTAL_SHORTCUTS)
#include "shortcuts/PortalGlobalShortcuts.h"
#endif

using audin::gui::GlobalShortcuts;
using Action = GlobalShortcuts::Action;

namespace {

const QString PortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString PortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString ShortcutsInterface = QStringLiteral("org.freedesktop.portal.GlobalShortcuts");

/** A D-Bus daemon of the test's own: no service activation, so no real portal can turn up. */
class PrivateBus
{
public:
    PrivateBus()
    {
        const QString config = m_dir.filePath(QStringLiteral("bus.conf"));
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly))
            return;
        // session.conf without its <servicedir>s, so nothing is started on demand; the socket goes with the
        // directory.
        const QString busConfig
            = QStringLiteral("<busconfig><type>session</type><listen>unix:dir=%1</listen><auth>EXTERNAL</auth>"
                             "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                             "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
                  .arg(m_dir.path());
        file.write(busConfig.toUtf8());
        file.close();
        m_daemon.start(QStringLiteral("dbus-daemon"),
                       {QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"),
                        QStringLiteral("--print-address=1")});
        if (m_daemon.waitForStarted(5000) && m_daemon.waitForReadyRead(5000))
            m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    }
    ~PrivateBus()
    {
        for (const QString &name : std::as_const(m_names))
            QDBusConnection::disconnectFromBus(name);
        m_daemon.terminate();
        m_daemon.waitForFinished(5000);
    }

    bool isValid() const { return !m_address.isEmpty(); }
    /** A connection of its own, as another process would have. */
    QDBusConnection connect(const QString &name)
    {
        m_names.append(name);
        return QDBusConnection::connectToBus(m_address, name);
    }

private:
    QTemporaryDir m_dir;
    QProcess m_daemon;
    QString m_address;
    QStringList m_names;
};

/** The portal's side of org.freedesktop.portal.GlobalShortcuts, or a portal without it. */
class FakePortal : public QDBusVirtualObject
{
public:
    struct Shortcut
    {
        QString id;
        QVariantMap properties;
    };

    FakePortal(QDBusConnection bus, bool withGlobalShortcuts)
        : m_bus(std::move(bus))
        , m_withGlobalShortcuts(withGlobalShortcuts)
    {
        m_bus.registerVirtualObject(PortalPath, this, QDBusConnection::SubPath);
        m_bus.registerService(PortalService);
    }

    QString introspect(const QString &) const override { return {}; }

    bool handleMessage(const QDBusMessage &message, const QDBusConnection &) override
    {
        const QString member = message.member();
        if (message.interface() == QLatin1String("org.freedesktop.DBus.Properties") && member == QLatin1String("Get")) {
            // What GDBus answers for an interface the object does not have.
            if (!m_withGlobalShortcuts || message.arguments().value(0).toString() != ShortcutsInterface)
                return reply(message.createErrorReply(QStringLiteral("org.freedesktop.DBus.Error.InvalidArgs"),
                                                      QStringLiteral("No such interface")));
            return reply(message.createReply(QVariant::fromValue(QDBusVariant(1u))));
        }
        if (message.interface() == QLatin1String("org.freedesktop.portal.Session")
            && member == QLatin1String("Close")) {
            closedSessions.append(message.path());
            return reply(message.createReply());
        }
        if (message.interface() != ShortcutsInterface || !m_withGlobalShortcuts)
            return false;
        if (member == QLatin1String("CreateSession")) {
            const QVariantMap options = qdbus_cast<QVariantMap>(message.arguments().value(0));
            const QString session = handlePath(QStringLiteral("session"), message.service(),
                                               options.value(QStringLiteral("session_handle_token")).toString());
            ++sessionsCreated;
            return respond(message, options, 0, {{QStringLiteral("session_handle"), session}});
        }
        if (member == QLatin1String("BindShortcuts")) {
            boundSession = message.arguments().value(0).value<QDBusObjectPath>().path();
            shortcuts.clear();
            const QDBusArgument list = message.arguments().value(1).value<QDBusArgument>();
            list.beginArray();
            while (!list.atEnd()) {
                Shortcut shortcut;
                list.beginStructure();
                list >> shortcut.id >> shortcut.properties;
                list.endStructure();
                shortcuts.append(shortcut);
            }
            list.endArray();
            ++bindCalls;
            return respond(message, qdbus_cast<QVariantMap>(message.arguments().value(3)), bindResponse, {});
        }
        return false;
    }

    /** The desktop saw the key of shortcut `id` pressed. */
    void activate(const QString &session, const QString &id)
    {
        QDBusMessage signal = QDBusMessage::createSignal(PortalPath, ShortcutsInterface, QStringLiteral("Activated"));
        signal << QVariant::fromValue(QDBusObjectPath(session)) << id << qulonglong(1234) << QVariantMap();
        m_bus.send(signal);
    }

    /** A property of the shortcut `id` as last bound ("preferred_trigger", "description"). */
    QString property(const QString &id, const char *name) const
    {
        for (const Shortcut &shortcut : shortcuts) {
            if (shortcut.id == id)
                return shortcut.properties.value(QString::fromLatin1(name)).toString();
        }
        return {};
    }
    QString trigger(const QString &id) const { return property(id, "preferred_trigger"); }

    int sessionsCreated = 0;
    int bindCalls = 0;
    uint bindResponse = 0; ///< 0 accepted, 1 cancelled by the user
    QString boundSession;
    QList<Shortcut> shortcuts;
    QStringList closedSessions;

private:
    bool reply(const QDBusMessage &message) { return m_bus.send(message); }

    static QString handlePath(const QString &kind, QString sender, const QString &token)
    {
        sender = sender.mid(1).replace(QLatin1Char('.'), QLatin1Char('_'));
        return PortalPath + QLatin1Char('/') + kind + QLatin1Char('/') + sender + QLatin1Char('/') + token;
    }

    /** Answers with the request's handle, then (as portals do, later) with the request's Response. */
    bool respond(const QDBusMessage &message, const QVariantMap &options, uint response, const QVariantMap &results)
    {
        const QString request = handlePath(QStringLiteral("request"), message.service(),
                                           options.value(QStringLiteral("handle_token")).toString());
        reply(message.createReply(QVariant::fromValue(QDBusObjectPath(request))));
        QMetaObject::invokeMethod(
            this,
            [this, request, response, results] {
                QDBusMessage signal = QDBusMessage::createSignal(
                    request, QStringLiteral("org.freedesktop.portal.Request"), QStringLiteral("Response"));
                signal << response << results;
                m_bus.send(signal);
            },
            Qt::QueuedConnection);
        return true;
    }

    QDBusConnection m_bus;
    bool m_withGlobalShortcuts;
};

} // namespace

class TestPortalGlobalShortcuts : public QObject
{
    Q_OBJECT

#if defined(AUDIN_HAVE_PORTAL_SHORTCUTS)
    using Portal = audin::gui::PortalGlobalShortcuts;

    std::unique_ptr<PrivateBus> m_bus;

    /** Waits until the portal answered whether it has global shortcuts. */
    static bool checked(Portal &portal)
    {
        return QTest::qWaitFor([&] { return !portal.isChecking(); }, 10000);
    }

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")).isEmpty())
            QSKIP("dbus-daemon is missing (package dbus-daemon)");
    }

    void init()
    {
        m_bus = std::make_unique<PrivateBus>();
        QVERIFY(m_bus->isValid());
    }
    void cleanup()
    {
        m_bus.reset();
    }

    void withoutSessionBus()
    {
        Portal portal(QDBusConnection(QStringLiteral("audin-no-such-connection")));
        QVERIFY(!portal.isChecking());
        QVERIFY(!portal.isSupported());
        QVERIFY2(portal.unsupportedReason().contains(QLatin1String("D-Bus")), qPrintable(portal.unsupportedReason()));
        QString error;
        QVERIFY(!portal.bind(Action::Answer, QKeySequence(QStringLiteral("Ctrl+Alt+A")), &error));
        QCOMPARE(error, portal.unsupportedReason());
    }

    void noPortalOnTheBus()
    {
        Portal portal(m_bus->connect(QStringLiteral("app")));
        QSignalSpy failed(&portal, &GlobalShortcuts::bindingFailed);
        QSignalSpy supportChanged(&portal, &GlobalShortcuts::supportChanged);
        // Asked before the answer: kept, then refused with the reason.
        QString error;
        QVERIFY(portal.isChecking());
        QVERIFY(!portal.isSupported());
        QVERIFY(portal.bind(Action::Answer, QKeySequence(QStringLiteral("Ctrl+Alt+A")), &error));
        QVERIFY(checked(portal));
        QCOMPARE(supportChanged.size(), 1);
        QVERIFY(!portal.isSupported());
        QVERIFY2(portal.unsupportedReason().contains(QLatin1String("not available")),
                 qPrintable(portal.unsupportedReason()));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).value<Action>(), Action::Answer);
        QCOMPARE(failed.at(0).at(1).toString(), portal.unsupportedReason());
        QVERIFY(portal.binding(Action::Answer).isEmpty());
    }

    void portalWithoutGlobalShortcuts()
    {
        FakePortal fake(m_bus->connect(QStringLiteral("portal")), false);
        Portal portal(m_bus->connect(QStringLiteral("app")));
        QVERIFY(checked(portal));
        QVERIFY(!portal.isSupported());
        const QString reason = portal.unsupportedReason();
        QVERIFY2(reason.contains(QLatin1String("Wayland")) && reason.contains(QLatin1String("no GlobalShortcuts")),
                 qPrintable(reason));
        QString error;
        QVERIFY(!portal.bind(Action::ToggleMute, QKeySequence(Qt::Key_MicMute), &error));
        QCOMPARE(error, reason);
        QCOMPARE(fake.sessionsCreated, 0);
    }

    void bindsInOneSessionAndActivates()
    {
        FakePortal fake(m_bus->connect(QStringLiteral("portal")), true);
        auto owned = std::make_unique<Portal>(m_bus->connect(QStringLiteral("app")));
        Portal &portal = *owned;
        QVERIFY(checked(portal));
        QVERIFY(portal.isSupported());
        QVERIFY(portal.unsupportedReason().isEmpty());

        QString error;
        QVERIFY(portal.bind(Action::Answer, QKeySequence(QStringLiteral("Ctrl+Alt+A")), &error));
        QVERIFY(portal.bind(Action::ToggleMute, QKeySequence(Qt::Key_MicMute), &error));
        QVERIFY(!portal.bind(Action::HangUp, QKeySequence(QStringLiteral("A")), &error)); // the shared checks
        QVERIFY(!portal.bind(Action::HangUp, QKeySequence(QStringLiteral("Ctrl+Alt+A")), &error));
        QTRY_COMPARE(fake.bindCalls, 1);
        QCOMPARE(fake.sessionsCreated, 1); // both keys in one session
        QCOMPARE(fake.shortcuts.size(), 2);
        QCOMPARE(fake.trigger(QStringLiteral("Answer")), QStringLiteral("CTRL+ALT+a"));
        QCOMPARE(fake.trigger(QStringLiteral("ToggleMute")), QStringLiteral("XF86AudioMicMute"));
        QCOMPARE(fake.property(QStringLiteral("Answer"), "description"), GlobalShortcuts::actionText(Action::Answer));

        QSignalSpy activated(&portal, &GlobalShortcuts::activated);
        const QString session = fake.boundSession;
        fake.activate(session, QStringLiteral("ToggleMute"));
        QVERIFY(activated.wait(5000));
        QCOMPARE(activated.at(0).at(0).value<Action>(), Action::ToggleMute);

        // New keys: a new session (a session binds once), the old one closed; its activations count no more.
        QVERIFY(portal.bind(Action::Answer, QKeySequence(QStringLiteral("Ctrl+Alt+B")), &error));
        QTRY_COMPARE(fake.bindCalls, 2);
        QCOMPARE(fake.sessionsCreated, 2);
        QVERIFY(fake.boundSession != session);
        QVERIFY(fake.closedSessions.contains(session));
        QCOMPARE(fake.trigger(QStringLiteral("Answer")), QStringLiteral("CTRL+ALT+b"));
        fake.activate(session, QStringLiteral("Answer"));
        fake.activate(fake.boundSession, QStringLiteral("ToggleMute"));
        QTRY_COMPARE(activated.size(), 2);
        QCOMPARE(activated.at(1).at(0).value<Action>(), Action::ToggleMute);

        // Gone, it closes its session.
        const QString last = fake.boundSession;
        owned.reset();
        QTRY_VERIFY(fake.closedSessions.contains(last));
    }

    void refusalIsReported()
    {
        FakePortal fake(m_bus->connect(QStringLiteral("portal")), true);
        fake.bindResponse = 1; // the user cancelled the portal's dialog
        Portal portal(m_bus->connect(QStringLiteral("app")));
        QVERIFY(checked(portal));
        QSignalSpy failed(&portal, &GlobalShortcuts::bindingFailed);
        QString error;
        QVERIFY(portal.bind(Action::AnswerOrHangUp, QKeySequence(QStringLiteral("Ctrl+Alt+A")), &error));
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.at(0).at(0).value<Action>(), Action::AnswerOrHangUp);
        const QString message = failed.at(0).at(1).toString();
        QVERIFY2(message.contains(QKeySequence(QStringLiteral("Ctrl+Alt+A")).toString(QKeySequence::NativeText)),
                 qPrintable(message));
        QVERIFY(portal.binding(Action::AnswerOrHangUp).isEmpty());
        QTRY_VERIFY(fake.closedSessions.contains(fake.boundSession));
    }
#else
private slots:
    void notOnThisPlatform()
    {
        QSKIP("the portal is used on Linux only");
    }
#endif
};

QTEST_MAIN(TestPortalGlobalShortcuts)
#include "TestPortalGlobalShortcuts.moc"
