package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.NalUnits;
import java.util.List;

/**
 * H.264 over RTP, packetization-mode 1 (RFC 6184): single NAL unit packets, FU-A for units larger than a packet,
 * and a STAP-A with the SPS and PPS before every keyframe, so a client joining at any keyframe can decode without
 * relying on the SDP's {@code sprop-parameter-sets}.
 */
final class H264Packetizer extends NalUnitPacketizer {

    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    H264Packetizer(int maxPayload) {
        super(maxPayload);
    }

    @Override
    int writeAggregationHeader(byte[] buffer, List<byte[]> units) {
        int nri = 0;
        for (byte[] u : units) {
            nri = Math.max(nri, u[0] & 0x60);
        }
        buffer[0] = (byte) (nri | STAP_A);
        return 1;
    }

    @Override
    int nalHeaderLength() {
        return 1;
    }

    @Override
    int writeFragmentHeader(byte[] buffer, byte[] nal, int nalOffset, boolean first, boolean last) {
        byte header = nal[nalOffset];
        buffer[0] = (byte) ((header & 0xE0) | FU_A);
        buffer[1] = (byte) ((first ? 0x80 : 0) | (last ? 0x40 : 0) | NalUnits.h264Type(header));
        return 2;
    }
}
