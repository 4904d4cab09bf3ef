// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace audin {

/** One second of a call's health, as the engine measured it. Negative = not known yet. */
struct CallStats
{
    int rttMs = -1; ///< call channel ping/pong
    double jitterMs = 0; ///< RFC 3550 interarrival jitter of received frames
    double jitterBufferDelayMs = 0; ///< delay of the audio played last
    double jitterBufferTargetMs = 0; ///< what the buffer aims for
    double concealmentPercent = 0; ///< of the samples played in the last interval
    qint64 framesSent = 0;
    qint64 framesReceived = 0;
    qint64 droppedBinaryFrames = 0; ///< call channel frames under 8 bytes or of an unknown kind (PROTOCOL.md 4.2)
    int lateFrames = 0;
    int discardedFrames = 0;
    int accelerateCount = 0;
    int expandCount = 0;
    double inputLevelDbfs = -100; ///< microphone, before mute
    double mos = -1; ///< E-model estimate, 1-4.5
    bool muted = false;

    QJsonObject toJson() const;
};

/** A quality warning raised or cleared (names as twilio-voice.js: high-rtt, low-mos, ...). */
struct QualityWarning
{
    QString name;
    bool raised = true;
    double value = 0;
};

} // namespace audin

Q_DECLARE_METATYPE(audin::CallStats)
Q_DECLARE_METATYPE(audin::QualityWarning)
