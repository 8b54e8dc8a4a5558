package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.NalUnits;
import java.util.List;

/**
 * H.265 over RTP (RFC 7798): single NAL unit packets, fragmentation units (type 49) for large units, and an
 * aggregation packet (type 48) with VPS, SPS and PPS before every keyframe.
 */
final class H265Packetizer implements RtpPacketizer {

    private static final int AP = 48;
    private static final int FU = 49;

    private final int maxPayload;
    private final byte[] buffer;

    H265Packetizer(int maxPayload) {
        if (maxPayload < 64) {
            throw new IllegalArgumentException("max payload too small: " + maxPayload);
        }
        this.maxPayload = maxPayload;
        this.buffer = new byte[maxPayload];
    }

    @Override
    public void packetize(Frame frame, RtpPayloadSink sink) {
        List<int[]> units = H264Packetizer.NalViews.of(frame.data());
        if (frame.keyframe() && !frame.format().parameterSets().isEmpty()) {
            sendParameterSets(frame.format().parameterSets(), sink, units.isEmpty());
        }
        byte[] data = frame.data();
        for (int i = 0; i < units.size(); i++) {
            int[] u = units.get(i);
            boolean last = i == units.size() - 1;
            if (u[1] <= maxPayload) {
                sink.payload(data, u[0], u[1], last, 0);
            } else {
                sendFragments(data, u[0], u[1], last, sink);
            }
        }
    }

    private void sendParameterSets(List<byte[]> sets, RtpPayloadSink sink, boolean markLast) {
        int size = 2;
        for (byte[] s : sets) {
            size += 2 + s.length;
        }
        if (size <= maxPayload && sets.size() > 1) {
            int pos = 0;
            buffer[pos++] = (byte) (AP << 1);
            buffer[pos++] = 1; // nuh_layer_id 0, nuh_temporal_id_plus1 1
            for (byte[] s : sets) {
                buffer[pos++] = (byte) (s.length >> 8);
                buffer[pos++] = (byte) s.length;
                System.arraycopy(s, 0, buffer, pos, s.length);
                pos += s.length;
            }
            sink.payload(buffer, 0, pos, markLast, 0);
            return;
        }
        for (int i = 0; i < sets.size(); i++) {
            byte[] s = sets.get(i);
            boolean last = markLast && i == sets.size() - 1;
            if (s.length <= maxPayload) {
                sink.payload(s, 0, s.length, last, 0);
            } else {
                sendFragments(s, 0, s.length, last, sink);
            }
        }
    }

    private void sendFragments(byte[] data, int offset, int length, boolean markLast, RtpPayloadSink sink) {
        int type = NalUnits.h265Type(data[offset]);
        byte layerAndTid = data[offset + 1];
        int chunk = maxPayload - 3;
        int pos = offset + 2;
        int end = offset + length;
        boolean first = true;
        while (pos < end) {
            int n = Math.min(chunk, end - pos);
            boolean lastFragment = pos + n == end;
            buffer[0] = (byte) ((data[offset] & 0x81) | (FU << 1));
            buffer[1] = layerAndTid;
            buffer[2] = (byte) ((first ? 0x80 : 0) | (lastFragment ? 0x40 : 0) | type);
            System.arraycopy(data, pos, buffer, 3, n);
            sink.payload(buffer, 0, n + 3, markLast && lastFragment, 0);
            pos += n;
            first = false;
        }
    }
}
