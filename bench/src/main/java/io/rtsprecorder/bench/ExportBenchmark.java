package io.rtsprecorder.bench;

import io.rtsprecorder.media.record.SegmentNaming;
import io.rtsprecorder.recorder.storage.Export;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time-range export of one hour of a 4 Mbit/s camera (60 one-minute segments, about 1.8 GB) to a file, as
 * {@code GET /api/v1/export} does it. One operation is the whole hour; MB/s = footage bytes / seconds per
 * operation (footage size printed at setup). {@code mp4} reads the footage twice (layout pass, then data);
 * {@code fmp4} once. The output goes to a file in the same temporary directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class ExportBenchmark {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @Param({"mp4", "fmp4"})
    public String format;

    private Path dir;
    private SegmentCatalog catalog;
    private long footageBytes;

    @Setup(Level.Trial)
    public void recordOneHour() throws IOException {
        dir = Files.createTempDirectory("rtsp-recorder-export-bench");
        footageBytes = SyntheticCamera.record(dir, "cam", START, 60, 60);
        catalog = new SegmentCatalog(dir, SegmentNaming.DEFAULT_PATTERN, Clock.systemUTC());
        catalog.scan();
        System.out.printf("%nfootage: %d bytes in %d segments; MB/s = %.1f / (s/op)%n", footageBytes,
                catalog.size(), footageBytes / 1e6);
    }

    @Benchmark
    public long exportOneHour() throws Exception {
        Export export = Export.prepare(catalog, "cam", START, START.plusSeconds(3600), format);
        Path out = dir.resolve("export." + format);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            export.writeTo(ch);
            return ch.size();
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
