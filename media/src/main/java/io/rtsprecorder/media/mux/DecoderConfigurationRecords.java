package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.H265Sps;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.codec.TrackFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * AVCDecoderConfigurationRecord (ISO 14496-15 §5.3.3) and HEVCDecoderConfigurationRecord (§8.3.3): the codec
 * configuration that MP4 stores in {@code avcC}/{@code hvcC} and FLV sends as its sequence header. NAL units are
 * 4-byte length prefixed, as in {@link io.rtsprecorder.media.codec.Frame} data.
 */
final class DecoderConfigurationRecords {

    private DecoderConfigurationRecords() {
    }

    static void avc(BoxWriter w, TrackFormat f) throws CodecFormatException {
        List<byte[]> sps = sets(f, NalUnits.H264_SPS);
        List<byte[]> pps = sets(f, NalUnits.H264_PPS);
        if (sps.isEmpty() || pps.isEmpty() || sps.get(0).length < 4) {
            throw new CodecFormatException("H.264 track without SPS and PPS");
        }
        byte[] first = sps.get(0);
        w.u8(1).u8(first[1]).u8(first[2]).u8(first[3]).u8(0xFF).u8(0xE0 | sps.size());
        for (byte[] s : sps) {
            w.u16(s.length).bytes(s);
        }
        w.u8(pps.size());
        for (byte[] p : pps) {
            w.u16(p.length).bytes(p);
        }
    }

    static void hevc(BoxWriter w, TrackFormat f) throws CodecFormatException {
        List<byte[]> vps = sets(f, NalUnits.H265_VPS);
        List<byte[]> sps = sets(f, NalUnits.H265_SPS);
        List<byte[]> pps = sets(f, NalUnits.H265_PPS);
        if (vps.isEmpty() || sps.isEmpty() || pps.isEmpty()) {
            throw new CodecFormatException("H.265 track without VPS, SPS and PPS");
        }
        H265Sps s = H265Sps.parse(sps.get(0));
        w.u8(1)
                .u8((s.generalProfileSpace() << 6) | (s.generalTierFlag() ? 0x20 : 0) | s.generalProfileIdc())
                .u32(s.generalProfileCompatibilityFlags())
                .u16((int) (s.generalConstraintIndicatorFlags() >>> 32))
                .u32(s.generalConstraintIndicatorFlags() & 0xFFFFFFFFL)
                .u8(s.generalLevelIdc()).u16(0xF000).u8(0xFC).u8(0xFC | s.chromaFormatIdc())
                .u8(0xF8 | (s.bitDepthLuma() - 8)).u8(0xF8 | (s.bitDepthChroma() - 8)).u16(0)
                .u8((Math.min(s.maxSubLayers(), 7) << 3) | (s.temporalIdNesting() ? 4 : 0) | 3).u8(3);
        for (List<byte[]> array : List.of(vps, sps, pps)) {
            w.u8(0x80 | NalUnits.h265Type(array.get(0)[0])).u16(array.size());
            for (byte[] nal : array) {
                w.u16(nal.length).bytes(nal);
            }
        }
    }

    static boolean supports(Codec codec) {
        return codec == Codec.H264 || codec == Codec.H265;
    }

    private static List<byte[]> sets(TrackFormat f, int type) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] ps : f.parameterSets()) {
            if (NalUnits.type(f.codec(), ps) == type) {
                out.add(ps);
            }
        }
        return out;
    }
}
