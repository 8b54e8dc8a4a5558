package io.rtsprecorder.media.rtsp.wire;

/**
 * One {@code $}-framed packet on an RTSP TCP connection: a channel number (RTP on even, RTCP on odd channels
 * by convention) and up to 65 535 payload bytes. {@code payload} is owned by the frame.
 */
public record InterleavedFrame(int channel, byte[] payload) implements RtspMessage {

    public InterleavedFrame {
        if (channel < 0 || channel > 255) {
            throw new IllegalArgumentException("interleaved channel out of range: " + channel);
        }
        if (payload.length > 0xFFFF) {
            throw new IllegalArgumentException("interleaved payload too large: " + payload.length);
        }
    }

    @Override
    public String toString() {
        return "InterleavedFrame[channel=" + channel + ", " + payload.length + " bytes]";
    }
}
