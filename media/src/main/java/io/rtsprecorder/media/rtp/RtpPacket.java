package io.rtsprecorder.media.rtp;

/**
 * A parsed RTP packet (RFC 3550 §5.1). The payload is a view ({@code payloadOffset}, {@code payloadLength}) into
 * {@code buffer}, which the packet does not copy: a depacketizer that keeps payload bytes copies them itself.
 * {@code sequenceNumber} and {@code timestamp} are the 16/32-bit wire values as non-negative ints/longs.
 */
public record RtpPacket(int payloadType, boolean marker, int sequenceNumber, long timestamp, long ssrc,
                        byte[] buffer, int payloadOffset, int payloadLength) {

    public static final int HEADER_BYTES = 12;

    /**
     * Parses a packet; CSRC list, header extension and padding are skipped.
     *
     * @throws RtpFormatException when the bytes are not RTP version 2 or lengths do not fit
     */
    public static RtpPacket parse(byte[] data, int offset, int length) throws RtpFormatException {
        if (length < HEADER_BYTES) {
            throw new RtpFormatException("RTP packet shorter than 12 bytes: " + length);
        }
        int b0 = data[offset] & 0xFF;
        if ((b0 >> 6) != 2) {
            throw new RtpFormatException("not RTP version 2 (first byte 0x" + Integer.toHexString(b0) + ")");
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int b1 = data[offset + 1] & 0xFF;
        int seq = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
        long ts = readUint32(data, offset + 4);
        long ssrc = readUint32(data, offset + 8);
        int pos = HEADER_BYTES + 4 * csrcCount;
        if (pos > length) {
            throw new RtpFormatException("RTP CSRC list exceeds packet");
        }
        if (extension) {
            if (pos + 4 > length) {
                throw new RtpFormatException("RTP header extension exceeds packet");
            }
            int words = ((data[offset + pos + 2] & 0xFF) << 8) | (data[offset + pos + 3] & 0xFF);
            pos += 4 + 4 * words;
            if (pos > length) {
                throw new RtpFormatException("RTP header extension exceeds packet");
            }
        }
        int end = length;
        if (padding) {
            int pad = data[offset + length - 1] & 0xFF;
            if (pad == 0 || pos + pad > length) {
                throw new RtpFormatException("invalid RTP padding length " + pad);
            }
            end -= pad;
        }
        return new RtpPacket(b1 & 0x7F, (b1 & 0x80) != 0, seq, ts, ssrc, data, offset + pos, end - pos);
    }

    /** Writes a 12-byte header (no CSRC, no extension) into {@code target} at {@code offset}. */
    public static void writeHeader(byte[] target, int offset, int payloadType, boolean marker, int sequenceNumber,
                                   long timestamp, long ssrc) {
        target[offset] = (byte) 0x80;
        target[offset + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        target[offset + 2] = (byte) (sequenceNumber >> 8);
        target[offset + 3] = (byte) sequenceNumber;
        writeUint32(target, offset + 4, timestamp);
        writeUint32(target, offset + 8, ssrc);
    }

    /** A copy of the payload bytes. */
    public byte[] payload() {
        byte[] copy = new byte[payloadLength];
        System.arraycopy(buffer, payloadOffset, copy, 0, payloadLength);
        return copy;
    }

    static long readUint32(byte[] d, int o) {
        return ((long) (d[o] & 0xFF) << 24) | ((d[o + 1] & 0xFF) << 16) | ((d[o + 2] & 0xFF) << 8) | (d[o + 3] & 0xFF);
    }

    static void writeUint32(byte[] d, int o, long v) {
        d[o] = (byte) (v >> 24);
        d[o + 1] = (byte) (v >> 16);
        d[o + 2] = (byte) (v >> 8);
        d[o + 3] = (byte) v;
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + (marker ? " M" : "") + " seq=" + sequenceNumber + " ts=" + timestamp
                + " ssrc=" + Long.toHexString(ssrc) + " " + payloadLength + " bytes]";
    }
}
