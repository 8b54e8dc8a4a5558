package io.rtsprecorder.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AudioSpecificConfigs as cameras announce them in {@code config=} and as encoders write them, each row named
 * after its source. The sample rate is the AAC core's: with SBR (HE-AAC) or PS (HE-AAC v2) the decoder outputs
 * twice as many samples, however the config signals it (hierarchically, as object type 5 or 29 in front, or
 * backward-compatibly, as an AAC-LC config followed by the {@code 0x2B7} sync extension). That is the rate ADTS
 * carries, so MPEG-TS and a camera's in-band ADTS headers agree with the SDP.
 */
class AudioSpecificConfigTableTest {

    static Stream<Arguments> configs() {
        return Stream.of(
                row("Reolink (BC Streaming Media), go2rtc rtsp_test.go TestBugSDP3", "1408", 2, 16000, 1),
                row("HIK Media Server V3.5.43, bluenviron/gortsplib#88", "1190", 2, 48000, 2),
                row("HIK Media Server V3.4.109 playback (rtpmap says 32000), "
                        + "AxisCommunications/media-stream-library-js#417", "1408", 2, 16000, 1),
                row("RtspServer camera, go2rtc rtsp_test.go TestBugSDP1", "1588", 2, 8000, 1),
                row("CV-RTSPHandler camera (upper case, trailing ';'), go2rtc TestBugSDP5", "1588", 2, 8000, 1),
                row("go2rtc 1.2.0 restream: AAC-LC with SBR sync extension, sbrPresentFlag 0, "
                        + "go2rtc client_test.go", "119056E500", 2, 48000, 2),
                row("gst-rtsp-server and VLC 3.0.24 in our peer tests, mono with an absent-SBR sync extension, "
                        + "docs/compatibility.md", "118856e500", 2, 48000, 1),
                row("faac HE-AAC stereo, backward-compatible SBR signalling, knik0/faac#193", "131056e598", 2,
                        24000, 2),
                row("faac HE-AAC mono, backward-compatible SBR signalling, knik0/faac#193", "130856e598", 2, 24000,
                        1),
                row("faac HE-AAC mono with psPresentFlag 0, knik0/faac#193", "130856e59d4800", 2, 24000, 1),
                row("mediacommon audio_specific_config_test.go \"aac-lc 44.1khz mono\"", "1208", 2, 44100, 1),
                row("mediacommon \"aac-lc 44.1khz 5.1\"", "1230", 2, 44100, 6),
                row("mediacommon \"aac-lc 44.1khz 8 chans\" (channel configuration 7)", "1238", 2, 44100, 8),
                row("mediacommon \"aac-lc 48khz channel_config=0\" (layout in a PCE)", "1180", 2, 48000, 0),
                row("mediacommon \"aac-lc 53khz stereo\" (explicit 24-bit rate)", "1780678410", 2, 53000, 2),
                row("mediacommon \"aac-lc 96khz stereo delay\" (dependsOnCoreCoder)", "10120c08", 2, 96000, 2),
                row("mediacommon \"additional bytes\" after the GASpecificConfig", "11900810", 2, 48000, 2),
                row("HE-AAC mono, hierarchical SBR signalling, mediacommon \"sbr (he-aac v1) 44.1khz mono\"",
                        "2b8a0800", 2, 22050, 1),
                row("fdk-aac HE-AAC stereo, hierarchical SBR, mediacommon \"sbr (he-aac v1) 44.1khz stereo\"",
                        "2b920800", 2, 22050, 2),
                row("fdk-aac HE-AAC v2, hierarchical PS, mediacommon \"ps (he-aac v2) 48khz stereo\"", "eb098800",
                        2, 24000, 1));
    }

    private static Arguments row(String source, String hex, int objectType, int coreSampleRate, int channels) {
        return Arguments.of(source, hex, objectType, coreSampleRate, channels);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void configGivesTheCoreObjectTypeRateAndChannels(String source, String hex, int objectType, int coreSampleRate,
                                                     int channels) throws CodecFormatException {
        AudioSpecificConfig asc = AudioSpecificConfig.parse(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
        assertThat(asc.objectType()).isEqualTo(objectType);
        assertThat(asc.sampleRate()).isEqualTo(coreSampleRate);
        assertThat(asc.channels()).isEqualTo(channels);
        if (channels >= 1 && channels <= 7 && AudioSpecificConfig.rateIndex(coreSampleRate) >= 0) {
            byte[] frame = Arrays.copyOf(asc.adtsHeader(100), AudioSpecificConfig.ADTS_HEADER_BYTES + 100);
            assertThat(AudioSpecificConfig.parseAdts(frame, 0, frame.length).config()).isEqualTo(asc);
        }
    }
}
