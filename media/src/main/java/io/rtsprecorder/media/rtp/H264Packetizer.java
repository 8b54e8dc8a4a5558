package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.NalUnits;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 over RTP, packetization-mode 1 (RFC 6184): single NAL unit packets, FU-A for units larger than a packet,
 * and a STAP-A with the SPS and PPS before every keyframe, so a client joining at any keyframe can decode without
 * relying on the SDP's {@code sprop-parameter-sets}.
 */
final class H264Packetizer implements RtpPacketizer {

    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private final int maxPayload;
    private final byte[] buffer;

    H264Packetizer(int maxPayload) {
        if (maxPayload < 64) {
            throw new IllegalArgumentException("max payload too small: " + maxPayload);
        }
        this.maxPayload = maxPayload;
        this.buffer = new byte[maxPayload];
    }

    @Override
    public void packetize(Frame frame, RtpPayloadSink sink) {
        List<int[]> units = NalViews.of(frame.data());
        boolean parameterSetsFirst = frame.keyframe() && !frame.format().parameterSets().isEmpty();
        if (parameterSetsFirst) {
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
        int size = 1;
        for (byte[] s : sets) {
            size += 2 + s.length;
        }
        if (size <= maxPayload && sets.size() > 1) {
            int nri = 0;
            for (byte[] s : sets) {
                nri = Math.max(nri, s[0] & 0x60);
            }
            int pos = 0;
            buffer[pos++] = (byte) (nri | STAP_A);
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
        byte header = data[offset];
        int chunk = maxPayload - 2;
        int pos = offset + 1;
        int end = offset + length;
        boolean first = true;
        while (pos < end) {
            int n = Math.min(chunk, end - pos);
            boolean lastFragment = pos + n == end;
            buffer[0] = (byte) ((header & 0xE0) | FU_A);
            buffer[1] = (byte) ((first ? 0x80 : 0) | (lastFragment ? 0x40 : 0) | NalUnits.h264Type(header));
            System.arraycopy(data, pos, buffer, 2, n);
            sink.payload(buffer, 0, n + 2, markLast && lastFragment, 0);
            pos += n;
            first = false;
        }
    }

    /** Offsets and lengths of the NAL units in 4-byte-length-prefixed frame data, without copying. */
    static final class NalViews {
        private NalViews() {
        }

        static List<int[]> of(byte[] data) {
            List<int[]> views = new ArrayList<>();
            int pos = 0;
            while (pos + 4 <= data.length) {
                int len = ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16) | ((data[pos + 2] & 0xFF) << 8)
                        | (data[pos + 3] & 0xFF);
                pos += 4;
                if (len <= 0 || len > data.length - pos) {
                    break; // Frame contract violated; send what is well-formed
                }
                views.add(new int[] {pos, len});
                pos += len;
            }
            return views;
        }
    }
}
