package io.rtsprecorder.media.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.testing.Clips;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProbeResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlvWriterTest {

    private final MediaOracle oracle = MediaOracle.get();

    @TempDir
    Path dir;

    static Stream<Arguments> clips() {
        return Stream.of(
                Arguments.of("h264+aac", FixtureSpec.h264Aac().withDuration(3), "h264", "aac"),
                Arguments.of("h264 b-frames+aac", FixtureSpec.h264BFramesAac().withDuration(3), "h264", "aac"),
                Arguments.of("h265 (enhanced FLV)+alaw", FixtureSpec.h265Alaw().withDuration(3), "hevc", "pcm_alaw"),
                Arguments.of("h264+mulaw", FixtureSpec.h264Aac().withDuration(3).withAudio("pcm_mulaw", 8000, 1),
                        "h264", "pcm_mulaw"),
                Arguments.of("video only", FixtureSpec.h264Aac().withDuration(3).withAudio(null, 0, 0), "h264", null));
    }

    private static void copy(Path clip, Path out) throws IOException {
        Clips.copyFromFirstKeyframe(clip, tracks -> FlvWriter.create(out, tracks, Duration.ofSeconds(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void flvDecodesCleanlyWithEveryVideoFrame(String name, FixtureSpec spec, String video, String audio)
            throws IOException {
        Path out = dir.resolve("out.flv");
        copy(Fixtures.get(spec), out);
        assertThat(oracle.decodeErrors(out)).isEmpty();
        ProbeResult probe = oracle.probe(out, true);
        assertThat(probe.video().orElseThrow().codecName()).isEqualTo(video);
        assertThat(probe.video().orElseThrow().frameCount()).isEqualTo(spec.videoFrameCount());
        assertThat(probe.video().orElseThrow().width()).isEqualTo(spec.width());
        if (audio != null) {
            assertThat(probe.audio().orElseThrow().codecName()).isEqualTo(audio);
            assertThat(probe.audio().orElseThrow().sampleRate()).isEqualTo(spec.sampleRate());
            assertThat(Math.abs(probe.video().orElseThrow().startTime() - probe.audio().orElseThrow().startTime()))
                    .isLessThan(0.1);
        }
        assertThat(probe.duration()).isCloseTo(spec.durationSeconds(), org.assertj.core.data.Offset.offset(0.15));
    }

    @Test
    void aFileCutByACrashDecodesCleanlyAfterRepair() throws IOException {
        Path out = dir.resolve("cut.flv");
        copy(Fixtures.get(FixtureSpec.h264Aac().withDuration(3)), out);
        long size = java.nio.file.Files.size(out);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(out.toFile(), "rw")) {
            f.setLength(size - 12_345); // inside a tag
        }
        long before = java.nio.file.Files.size(out);
        Container.Repaired repaired = Container.FLV.repair(out);
        assertThat(before - repaired.bytes()).as("bytes cut").isPositive();
        assertThat(repaired.hasMedia()).isTrue();
        assertThat(oracle.decodeErrors(out)).isEmpty();
        assertThat(oracle.probe(out, true).video().orElseThrow().frameCount()).isBetween(60L, 74L);
    }

    @Test
    void bFramesKeepTheirPresentationOrder() throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h264BFramesAac().withDuration(2));
        Path out = dir.resolve("bframes.flv");
        copy(clip, out);
        Clips.assertCompositionOffsetsKept(clip, out, 0.0015);
    }

    @Test
    void g711Beyond8KhzMonoIsRefusedWithAClearMessageAndLeavesNoFile() {
        Path out = dir.resolve("x.flv");
        TrackFormat wideband = TrackFormat.audio(Codec.PCMA, 16_000, 1, null);
        assertThatThrownBy(() -> FlvWriter.create(out, List.of(wideband), Duration.ofSeconds(1)))
                .isInstanceOf(CodecFormatException.class).hasMessageContaining("8 kHz mono");
        assertThat(out).doesNotExist();
    }
}
