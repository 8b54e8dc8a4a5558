package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.AudioSpecificConfig;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * AAC from RFC 3640 {@code mpeg4-generic} packets: several access units per packet (AU headers with the sizes and
 * index lengths the SDP's fmtp gives; AAC-hbr defaults 13/3/3), or one access unit fragmented over several packets.
 * Each access unit of a packet is 1024 samples after the previous one. Access units that still carry an ADTS
 * header (some cameras send them that way) are unwrapped.
 */
final class AacDepacketizer implements RtpDepacketizer {

    private static final int SAMPLES_PER_FRAME = 1024;
    private static final int MAX_AU_BYTES = 8191;

    private final int track;
    private final TrackFormat format;
    private final int sizeLength;
    private final int indexLength;
    private final int indexDeltaLength;
    private ByteArrayOutputStream fragment;
    private int fragmentExpected;
    private long fragmentTimestamp;
    private long discarded;

    AacDepacketizer(int track, TrackFormat format, Map<String, String> fmtp) {
        this.track = track;
        this.format = format;
        boolean lowBitrate = "aac-lbr".equalsIgnoreCase(fmtp.getOrDefault("mode", ""));
        this.sizeLength = intParameter(fmtp, "sizelength", lowBitrate ? 6 : 13);
        this.indexLength = intParameter(fmtp, "indexlength", lowBitrate ? 2 : 3);
        this.indexDeltaLength = intParameter(fmtp, "indexdeltalength", lowBitrate ? 2 : 3);
    }

    private static int intParameter(Map<String, String> fmtp, String name, int fallback) {
        try {
            int v = Integer.parseInt(fmtp.getOrDefault(name, Integer.toString(fallback)).strip());
            return v >= 0 && v <= 16 ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public void push(RtpPacket packet, long timestamp, FrameSink sink) {
        byte[] p = packet.buffer();
        int off = packet.payloadOffset();
        int len = packet.payloadLength();
        if (len < 2 || sizeLength == 0) {
            discarded++;
            return;
        }
        int headersBits = ((p[off] & 0xFF) << 8) | (p[off + 1] & 0xFF);
        int headersBytes = (headersBits + 7) / 8;
        if (2 + headersBytes > len) {
            discarded++;
            return;
        }
        int bitPos = 0;
        int dataPos = off + 2 + headersBytes;
        int end = off + len;
        int index = 0;
        while (bitPos + sizeLength <= headersBits) {
            int size = readBits(p, off + 2, bitPos, sizeLength);
            bitPos += sizeLength + (index == 0 ? indexLength : indexDeltaLength);
            int available = end - dataPos;
            long ts = timestamp + (long) index * SAMPLES_PER_FRAME;
            if (size > available) {
                // A fragment of one large access unit (RFC 3640 §3.2.3): collect until it is whole.
                startOrContinueFragment(size, ts, p, dataPos, available, packet.marker(), sink);
                return;
            }
            fragment = null;
            emit(Arrays.copyOfRange(p, dataPos, dataPos + size), ts, sink);
            dataPos += size;
            index++;
        }
    }

    private void startOrContinueFragment(int size, long ts, byte[] p, int pos, int available, boolean marker,
                                         FrameSink sink) {
        if (fragment == null || fragmentExpected != size || fragmentTimestamp != ts) {
            if (size > MAX_AU_BYTES) {
                discarded++;
                return;
            }
            fragment = new ByteArrayOutputStream(size);
            fragmentExpected = size;
            fragmentTimestamp = ts;
        }
        fragment.write(p, pos, Math.min(available, fragmentExpected - fragment.size()));
        if (fragment.size() == fragmentExpected) {
            emit(fragment.toByteArray(), ts, sink);
            fragment = null;
        } else if (marker) {
            fragment = null; // last fragment arrived but bytes are missing
            discarded++;
        }
    }

    private void emit(byte[] au, long ts, FrameSink sink) {
        if (AudioSpecificConfig.looksLikeAdts(au, 0, au.length)) {
            try {
                AudioSpecificConfig.AdtsHeader adts = AudioSpecificConfig.parseAdts(au, 0, au.length);
                if (adts.frameLength() == au.length) {
                    au = Arrays.copyOfRange(au, adts.headerLength(), au.length);
                }
            } catch (CodecFormatException e) {
                // not ADTS after all: raw AAC that happens to start with 0xFFF
            }
        }
        if (au.length > 0) {
            sink.frame(new Frame(track, format, ts, ts, true, au));
        }
    }

    private static int readBits(byte[] data, int base, int bitOffset, int bits) {
        int v = 0;
        for (int i = 0; i < bits; i++) {
            int bit = bitOffset + i;
            v = (v << 1) | ((data[base + bit / 8] >> (7 - bit % 8)) & 1);
        }
        return v;
    }

    @Override
    public void lost() {
        fragment = null;
    }

    @Override
    public void flush(FrameSink sink) {
        fragment = null;
    }

    @Override
    public long discardedPackets() {
        return discarded;
    }
}
