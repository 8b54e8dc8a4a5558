package io.rtsprecorder.recorder.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtsprecorder.media.record.SegmentNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Files named like hourly segments of {@code device}, {@code hoursAgo} each, {@code bytes} long. */
    private void segments(Path root, String device, int bytes, int... hoursAgo) throws IOException {
        SegmentNaming naming = new SegmentNaming(root, SegmentNaming.DEFAULT_PATTERN);
        for (int h : hoursAgo) {
            Instant start = NOW.minus(Duration.ofHours(h));
            Path p = naming.newSegment(device, start, "ts");
            Files.write(p, new byte[bytes]);
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(start.plusSeconds(3599)));
        }
    }

    private SegmentCatalog catalog(Path root) throws IOException {
        SegmentCatalog c = new SegmentCatalog(root, SegmentNaming.DEFAULT_PATTERN, clock);
        c.scan();
        return c;
    }

    /** A disk of {@code total} bytes whose only content is the catalog's segments. */
    private static DiskSpace diskHolding(SegmentCatalog c, long total) {
        return new DiskSpace() {
            @Override
            public long usableBytes() {
                return total - c.totalBytes(null);
            }

            @Override
            public long totalBytes() {
                return total;
            }
        };
    }

    @Test
    void byAgeDeletesWhatEndedBeforeTheCutoffAndEmptyDirectories() throws Exception {
        segments(dir, "gate", 1000, 72, 50, 49, 3, 2);
        SegmentCatalog c = catalog(dir);
        Retention r = new Retention(c, new RetentionPolicy(Duration.ofHours(48), 0, 0, 0), diskHolding(c, 1 << 30),
                clock, new SimpleMeterRegistry());
        Retention.Result result = r.runOnce();
        assertThat(result.files()).isEqualTo(3);
        assertThat(result.bytes()).isEqualTo(3000);
        assertThat(c.segments("gate")).extracting(SegmentInfo::start).containsExactly(NOW.minus(Duration.ofHours(3)),
                NOW.minus(Duration.ofHours(2)));
        assertThat(dir.resolve("gate/2026-11-22")).doesNotExist();
        assertThat(r.runOnce().files()).isZero();
    }

    @Test
    void bySizePerCameraAndOverallOldestFirstNeverTheSegmentBeingWritten() throws Exception {
        segments(dir, "gate", 1000, 10, 9, 8, 7);
        segments(dir, "yard", 1000, 12, 6);
        SegmentCatalog c = catalog(dir);
        Path live = dir.resolve("yard/2026-11-25/yard_20261125T113000Z.ts");
        Files.write(live, new byte[5000]);
        c.opened("yard", live, NOW.minusSeconds(1800), List.of("h264"));
        c.progress(live, 5000);
        Retention r = new Retention(c, new RetentionPolicy(null, 6000, 2500, 0), diskHolding(c, 1 << 30), clock,
                new SimpleMeterRegistry());
        r.runOnce();
        // per camera: gate keeps its 2 newest (2000 <= 2500); yard stays over with its live 5000 once its complete
        // ones are gone; overall 7000 > 6000, so the oldest complete segment anywhere (gate's, 8 h ago) goes too
        assertThat(c.segments("gate")).extracting(SegmentInfo::start).containsExactly(NOW.minus(Duration.ofHours(7)));
        assertThat(c.segments("yard")).extracting(SegmentInfo::complete).containsExactly(false);
        assertThat(live).exists();
        assertThat(c.totalBytes(null)).isEqualTo(6000);
    }

    @Test
    void byFreeSpaceDeletesOldestAcrossCamerasUntilTheMinimumIsFree() throws Exception {
        segments(dir, "gate", 1000, 10, 8, 6);
        segments(dir, "yard", 1000, 9, 7);
        SegmentCatalog c = catalog(dir);
        Retention r = new Retention(c, new RetentionPolicy(null, 0, 0, 50), diskHolding(c, 6000), clock,
                new SimpleMeterRegistry());
        assertThat(r.runOnce().files()).isEqualTo(2);
        assertThat(c.segments("gate")).extracting(SegmentInfo::start).containsExactly(NOW.minus(Duration.ofHours(8)),
                NOW.minus(Duration.ofHours(6)));
        assertThat(c.segments("yard")).extracting(SegmentInfo::start).containsExactly(NOW.minus(Duration.ofHours(7)));
    }

    @Test
    void onARealSmallFileSystemFreeSpaceIsRestoredToTheMinimum() throws Exception {
        try (Tmpfs fs = Tmpfs.mount(dir, "4m")) {
            segments(fs.dir, "gate", 480 * 1024, 8, 7, 6, 5, 4, 3, 2, 1);
            SegmentCatalog c = catalog(fs.dir);
            DiskSpace disk = DiskSpace.of(fs.dir);
            assertThat(disk.usableBytes() * 100 / disk.totalBytes()).isLessThan(10);
            Retention r = new Retention(c, RetentionPolicy.standard(), disk, clock, new SimpleMeterRegistry());
            Retention.Result result = r.runOnce();
            assertThat(result.files()).isBetween(1, 3);
            assertThat(disk.usableBytes() * 100 / disk.totalBytes()).isGreaterThanOrEqualTo(10);
            assertThat(c.segments("gate").get(0).start()).isAfter(NOW.minus(Duration.ofHours(8)));
        }
    }
}
