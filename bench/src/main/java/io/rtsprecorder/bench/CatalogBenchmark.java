package io.rtsprecorder.bench;

import io.rtsprecorder.media.record.SegmentNaming;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The segment catalog with 100 000 segments (one camera, a minute each: 69 days): a page of the listing as
 * {@code GET /api/v1/recordings?device=cam} serves it (newest first, 100 per page; the whole range is counted for
 * the total), a page of a one-hour range, and a full rescan of the volume as at start-up (one header read per
 * file). Segment files are empty placeholders with the recorder's names, so the disk holds only their metadata.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CatalogBenchmark {

    static final int SEGMENTS = 100_000;
    private static final Instant START = Instant.parse("2026-09-01T00:00:00Z");

    private Path dir;
    private SegmentCatalog catalog;

    @Setup(Level.Trial)
    public void createSegments() throws IOException {
        dir = Files.createTempDirectory("rtsp-recorder-catalog-bench");
        SegmentNaming naming = new SegmentNaming(dir, SegmentNaming.DEFAULT_PATTERN);
        for (int i = 0; i < SEGMENTS; i++) {
            Files.createFile(naming.newSegment("cam", START.plusSeconds(60L * i), "mp4"));
        }
        catalog = new SegmentCatalog(dir, SegmentNaming.DEFAULT_PATTERN, Clock.systemUTC());
        catalog.scan();
    }

    @Benchmark
    public int listNewestPage() {
        return catalog.list("cam", null, null, true, 0, 100).total();
    }

    @Benchmark
    public int listOneHourInTheMiddle() {
        Instant from = START.plusSeconds(60L * SEGMENTS / 2);
        return catalog.list("cam", from, from.plusSeconds(3600), false, 0, 100).total();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public int rescanVolume() throws IOException {
        return catalog.scan();
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
