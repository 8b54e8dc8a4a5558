package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * What H.264 (RFC 6184) and H.265 (RFC 7798) packetization share: NAL units that fit go out as they are, larger
 * ones are fragmented, and the parameter sets are aggregated into one packet in front of every keyframe so a
 * client can start decoding at any keyframe. The subclasses supply only the payload headers.
 */
abstract sealed class NalUnitPacketizer implements RtpPacketizer permits H264Packetizer, H265Packetizer {

    private final int maxPayload;
    private final byte[] buffer;

    NalUnitPacketizer(int maxPayload) {
        if (maxPayload < 64) {
            throw new IllegalArgumentException("max payload too small: " + maxPayload);
        }
        this.maxPayload = maxPayload;
        this.buffer = new byte[maxPayload];
    }

    /** Writes the aggregation packet's payload header for these units at {@code buffer[0]}; returns its length. */
    abstract int writeAggregationHeader(byte[] buffer, List<byte[]> units);

    /** Length of the NAL unit header that a fragment header replaces (1 for H.264, 2 for H.265). */
    abstract int nalHeaderLength();

    /** Writes the fragmentation unit's headers at {@code buffer[0]}; returns their length. */
    abstract int writeFragmentHeader(byte[] buffer, byte[] nal, int nalOffset, boolean first, boolean last);

    @Override
    public final void packetize(Frame frame, RtpPayloadSink sink) {
        List<int[]> units = views(frame.data());
        if (frame.keyframe() && !frame.format().parameterSets().isEmpty()) {
            sendParameterSets(frame.format().parameterSets(), sink, units.isEmpty());
        }
        byte[] data = frame.data();
        for (int i = 0; i < units.size(); i++) {
            int[] u = units.get(i);
            send(data, u[0], u[1], i == units.size() - 1, sink);
        }
    }

    private void send(byte[] data, int offset, int length, boolean markLast, RtpPayloadSink sink) {
        if (length <= maxPayload) {
            sink.payload(data, offset, length, markLast, 0);
        } else {
            sendFragments(data, offset, length, markLast, sink);
        }
    }

    private void sendParameterSets(List<byte[]> sets, RtpPayloadSink sink, boolean markLast) {
        int size = writeAggregationHeader(buffer, sets);
        for (byte[] s : sets) {
            size += 2 + s.length;
        }
        if (size <= maxPayload && sets.size() > 1) {
            int pos = writeAggregationHeader(buffer, sets);
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
            send(sets.get(i), 0, sets.get(i).length, markLast && i == sets.size() - 1, sink);
        }
    }

    private void sendFragments(byte[] data, int offset, int length, boolean markLast, RtpPayloadSink sink) {
        int pos = offset + nalHeaderLength();
        int end = offset + length;
        boolean first = true;
        while (pos < end) {
            int room = maxPayload - writeFragmentHeader(buffer, data, offset, first, false);
            int n = Math.min(room, end - pos);
            boolean last = pos + n == end;
            int header = writeFragmentHeader(buffer, data, offset, first, last);
            System.arraycopy(data, pos, buffer, header, n);
            sink.payload(buffer, 0, header + n, markLast && last, 0);
            pos += n;
            first = false;
        }
    }

    /** Offsets and lengths of the NAL units in 4-byte-length-prefixed frame data, without copying. */
    static List<int[]> views(byte[] data) {
        List<int[]> views = new ArrayList<>();
        int pos = 0;
        while (pos + 4 <= data.length) {
            int len = ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16) | ((data[pos + 2] & 0xFF) << 8)
                    | (data[pos + 3] & 0xFF);
            pos += 4;
            if (len <= 0 || len > data.length - pos) {
                break; // Frame contract violated: send what is well-formed
            }
            views.add(new int[] {pos, len});
            pos += len;
        }
        return views;
    }
}
