package io.rtsprecorder.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * H.265 sequence parameter sets from real encoders and cameras, each row named after its source. The expected
 * values are the ones the publishing project asserts (mediacommon) or, for SDP captures, what a separate
 * decoding of the same bytes gives; the picture size is the coded size less the conformance window.
 */
class H265SpsTableTest {

    static Stream<Arguments> cameras() {
        return Stream.of(
                row("mediacommon h265/sps_test.go \"1920x1080\"",
                        "QgEBAWAAAAMAkAAAAwAAAwB4oAPAgBDllmZpJMrgEAAAAwAQAAADAeCA",
                        1, false, 120, 1, 8, 1920, 1080, 2),
                row("mediacommon h265/sps_test.go \"1920x800\" (cinema crop)",
                        "QgEBAWAAAAMAkAAAAwAAAwB4oAPAgDIWWVmkkyvAWoCAgIIAAAfSAAC7gBA=",
                        1, false, 120, 1, 8, 1920, 800, 2),
                row("Main 4:4:4 12 bit, mediacommon h265/sps_test.go \"1280x720\"",
                        "QgEBBAgAAAMAmAgAAAMAAF2QAFAQBaIpS3SUmF/+AAIAAtQEBAQQAAADABAAAAMB4IA=",
                        4, false, 93, 3, 12, 1280, 720, 0),
                row("Main 10, high tier, mediacommon h265/sps_test.go \"10 bit\"",
                        "QgEBIiAAAAMAkAAAAwAAAwB4oAPAgBDk2WZmkkyvAQEAAAMAZAAAC7UI",
                        2, true, 120, 1, 10, 1920, 1080, 2),
                row("NVENC 1920x1088 with conformance window, mediacommon h265/sps_test.go \"nvenc\"",
                        "QgEBAUAAAAMAAAMAAAMAAAMAe6ADwIARB8uWtKQlkuMBagICAggAAAMACAAAAwHjAC7yiAAHJwwAAJiWgg==",
                        1, false, 123, 1, 8, 1920, 1080, 0),
                row("Avigilon 3072x1728, mediacommon h265/sps_test.go \"avigilon\"",
                        "QgEBAWAAAAMAgAAAAwAAAwCWoAGAIAbB/ja7tTd3JdYC3AQEBBAAAD6AAAQmhyHe5RABbiAAZv8AC3EAAzf4gA==",
                        1, false, 150, 1, 8, 3072, 1728, 0),
                row("long-term reference pictures, mediacommon h265/sps_test.go",
                        "QgEBAWAAAAMAsAAAAwAAAwBdoAKAgC0WNrkky/AIAAADAAgAAAMBlQg=",
                        1, false, 93, 1, 8, 1280, 720, 0),
                row("scaling lists, mediacommon h265/sps_test.go \"scaling list data\"",
                        "QgEBAWAAAAMAkAAAAwAAAwCWoAEAIAYBY0u5CE5RERiOCTAkQN0oUhzBJwYYG7KhkViuFsDxB9CAIIKMFnA1fKUkmT"
                        + "qvS6S7SS8ggREyDBgwaNGAsAgQIMCAD4H8H3yjIjCHGeM+O/CX8MfhD4MPB9/yoRI0Tk8lXJW5KVuaIxMQCAEEEIIQ"
                        + "IAEDAggfv/CAQhDCHDHhD4Q/CH8KfhT4Pv/8pSZMnVel0l2kl5BAiJkGDBg0aMBYBAgQYEAHwP4PvlEEiMIcZ4z478"
                        + "Jfwx+EPgw8H3/KiEkaJyeSrkrclK3NEYmIBACCCEEIEACBgQQP3/hCEIQwhwx4Q+EPwh/Cn4U+D7//KUmTJ1XpdJdp"
                        + "JeQQIiZBgwYNGjAWAQIEGBAB8D+D76ISRonJ5KuStyUrc0RiYgEAIIIQQgQAIGBBA/f9PLiagQEBAgAAAwDIAAAXcO"
                        + "ALvK4AA+gAAAMB9AAAAwB9AAADAD6ABXCAQQ==",
                        1, false, 150, 1, 8, 2048, 1536, 0),
                row("TP-Link IPC sprop-sps, pixelbender/go-sdp#5",
                        "QgEBAUAAAAMAAAMAAAMAAAMAmaADwIARB8uWu5G4NcqqbAgAAAMACAAAAwB4QA==",
                        1, false, 153, 1, 8, 1920, 1080, 0),
                row("TP-Link sprop-sps, bluenviron/mediamtx#990",
                        "QgEBAWAAAAMAAAMAAAMAAAMAlqABICAFEWNrkkya5ZwCAAADAAIAAAMAHhA=",
                        1, false, 150, 1, 8, 2304, 1296, 0),
                row("camera without session name, bluenviron/mediamtx#2473",
                        "QgEBAWAAAAMAAAMAAAMAAAMAlqABICAFEWNrkk5TNwEBAQQAAEZQAAV+QoQ=",
                        1, false, 150, 1, 8, 2304, 1296, 0));
    }

    private static Arguments row(String source, String base64, int profileIdc, boolean highTier, int levelIdc,
                                 int chromaFormatIdc, int bitDepth, int width, int height, int maxNumReorderPics) {
        return Arguments.of(source, base64, profileIdc, highTier, levelIdc, chromaFormatIdc, bitDepth, width, height,
                maxNumReorderPics);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cameras")
    void spsFromACameraGivesItsSizeAndProfileTierLevel(String source, String base64, int profileIdc,
                                                       boolean highTier, int levelIdc, int chromaFormatIdc,
                                                       int bitDepth, int width, int height, int maxNumReorderPics)
            throws CodecFormatException {
        H265Sps sps = H265Sps.parse(Base64.getDecoder().decode(base64));
        assertThat(sps.generalProfileSpace()).isZero();
        assertThat(sps.generalProfileIdc()).isEqualTo(profileIdc);
        assertThat(sps.generalTierFlag()).isEqualTo(highTier);
        assertThat(sps.generalLevelIdc()).isEqualTo(levelIdc);
        assertThat(sps.maxSubLayers()).isEqualTo(1);
        assertThat(sps.chromaFormatIdc()).isEqualTo(chromaFormatIdc);
        assertThat(sps.bitDepthLuma()).isEqualTo(bitDepth);
        assertThat(sps.bitDepthChroma()).isEqualTo(bitDepth);
        assertThat(sps.width()).isEqualTo(width);
        assertThat(sps.height()).isEqualTo(height);
        assertThat(sps.maxNumReorderPics()).isEqualTo(maxNumReorderPics);
    }
}
