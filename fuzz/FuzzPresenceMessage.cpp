// SPDX-License-Identifier: GPL-3.0-or-later
// The presence channel's receive path (PROTOCOL.md 2, 3): each line of the input is one text frame
// from the service, handed to PresenceConnection::onTextMessage() exactly as QWebSocket's
// textMessageReceived would (framing rules, ready, pong, refresh replies) and from there to
// OperatorService (numbers, availability, offers, assignments, cancels, dial answers, errors).
// No socket is opened: the token source never answers, so nothing goes on the wire. Lines starting
// with '!' are the operator's actions instead: !accept, !reject, !hangup, !mute (newest call),
// !dial <to> <callerId>, !offline.
#include "FuzzSupport.h"
#include "NullAudioBackend.h"
#include "OperatorService.h"
#include "PresenceConnection.h"

namespace audin {

struct WireFuzzAccess
{
    static PresenceConnection *connection(OperatorService &service) { return service.m_connection.get(); }
    static void receive(PresenceConnection &connection, const QString &text) { connection.onTextMessage(text); }
};

} // namespace audin

using namespace audin;

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto logger = std::make_shared<fuzz::CheckingLogger>();
    OperatorConfig config;
    config.coreUrl = QStringLiteral("https://core.example.test");
    config.tokenSource = std::make_shared<fuzz::PendingTokenSource>();
    config.logger = logger;
    config.media.audioBackend = [] { return std::make_unique<media::NullAudioBackend>(); };
    {
        OperatorService service(config);
        if (!service.connectToService())
            fuzz::fail("connectToService refused a valid URL");
        PresenceConnection *connection = WireFuzzAccess::connection(service);
        // Numbers asked for before `ready` are requested when it comes; go_online is re-sent.
        service.listPhoneNumbers(&service, [](const OperatorService::NumbersResult &) {});
        service.goOnline({QStringLiteral("pn_1")});
        for (const QByteArray &line : fuzz::lines(data, size)) {
            if (!line.startsWith('!')) {
                WireFuzzAccess::receive(*connection, QString::fromUtf8(line));
                continue;
            }
            const QList<QByteArray> words = line.mid(1).trimmed().split(' ');
            const QList<CallController *> calls = service.activeCalls();
            CallController *newest = calls.isEmpty() ? nullptr : calls.last();
            const QByteArray &action = words.first();
            if (action == "accept" && newest)
                newest->accept();
            else if (action == "reject" && newest)
                newest->reject();
            else if (action == "hangup" && newest)
                newest->hangup();
            else if (action == "mute" && newest)
                newest->mute(!newest->muted());
            else if (action == "dial")
                service.dial(QString::fromUtf8(words.value(1)), QString::fromUtf8(words.value(2)));
            else if (action == "offline")
                service.goOffline();
            QCoreApplication::processEvents();
        }
        // Timers due now (zero-delay single shots, deleteLater) run against what the frames built.
        QCoreApplication::processEvents();
        for (CallController *call : service.activeCalls()) {
            if (call->callSid().isEmpty() && call->direction() == CallDirection::Inbound)
                fuzz::fail("an offer without callSid became a call");
        }
        service.disconnectFromService();
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
