package io.rtsprecorder.media.rtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RTCP (RFC 3550 §6): sender reports written by a camera, receiver reports written by the recorder (some
 * cameras end a session that never sends one), BYE, and a bounded walk over compound packets to read them back.
 */
public final class RtcpPackets {

    public static final int SENDER_REPORT = 200;
    public static final int RECEIVER_REPORT = 201;
    public static final int BYE = 203;

    /** At most this many packets of a compound packet are read; the rest is ignored. */
    static final int MAX_PACKETS = 16;
    /** A BYE's reason is cut to this many characters: it ends up in logs and error messages. */
    public static final int MAX_BYE_REASON_CHARS = 100;

    /** Seconds between 1900-01-01 (NTP epoch) and 1970-01-01. */
    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    private RtcpPackets() {
    }

    /** One packet of a compound RTCP packet, as {@link #parse} returns it. */
    public sealed interface Packet permits SenderReport, ReceiverReport, Bye, Other {
    }

    /** A sender report: wall clock (NTP) ↔ RTP timestamp mapping plus send counters. */
    public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount)
            implements Packet {

        /** The NTP timestamp as Unix milliseconds. */
        public long unixMillis() {
            return ntpToUnixMillis(ntpTimestamp);
        }

        /** The NTP timestamp as Unix microseconds. */
        public long unixMicros() {
            long seconds = (ntpTimestamp >>> 32) - NTP_UNIX_OFFSET_SECONDS;
            long micros = ((ntpTimestamp & 0xFFFFFFFFL) * 1_000_000L) >>> 32;
            return seconds * 1_000_000L + micros;
        }
    }

    /** One reception report block (RFC 3550 §6.4.1). */
    public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
                              long jitter, long lastSenderReport, long delaySinceLastSenderReport) {
    }

    /** A receiver report from {@code ssrc} with its report blocks. */
    public record ReceiverReport(long ssrc, List<ReportBlock> blocks) implements Packet {
    }

    /**
     * A BYE (RFC 3550 §6.6): the sources in {@code ssrcs} have left. {@code reason} is null when the packet carried
     * none; otherwise printable ASCII only (anything else became {@code ?}), at most {@link #MAX_BYE_REASON_CHARS}
     * characters, so it can go into a log line or an error message as it is.
     */
    public record Bye(List<Long> ssrcs, String reason) implements Packet {

        public Bye {
            ssrcs = List.copyOf(ssrcs);
        }
    }

    /** A packet of a type we do not read (SDES, APP, feedback, ...). */
    public record Other(int type) implements Packet {
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

    /** A receiver report; the cumulative number lost is clamped to its 24-bit signed field. */
    public static byte[] receiverReport(long ssrc, List<ReportBlock> blocks) {
        int count = Math.min(blocks.size(), 31);
        byte[] p = new byte[8 + 24 * count];
        p[0] = (byte) (0x80 | count);
        p[1] = (byte) RECEIVER_REPORT;
        writeLength(p);
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
     * A BYE for up to 31 sources, with an optional reason (written as ISO-8859-1, cut to the 255 bytes the length
     * octet allows), padded to a 32-bit boundary.
     */
    public static byte[] bye(List<Long> ssrcs, String reason) {
        int count = Math.min(ssrcs.size(), 31);
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.ISO_8859_1);
        int textLength = Math.min(text.length, 255);
        int body = 4 + 4 * count + (reason == null ? 0 : 1 + textLength);
        byte[] p = new byte[(body + 3) / 4 * 4];
        p[0] = (byte) (0x80 | count);
        p[1] = (byte) BYE;
        writeLength(p);
        for (int i = 0; i < count; i++) {
            RtpPacket.writeUint32(p, 4 + 4 * i, ssrcs.get(i));
        }
        if (reason != null) {
            int o = 4 + 4 * count;
            p[o] = (byte) textLength;
            System.arraycopy(text, 0, p, o + 1, textLength);
        }
        return p;
    }

    private static void writeLength(byte[] p) {
        int words = p.length / 4 - 1;
        p[2] = (byte) (words >> 8);
        p[3] = (byte) words;
    }

    /**
     * Reads the packets of a compound RTCP packet: sender reports, receiver reports and BYEs, every other type as
     * {@link Other}. At most {@link #MAX_PACKETS} packets are examined. Every count, length and padding is checked
     * against the data, so any bytes either give packets or this exception, never another one. Report blocks
     * of sender reports and profile extensions are not read.
     *
     * @throws RtpFormatException when the bytes are not RTCP version 2 or a count or length points outside them
     */
    public static List<Packet> parse(byte[] data, int offset, int length) throws RtpFormatException {
        List<Packet> result = new ArrayList<>(2);
        int pos = offset;
        int end = offset + length;
        for (int n = 0; pos < end && n < MAX_PACKETS; n++) {
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
            int content = bytes;
            if ((b0 & 0x20) != 0) {
                int padding = data[pos + bytes - 1] & 0xFF;
                if (padding == 0 || padding > bytes - 4) {
                    throw new RtpFormatException("invalid RTCP padding length " + padding);
                }
                content -= padding;
            }
            result.add(switch (type) {
                case SENDER_REPORT -> senderReport(data, pos, content);
                case RECEIVER_REPORT -> receiverReport(data, pos, content, count);
                case BYE -> bye(data, pos, content, count);
                default -> new Other(type);
            });
            pos += bytes;
        }
        return result;
    }

    private static SenderReport senderReport(byte[] data, int pos, int bytes) throws RtpFormatException {
        if (bytes < 28) {
            throw new RtpFormatException("RTCP sender report too short");
        }
        long ntp = (RtpPacket.readUint32(data, pos + 8) << 32) | RtpPacket.readUint32(data, pos + 12);
        return new SenderReport(RtpPacket.readUint32(data, pos + 4), ntp, RtpPacket.readUint32(data, pos + 16),
                RtpPacket.readUint32(data, pos + 20), RtpPacket.readUint32(data, pos + 24));
    }

    private static ReceiverReport receiverReport(byte[] data, int pos, int bytes, int count)
            throws RtpFormatException {
        if (bytes < 8 + 24 * count) {
            throw new RtpFormatException("RTCP receiver report shorter than its blocks");
        }
        List<ReportBlock> blocks = new ArrayList<>(count);
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
        return new ReceiverReport(RtpPacket.readUint32(data, pos + 4), List.copyOf(blocks));
    }

    /**
     * SC sources, then, if the packet has room for it, a length octet and that many bytes of reason (the zero
     * bytes that pad it to 32 bits give a length of 0 when there is no reason).
     */
    private static Bye bye(byte[] data, int pos, int bytes, int count) throws RtpFormatException {
        int reasonAt = 4 + 4 * count;
        if (bytes < reasonAt) {
            throw new RtpFormatException("RTCP BYE shorter than its " + count + " sources");
        }
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(RtpPacket.readUint32(data, pos + 4 + 4 * i));
        }
        String reason = null;
        if (bytes > reasonAt) {
            int textLength = data[pos + reasonAt] & 0xFF;
            if (textLength > bytes - reasonAt - 1) {
                throw new RtpFormatException("RTCP BYE reason exceeds packet");
            }
            if (textLength > 0) {
                reason = printable(data, pos + reasonAt + 1, textLength);
            }
        }
        return new Bye(ssrcs, reason);
    }

    /** Printable ASCII, every other byte as '?', cut to {@link #MAX_BYE_REASON_CHARS}. */
    private static String printable(byte[] data, int offset, int length) {
        int n = Math.min(length, MAX_BYE_REASON_CHARS);
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            int b = data[offset + i] & 0xFF;
            chars[i] = b >= 0x20 && b < 0x7F ? (char) b : '?';
        }
        return new String(chars);
    }
}
