package io.rtsprecorder.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * H.264 sequence parameter sets as real cameras, NVRs and servers send them, each row named after the camera and
 * the public test or issue thread that published its bytes. The expected fields were read from the same bytes with
 * FFmpeg's {@code trace_headers} bitstream filter, an implementation nobody on the team wrote; the picture size is
 * the coded size less the cropping window.
 */
class H264SpsTableTest {

    static Stream<Arguments> cameras() {
        return Stream.of(
                row("mediacommon h264/sps_test.go \"352x288\"",
                        "Z2QADKw7ULBLQgAAAwACAAADAD0I",
                        "64000C", 352, 288, true, 2, -1),
                row("mediacommon h264/sps_test.go \"1280x720\"",
                        "Z2QAH6zZQFAFuwFsgAAAAwCAAAAeB4wYyw==",
                        "64001F", 1280, 720, true, 0, 2),
                row("mediacommon h264/sps_test.go \"1920x1080 baseline\"",
                        "Z0LAKNkAeAIn5YQAAAMABAAAAwDwPGDJIA==",
                        "42C028", 1920, 1080, true, 2, 0),
                row("mediacommon h264/sps_test.go \"1920x1080 nvidia\"",
                        "Z2QAKKzZQHgCJ+WEAAADAAQAAAMA8Dxgxlg=",
                        "640028", 1920, 1080, true, 0, 2),
                row("mediacommon h264/sps_test.go \"1920x1080\" (interlaced, field pairs)",
                        "Z2QAKawTMUB4BEfeA+oCAgPgAAADACAAAAZS",
                        "640029", 1920, 1080, false, 0, -1),
                row("Hikvision, mediacommon h264/sps_test.go \"hikvision\"",
                        "Z2QAIKwXKgFAHmhAAAHCAABX5CE=",
                        "640020", 1280, 960, true, 0, -1),
                row("mediacommon h264/sps_test.go \"scaling matrix\" (2560x1440)",
                        "Z2QAMq2EAQwgCGEAQwgCGEAQwgCEO1AUAFrTcBAQFAAAAwAEAAADAKIQ",
                        "640032", 2560, 1440, true, 2, -1),
                row("NVENC with NAL HRD, mediacommon h264/sps_test.go \"1920x1080 nvenc hrd\"",
                        "Z2QAKqwsrAeAIn5cBagICAoAAAfQAAOpgcAAAExLAAAmJa3eXBQ=",
                        "64002A", 1920, 1080, true, 0, -1),
                row("Hikvision with NAL and VCL HRD, mediacommon h264/sps_test.go",
                        "Z00AKZpkA8ARPy4C3AQEBQAAAwPoAADDUOhgALq0AALqxLvLjQwAF1aAAF1Yl3lwoA==",
                        "4D0029", 1920, 1080, true, 0, -1),
                row("interlaced Main, mediacommon h264/sps_test.go \"mbs_only_flag = 0\"",
                        "Z01AKKtgPAIj7wEQAAADABAAAAMDLpQANWQGsoUIDuLFIsA=",
                        "4D4028", 1920, 1080, false, 0, 1),
                row("Axis public camera, meetecho/janus-gateway#849",
                        "Z0IAKeKQCgDLYC3AQEBpB4kRUA==",
                        "420029", 1280, 800, true, 0, 0),
                row("HIK Media Server NVR in-band SPS, bluenviron/gortsplib#88",
                        "Z00AKpY1QPAET8s3AQEBQAABwgAAV+QB",
                        "4D002A", 1920, 1080, true, 0, -1),
                row("Dahua ONVIF profile, bluenviron/gortsplib#479",
                        "Z2QAKqwsaoHgCJ+WbgoCCoAAAAMAgAAAD0IA",
                        "64002A", 1920, 1080, true, 0, -1),
                row("Hikvision 3200x1800 with PCM audio, go2rtc rtsp_test.go TestHikvisionPCM",
                        "Z2QAM6wVFKAyAOP5f/AAEAAWyAAAH0AAB1MAIA==",
                        "640033", 3200, 1800, true, 0, -1),
                row("Reolink (BC Streaming Media), go2rtc h264_test.go and TestBugSDP3",
                        "Z2QAM6wVFKAoAPGQ",
                        "640033", 2560, 1920, true, 0, -1),
                row("Reolink on LIVE555 v2013.04.08, scottlamb/retina#17",
                        "Z2QAM6zoAoALWQ==",
                        "640033", 2560, 1440, true, 0, -1),
                row("TP-Link MERCURY RTSP Server, go2rtc TestBugSDP4",
                        "Z2QAFqzGoCgPaEAAAAMAQAAAB6E=",
                        "640016", 640, 480, true, 0, -1),
                row("MERCURY camera, bluenviron/gortsplib#271",
                        "J00AH+dAKALdgKUFBQXwAAADABAAAAMCi2gD6AXf//wK",
                        "4D001F", 1280, 720, true, 0, -1),
                row("VCP IPC (H3C), AlexxIT/go2rtc#1426",
                        "Z2QAFqw7UFAX/LCAAAH0AABOIEI=",
                        "640016", 640, 360, true, 2, -1),
                row("Uniview IPC2122LB-SF28K-A, bluenviron/mediamtx#5008",
                        "Z2QAKKw7UDwBE/LCAAAH0AAA6mEI",
                        "640028", 1920, 1080, true, 2, -1),
                row("Panasonic with scaling lists, deepch/RTSPtoWeb#83",
                        "J2QAKK2UKQQYIOCDAgQfShSCDBBwYYG7UOggwQcEGBAg+hAEEFGCzgavpSRGI4Q8IfCH4Q/gg/AgfB9//0ImycR4U+"
                        + "EPwh/BB+BA+D7//0gHgCJ+WagQEBIAAAMAyAAALuHAAAAKQQAAAwAdzWVd5cYAAAMAUggAAAMA7msq7y4PCIRq",
                        "640028", 1920, 1080, true, 0, 0),
                row("Foscam FI8620 (HiIpcam), ZoneMinder/zoneminder#841",
                        "Z0LgHtoCwEkQ",
                        "42E01E", 704, 576, true, 2, -1),
                row("VLC 3.0.16 restream, mpromonet/v4l2rtspserver#285",
                        "J2QAKKwrQFAe0IAAAAMAgAAAHnJQABMSwAAvrze9wDxImoA=",
                        "640028", 640, 480, true, 2, 0),
                row("MediaMTX from ffmpeg libx264 baseline, bluenviron/mediamtx#1903",
                        "Z0LAKNoB4AiflwFuAgICgAAAAwCAAAAFB4wZUA==",
                        "42C028", 1920, 1080, true, 2, 0),
                row("CV-RTSPHandler camera with HRD, go2rtc TestBugSDP5",
                        "Z0KgKedAPAET8uAIEAABd2AAK/IGAAADAC+vCAAAHc1lP//jAAADABfXhAAADuayn//wIA==",
                        "42A029", 1920, 1080, true, 0, -1),
                row("go2rtc 1.2.0 restream, go2rtc client_test.go TestMissedControl",
                        "Z2QAKaw0yAeAIn5cBagICAoAAAfQAAE4gdDAAjhAACOEF3lxoYAEcIAARwgu8uFA",
                        "640029", 1920, 1080, true, 0, -1),
                row("Amcrest AD410, go2rtc h264_test.go",
                        "Z0IAMukAUAHjQgAAB9IAAOqcCAA=",
                        "420032", 2560, 1920, true, 0, -1),
                row("Sonoff, go2rtc h264_test.go",
                        "R00AKZmgHgCJ+WEAAAMD6AAATiCE",
                        "4D0029", 1920, 1080, true, 2, -1),
                row("Dahua 2560x1440 without VUI, go2rtc h264_test.go",
                        "Z01AMqaAKAC1kAA=",
                        "4D4032", 2560, 1440, true, 2, -1),
                row("TP-Link main stream, go2rtc h264_test.go",
                        "Z2QAKKwa0AoAt03AQEBQAAADABAAAAMB6PFCKg==",
                        "640028", 1280, 720, true, 2, 0),
                row("TP-Link sub stream, go2rtc h264_test.go",
                        "Z2QAFqwa0BQF/yzcBAQFAAADAAEAAAMAHo8UIqA=",
                        "640016", 640, 360, true, 2, 0),
                row("SONY SNC-WR630, bluenviron/mediamtx#85",
                        "Z2QAKKwa0A8ARPy4CIAAAAMAgAAADLWgAtwAHJ173CPFCKg=",
                        "640028", 1920, 1080, true, 2, 0),
                row("HIK Media Server V3.1.3, bluenviron/mediamtx#227",
                        "Z01AHppmBYHv81BgYGQAAA+gAAF3ABA=",
                        "4D401E", 704, 480, true, 0, -1),
                row("FLIR infrared camera, bluenviron/gortsplib#85",
                        "Z0IAHqtAUB7I",
                        "42001E", 640, 480, true, 0, -1),
                row("Vurix NVR, bluenviron/mediamtx#2128",
                        "Z2QAKKwbGoB4AiflwFuAgICgAAB9AAATiB0MAEr4AAL68F3lxoYAJXwAAX14LvLhQA==",
                        "640028", 1920, 1080, true, 0, -1),
                row("Altasec NVR, bluenviron/mediamtx#2762",
                        "Z01AFo2NQFAX/L/4BDgEQ3AQEBQAAA+gAACcQ6GB9ACMq7y40MD6AEZV3lwo",
                        "4D4016", 640, 360, true, 0, -1),
                row("Wisenet NVR DWC-MV94WiAT, bluenviron/mediamtx#3583",
                        "Z00AMpY1QFEBf03AQEBAgA==",
                        "4D0032", 2592, 1520, true, 0, -1),
                row("Verint EWR 52B, bluenviron/mediamtx#5292",
                        "Z2QAM6zTAPABD7AWoCAgKAABd2AAHUwEeEQiiw==",
                        "640033", 3840, 2160, true, 0, 1));
    }

