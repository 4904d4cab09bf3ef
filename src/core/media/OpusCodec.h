// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AudioDecoder.h"

#include <QByteArray>
#include <QString>
#include <array>
#include <cstdint>

struct OpusEncoder;
struct OpusDecoder;

namespace audin::media {

struct OpusEncoderSettings
{
    int bitrate = 32000;
    /**
     * 0-10. libwebrtc uses 5 on mobile and 9 on desktop; here 5 costs ~55 % of 8-10 per frame and
     * keeps the pipeline near its CPU budget (docs/PERFORMANCE.md). 3 saves another ~25 %.
     */
    int complexity = 5;
    /** Discontinuous transmission: during silence the encoder emits 1-2 byte packets ~every 400 ms. */
    bool dtx = false;
    /** In-band forward error correction (LBRR); only used by the encoder when packetLossPercent > 0. */
    bool inbandFec = false;
    int packetLossPercent = 0;
};

/**
 * Opus encoder for the call channel: 48 kHz mono, OPUS_APPLICATION_VOIP, 20 ms (960-sample) frames.
 * Not thread-safe; one per call.
 */
class OpusVoiceEncoder
{
public:
    static constexpr int SampleRate = 48000;
    static constexpr int FrameSamples = 960;
    /** Largest packet we ask for: 20 ms at 510 kb/s is 1275 bytes. */
    static constexpr int MaxPacketBytes = 1500;

    explicit OpusVoiceEncoder(const OpusEncoderSettings &settings = {});
    ~OpusVoiceEncoder();
    OpusVoiceEncoder(const OpusVoiceEncoder &) = delete;
    OpusVoiceEncoder &operator=(const OpusVoiceEncoder &) = delete;

    bool isValid() const { return m_encoder != nullptr; }
    QString errorString() const { return m_error; }
    const OpusEncoderSettings &settings() const { return m_settings; }
    /** Applies new settings to the running encoder (no reset). Returns false on a rejected value. */
    bool applySettings(const OpusEncoderSettings &settings);

    /** Encodes one 20 ms frame; returns the packet, or an empty array on error. */
    QByteArray encode(const int16_t *pcm960);
    /** Allocation-free variant: writes into `out`, returns the packet size or -1. */
    int encode(const int16_t *pcm960, unsigned char *out, int maxBytes);
    /**
     * Encodes 20 ms of digital silence through the same encoder, for mute: the stream stays
     * continuous and the decoder sees silence (or DTX packets when DTX is on), never stale audio.
     */
    QByteArray encodeSilence();
    /** True when the last encoded frame was a DTX frame (nothing worth sending, see isDtxPacket). */
    bool inDtx() const;
    /** Packets of at most 2 bytes carry no audio (DTX / silence marker). */
    static bool isDtxPacket(int packetBytes) { return packetBytes <= 2; }
    /** Encoder lookahead in samples at 48 kHz (part of the codec delay). */
    int lookahead() const;
    void reset();

private:
    ::OpusEncoder *m_encoder = nullptr;
    OpusEncoderSettings m_settings;
    QString m_error;
    std::array<int16_t, FrameSamples> m_silence {};
    std::array<unsigned char, MaxPacketBytes> m_packet {};
};

/**
 * Opus decoder (mono int16) implementing AudioDecoder: decode(), packet-loss concealment
 * (opus_decode with a null packet) and recovery of a lost frame from the next packet's in-band FEC.
 */
class OpusVoiceDecoder final : public AudioDecoder
{
public:
    /** Opus decodes at 8, 12, 16, 24 or 48 kHz whatever the encoder used. */
    explicit OpusVoiceDecoder(int sampleRate = 48000);
    ~OpusVoiceDecoder() override;
    OpusVoiceDecoder(const OpusVoiceDecoder &) = delete;
    OpusVoiceDecoder &operator=(const OpusVoiceDecoder &) = delete;

    bool isValid() const { return m_decoder != nullptr; }
    QString errorString() const { return m_error; }

    int sampleRate() const override { return m_sampleRate; }
    int decode(const QByteArray &packet, int16_t *out, int maxSamples) override;
    int decode(const unsigned char *packet, int bytes, int16_t *out, int maxSamples);
    /**
     * Conceals `samples` samples. Opus conceals in multiples of 2.5 ms; other lengths are rounded
     * up internally and the excess is dropped (pass multiples of sampleRate/400).
     */
    int conceal(int16_t *out, int samples) override;
    /**
     * Reconstructs a lost frame of `samples` samples from the FEC data in `nextPacket` (the packet
     * after the gap). Falls back to concealment when the packet carries no FEC. Call decode() on
     * `nextPacket` afterwards as usual.
     */
    int decodeFec(const QByteArray &nextPacket, int16_t *out, int samples);
    /** Samples in a packet (at this decoder's rate), or -1 if it is not a valid Opus packet. */
    int packetSamples(const QByteArray &packet) const;
    void reset();

private:
    ::OpusDecoder *m_decoder = nullptr;
    int m_sampleRate;
    QString m_error;
    // 120 ms at 48 kHz: Opus's largest frame; also the scratch for concealment rounding.
    std::array<int16_t, 5760> m_scratch {};
};

} // namespace audin::media
