package io.rtsprecorder.camera;

/**
 * RTCP BYE (RFC 3550 §6.6) as a source that stops sending writes it: one SSRC, no reason. RFC 3550 §6.1 wants a
 * report first in every compound packet, so {@link #afterReport} appends it to a sender report.
 *
 * <p>Written here, not in the media library, because only the mock camera sends one; the recorder only reads them.
 */
final class RtcpBye {

    static final int PACKET_TYPE = 203;
    private static final int BYTES = 8;

    private RtcpBye() {
    }

    /** A compound packet: {@code report} (a sender report of {@code ssrc}) followed by a BYE of {@code ssrc}. */
    static byte[] afterReport(byte[] report, long ssrc) {
        byte[] compound = new byte[report.length + BYTES];
        System.arraycopy(report, 0, compound, 0, report.length);
        int p = report.length;
        compound[p] = (byte) 0x81; // version 2, no padding, source count 1
        compound[p + 1] = (byte) PACKET_TYPE;
        compound[p + 3] = 1; // length in 32-bit words minus one
        compound[p + 4] = (byte) (ssrc >>> 24);
        compound[p + 5] = (byte) (ssrc >>> 16);
        compound[p + 6] = (byte) (ssrc >>> 8);
        compound[p + 7] = (byte) ssrc;
        return compound;
    }
}