    private static Arguments row(String source, String base64, String profileLevelId, int width, int height,
                                 boolean frameMbsOnly, int picOrderCntType, int maxNumReorderFrames) {
        return Arguments.of(source, base64, profileLevelId, width, height, frameMbsOnly, picOrderCntType,
                maxNumReorderFrames);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cameras")
    void spsFromACameraGivesItsSizeProfileAndReordering(String source, String base64, String profileLevelId,
                                                        int width, int height, boolean frameMbsOnly,
                                                        int picOrderCntType, int maxNumReorderFrames)
            throws CodecFormatException {
        H264Sps sps = H264Sps.parse(Base64.getDecoder().decode(base64));
        assertThat(sps.profileLevelId()).isEqualTo(profileLevelId);
        assertThat(sps.profileIdc()).isEqualTo(Integer.parseInt(profileLevelId.substring(0, 2), 16));
        assertThat(sps.levelIdc()).isEqualTo(Integer.parseInt(profileLevelId.substring(4), 16));
        assertThat(sps.chromaFormatIdc()).isEqualTo(1);
        assertThat(sps.bitDepthLuma()).isEqualTo(8);
        assertThat(sps.width()).isEqualTo(width);
        assertThat(sps.height()).isEqualTo(height);
        assertThat(sps.frameMbsOnly()).isEqualTo(frameMbsOnly);
        assertThat(sps.picOrderCntType()).isEqualTo(picOrderCntType);
        // Reading max_num_reorder_frames means the whole VUI before it (timing, HRD) was walked correctly.
        assertThat(sps.maxNumReorderFrames()).isEqualTo(maxNumReorderFrames);
    }
}
