package io.rtsprecorder.media.rtp;

/**
 * Receives the payloads a {@link RtpPacketizer} cuts from one frame, in order. The bytes are only valid during
 * the call: the packetizer reuses its buffer for the next payload. {@code timestampOffset} is added to the
 * frame's RTP timestamp; it is non-zero only for audio frames split across packets (each packet's timestamp is
 * that of its first sample).
 */
@FunctionalInterface
public interface RtpPayloadSink {
    void payload(byte[] buffer, int offset, int length, boolean marker, long timestampOffset);
}
