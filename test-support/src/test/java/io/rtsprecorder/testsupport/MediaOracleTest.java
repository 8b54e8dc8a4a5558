package io.rtsprecorder.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaOracleTest {

    @TempDir
    Path dir;

    private final MediaOracle oracle = MediaOracle.get();

    @Test
    void h264AacFixtureHasRequestedStreamsAndFrameCount() {
        Path clip = oracle.fixture(FixtureSpec.h264Aac().withDuration(4), dir);
        ProbeResult probe = oracle.probe(clip, true);
        StreamInfo video = probe.video().orElseThrow();
        StreamInfo audio = probe.audio().orElseThrow();
        assertThat(video.codecName()).isEqualTo("h264");
        assertThat(video.width()).isEqualTo(640);
        assertThat(video.height()).isEqualTo(360);
        assertThat(video.frameCount()).isEqualTo(100);
        assertThat(audio.codecName()).isEqualTo("aac");
        assertThat(audio.sampleRate()).isEqualTo(48_000);
        assertThat(oracle.decodeErrors(clip)).isEmpty();
    }

    @Test
    void h265AlawFixtureIsQuickTimeWithG711() {
        Path clip = oracle.fixture(FixtureSpec.h265Alaw().withDuration(2), dir);
        ProbeResult probe = oracle.probe(clip);
        assertThat(clip.toString()).endsWith(".mov");
        assertThat(probe.video().orElseThrow().codecName()).isEqualTo("hevc");
        assertThat(probe.audio().orElseThrow().codecName()).isEqualTo("pcm_alaw");
        assertThat(probe.audio().orElseThrow().sampleRate()).isEqualTo(8_000);
    }

    @Test
    void bFrameFixtureHasPresentationTimesAheadOfDecodeTimes() {
        Path clip = oracle.fixture(FixtureSpec.h264BFramesAac().withDuration(2), dir);
        List<PacketInfo> packets = oracle.packets(clip, "v");
        assertThat(packets).hasSize(50);
        assertThat(packets).anyMatch(p -> p.ptsTime() > p.dtsTime());
        long keyframes = packets.stream().filter(PacketInfo::keyframe).count();
        assertThat(keyframes).isEqualTo(2);
    }

    @Test
    void truncatedFileProducesDecodeErrors() throws IOException {
        Path clip = oracle.fixture(FixtureSpec.h264Aac().withDuration(2).withFragmented(false), dir);
        Path broken = dir.resolve("broken.mp4");
        Files.copy(clip, broken);
        try (RandomAccessFile f = new RandomAccessFile(broken.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertThat(oracle.decodeErrors(broken)).isNotEmpty();
    }

    @Test
    void fixturesAreReusedFromTheDirectory() throws IOException {
        FixtureSpec spec = FixtureSpec.h264Aac().withDuration(1).withAudio(null, 0, 0);
        Path first = oracle.fixture(spec, dir);
        long modified = Files.getLastModifiedTime(first).toMillis();
        Path second = oracle.fixture(spec, dir);
        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second).toMillis()).isEqualTo(modified);
    }
}
