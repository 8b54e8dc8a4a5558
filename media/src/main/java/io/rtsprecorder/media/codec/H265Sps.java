package io.rtsprecorder.media.codec;

/**
 * The fields of an H.265 sequence parameter set (ITU-T H.265 §7.3.2.2) that recording needs: picture size after
 * the conformance window, the general profile/tier/level block for {@code hvcC}, chroma format and bit depths.
 */
public record H265Sps(int generalProfileSpace, boolean generalTierFlag, int generalProfileIdc,
                      long generalProfileCompatibilityFlags, long generalConstraintIndicatorFlags,
                      int generalLevelIdc, int maxSubLayers, boolean temporalIdNesting, int chromaFormatIdc,
                      int bitDepthLuma, int bitDepthChroma, int width, int height, int log2MaxPicOrderCntLsb,
                      int maxNumReorderPics) {

    /** Parses a raw SPS NAL unit (including its two-byte NAL header). */
    public static H265Sps parse(byte[] nal) throws CodecFormatException {
        if (nal.length < 6 || NalUnits.h265Type(nal[0]) != NalUnits.H265_SPS) {
            throw new CodecFormatException("not an H.265 SPS");
        }
        BitReader r = new BitReader(nal, 2, nal.length - 2);
        r.skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = r.u(3);
        if (maxSubLayersMinus1 > 6) {
            throw new CodecFormatException("sps_max_sub_layers_minus1 out of range");
        }
        boolean nesting = r.flag();
        int profileSpace = r.u(2);
        boolean tier = r.flag();
        int profileIdc = r.u(5);
        long compat = Integer.toUnsignedLong(r.u(32));
        long constraints = ((long) r.u(16) << 32) | Integer.toUnsignedLong(r.u(32));
        int level = r.u(8);
        boolean[] subProfilePresent = new boolean[maxSubLayersMinus1];
        boolean[] subLevelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            subProfilePresent[i] = r.flag();
            subLevelPresent[i] = r.flag();
        }
        if (maxSubLayersMinus1 > 0) {
            r.skip(2 * (8 - maxSubLayersMinus1));
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (subProfilePresent[i]) {
                r.skip(88);
            }
            if (subLevelPresent[i]) {
                r.skip(8);
            }
        }
        int spsId = r.ue();
        if (spsId > 15) {
            throw new CodecFormatException("SPS id out of range: " + spsId);
        }
        int chroma = r.ue();
        if (chroma > 3) {
            throw new CodecFormatException("chroma_format_idc out of range: " + chroma);
        }
        if (chroma == 3) {
            r.skip(1); // separate_colour_plane_flag
        }
        int width = r.ue();
        int height = r.ue();
        if (r.flag()) { // conformance_window_flag
            int subWidth = chroma == 1 || chroma == 2 ? 2 : 1;
            int subHeight = chroma == 1 ? 2 : 1;
            int left = r.ue();
            int right = r.ue();
            int top = r.ue();
            int bottom = r.ue();
            width -= subWidth * (left + right);
            height -= subHeight * (top + bottom);
        }
        if (width <= 0 || height <= 0 || width > 16_384 || height > 16_384) {
            throw new CodecFormatException("picture size out of range: " + width + "x" + height);
        }
        int depthLuma = r.ue() + 8;
        int depthChroma = r.ue() + 8;
        if (depthLuma > 16 || depthChroma > 16) {
            throw new CodecFormatException("bit depth out of range");
        }
        int log2MaxPocLsb = r.ue() + 4;
        if (log2MaxPocLsb > 16) {
            throw new CodecFormatException("log2_max_pic_order_cnt_lsb out of range");
        }
        int reorder = 0;
        try {
            boolean subLayerOrdering = r.flag();
            for (int i = subLayerOrdering ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
                r.ue(); // sps_max_dec_pic_buffering_minus1
                reorder = r.ue();
                r.ue(); // sps_max_latency_increase_plus1
            }
        } catch (CodecFormatException e) {
            reorder = 0;
        }
        return new H265Sps(profileSpace, tier, profileIdc, compat, constraints, level, maxSubLayersMinus1 + 1,
                nesting, chroma, depthLuma, depthChroma, width, height, log2MaxPocLsb, Math.min(reorder, 16));
    }
}
