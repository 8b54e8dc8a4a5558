package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Frame;

/**
 * Turns the frames of one track into complete RTP packets: packetizes each frame once, numbers the packets,
 * stamps them with the track's RTP clock and SSRC, and hands each packet to a {@link PacketSink}. One writer
 * per served track; all clients of a mock-camera mount receive the same packets, which is what lets one mount
 * feed hundreds of clients cheaply. Also counts what was sent, for RTCP sender reports.
 *
 * <p>Not thread-safe: one thread writes a track.
 */
public final class RtpStreamWriter {

    /** Receives one complete RTP packet; the bytes are only valid during the call. */
    @FunctionalInterface
    public interface PacketSink {
        void packet(byte[] packet, int length, long rtpTimestamp);
    }

    private final RtpPacketizer packetizer;
    private final int payloadType;
    private final long ssrc;
    private final int clockRate;
    private final long timestampBase;
    private final byte[] packet;
    private int sequenceNumber;
    private long packetCount;
    private long octetCount;
    private long lastRtpTimestamp;

    /**
     * @param initialSequence first sequence number (random in production, fixed in tests)
     * @param timestampBase   RTP timestamp of media time zero (random in production)
     */
    public RtpStreamWriter(RtpPacketizer packetizer, int payloadType, long ssrc, int clockRate, int maxPayload,
                           int initialSequence, long timestampBase) {
        this.packetizer = packetizer;
        this.payloadType = payloadType;
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.clockRate = clockRate;
        this.timestampBase = timestampBase;
        this.packet = new byte[RtpPacket.HEADER_BYTES + maxPayload];
        this.sequenceNumber = initialSequence & 0xFFFF;
    }

    /** Sends one frame; {@code mediaTicks} is the frame's presentation time in the RTP clock, from stream start. */
    public void write(Frame frame, long mediaTicks, PacketSink sink) {
        long base = (timestampBase + mediaTicks) & 0xFFFFFFFFL;
        packetizer.packetize(frame, (buffer, offset, length, marker, timestampOffset) -> {
            long ts = (base + timestampOffset) & 0xFFFFFFFFL;
            RtpPacket.writeHeader(packet, 0, payloadType, marker, sequenceNumber, ts, ssrc);
            System.arraycopy(buffer, offset, packet, RtpPacket.HEADER_BYTES, length);
            sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
            packetCount++;
            octetCount += length;
            lastRtpTimestamp = ts;
            sink.packet(packet, RtpPacket.HEADER_BYTES + length, ts);
        });
    }

    /** The sequence number the next packet will carry (for RTP-Info). */
    public int nextSequenceNumber() {
        return sequenceNumber;
    }

    /** The RTP timestamp corresponding to {@code mediaTicks} (for RTP-Info and sender reports). */
    public long rtpTimestamp(long mediaTicks) {
        return (timestampBase + mediaTicks) & 0xFFFFFFFFL;
    }

    public long ssrc() {
        return ssrc;
    }

    public int clockRate() {
        return clockRate;
    }

    public int payloadType() {
        return payloadType;
    }

    public long packetCount() {
        return packetCount;
    }

    public long octetCount() {
        return octetCount;
    }

    public long lastRtpTimestamp() {
        return lastRtpTimestamp;
    }
}
