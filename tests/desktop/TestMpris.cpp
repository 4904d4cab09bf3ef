// SPDX-License-Identifier: GPL-3.0-or-later
// needs: secret-service
// The softphone as an MPRIS2 player, driven the way a desktop drives it: from another D-Bus
// connection on the session bus (ctest gives this test a private one), against a real
// DesktopSession signed in to the in-process simulator.
#include "AppSettings.h"
#include "CallController.h"
#include "DesktopSession.h"
#include "KeychainSecretStore.h"
#include "MprisService.h"
#include "NullAudioBackend.h"
#include "PhoneNumberInput.h"
#include "SimFixture.h"
#include "TestPrinters.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QDBusVariant>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace audin;
using namespace audin::desktop;
using namespace audin::test;

namespace {
const QString support = QStringLiteral("+15551230001");
const QString caller = QStringLiteral("+4930123456");
const QString objectPath = QStringLiteral("/org/mpris/MediaPlayer2");
const QString rootInterface = QStringLiteral("org.mpris.MediaPlayer2");
const QString playerInterface = QStringLiteral("org.mpris.MediaPlayer2.Player");
const QString propertiesInterface = QStringLiteral("org.freedesktop.DBus.Properties");

bool hasType(const QJsonObject &event, const char *type)
{
    return event.value(QLatin1String("type")).toString() == QLatin1String(type);
}

// The desktop's side: a connection of its own, asynchronous calls only. A blocking call into an
// object of this same thread would wait for an event loop it blocks itself.
class Desktop
{
public:
    Desktop()
        : m_bus(QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("client")))
    {
    }
    ~Desktop() { QDBusConnection::disconnectFromBus(QStringLiteral("client")); }

    QDBusConnection &bus() { return m_bus; }

    QDBusMessage call(const QDBusMessage &message)
    {
        QDBusPendingCall pending = m_bus.asyncCall(message, 5000);
        if (!QTest::qWaitFor([&] { return pending.isFinished(); }, 6000))
            return {};
        return pending.reply();
    }

    QDBusMessage press(const QString &service, const QString &method)
    {
        return call(QDBusMessage::createMethodCall(service, objectPath, playerInterface, method));
    }

    QVariant property(const QString &service, const QString &interface, const QString &name)
    {
        QDBusMessage get
            = QDBusMessage::createMethodCall(service, objectPath, propertiesInterface, QStringLiteral("Get"));
        get << interface << name;
        const QDBusMessage reply = call(get);
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty()) {
            qWarning() << "Get" << name << "failed:" << reply.errorName() << reply.errorMessage();
            return {};
        }
        return reply.arguments().first().value<QDBusVariant>().variant();
    }

    QVariantMap metadata(const QString &service)
    {
        return qdbus_cast<QVariantMap>(property(service, playerInterface, QStringLiteral("Metadata")));
    }

    bool nameHasOwner(const QString &name) { return m_bus.interface()->isServiceRegistered(name).value(); }

    QStringList audinPlayers()
    {
        const QDBusMessage reply = call(QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("ListNames")));
        if (reply.arguments().isEmpty())
            return {QStringLiteral("ListNames failed")};
        return reply.arguments().first().toStringList().filter(
            QRegularExpression(QStringLiteral("^org\\.mpris\\.MediaPlayer2\\.audin")));
    }

private:
    QDBusConnection m_bus;
};

// Records what the player announces through org.freedesktop.DBus.Properties.PropertiesChanged.
class PropertiesWatcher : public QObject
{
    Q_OBJECT
public:
    bool watch(QDBusConnection &bus, const QString &service)
    {
        // QDBusConnection::connect() takes only a SLOT() string.
        return bus.connect(service, objectPath, propertiesInterface, QStringLiteral("PropertiesChanged"), this,
                           SLOT(onChanged(QString, QVariantMap, QStringList)));
    }

signals:
    void changed(const QString &interface, const QVariantMap &properties);

private slots:
    void onChanged(const QString &interface, const QVariantMap &properties, const QStringList &)
    {
        emit changed(interface, properties);
    }
};

// A signed-in softphone as the app builds it: settings files, the operator key in the (private)
// keychain, taking calls on pn_1, silent audio, and the MPRIS player on the session bus.
class Softphone
{
public:
    Softphone(SimFixture &sim, const QString &dir)
        : m_sim(sim)
        , m_settings({dir + QStringLiteral("/settings.ini"), dir + QStringLiteral("/system.ini")})
    {
    }

