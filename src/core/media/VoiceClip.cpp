// SPDX-License-Identifier: GPL-3.0-or-later
#include "VoiceClip.h"

#include "Resampler.h"
#include "WavFile.h"

#include <QCoreApplication>

namespace audin::media {

std::optional<std::vector<int16_t>> decodeToVoice(const QByteArray &wavBytes, QString *error)
{
    QString why;
    const std::optional<WavAudio> wav = WavReader::readBytes(wavBytes, &why);
    if (!wav) {
        if (error)
            *error = QCoreApplication::translate("audin::media", "The sound file cannot be read: %1").arg(why);
        return std::nullopt;
    }
    const AudioFormatSpec voice = AudioFormatSpec::voiceFormat();
    // Done once per sound, off the call path: the best quality costs nothing that matters.
    Resampler resampler({wav->info.sampleRate, wav->info.channels, SampleFormat::Int16}, voice, 10);
    if (!resampler.isValid()) {
        if (error)
            *error = QCoreApplication::translate("audin::media", "The sound file has an unusable format: %1")
                         .arg(resampler.errorString());
        return std::nullopt;
    }
    const qint64 frames = wav->frames();
    const qint64 wanted = (frames * voice.sampleRate + wav->info.sampleRate / 2) / wav->info.sampleRate;
    resampler.push(wav->samples.data(), qint64(wav->samples.size() * sizeof(int16_t)));
    // Flush the filter's tail with silence, then drop the delay it put in front.
    const int tailFrames = resampler.inputLatencyFrames() + 1;
    const std::vector<int16_t> silence(size_t(tailFrames) * size_t(wav->info.channels), 0);
    resampler.push(silence.data(), qint64(silence.size() * sizeof(int16_t)));
    std::vector<int16_t> out(size_t(resampler.availableFrames()));
    out.resize(size_t(resampler.pull(out.data(), int(out.size()))));
    const size_t delay = std::min(out.size(), size_t(resampler.outputLatencyFrames()));
    out.erase(out.begin(), out.begin() + qint64(delay));
    out.resize(size_t(wanted), 0);
    return out;
}

} // namespace audin::media
