package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.TrackFormat;

/**
 * Reassembles the frames of one track from its RTP packets (the inverse of {@link RtpPacketizer}). Packets are
 * pushed in sequence order (after any reorder buffer) with their timestamp already unwrapped to 64 bits; frames
 * come out in decode order with {@code pts} in the RTP clock ({@code format.timescale()}).
 *
 * <p>A depacketizer never throws on bad payloads: a broken packet loses its frame (counted in
 * {@link #discardedPackets()}), never the stream. Video depacketizers notice gaps in the sequence numbers
 * themselves and resume at the next keyframe.
 */
public interface RtpDepacketizer {

    void push(RtpPacket packet, long timestamp, FrameSink sink);

    /** Called when packets were lost before the next push: a partly received frame must not be completed. */
    void lost();

    /** Emits whatever is complete but held back (end of stream). */
    void flush(FrameSink sink);

    /** Packets whose payload could not be used, and video frames dropped after a loss. */
    long discardedPackets();

    /** A depacketizer for the track, whose format comes from the SDP (parameter sets may still be missing). */
    static RtpDepacketizer forTrack(int track, TrackFormat format, java.util.Map<String, String> fmtp) {
        return switch (format.codec()) {
            case H264, H265 -> new NalUnitDepacketizer(track, format);
            case AAC -> new AacDepacketizer(track, format, fmtp);
            case PCMA, PCMU, LPCM -> new AudioSampleDepacketizer(track, format);
        };
    }
}
