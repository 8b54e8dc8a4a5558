package io.rtsprecorder.recorder.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.recorder.storage.RecordedSegments;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** CODECS from real encoders' parameter sets (x264 and x265 through ffmpeg), checked against ffprobe's reading. */
class HlsCodecsTest {

    /** ffprobe's "profile,level" of the video stream. */
    private static String profileAndLevel(Path file) {
        return MediaOracle.get().ffprobe(Duration.ofSeconds(30), "-v", "error", "-select_streams", "v",
                "-show_entries", "stream=profile,level", "-of", "csv=p=0", file.toString()).stdout().strip();
    }

    @Test
    void h264AndAacNameProfileConstraintsAndLevelFromTheSpsAndTheAudioObjectType() throws Exception {
        Path clip = RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(1));
        try (Mp4Demuxer d = Mp4Demuxer.open(clip)) {
            // profile_idc 66 with constraint_set1 (0xc0: set0 and set1) is Constrained Baseline; level 30 is 0x1e
            assertThat(profileAndLevel(clip)).isEqualTo("Constrained Baseline,30");
            assertThat(HlsCodecs.of(d.tracks())).isEqualTo("avc1.42c01e,mp4a.40.2");
        }
    }

    @Test
    void h265NamesProfileCompatibilityTierLevelAndConstraintsAndLeavesPcmOut() throws Exception {
        Path clip = RecordedSegments.fixture(FixtureSpec.h265Alaw().withDuration(1));
        try (Mp4Demuxer d = Mp4Demuxer.open(clip)) {
            String[] ffprobe = profileAndLevel(clip).split(",");
            assertThat(ffprobe[0]).isEqualTo("Main");
            // Main: profile 1, compatibility flags 0x60000000 written bit-reversed as 6, main tier, level_idc as
            // ffprobe reads it, the constraint byte 0x90 (progressive source, frame only); G.711 stored as PCM has
            // no RFC 6381 name and is left out
            assertThat(HlsCodecs.of(d.tracks())).isEqualTo("hvc1.1.6.L" + ffprobe[1] + ".90");
        }
    }
}
