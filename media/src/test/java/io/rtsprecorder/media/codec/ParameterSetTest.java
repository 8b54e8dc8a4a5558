package io.rtsprecorder.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPS parsing checked against the sizes x264/x265 were asked for, including ones that need cropping. */
class ParameterSetTest {

    @ParameterizedTest(name = "{0} {1}x{2} bframes={3}")
    @CsvSource({"h264, 640, 360, false", "h264, 642, 362, false", "h264, 1920, 1080, true", "h265, 640, 360, false",
        "h265, 642, 362, false", "h265, 1920, 1080, false"})
    void spsGivesThePictureSize(String codec, int width, int height, boolean bFrames) throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withVideo(codec, bFrames).withSize(width, height)
                .withDuration(0.2).withAudio(null, 0, 0));
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(clip)) {
            TrackFormat f = demuxer.tracks().get(0);
            byte[] sps = f.parameterSets().stream()
                    .filter(ps -> codec.equals("h264") ? NalUnits.h264Type(ps[0]) == NalUnits.H264_SPS
                            : NalUnits.h265Type(ps[0]) == NalUnits.H265_SPS)
                    .findFirst().orElseThrow();
            if (codec.equals("h264")) {
                H264Sps parsed = H264Sps.parse(sps);
                assertThat(parsed.width()).isEqualTo(width);
                assertThat(parsed.height()).isEqualTo(height);
                assertThat(parsed.profileIdc()).isEqualTo(bFrames ? 77 : 66);
                assertThat(parsed.profileLevelId()).hasSize(6);
            } else {
                H265Sps parsed = H265Sps.parse(sps);
                assertThat(parsed.width()).isEqualTo(width);
                assertThat(parsed.height()).isEqualTo(height);
                assertThat(parsed.generalProfileIdc()).isEqualTo(1);
                assertThat(parsed.chromaFormatIdc()).isEqualTo(1);
                assertThat(parsed.bitDepthLuma()).isEqualTo(8);
            }
        }
    }

    @Test
    void truncatedOrForeignUnitsAreTypedErrors() {
        assertThatThrownBy(() -> H264Sps.parse(new byte[] {0x67, 66, 0})).isInstanceOf(CodecFormatException.class);
        assertThatThrownBy(() -> H264Sps.parse(new byte[] {0x68, 1, 2, 3, 4})).isInstanceOf(CodecFormatException.class);
        assertThatThrownBy(() -> H265Sps.parse(new byte[] {0x42, 1, 0, 0, 0, 0}))
                .isInstanceOf(CodecFormatException.class);
        assertThatThrownBy(() -> AudioSpecificConfig.parse(new byte[] {(byte) 0x17, (byte) 0x88}))
                .isInstanceOf(CodecFormatException.class); // frequency index 15 needs 24 more bits
    }

    @Test
    void audioSpecificConfigAndAdtsRoundTrip() throws CodecFormatException {
        byte[] asc = AudioSpecificConfig.build(2, 44100, 2);
        AudioSpecificConfig parsed = AudioSpecificConfig.parse(asc);
        assertThat(parsed).isEqualTo(new AudioSpecificConfig(2, 44100, 2));
        byte[] header = parsed.adtsHeader(371);
        AudioSpecificConfig.AdtsHeader adts = AudioSpecificConfig.parseAdts(
                java.util.Arrays.copyOf(header, 378), 0, 378);
        assertThat(adts.config()).isEqualTo(parsed);
        assertThat(adts.payloadLength()).isEqualTo(371);
    }
}
