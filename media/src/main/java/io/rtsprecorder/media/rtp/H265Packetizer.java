package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.NalUnits;
import java.util.List;

/**
 * H.265 over RTP (RFC 7798): single NAL unit packets, fragmentation units (type 49) for large units, and an
 * aggregation packet (type 48) with VPS, SPS and PPS before every keyframe.
 */
final class H265Packetizer extends NalUnitPacketizer {

    private static final int AP = 48;
    private static final int FU = 49;

    H265Packetizer(int maxPayload) {
        super(maxPayload);
    }

    @Override
    int writeAggregationHeader(byte[] buffer, List<byte[]> units) {
        buffer[0] = (byte) (AP << 1);
        buffer[1] = 1; // nuh_layer_id 0, nuh_temporal_id_plus1 1
        return 2;
    }

    @Override
    int nalHeaderLength() {
        return 2;
    }

    @Override
    int writeFragmentHeader(byte[] buffer, byte[] nal, int nalOffset, boolean first, boolean last) {
        buffer[0] = (byte) ((nal[nalOffset] & 0x81) | (FU << 1));
        buffer[1] = nal[nalOffset + 1];
        buffer[2] = (byte) ((first ? 0x80 : 0) | (last ? 0x40 : 0) | NalUnits.h265Type(nal[nalOffset]));
        return 3;
    }
}
