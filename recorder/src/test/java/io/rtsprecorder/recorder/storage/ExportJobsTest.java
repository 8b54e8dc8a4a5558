package io.rtsprecorder.recorder.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.record.SegmentNaming;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background exports stay within their bounds: jobs kept, bytes on disk, and how long finished ones stay. */
class ExportJobsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;
    private SegmentCatalog catalog;
    private final ManualClock clock = new ManualClock(T0.plusSeconds(3600));

    @BeforeEach
    void record() throws Exception {
        RecordedSegments.record(dir, "gate", RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(12)
                .withGop(1.0)), Duration.ofSeconds(5), T0);
        catalog = new SegmentCatalog(dir, SegmentNaming.DEFAULT_PATTERN, clock);
        catalog.scan();
    }

    private static ExportJobs.Snapshot awaitFinished(ExportJobs jobs, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ExportJobs.Snapshot s = jobs.get(id).orElseThrow();
        while (s.state() == ExportJobs.State.QUEUED || s.state() == ExportJobs.State.RUNNING) {
            assertThat(System.nanoTime()).as("export still %s", s.state()).isLessThan(deadline);
            Thread.sleep(20);
            s = jobs.get(id).orElseThrow();
        }
        return s;
    }

    private long exportFiles() throws Exception {
        Path d = VolumeLayout.stateDirectory(dir).resolve(ExportJobs.DIRECTORY);
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(d)) {
            return files.count();
        }
    }

    @Test
    void atMostMaxJobsAreKeptAndFinishedOnesExpireWithTheirFiles() throws Exception {
        try (ExportJobs jobs = new ExportJobs(catalog, dir, clock, new ExportJobs.Limits(2, 1, 1L << 30,
                Duration.ofMinutes(10)))) {
            ExportJobs.Snapshot a = jobs.submit("gate", T0, T0.plusSeconds(4), "mp4");
            ExportJobs.Snapshot b = jobs.submit("gate", T0.plusSeconds(4), T0.plusSeconds(9), "fmp4");
            assertThatThrownBy(() -> jobs.submit("gate", T0, T0.plusSeconds(2), null))
                    .isInstanceOf(ExportJobs.Busy.class).hasMessageContaining("at most 2");
            assertThat(awaitFinished(jobs, a.id()).state()).isEqualTo(ExportJobs.State.DONE);
            assertThat(awaitFinished(jobs, b.id()).state()).isEqualTo(ExportJobs.State.DONE);
            assertThat(jobs.file(a.id())).hasValueSatisfying(f -> assertThat(dir.resolve(f)).isNotEmptyFile());
            assertThat(exportFiles()).isEqualTo(2);

            clock.set(clock.instant().plus(Duration.ofMinutes(10)));
            assertThat(jobs.get(a.id())).isEmpty();
            assertThat(jobs.get(b.id())).isEmpty();
            assertThat(exportFiles()).isZero();
            assertThat(jobs.submit("gate", T0, T0.plusSeconds(2), null).state()).isIn(ExportJobs.State.QUEUED,
                    ExportJobs.State.RUNNING, ExportJobs.State.DONE);
        }
    }

    @Test
    void anExportPastTheByteBudgetFailsSayingWhatToDoAndLeavesNoFile() throws Exception {
        try (ExportJobs jobs = new ExportJobs(catalog, dir, clock, new ExportJobs.Limits(4, 2, 10_000,
                Duration.ofMinutes(10)))) {
            for (String format : new String[] {"mp4", "ts"}) {
                ExportJobs.Snapshot s = awaitFinished(jobs, jobs.submit("gate", T0, T0.plusSeconds(12), format)
                        .id());
                assertThat(s.state()).as(format).isEqualTo(ExportJobs.State.FAILED);
                assertThat(s.error()).contains("GET /api/v1/export");
                assertThat(jobs.file(s.id())).isEmpty();
            }
            assertThat(exportFiles()).isZero();
        }
    }

    @Test
    void aCancelledJobIsGoneWithItsFile() throws Exception {
        try (ExportJobs jobs = new ExportJobs(catalog, dir, clock, ExportJobs.Limits.DEFAULT)) {
            ExportJobs.Snapshot s = jobs.submit("gate", T0, T0.plusSeconds(12), "ts");
            assertThat(jobs.cancel(s.id())).isTrue();
            assertThat(jobs.get(s.id())).isEmpty();
            assertThat(jobs.cancel(s.id())).isFalse();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (exportFiles() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(exportFiles()).isZero();
        }
    }
}
