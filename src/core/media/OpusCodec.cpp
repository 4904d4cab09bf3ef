// SPDX-License-Identifier: GPL-3.0-or-later
#include "OpusCodec.h"

#include <algorithm>
#include <cstring>
#include <opus.h>

namespace audin::media {

namespace {

QString opusError(const char *what, int code)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromUtf8(opus_strerror(code)));
}

} // namespace

OpusVoiceEncoder::OpusVoiceEncoder(const OpusEncoderSettings &settings)
{
    int err = OPUS_OK;
    m_encoder = opus_encoder_create(SampleRate, 1, OPUS_APPLICATION_VOIP, &err);
    if (err != OPUS_OK || !m_encoder) {
        m_encoder = nullptr;
        m_error = opusError("opus_encoder_create", err);
        return;
    }
    opus_encoder_ctl(m_encoder, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    if (!applySettings(settings)) {
        opus_encoder_destroy(m_encoder);
        m_encoder = nullptr;
    }
}

OpusVoiceEncoder::~OpusVoiceEncoder()
{
    if (m_encoder)
        opus_encoder_destroy(m_encoder);
}

bool OpusVoiceEncoder::applySettings(const OpusEncoderSettings &settings)
{
    if (!m_encoder)
        return false;
    const struct
    {
        const char *name;
        int result;
    } steps[] = {
        {"bitrate", opus_encoder_ctl(m_encoder, OPUS_SET_BITRATE(settings.bitrate))},
        {"complexity", opus_encoder_ctl(m_encoder, OPUS_SET_COMPLEXITY(settings.complexity))},
        {"dtx", opus_encoder_ctl(m_encoder, OPUS_SET_DTX(settings.dtx ? 1 : 0))},
        {"inband FEC", opus_encoder_ctl(m_encoder, OPUS_SET_INBAND_FEC(settings.inbandFec ? 1 : 0))},
        {"packet loss", opus_encoder_ctl(m_encoder, OPUS_SET_PACKET_LOSS_PERC(settings.packetLossPercent))},
    };
    for (const auto &step : steps) {
        if (step.result != OPUS_OK) {
            m_error = opusError(step.name, step.result);
            return false;
        }
    }
    m_settings = settings;
    return true;
}

int OpusVoiceEncoder::encode(const int16_t *pcm960, unsigned char *out, int maxBytes)
{
    if (!m_encoder)
        return -1;
    const opus_int32 n = opus_encode(m_encoder, pcm960, FrameSamples, out, maxBytes);
    if (n < 0) {
        m_error = opusError("opus_encode", n);
        return -1;
    }
    return n;
}

QByteArray OpusVoiceEncoder::encode(const int16_t *pcm960)
{
    const int n = encode(pcm960, m_packet.data(), int(m_packet.size()));
    if (n < 0)
        return {};
    return QByteArray(reinterpret_cast<const char *>(m_packet.data()), n);
}

QByteArray OpusVoiceEncoder::encodeSilence()
{
    return encode(m_silence.data());
}

bool OpusVoiceEncoder::inDtx() const
{
    opus_int32 value = 0;
    if (!m_encoder || opus_encoder_ctl(m_encoder, OPUS_GET_IN_DTX(&value)) != OPUS_OK)
        return false;
    return value != 0;
}

int OpusVoiceEncoder::lookahead() const
{
    opus_int32 value = 0;
    if (!m_encoder)
        return 0;
    opus_encoder_ctl(m_encoder, OPUS_GET_LOOKAHEAD(&value));
    return value;
}

void OpusVoiceEncoder::reset()
{
    if (m_encoder)
        opus_encoder_ctl(m_encoder, OPUS_RESET_STATE);
}

OpusVoiceDecoder::OpusVoiceDecoder(int sampleRate)
    : m_sampleRate(sampleRate)
{
    int err = OPUS_OK;
    m_decoder = opus_decoder_create(sampleRate, 1, &err);
    if (err != OPUS_OK || !m_decoder) {
        m_decoder = nullptr;
        m_error = opusError("opus_decoder_create", err);
    }
}

OpusVoiceDecoder::~OpusVoiceDecoder()
{
    if (m_decoder)
        opus_decoder_destroy(m_decoder);
}

int OpusVoiceDecoder::decode(const QByteArray &packet, int16_t *out, int maxSamples)
{
    return decode(reinterpret_cast<const unsigned char *>(packet.constData()), int(packet.size()), out, maxSamples);
}

int OpusVoiceDecoder::decode(const unsigned char *packet, int bytes, int16_t *out, int maxSamples)
{
    if (!m_decoder || bytes <= 0)
        return -1;
    const int n = opus_decode(m_decoder, packet, bytes, out, maxSamples, 0);
    if (n < 0) {
        m_error = opusError("opus_decode", n);
        return -1;
    }
    return n;
}

int OpusVoiceDecoder::conceal(int16_t *out, int samples)
{
    if (!m_decoder || samples <= 0)
        return samples <= 0 ? 0 : -1;
    const int quantum = m_sampleRate / 400; // 2.5 ms
    const int maxChunk = int(m_scratch.size());
    int done = 0;
    while (done < samples) {
        const int want = std::min(samples - done, maxChunk);
        if (want % quantum == 0) {
            const int n = opus_decode(m_decoder, nullptr, 0, out + done, want, 0);
            if (n <= 0)
                break;
            done += n;
        } else {
            const int rounded = std::min(maxChunk, (want + quantum - 1) / quantum * quantum);
            const int n = opus_decode(m_decoder, nullptr, 0, m_scratch.data(), rounded, 0);
            if (n <= 0)
                break;
            const int take = std::min(n, want);
            std::memcpy(out + done, m_scratch.data(), size_t(take) * sizeof(int16_t));
            done += take;
        }
    }
    if (done < samples) {
        // Never hand the jitter buffer a short frame: pad with silence rather than fail.
        std::fill(out + done, out + samples, int16_t(0));
    }
    return samples;
}

int OpusVoiceDecoder::decodeFec(const QByteArray &nextPacket, int16_t *out, int samples)
{
    if (!m_decoder || nextPacket.isEmpty())
        return conceal(out, samples);
    const int n = opus_decode(m_decoder, reinterpret_cast<const unsigned char *>(nextPacket.constData()),
                              opus_int32(nextPacket.size()), out, samples, 1);
    if (n < 0)
        return conceal(out, samples);
    return n;
}

int OpusVoiceDecoder::packetSamples(const QByteArray &packet) const
{
    if (packet.isEmpty())
        return -1;
    const int n = opus_packet_get_nb_samples(reinterpret_cast<const unsigned char *>(packet.constData()),
                                             opus_int32(packet.size()), m_sampleRate);
    return n < 0 ? -1 : n;
}

void OpusVoiceDecoder::reset()
{
    if (m_decoder)
        opus_decoder_ctl(m_decoder, OPUS_RESET_STATE);
}

} // namespace audin::media
