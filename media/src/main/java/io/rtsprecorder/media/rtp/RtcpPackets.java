package io.rtsprecorder.media.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * RTCP (RFC 3550 §6): sender reports written by a camera, receiver reports written by the recorder (some
 * cameras end a session that never sends one), and a bounded walk over compound packets to read them back.
 */
public final class RtcpPackets {

    public static final int SENDER_REPORT = 200;
    public static final int RECEIVER_REPORT = 201;

    /** Seconds between 1900-01-01 (NTP epoch) and 1970-01-01. */
    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    private RtcpPackets() {
    }

    /** A sender report: wall clock (NTP) ↔ RTP timestamp mapping plus send counters. */
    public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {

        /** The NTP timestamp as Unix milliseconds. */
        public long unixMillis() {
            return ntpToUnixMillis(ntpTimestamp);
        }
    }

    /** One reception report block (RFC 3550 §6.4.1). */
    public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
                              long jitter, long lastSenderReport, long delaySinceLastSenderReport) {
    }

    /** A receiver report from {@code ssrc} with its report blocks. */
    public record ReceiverReport(long ssrc, List<ReportBlock> blocks) {
    }

    public static long unixMillisToNtp(long unixMillis) {
        return unixMicrosToNtp(unixMillis * 1000);
    }

    /** Unix time in microseconds as a 64-bit NTP timestamp (32.32 fixed point since 1900). */
    public static long unixMicrosToNtp(long unixMicros) {
        long seconds = Math.floorDiv(unixMicros, 1_000_000L) + NTP_UNIX_OFFSET_SECONDS;
        long fraction = (Math.floorMod(unixMicros, 1_000_000L) << 32) / 1_000_000L;
        return (seconds << 32) | fraction;
    }

    public static long ntpToUnixMillis(long ntp) {
        long seconds = (ntp >>> 32) - NTP_UNIX_OFFSET_SECONDS;
        long millis = ((ntp & 0xFFFFFFFFL) * 1000) >>> 32;
        return seconds * 1000 + millis;
    }

    public static byte[] senderReport(SenderReport sr) {
        byte[] p = new byte[28];
        p[0] = (byte) 0x80;
        p[1] = (byte) SENDER_REPORT;
        p[3] = 6; // length in 32-bit words minus one
        RtpPacket.writeUint32(p, 4, sr.ssrc());
        RtpPacket.writeUint32(p, 8, sr.ntpTimestamp() >>> 32);
        RtpPacket.writeUint32(p, 12, sr.ntpTimestamp());
        RtpPacket.writeUint32(p, 16, sr.rtpTimestamp());
        RtpPacket.writeUint32(p, 20, sr.packetCount());
        RtpPacket.writeUint32(p, 24, sr.octetCount());
        return p;
    }

    public static byte[] receiverReport(long ssrc, List<ReportBlock> blocks) {
        int count = Math.min(blocks.size(), 31);
        byte[] p = new byte[8 + 24 * count];
        p[0] = (byte) (0x80 | count);
        p[1] = (byte) RECEIVER_REPORT;
        int words = p.length / 4 - 1;
        p[2] = (byte) (words >> 8);
        p[3] = (byte) words;
        RtpPacket.writeUint32(p, 4, ssrc);
        for (int i = 0; i < count; i++) {
            ReportBlock b = blocks.get(i);
            int o = 8 + 24 * i;
            RtpPacket.writeUint32(p, o, b.ssrc());
            int lost = Math.max(-0x800000, Math.min(0x7FFFFF, b.cumulativeLost()));
            RtpPacket.writeUint32(p, o + 4, ((long) (b.fractionLost() & 0xFF) << 24) | (lost & 0xFFFFFFL));
            RtpPacket.writeUint32(p, o + 8, b.extendedHighestSequence());
            RtpPacket.writeUint32(p, o + 12, b.jitter());
            RtpPacket.writeUint32(p, o + 16, b.lastSenderReport());
            RtpPacket.writeUint32(p, o + 20, b.delaySinceLastSenderReport());
        }
        return p;
    }

    /**
     * Reads the sender and receiver reports of a compound RTCP packet; other packet types (SDES, BYE, APP) are
     * skipped. At most 16 packets are examined.
     *
     * @throws RtpFormatException when a length field points outside the data
     */
    public static List<Object> parse(byte[] data, int offset, int length) throws RtpFormatException {
        List<Object> result = new ArrayList<>();
        int pos = offset;
        int end = offset + length;
        for (int n = 0; pos < end && n < 16; n++) {
            if (end - pos < 4) {
                throw new RtpFormatException("truncated RTCP header");
            }
            int b0 = data[pos] & 0xFF;
            if ((b0 >> 6) != 2) {
                throw new RtpFormatException("not RTCP version 2");
            }
            int count = b0 & 0x1F;
            int type = data[pos + 1] & 0xFF;
            int bytes = 4 * ((((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF)) + 1);
            if (bytes > end - pos) {
                throw new RtpFormatException("RTCP length exceeds packet");
            }
            if (type == SENDER_REPORT) {
                if (bytes < 28) {
                    throw new RtpFormatException("RTCP sender report too short");
                }
                long ntp = (RtpPacket.readUint32(data, pos + 8) << 32) | RtpPacket.readUint32(data, pos + 12);
                result.add(new SenderReport(RtpPacket.readUint32(data, pos + 4), ntp,
                        RtpPacket.readUint32(data, pos + 16), RtpPacket.readUint32(data, pos + 20),
                        RtpPacket.readUint32(data, pos + 24)));
            } else if (type == RECEIVER_REPORT) {
                if (bytes < 8 + 24 * count) {
                    throw new RtpFormatException("RTCP receiver report shorter than its blocks");
                }
                List<ReportBlock> blocks = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    int o = pos + 8 + 24 * i;
                    long lostWord = RtpPacket.readUint32(data, o + 4);
                    int cumulative = (int) (lostWord & 0xFFFFFF);
                    if ((cumulative & 0x800000) != 0) {
                        cumulative |= 0xFF000000;
                    }
                    blocks.add(new ReportBlock(RtpPacket.readUint32(data, o), (int) (lostWord >>> 24), cumulative,
                            RtpPacket.readUint32(data, o + 8), RtpPacket.readUint32(data, o + 12),
                            RtpPacket.readUint32(data, o + 16), RtpPacket.readUint32(data, o + 20)));
                }
                result.add(new ReceiverReport(RtpPacket.readUint32(data, pos + 4), List.copyOf(blocks)));
            }
            pos += bytes;
        }
        return result;
    }
}
