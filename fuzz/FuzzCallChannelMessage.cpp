// SPDX-License-Identifier: GPL-3.0-or-later
// The call channel's receive path (PROTOCOL.md 4): each line of the input is one frame from the
// service, handed to CallChannel::onText() or onBinary() as QWebSocket's textMessageReceived and
// binaryMessageReceived would. A line whose first byte is a control character (0x01 is the audio
// kind) is a binary frame; a line starting with '!' is an action of the call: !hangup, !mute,
// !unmute, !dtmf <digit>, !close. No socket is opened (the token source never answers).
#include "CallChannel.h"
#include "FuzzSupport.h"

namespace audin {

struct WireFuzzAccess
{
    static void text(CallChannel &channel, const QString &text) { channel.onText(text); }
    static void binary(CallChannel &channel, const QByteArray &data) { channel.onBinary(data); }
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
    CallChannel::Settings settings;
    settings.url = QUrl(QStringLiteral("wss://core.example.test/v1/calls/CA1/media"));
    settings.tokenSource = std::make_shared<fuzz::PendingTokenSource>();
    {
        CallChannel channel(settings, Log(logger));
        int endings = 0;
        QObject::connect(&channel, &CallChannel::ended, &channel, [&endings](CallEndReason) { ++endings; });
        QStringList errors;
        QObject::connect(&channel, &CallChannel::error, &channel,
                         [&errors](const OperatorError &e) { errors << e.code; });
        bool endingByUs = false; // hangup or close: a bad codec then needs no error of its own
        channel.open();
        for (const QByteArray &line : fuzz::lines(data, size)) {
            if (!line.isEmpty() && quint8(line.at(0)) < 0x20) {
                WireFuzzAccess::binary(channel, line);
            } else if (line.startsWith('!')) {
                const QByteArray action = line.mid(1).trimmed();
                if (action == "hangup" || action == "close")
                    endingByUs = true;
                if (action == "hangup")
                    channel.hangup();
                else if (action == "mute" || action == "unmute")
                    channel.sendMute(action == "mute");
                else if (action.startsWith("dtmf"))
                    channel.sendDtmf(QString::fromUtf8(action.mid(5)), 100);
                else if (action == "close")
                    channel.close();
            } else {
                WireFuzzAccess::text(channel, QString::fromUtf8(line));
            }
            if (endings > 1)
                fuzz::fail("the call channel ended twice");
        }
        // A codec that was not offered ends the call as failed, and the operator is told why.
        const CodecSpec codec = channel.codec();
        const bool offered = codec.name.compare(QLatin1String("opus"), Qt::CaseInsensitive) == 0
            && codec.sampleRate == 48000 && codec.channels == 1 && codec.frameMs == 20;
        if (channel.isUp() && !offered && !endingByUs && !errors.contains(QLatin1String(ErrorCode::ProtocolError)))
            fuzz::fail("the channel is up with a codec that was not offered, and nobody was told", codec.name);
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
