package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Frame;

/**
 * Cuts frames of one track into RTP payloads for a payload format (RFC 6184, 7798, 3640, 3551). Payloads never
 * exceed the packetizer's maximum payload size; the last payload of a frame carries the marker bit where the
 * payload format defines one. Stateless across frames except for configuration.
 */
public interface RtpPacketizer {

    int DEFAULT_MAX_PAYLOAD = 1400;

    void packetize(Frame frame, RtpPayloadSink sink);

    /** The packetizer for a track's codec. */
    static RtpPacketizer forCodec(io.rtsprecorder.media.codec.Codec codec, int maxPayload) {
        return switch (codec) {
            case H264 -> new H264Packetizer(maxPayload);
            case H265 -> new H265Packetizer(maxPayload);
            case AAC -> new AacPacketizer(maxPayload);
            case PCMA, PCMU -> new G711Packetizer(maxPayload);
            case LPCM -> new LpcmPacketizer(maxPayload);
        };
    }
}
