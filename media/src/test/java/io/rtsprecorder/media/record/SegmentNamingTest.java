package io.rtsprecorder.media.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentNamingTest {

    @TempDir
    Path dir;

    @Test
    void defaultNamesReadBackToDeviceStartAndExtension() throws Exception {
        SegmentNaming naming = new SegmentNaming(dir, SegmentNaming.DEFAULT_PATTERN);
        Instant start = Instant.parse("2026-11-25T10:30:05Z");
        Path first = naming.newSegment("gate.1", start, "mp4");
        java.nio.file.Files.createFile(first);
        Path second = naming.newSegment("gate.1", start, "mp4");
        assertThat(second.getFileName().toString()).isEqualTo("gate.1_20261125T103005Z-1.mp4");
        for (Path p : new Path[] {first, second}) {
            var parsed = naming.parse(dir.relativize(p).toString()).orElseThrow();
            assertThat(parsed.device()).isEqualTo("gate.1");
            assertThat(parsed.start()).isEqualTo(start);
            assertThat(parsed.extension()).isEqualTo("mp4");
        }
    }

    @Test
    void customPatternsWithDateAndTimeOrWithoutADate() throws Exception {
        SegmentNaming dated = new SegmentNaming(dir, "{date}/{device}/{time}.{ext}");
        assertThat(dated.parse("2026-11-25/yard/235959.ts").orElseThrow().start())
                .isEqualTo(Instant.parse("2026-11-25T23:59:59Z"));
        SegmentNaming undated = new SegmentNaming(dir, "{device}-{time}.{ext}");
        var parsed = undated.parse("yard-120000.flv").orElseThrow();
        assertThat(parsed.device()).isEqualTo("yard");
        assertThat(parsed.start()).isNull();
    }

    @Test
    void namesThatDoNotFitThePatternAreNotSegments() {
        SegmentNaming naming = new SegmentNaming(dir, SegmentNaming.DEFAULT_PATTERN);
        assertThat(naming.parse("gate/2026-11-25/other_20261125T103005Z.mp4")).isEmpty();
        assertThat(naming.parse("gate/2026-11-25/gate_20261125T103005Z.mkv")).isEmpty();
        assertThat(naming.parse("gate/2026-11-25/gate_20261399T103005Z.mp4")).isEmpty();
        assertThat(naming.parse(".rtsp-recorder/devices.json")).isEmpty();
        assertThat(naming.parse("gate/notes.txt")).isEmpty();
    }
}
