package io.rtsprecorder.media.codec;

/**
 * The fields of an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1) that recording needs: picture size
 * after cropping, profile and level for {@code avcC}/SDP, and the picture-order-count fields needed to derive
 * decode timestamps. {@code maxNumReorderFrames} is -1 when the VUI does not say.
 */
public record H264Sps(int profileIdc, int constraintFlags, int levelIdc, int spsId, int chromaFormatIdc,
                      int bitDepthLuma, int bitDepthChroma, int log2MaxFrameNum, int picOrderCntType,
                      int log2MaxPicOrderCntLsb, boolean frameMbsOnly, int width, int height,
                      int maxNumReorderFrames) {

    /** Parses a raw SPS NAL unit (including its one-byte NAL header). */
    public static H264Sps parse(byte[] nal) throws CodecFormatException {
        if (nal.length < 4 || NalUnits.h264Type(nal[0]) != NalUnits.H264_SPS) {
            throw new CodecFormatException("not an H.264 SPS");
        }
        BitReader r = new BitReader(nal, 1, nal.length - 1);
        int profile = r.u(8);
        int constraints = r.u(8);
        int level = r.u(8);
        int id = r.ue();
        if (id > 31) {
            throw new CodecFormatException("SPS id out of range: " + id);
        }
        int chroma = 1;
        int depthLuma = 8;
        int depthChroma = 8;
        boolean separateColourPlane = false;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139
                || profile == 134 || profile == 135) {
            chroma = r.ue();
            if (chroma > 3) {
                throw new CodecFormatException("chroma_format_idc out of range: " + chroma);
            }
            if (chroma == 3) {
                separateColourPlane = r.flag();
            }
            depthLuma = 8 + r.ue();
            depthChroma = 8 + r.ue();
            if (depthLuma > 14 || depthChroma > 14) {
                throw new CodecFormatException("bit depth out of range");
            }
            r.skip(1); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                int lists = chroma != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        int log2MaxFrameNum = r.ue() + 4;
        if (log2MaxFrameNum > 16) {
            throw new CodecFormatException("log2_max_frame_num out of range");
        }
        int pocType = r.ue();
        int log2MaxPocLsb = 0;
        if (pocType == 0) {
            log2MaxPocLsb = r.ue() + 4;
            if (log2MaxPocLsb > 16) {
                throw new CodecFormatException("log2_max_pic_order_cnt_lsb out of range");
            }
        } else if (pocType == 1) {
            r.skip(1); // delta_pic_order_always_zero_flag
            r.se();
            r.se();
            int cycle = r.ue();
            if (cycle > 255) {
                throw new CodecFormatException("num_ref_frames_in_pic_order_cnt_cycle out of range");
            }
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        } else if (pocType != 2) {
            throw new CodecFormatException("pic_order_cnt_type out of range: " + pocType);
        }
        r.ue(); // max_num_ref_frames
        r.skip(1); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.skip(1); // mb_adaptive_frame_field_flag
        }
        r.skip(1); // direct_8x8_inference_flag
        int width = widthMbs * 16;
        int height = (2 - (frameMbsOnly ? 1 : 0)) * heightMapUnits * 16;
        if (r.flag()) { // frame_cropping_flag
            int left = r.ue();
            int right = r.ue();
            int top = r.ue();
            int bottom = r.ue();
            int arrayType = separateColourPlane ? 0 : chroma;
            int cropX = arrayType == 0 ? 1 : (arrayType == 3 ? 1 : 2);
            int cropY = (arrayType == 0 ? 1 : (arrayType == 1 ? 2 : 1)) * (2 - (frameMbsOnly ? 1 : 0));
            width -= (left + right) * cropX;
            height -= (top + bottom) * cropY;
        }
        if (width <= 0 || height <= 0 || width > 16_384 || height > 16_384) {
            throw new CodecFormatException("picture size out of range: " + width + "x" + height);
        }
        int reorder = -1;
        try {
            if (r.flag()) {
                reorder = readVuiReorderFrames(r);
            }
        } catch (CodecFormatException e) {
            reorder = -1; // truncated VUI is common and harmless: the size is already known
        }
        return new H264Sps(profile, constraints, level, id, chroma, depthLuma, depthChroma, log2MaxFrameNum,
                pocType, log2MaxPocLsb, frameMbsOnly, width, height, reorder);
    }

    private static int readVuiReorderFrames(BitReader r) throws CodecFormatException {
        if (r.flag()) { // aspect_ratio_info_present_flag
            if (r.u(8) == 255) {
                r.skip(32);
            }
        }
        if (r.flag()) { // overscan_info_present_flag
            r.skip(1);
        }
        if (r.flag()) { // video_signal_type_present_flag
            r.skip(4);
            if (r.flag()) {
                r.skip(24);
            }
        }
        if (r.flag()) { // chroma_loc_info_present_flag
            r.ue();
            r.ue();
        }
        if (r.flag()) { // timing_info_present_flag
            r.skip(65);
        }
        boolean nal = r.flag();
        if (nal) {
            skipHrd(r);
        }
        boolean vcl = r.flag();
        if (vcl) {
            skipHrd(r);
        }
        if (nal || vcl) {
            r.skip(1); // low_delay_hrd_flag
        }
        r.skip(1); // pic_struct_present_flag
        if (r.flag()) { // bitstream_restriction_flag
            r.skip(1);
            r.ue();
            r.ue();
            r.ue();
            r.ue();
            int reorder = r.ue();
            return Math.min(reorder, 16);
        }
        return -1;
    }

    private static void skipHrd(BitReader r) throws CodecFormatException {
        int count = r.ue() + 1;
        if (count > 32) {
            throw new CodecFormatException("cpb_cnt out of range");
        }
        r.skip(8);
        for (int i = 0; i < count; i++) {
            r.ue();
            r.ue();
            r.skip(1);
        }
        r.skip(20);
    }

    private static void skipScalingList(BitReader r, int size) throws CodecFormatException {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** {@code profile-level-id} for SDP: profile, constraint flags and level as six hex digits. */
    public String profileLevelId() {
        return String.format("%02X%02X%02X", profileIdc, constraintFlags, levelIdc);
    }
}
