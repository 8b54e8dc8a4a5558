package io.rtsprecorder.recorder.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProbeResult;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Export of a range across three 10 s segments made by the real recording path. */
class ExportTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final double GOP_SECONDS = 1.0;

    @TempDir
    static Path savePath;
    static SegmentCatalog catalog;

    @BeforeAll
    static void recordThreeSegments() throws Exception {
        Path clip = RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(29.5).withGop(GOP_SECONDS));
        RecordedSegments.record(savePath, "gate", clip, Duration.ofSeconds(10), T0);
        catalog = new SegmentCatalog(savePath, io.rtsprecorder.media.record.SegmentNaming.DEFAULT_PATTERN,
                Clock.systemUTC());
        catalog.scan();
        assertThat(catalog.segments("gate")).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mp4", "fmp4", "ts", "flv"})
    void rangeInsideTheFirstAndLastSegmentDecodesWithAudioAndVideoAndTheRightDuration(String format)
            throws Exception {
        Instant from = T0.plusMillis(3_300);
        Instant to = T0.plusMillis(25_100);
        Export export = Export.prepare(catalog, "gate", from, to, format);
        assertThat(export.segments()).hasSize(3);
        assertThat(export.gaps()).isEmpty();
        assertThat(export.start()).isBeforeOrEqualTo(from).isAfter(from.minusMillis(1001));
        Path out = savePath.resolve("export." + format);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            export.writeTo(ch);
        }
        if (format.equals("mp4")) {
            assertThat(Files.size(out)).isEqualTo(export.contentLength());
        }
        assertThat(MediaOracle.get().decodeErrors(out)).isEmpty();
        ProbeResult probe = MediaOracle.get().probe(out, true);
        assertThat(probe.video().orElseThrow().codecName()).isEqualTo("h264");
        assertThat(probe.audio().orElseThrow().codecName()).isEqualTo("aac");
        double requested = Duration.between(from, to).toMillis() / 1000.0;
        assertThat(probe.duration()).as("duration of %s", format).isCloseTo(requested, Offset.offset(GOP_SECONDS));
        long expectedFrames = Math.round(Duration.between(export.start(), to).toMillis() / 40.0);
        assertThat(probe.video().orElseThrow().frameCount()).isCloseTo(expectedFrames, Offset.offset(2L));
    }

    @Test
    void rangeOutsideTheFootageReportsGapsAndRangesWithoutFootageAre404() throws Exception {
        Export export = Export.prepare(catalog, "gate", T0.minusSeconds(5), T0.plusSeconds(40), "mp4");
        assertThat(export.gaps()).hasSize(2);
        assertThat(export.gaps().get(0).from()).isEqualTo(T0.minusSeconds(5));
        assertThat(export.gaps().get(1).to()).isEqualTo(T0.plusSeconds(40));
        assertThatThrownBy(() -> Export.prepare(catalog, "gate", T0.plusSeconds(3600), T0.plusSeconds(3700), "mp4"))
                .isInstanceOfSatisfying(ExportException.class, e -> assertThat(e.kind())
                        .isEqualTo(ExportException.Kind.NO_FOOTAGE));
        assertThatThrownBy(() -> Export.prepare(catalog, "gate", T0.plusSeconds(10), T0, "mp4"))
                .isInstanceOfSatisfying(ExportException.class, e -> assertThat(e.kind())
                        .isEqualTo(ExportException.Kind.INVALID));
        assertThatThrownBy(() -> Export.prepare(catalog, "gate", T0, T0.plusSeconds(10), "mkv"))
                .isInstanceOfSatisfying(ExportException.class, e -> assertThat(e.kind())
                        .isEqualTo(ExportException.Kind.INVALID));
    }
}
