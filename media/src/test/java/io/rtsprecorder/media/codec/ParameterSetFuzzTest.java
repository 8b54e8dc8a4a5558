package io.rtsprecorder.media.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Arbitrary bytes as SPS or AudioSpecificConfig: only CodecFormatException may come out. */
class ParameterSetFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parsersFailOnlyWithTypedErrors(byte[] input) {
        byte[] h264 = input.clone();
        byte[] h265 = input.clone();
        if (h264.length > 0) {
            h264[0] = (byte) ((h264[0] & 0xE0) | NalUnits.H264_SPS);
            h265[0] = (byte) ((h265[0] & 0x81) | (NalUnits.H265_SPS << 1));
        }
        try {
            H264Sps.parse(h264);
        } catch (CodecFormatException expected) {
            // typed rejection
        }
        try {
            H265Sps.parse(h265);
        } catch (CodecFormatException expected) {
            // typed rejection
        }
        try {
            AudioSpecificConfig.parse(input);
            AudioSpecificConfig.parseAdts(input, 0, input.length);
        } catch (CodecFormatException expected) {
            // typed rejection
        }
        NalUnits.splitAnnexB(input, 0, input.length);
    }
}