    bool start()
    {
        m_settings.setServiceUrl(m_sim.coreUrl());
        m_settings.setTokenMode(AppSettings::TokenMode::Endpoint);
        m_settings.setTokenEndpointUrl(m_sim.coreUrl() + QStringLiteral("/partner/token"));
        m_settings.setSelectedNumberIds({QStringLiteral("pn_1")});
        m_settings.setTakingCalls(true);
        m_settings.sync();
        if (!writeKey(QStringLiteral("ok_alice_test")))
            return false;
        DesktopSession::Dependencies deps;
        deps.settings = &m_settings;
        deps.secrets = &m_secrets;
        deps.configure = [](OperatorConfig &config) {
            config.reconnectBackoffMs = {50, 100, 200};
            config.media.audioBackend = [] { return std::make_unique<media::NullAudioBackend>(); };
        };
        session = std::make_unique<DesktopSession>(std::move(deps));
        mpris = std::make_unique<MprisService>(session.get());
        session->start();
        return QTest::qWaitFor(
            [&] {
                return session->availability().accepted.contains(QStringLiteral("pn_1"))
                    && !session->phoneNumbers().isEmpty();
            },
            8000);
    }

    // Rings pn_1 and waits until the session has the offer.
    CallController *ring()
    {
        m_sim.ring(support, caller);
        if (!QTest::qWaitFor([&] { return session->newestRinging() != nullptr; }, 5000))
            return nullptr;
        return session->newestRinging();
    }

    std::unique_ptr<DesktopSession> session;
    std::unique_ptr<MprisService> mpris;

private:
    bool writeKey(const QString &key)
    {
        QString error = QStringLiteral("pending");
        QObject context;
        m_secrets.write(QString::fromLatin1(SecretKey::OperatorKey), key, &context,
                        [&](const QString &e) { error = e; });
        if (!QTest::qWaitFor([&] { return error != QLatin1String("pending"); }, 10000) || !error.isEmpty()) {
            qWarning() << "keychain:" << error;
            return false;
        }
        return true;
    }

    SimFixture &m_sim;
    AppSettings m_settings;
    KeychainSecretStore m_secrets;
};
} // namespace

