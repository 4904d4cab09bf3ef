// SPDX-License-Identifier: GPL-3.0-or-later
#include "SpeechPrompt.h"

#include "Resampler.h"
#include "WavFile.h"

#include <QFile>

namespace audin::sim {

std::vector<int16_t> loadSpeechPrompt(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return {};
    }
    QString why;
    const std::optional<media::WavAudio> audio = media::WavReader::readBytes(file.readAll(), &why);
    if (!audio || audio->frames() == 0) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, audio ? QStringLiteral("no audio") : why);
        return {};
    }
    const media::AudioFormatSpec input {audio->info.sampleRate, audio->info.channels, media::SampleFormat::Int16};
    media::Resampler toVoice(input, media::AudioFormatSpec::voiceFormat(), 10);
    if (!toVoice.isValid()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, toVoice.errorString());
        return {};
    }
    toVoice.push(audio->samples.data(), qint64(audio->samples.size() * sizeof(int16_t)));
    // Push the filter's delay worth of silence so the last words come out too.
    const std::vector<int16_t> flush(size_t(input.sampleRate / 10 * input.channels), 0);
    toVoice.push(flush.data(), qint64(flush.size() * sizeof(int16_t)));
    const qint64 wanted = audio->frames() * 48000 / input.sampleRate;
    std::vector<int16_t> out(size_t(toVoice.availableFrames()));
    out.resize(size_t(toVoice.pull(out.data(), int(out.size()))));
    if (qint64(out.size()) > wanted)
        out.resize(size_t(wanted));
    return out;
}

} // namespace audin::sim
