package io.rtsprecorder.recorder.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.record.SegmentNaming;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline coarsens a month of footage to what a screen shows, from the catalog's index alone: the segments
 * here have no files at all, so a test that passes proves no file is opened.
 */
class TimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration MONTH = Duration.ofDays(30);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    private SegmentCatalog catalog() {
        return new SegmentCatalog(dir, SegmentNaming.DEFAULT_PATTERN, Clock.systemUTC());
    }

    /** Lists a closed segment of {@code seconds} starting at {@code start}, with no file behind it. */
    private void segment(SegmentCatalog catalog, Instant start, double seconds) {
        Path file = dir.resolve("gate/" + start.toString().substring(0, 10) + "/gate_" + STAMP.format(start)
                + ".mp4");
        catalog.opened("gate", file, start, List.of("h264"));
        catalog.closed(file, seconds, 1000);
    }

    /** A catalog of back-to-back segments of {@code length} over 30 days, minus [offFrom, offTo). */
    private SegmentCatalog month(Duration length, Instant offFrom, Instant offTo) {
        SegmentCatalog catalog = catalog();
        for (Instant t = T0; t.isBefore(T0.plus(MONTH)); t = t.plus(length)) {
            if (t.isBefore(offFrom) || !t.isBefore(offTo)) {
                segment(catalog, t, length.toMillis() / 1000.0);
            }
        }
        return catalog;
    }

    @Test
    void aMonthOfTenSecondSegmentsIsAFewSpansAndTheGapWithItsReason() {
        Instant offFrom = T0.plus(Duration.ofDays(3));
        Instant offTo = offFrom.plus(Duration.ofHours(1));
        SegmentCatalog catalog = month(Duration.ofSeconds(10), offFrom, offTo);
        GapJournal journal = new GapJournal(dir);
        journal.add("gate", offFrom, offTo, GapReason.OFF, "recording switched off through the API");
        assertThat(catalog.size()).isEqualTo(30 * 8640 - 360);

        Timeline.View v = null;
        for (int i = 0; i < 5; i++) { // a figure for the record, not a check: the first call includes warm-up
            long t0 = System.nanoTime();
            v = Timeline.of(catalog, journal, "gate", T0, T0.plus(MONTH), Duration.ofHours(1));
            System.out.printf("timeline of %d segments at 1 h resolution: %d spans, %d gaps in %d us%n",
                    catalog.size(), v.spans().size(), v.gaps().size(), (System.nanoTime() - t0) / 1000);
        }

        assertThat(v.segments()).isEqualTo(catalog.size());
        assertThat(v.spans()).hasSize(2);
        assertThat(v.spans().get(0).from()).isEqualTo(T0);
        assertThat(v.spans().get(0).to()).isEqualTo(offFrom);
        assertThat(v.spans().get(1).to()).isEqualTo(T0.plus(MONTH));
        assertThat(v.gaps()).singleElement().satisfies(g -> {
            assertThat(g.from()).isEqualTo(offFrom);
            assertThat(g.to()).isEqualTo(offTo);
            assertThat(g.reason()).isEqualTo(GapReason.OFF);
            assertThat(g.open()).isFalse();
        });
        assertThat(v.totalGaps()).isEqualTo(1);
        assertThat(v.recordedMillis()).isEqualTo(MONTH.minusHours(1).toMillis());
    }

    @Test
    void aMonthOfHourSegmentsAtMinuteResolution() {
        Instant offFrom = T0.plus(Duration.ofDays(10));
        SegmentCatalog catalog = month(Duration.ofHours(1), offFrom, offFrom.plus(Duration.ofHours(2)));
        Timeline.View v = Timeline.of(catalog, new GapJournal(dir), "gate", T0, T0.plus(MONTH),
                Duration.ofMinutes(1));
        assertThat(v.segments()).isEqualTo(30 * 24 - 2);
        assertThat(v.spans()).hasSize(2);
        assertThat(v.spans().get(0).segments() + v.spans().get(1).segments()).isEqualTo(30 * 24 - 2);
        assertThat(v.gaps()).singleElement().satisfies(g -> {
            assertThat(g.reason()).isEqualTo(GapReason.UNKNOWN);
            assertThat(Duration.between(g.from(), g.to())).isEqualTo(Duration.ofHours(2));
        });
    }

    @Test
    void aGapShorterThanTheResolutionIsCountedInItsSpanAndListedWhenZoomedIn() {
        Instant lost = T0.plus(Duration.ofHours(5));
        SegmentCatalog catalog = catalog();
        GapJournal journal = new GapJournal(dir);
        // 10 s segments over a day, with a 20 s reconnect at 05:00
        for (Instant t = T0; t.isBefore(T0.plus(Duration.ofDays(1))); t = t.plusSeconds(10)) {
            if (!t.equals(lost) && !t.equals(lost.plusSeconds(10))) {
                segment(catalog, t, 10);
            }
        }
        journal.add("gate", lost, lost.plusSeconds(20), GapReason.DISCONNECTED, "connection reset");

        Timeline.View day = Timeline.of(catalog, journal, "gate", T0, T0.plus(Duration.ofDays(1)),
                Duration.ofMinutes(1));
        assertThat(day.spans()).singleElement().satisfies(s -> assertThat(s.hiddenGaps()).isEqualTo(1));
        assertThat(day.gaps()).isEmpty();
        assertThat(day.totalGaps()).isEqualTo(1);

        Timeline.View zoomed = Timeline.of(catalog, journal, "gate", lost.minusSeconds(60), lost.plusSeconds(60),
                Duration.ofSeconds(1));
        assertThat(zoomed.spans()).hasSize(2);
        assertThat(zoomed.spans()).allSatisfy(s -> assertThat(s.hiddenGaps()).isZero());
        assertThat(zoomed.gaps()).singleElement().satisfies(g -> {
            assertThat(g.reason()).isEqualTo(GapReason.DISCONNECTED);
            assertThat(g.detail()).isEqualTo("connection reset");
            assertThat(g.from()).isEqualTo(lost);
            assertThat(g.to()).isEqualTo(lost.plusSeconds(20));
        });
        assertThat(zoomed.spans().get(0).from()).isEqualTo(lost.minusSeconds(60));
        assertThat(zoomed.recordedMillis()).isEqualTo(100_000);
    }

    @Test
    void anOpenGapRunsToTheRangesEndAndSaysSo() {
        SegmentCatalog catalog = catalog();
        segment(catalog, T0, 600);
        GapJournal journal = new GapJournal(dir);
        journal.open("gate", T0.plusSeconds(600), GapReason.OFF, null);
        Timeline.View v = Timeline.of(catalog, journal, "gate", T0, T0.plus(Duration.ofHours(1)),
                Duration.ofSeconds(10));
        assertThat(v.gaps()).singleElement().satisfies(g -> {
            assertThat(g.open()).isTrue();
            assertThat(g.reason()).isEqualTo(GapReason.OFF);
            assertThat(g.from()).isEqualTo(T0.plusSeconds(600));
            assertThat(g.to()).isEqualTo(T0.plus(Duration.ofHours(1)));
        });
    }

    @Test
    void theResolutionIsNeverFinerThanTheRangeAllowsSoTheAnswerStaysSmall() {
        SegmentCatalog catalog = catalog();
        GapJournal journal = new GapJournal(dir);
        // one second on, one second off, for a day: 43 200 stretches
        for (int i = 0; i < 43_200; i++) {
            segment(catalog, T0.plusSeconds(2L * i), 1);
        }
        Timeline.View v = Timeline.of(catalog, journal, "gate", T0, T0.plus(Duration.ofDays(1)),
                Duration.ofMillis(1));
        assertThat(v.resolution()).isEqualTo(Duration.ofDays(1).dividedBy(Timeline.MAX_BUCKETS));
        assertThat(v.spans().size()).isLessThanOrEqualTo(Timeline.MAX_BUCKETS + 1);
        assertThat(v.segments()).isEqualTo(43_200);
        assertThat(v.recordedMillis()).isEqualTo(43_200_000L);
    }
}