class TestMpris : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<CallController *>();
        QVERIFY(m_dir.isValid());
        QVERIFY2(QDBusConnection::sessionBus().isConnected(), "no session bus (run through ctest)");
    }

    void notOnTheBusWhileIdle()
    {
        SimFixture sim;
        Softphone phone(sim, m_dir.path());
        QVERIFY(phone.start());
        Desktop desktop;
        const QString name = phone.mpris->serviceName();
        QCOMPARE(name,
                 QStringLiteral("org.mpris.MediaPlayer2.audin_softphone.instance%1")
                     .arg(QCoreApplication::applicationPid()));
        QVERIFY(!phone.mpris->isRegistered());
        QVERIFY(!desktop.nameHasOwner(name));
        QCOMPARE(desktop.audinPlayers(), QStringList());
        // A media key has nowhere to go.
        const QDBusMessage reply = desktop.press(name, QStringLiteral("Play"));
        QCOMPARE(reply.type(), QDBusMessage::ErrorMessage);
        QCOMPARE(reply.errorName(), QStringLiteral("org.freedesktop.DBus.Error.ServiceUnknown"));
    }

    void playPauseAnswersThenHangsUp()
    {
        SimFixture sim;
        Softphone phone(sim, m_dir.path());
        QVERIFY(phone.start());
        Desktop desktop;
        const QString name = phone.mpris->serviceName();
        QSignalSpy registered(phone.mpris.get(), &MprisService::registeredChanged);

        CallController *call = phone.ring();
        QVERIFY(call);
        QTRY_VERIFY_WITH_TIMEOUT(desktop.nameHasOwner(name), 5000);
        QVERIFY(phone.mpris->isRegistered());
        QCOMPARE(registered.size(), 1);
        QCOMPARE(registered.at(0).at(0).toBool(), true);
        QCOMPARE(desktop.audinPlayers(), QStringList {name});

        QCOMPARE(desktop.property(name, playerInterface, QStringLiteral("PlaybackStatus")).toString(),
                 QStringLiteral("Paused"));
        const QVariantMap ringing = desktop.metadata(name);
        const QString title = ringing.value(QStringLiteral("xesam:title")).toString();
        QVERIFY2(title.contains(PhoneNumberInput::formatForDisplay(caller)), qPrintable(title));
        QVERIFY2(title.contains(QLatin1String("Incoming call")), qPrintable(title));
        QCOMPARE(ringing.value(QStringLiteral("xesam:artist")).toStringList(),
                 QStringList {phone.session->lineLabel(call)});
        QVERIFY(
            ringing.value(QStringLiteral("xesam:artist")).toStringList().first().contains(QLatin1String("Support")));
        const QString trackId = ringing.value(QStringLiteral("mpris:trackid")).value<QDBusObjectPath>().path();
        QVERIFY2(trackId.startsWith(QLatin1String("/org/audin/call/")), qPrintable(trackId));
        QCOMPARE(desktop.property(name, playerInterface, QStringLiteral("CanPlay")).toBool(), true);
        QCOMPARE(desktop.property(name, playerInterface, QStringLiteral("CanControl")).toBool(), true);
        QCOMPARE(desktop.property(name, playerInterface, QStringLiteral("CanGoNext")).toBool(), false);
        QCOMPARE(desktop.property(name, playerInterface, QStringLiteral("CanSeek")).toBool(), false);
        QCOMPARE(desktop.property(name, playerInterface, QStringLiteral("Rate")).toDouble(), 1.0);
        QCOMPARE(desktop.property(name, playerInterface, QStringLiteral("Position")).toLongLong(), 0);

        PropertiesWatcher watcher;
        QVERIFY(watcher.watch(desktop.bus(), name));
        QSignalSpy changes(&watcher, &PropertiesWatcher::changed);

        // The headset's button answers.
        QCOMPARE(desktop.press(name, QStringLiteral("PlayPause")).type(), QDBusMessage::ReplyMessage);
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) { return hasType(e, "accept"); }));
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, 5000);
        QCOMPARE(phone.session->currentCall(), call);
        // Answering changes both what plays and how it is titled, announced in one signal.
        QTRY_VERIFY_WITH_TIMEOUT(!changes.isEmpty(), 5000);
        QCOMPARE(changes.first().at(0).toString(), playerInterface);
        QCOMPARE(changes.first().at(1).toMap().value(QStringLiteral("PlaybackStatus")).toString(),
                 QStringLiteral("Playing"));
        QVERIFY(changes.first().at(1).toMap().contains(QStringLiteral("Metadata")));
        QCOMPARE(desktop.property(name, playerInterface, QStringLiteral("PlaybackStatus")).toString(),
                 QStringLiteral("Playing"));
        const QVariantMap talking = desktop.metadata(name);
        QVERIFY(talking.value(QStringLiteral("xesam:title"))
                    .toString()
                    .contains(PhoneNumberInput::formatForDisplay(caller)));
        QVERIFY(!talking.value(QStringLiteral("xesam:title")).toString().contains(QLatin1String("Incoming")));
        QCOMPARE(talking.value(QStringLiteral("mpris:trackid")).value<QDBusObjectPath>().path(), trackId);
        QVERIFY(phone.mpris->isRegistered());

        // Pressed again, it hangs up, and the player leaves the bus with the call.
        QCOMPARE(desktop.press(name, QStringLiteral("PlayPause")).type(), QDBusMessage::ReplyMessage);
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Ended, 5000);
        QCOMPARE(call->endReason(), std::optional<CallEndReason>(CallEndReason::Hangup));
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) { return hasType(e, "hangup"); }));
        QTRY_VERIFY_WITH_TIMEOUT(!desktop.nameHasOwner(name), 5000);
        QVERIFY(!phone.mpris->isRegistered());
        QCOMPARE(registered.size(), 2);
        QCOMPARE(registered.at(1).at(0).toBool(), false);
        QCOMPARE(desktop.audinPlayers(), QStringList());
    }

    void stopDeclinesWhatRings()
    {
        SimFixture sim;
        Softphone phone(sim, m_dir.path());
        QVERIFY(phone.start());
        Desktop desktop;
        const QString name = phone.mpris->serviceName();
        CallController *call = phone.ring();
        QVERIFY(call);
        QTRY_VERIFY_WITH_TIMEOUT(desktop.nameHasOwner(name), 5000);

        QCOMPARE(desktop.press(name, QStringLiteral("Stop")).type(), QDBusMessage::ReplyMessage);
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Ended, 5000);
        QCOMPARE(call->endReason(), std::optional<CallEndReason>(CallEndReason::Rejected));
        QVERIFY(sim.waitForEvent([](const QJsonObject &e) { return hasType(e, "reject"); }));
        QVERIFY(sim.eventsOfType(QStringLiteral("accept")).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!desktop.nameHasOwner(name), 5000);
        QVERIFY(!phone.mpris->isRegistered());
    }

    void pauseNeverEndsAnything()
    {
        SimFixture sim;
        Softphone phone(sim, m_dir.path());
        QVERIFY(phone.start());
        Desktop desktop;
        const QString name = phone.mpris->serviceName();
        CallController *call = phone.ring();
        QVERIFY(call);
        QTRY_VERIFY_WITH_TIMEOUT(desktop.nameHasOwner(name), 5000);

        // The reply comes after the press was handled, so the offer would be gone by now.
        QCOMPARE(desktop.press(name, QStringLiteral("Pause")).type(), QDBusMessage::ReplyMessage);
        QCOMPARE(call->state(), CallState::Ringing);
        QVERIFY(sim.eventsOfType(QStringLiteral("reject")).isEmpty());

        // Play answers; a Pause sent to every player (a mobile ringing, a suspend) leaves the call up.
        QCOMPARE(desktop.press(name, QStringLiteral("Play")).type(), QDBusMessage::ReplyMessage);
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, 5000);
        QCOMPARE(desktop.press(name, QStringLiteral("Pause")).type(), QDBusMessage::ReplyMessage);
        QCOMPARE(call->state(), CallState::Active);
        QVERIFY(sim.eventsOfType(QStringLiteral("hangup")).isEmpty());
        QCOMPARE(desktop.press(name, QStringLiteral("Stop")).type(), QDBusMessage::ReplyMessage);
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Ended, 5000);
        QCOMPARE(call->endReason(), std::optional<CallEndReason>(CallEndReason::Hangup));
        QTRY_VERIFY_WITH_TIMEOUT(!desktop.nameHasOwner(name), 5000);
    }

    void playWithNothingRingingDoesNothing()
    {
        SimFixture sim;
        Softphone phone(sim, m_dir.path());
        QVERIFY(phone.start());
        Desktop desktop;
        const QString name = phone.mpris->serviceName();
        CallController *call = phone.ring();
        QVERIFY(call);
        phone.session->answer(call);
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Active, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(desktop.nameHasOwner(name), 5000);

        for (const char *method : {"Play", "Next", "Previous"})
            QCOMPARE(desktop.press(name, QLatin1String(method)).type(), QDBusMessage::ReplyMessage);
        QCOMPARE(call->state(), CallState::Active);
        QCOMPARE(phone.session->currentCall(), call);
        QVERIFY(phone.mpris->isRegistered());
        QCOMPARE(desktop.property(name, playerInterface, QStringLiteral("PlaybackStatus")).toString(),
                 QStringLiteral("Playing"));
        QVERIFY(sim.eventsOfType(QStringLiteral("hangup")).isEmpty());

        // Stop with nothing ringing hangs up.
        QCOMPARE(desktop.press(name, QStringLiteral("Stop")).type(), QDBusMessage::ReplyMessage);
        QTRY_COMPARE_WITH_TIMEOUT(call->state(), CallState::Ended, 5000);
        QCOMPARE(call->endReason(), std::optional<CallEndReason>(CallEndReason::Hangup));
        QTRY_VERIFY_WITH_TIMEOUT(!desktop.nameHasOwner(name), 5000);
    }

    void identifiesItselfAndRaises()
    {
        SimFixture sim;
        Softphone phone(sim, m_dir.path());
        QVERIFY(phone.start());
        Desktop desktop;
        const QString name = phone.mpris->serviceName();
        QVERIFY(phone.ring());
        QTRY_VERIFY_WITH_TIMEOUT(desktop.nameHasOwner(name), 5000);

        QCOMPARE(desktop.property(name, rootInterface, QStringLiteral("Identity")).toString(),
                 QStringLiteral("Audin Softphone"));
        const QString entry = desktop.property(name, rootInterface, QStringLiteral("DesktopEntry")).toString();
        QVERIFY(QFileInfo::exists(QStringLiteral(AUDIN_SOURCE_DIR "/packaging/linux/") + entry
                                  + QStringLiteral(".desktop")));
        QCOMPARE(desktop.property(name, rootInterface, QStringLiteral("CanRaise")).toBool(), true);
        QCOMPARE(desktop.property(name, rootInterface, QStringLiteral("CanQuit")).toBool(), false);
        QCOMPARE(desktop.property(name, rootInterface, QStringLiteral("HasTrackList")).toBool(), false);
        QCOMPARE(desktop.property(name, rootInterface, QStringLiteral("SupportedUriSchemes")).toStringList(),
                 QStringList());

        QSignalSpy raised(phone.mpris.get(), &MprisService::raiseRequested);
        const QDBusMessage reply
            = desktop.call(QDBusMessage::createMethodCall(name, objectPath, rootInterface, QStringLiteral("Raise")));
        QCOMPARE(reply.type(), QDBusMessage::ReplyMessage);
        QCOMPARE(raised.size(), 1);
        // Quit is refused by doing nothing: the call still rings.
        desktop.call(QDBusMessage::createMethodCall(name, objectPath, rootInterface, QStringLiteral("Quit")));
        QVERIFY(phone.session->newestRinging());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestMpris)
#include "TestMpris.moc"
