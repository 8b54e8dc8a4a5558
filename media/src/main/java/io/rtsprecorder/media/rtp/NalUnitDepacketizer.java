package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.H264Sps;
import io.rtsprecorder.media.codec.H265Sps;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.codec.VideoParameterSets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * H.264 (RFC 6184: single NAL unit, STAP-A, FU-A) and H.265 (RFC 7798: single, AP, FU) depacketization into
 * access units.
 *
 * <p>An access unit ends at the marker bit, or, for cameras that never set it, when the timestamp changes.
 * NAL units wrapped in Annex-B start codes (seen in some cameras' single-NAL packets) are unwrapped. Parameter sets
 * received in band replace those of the SDP, and a change of them yields a new {@link TrackFormat} (with the size
 * parsed from the new SPS), which is how a recording notices a resolution change. Decode timestamps come from a
 * {@link DecodeTimeEstimator} whose reorder depth the SPS announces.
 */
final class NalUnitDepacketizer implements RtpDepacketizer {

    private static final int MAX_ACCESS_UNIT_BYTES = 16 * 1024 * 1024;
    private static final int MAX_UNITS_PER_ACCESS_UNIT = 1024;

    private final int track;
    private final Codec codec;
    private final DecodeTimeEstimator decodeTimes;
    private TrackFormat format;
    private final Map<Integer, byte[]> inBandSets = new LinkedHashMap<>();
    private final AccessUnitBuilder accessUnit = new AccessUnitBuilder();
    private boolean keyframe;
    private boolean hasPicture;
    private boolean started;
    private long timestamp;
    private long discarded;
    private int expectedSequence = -1;
    private boolean waitForKeyframe;

    NalUnitDepacketizer(int track, TrackFormat format) {
        this.track = track;
        this.codec = format.codec();
        this.format = format;
        this.decodeTimes = new DecodeTimeEstimator(reorderDepth(format));
    }

    @Override
    public void push(RtpPacket packet, long ts, FrameSink sink) {
        if (expectedSequence >= 0 && packet.sequenceNumber() != expectedSequence) {
            lost();
        }
        expectedSequence = (packet.sequenceNumber() + 1) & 0xFFFF;
        if (started && ts != timestamp) {
            complete(sink); // the previous access unit lacked its marker bit
        }
        started = true;
        timestamp = ts;
        byte[] p = packet.buffer();
        int off = packet.payloadOffset();
        int len = packet.payloadLength();
        if (len < 1) {
            discarded++;
        } else if (NalUnits.startsWithStartCode(p, off, len)) {
            for (byte[] nal : NalUnits.splitAnnexB(p, off, len)) {
                add(nal, 0, nal.length);
            }
        } else if (codec == Codec.H265) {
            pushH265(p, off, len);
        } else {
            pushH264(p, off, len);
        }
        if (packet.marker()) {
            complete(sink);
        }
    }

    private void pushH264(byte[] p, int off, int len) {
        int type = p[off] & 0x1F;
        if (type >= 1 && type <= 23) {
            add(p, off, len);
        } else if (type == 24) {
            aggregated(p, off + 1, off + len);
        } else if (type == 28 && len >= 2) {
            int fu = p[off + 1] & 0xFF;
            fragment((fu & 0x80) != 0, (fu & 0x40) != 0, new byte[] {(byte) ((p[off] & 0xE0) | (fu & 0x1F))},
                    p, off + 2, len - 2);
        } else {
            discarded++; // STAP-B, MTAP, FU-B: not used in packetization-mode 1
        }
    }

    private void pushH265(byte[] p, int off, int len) {
        if (len < 3) {
            discarded++;
            return;
        }
        int type = (p[off] >> 1) & 0x3F;
        if (type < 48) {
            add(p, off, len);
        } else if (type == 48) {
            aggregated(p, off + 2, off + len);
        } else if (type == 49) {
            int fu = p[off + 2] & 0xFF;
            byte[] header = {(byte) ((p[off] & 0x81) | ((fu & 0x3F) << 1)), p[off + 1]};
            fragment((fu & 0x80) != 0, (fu & 0x40) != 0, header, p, off + 3, len - 3);
        } else {
            discarded++; // PACI and reserved types
        }
    }

    private void aggregated(byte[] p, int pos, int end) {
        while (pos + 2 <= end) {
            int size = ((p[pos] & 0xFF) << 8) | (p[pos + 1] & 0xFF);
            pos += 2;
            if (size == 0 || size > end - pos) {
                discarded++;
                return;
            }
            add(p, pos, size);
            pos += size;
        }
    }

    private void fragment(boolean start, boolean end, byte[] header, byte[] p, int off, int len) {
        if (start) {
            accessUnit.abandonFragment();
            if (accessUnit.size() + header.length > MAX_ACCESS_UNIT_BYTES) {
                discarded++;
                return;
            }
            accessUnit.beginFragmented(header);
        } else if (!accessUnit.inFragment()) {
            discarded++; // the start of this unit was lost
            return;
        }
        if (accessUnit.size() + len > MAX_ACCESS_UNIT_BYTES) {
            accessUnit.abandonFragment();
            discarded++;
            return;
        }
        accessUnit.appendFragment(p, off, len);
        if (end) {
            int at = accessUnit.endFragmented();
            int type = NalUnits.type(codec, accessUnit.array()[at + 4]);
            if (keep(type, accessUnit.array(), at + 4, accessUnit.size() - at - 4, 0)) {
                accessUnit.keepLastUnit();
            } else {
                accessUnit.truncate(at);
            }
        }
    }

    private void add(byte[] p, int off, int len) {
        if (len > 0 && keep(NalUnits.type(codec, p[off]), p, off, len, 4 + len)) {
            accessUnit.add(p, off, len);
        }
    }

    /**
     * Whether a complete NAL unit belongs in the access unit: parameter sets are taken aside (they go into the
     * track format), delimiters dropped, and units past the limits discarded. {@code adding} is how many bytes
     * keeping it adds to the access unit (0 when they are in it already).
     */
    private boolean keep(int type, byte[] p, int off, int len, int adding) {
        if (NalUnits.isParameterSet(codec, type)) {
            inBandSets.put(type, Arrays.copyOfRange(p, off, off + len));
            return false;
        }
        if (NalUnits.isAccessUnitDelimiter(codec, type)) {
            return false;
        }
        if (accessUnit.units() >= MAX_UNITS_PER_ACCESS_UNIT || accessUnit.size() + adding > MAX_ACCESS_UNIT_BYTES) {
            discarded++;
            return false;
        }
        keyframe |= NalUnits.isKeyframe(codec, type);
        hasPicture |= NalUnits.isVcl(codec, type);
        return true;
    }

    private void complete(FrameSink sink) {
        if (!inBandSets.isEmpty()) {
            adoptInBandParameterSets();
        }
        if (hasPicture && waitForKeyframe && !keyframe) {
            discarded++; // references a picture lost with the packets before it
        } else if (hasPicture) {
            waitForKeyframe = false;
            Frame frame = new Frame(track, format, timestamp, timestamp, keyframe, accessUnit.toFrameData());
            decodeTimes.push(frame, sink);
        }
        accessUnit.clear();
        keyframe = false;
        hasPicture = false;
        started = false;
    }

    /** In-band parameter sets win over the SDP's: merge by NAL type and adopt when anything changed. */
    private void adoptInBandParameterSets() {
        Map<Integer, byte[]> merged = new LinkedHashMap<>();
        for (byte[] ps : format.parameterSets()) {
            merged.put(NalUnits.type(codec, ps), ps);
        }
        merged.putAll(inBandSets);
        inBandSets.clear();
        List<byte[]> sets = new ArrayList<>();
        for (int type : codec == Codec.H265 ? List.of(NalUnits.H265_VPS, NalUnits.H265_SPS, NalUnits.H265_PPS)
                : List.of(NalUnits.H264_SPS, NalUnits.H264_PPS)) {
            if (merged.containsKey(type)) {
                sets.add(merged.get(type));
            }
        }
        TrackFormat candidate = VideoParameterSets.format(codec, format.timescale(), sets, format.width(),
                format.height());
        if (!candidate.equals(format)) {
            format = candidate;
            decodeTimes.atLeast(reorderDepth(format));
        }
    }

    /**
     * Frames of reordering the SPS allows: the VUI's max_num_reorder_frames (H.264) or sps_max_num_reorder_pics
     * (H.265). Without a VUI, H.264 baseline has no B-frames and other profiles are assumed to have up to 2.
     */
    static int reorderDepth(TrackFormat format) {
        for (byte[] ps : format.parameterSets()) {
            try {
                if (format.codec() == Codec.H264 && NalUnits.h264Type(ps[0]) == NalUnits.H264_SPS) {
                    H264Sps sps = H264Sps.parse(ps);
                    if (sps.maxNumReorderFrames() >= 0) {
                        return sps.maxNumReorderFrames();
                    }
                    return sps.profileIdc() == 66 ? 0 : 2;
                }
                if (format.codec() == Codec.H265 && NalUnits.h265Type(ps[0]) == NalUnits.H265_SPS) {
                    return H265Sps.parse(ps).maxNumReorderPics();
                }
            } catch (CodecFormatException e) {
                return 2;
            }
        }
        return 0; // parameter sets arrive in band; atLeast() raises the depth before the first frame is primed
    }

    /**
     * Drops the partly received access unit and everything up to the next keyframe: pictures that reference a
     * damaged one would only decode with errors.
     */
    @Override
    public void lost() {
        waitForKeyframe = true;
        accessUnit.clear();
        keyframe = false;
        hasPicture = false;
        started = false;
    }

    @Override
    public void flush(FrameSink sink) {
        if (started) {
            complete(sink);
        }
        decodeTimes.flush(sink);
    }

    @Override
    public long discardedPackets() {
        return discarded;
    }
}
