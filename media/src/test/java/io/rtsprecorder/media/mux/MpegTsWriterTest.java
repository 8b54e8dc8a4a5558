package io.rtsprecorder.media.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.testing.Clips;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProbeResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MpegTsWriterTest {

    private final MediaOracle oracle = MediaOracle.get();

    @TempDir
    Path dir;

    static Stream<Arguments> clips() {
        return Stream.of(
                Arguments.of("h264+aac", FixtureSpec.h264Aac().withDuration(3), "h264", "aac"),
                Arguments.of("h264 b-frames+aac", FixtureSpec.h264BFramesAac().withDuration(3), "h264", "aac"),
                Arguments.of("h265 video only", FixtureSpec.h265Alaw().withDuration(3).withAudio(null, 0, 0), "hevc",
                        null),
                Arguments.of("h265+aac", FixtureSpec.h265Alaw().withDuration(3).withAudio("aac", 48000, 1), "hevc",
                        "aac"));
    }

    private static void copy(Path clip, Path out) throws IOException {
        Clips.copyFromFirstKeyframe(clip, tracks -> MpegTsWriter.create(out, tracks, Duration.ofSeconds(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void transportStreamDecodesCleanlyWithEveryVideoFrame(String name, FixtureSpec spec, String video, String audio)
            throws IOException {
        Path out = dir.resolve("out.ts");
        copy(Fixtures.get(spec), out);
        assertThat(Files.size(out) % 188).isZero();
        assertThat(oracle.decodeErrors(out)).isEmpty();
        ProbeResult probe = oracle.probe(out, true);
        assertThat(probe.formatName()).isEqualTo("mpegts");
        assertThat(probe.video().orElseThrow().codecName()).isEqualTo(video);
        assertThat(probe.video().orElseThrow().frameCount()).isEqualTo(spec.videoFrameCount());
        if (audio != null) {
            assertThat(probe.audio().orElseThrow().codecName()).isEqualTo(audio);
            assertThat(Math.abs(probe.video().orElseThrow().startTime() - probe.audio().orElseThrow().startTime()))
                    .isLessThan(0.1);
        }
    }

    @Test
    void bFramesKeepTheirPresentationOrder() throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h264BFramesAac().withDuration(2));
        Path out = dir.resolve("bframes.ts");
        copy(clip, out);
        Clips.assertCompositionOffsetsKept(clip, out, 0.0001);
    }

    @Test
    void aFileCutByACrashDecodesCleanlyAfterRepair() throws IOException {
        Path out = dir.resolve("cut.ts");
        copy(Fixtures.get(FixtureSpec.h264Aac().withDuration(3)), out);
        long size = Files.size(out);
        try (RandomAccessFile f = new RandomAccessFile(out.toFile(), "rw")) {
            f.setLength(size - 188 * 40 - 77); // mid-packet, inside a video frame
        }
        long before = Files.size(out);
        Container.Repaired repaired = Container.MPEG_TS.repair(out);
        assertThat(before - repaired.bytes()).as("bytes cut").isPositive();
        assertThat(repaired.hasMedia()).isTrue();
        assertThat(Files.size(out) % 188).isZero();
        assertThat(oracle.decodeErrors(out)).isEmpty();
        assertThat(oracle.probe(out, true).video().orElseThrow().frameCount()).isBetween(60L, 74L);
    }

    @Test
    void g711IsRefusedWithAClearMessageAndLeavesNoFile() throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h265Alaw().withDuration(1));
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(clip)) {
            assertThatThrownBy(() -> MpegTsWriter.create(dir.resolve("x.ts"), demuxer.tracks(), Duration.ofSeconds(1)))
                    .isInstanceOf(CodecFormatException.class).hasMessageContaining("use mp4 or flv");
        }
        assertThat(dir.resolve("x.ts")).doesNotExist();
    }
}
