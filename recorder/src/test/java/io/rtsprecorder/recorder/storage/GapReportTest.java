package io.rtsprecorder.recorder.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gaps found from segments and explained by the journal, on hand-made timelines. */
class GapReportTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static SegmentInfo segment(long startSecond, long endSecond) {
        return new SegmentInfo("gate", "gate/x" + startSecond + ".mp4", "x" + startSecond + ".mp4",
                T.plusSeconds(startSecond), T.plusSeconds(endSecond), 1000, "mp4", List.of("h264"), true);
    }

    private static GapJournal.Gap gap(long from, Long to, GapReason reason) {
        return new GapJournal.Gap(T.plusSeconds(from), to == null ? null : T.plusSeconds(to), reason, reason.label());
    }

    @Test
    void aGapBetweenSegmentsTakesTheReasonOfTheJournalGapItOverlaps() {
        List<GapReport.ReportedGap> gaps = GapReport.of(List.of(segment(0, 10), segment(15, 20)),
                List.of(gap(10, 15L, GapReason.STALLED)));
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).reason()).isEqualTo(GapReason.STALLED);
        assertThat(gaps.get(0).from()).isEqualTo(T.plusSeconds(10));
    }

    @Test
    void theOpenGapAfterTheLastSegmentRunsUntilNowWithItsReason() {
        // switched off a moment before the last file's end was reached (the file closes after the switch)
        List<GapReport.ReportedGap> gaps = GapReport.of(List.of(segment(0, 10)),
                List.of(new GapJournal.Gap(T.plusMillis(9800), null, GapReason.OFF, "off")));
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).reason()).isEqualTo(GapReason.OFF);
        assertThat(gaps.get(0).to()).isNull();
        assertThat(gaps.get(0).from()).isEqualTo(T.plusSeconds(10));
    }

    @Test
    void aGapNothingExplainsIsUnknownAndCausesListEveryOverlappingReason() {
        List<GapReport.ReportedGap> gaps = GapReport.of(List.of(segment(0, 10), segment(20, 30), segment(40, 50)),
                List.of(gap(10, 14L, GapReason.STALLED), gap(14, 20L, GapReason.AUTH)));
        assertThat(gaps).extracting(GapReport.ReportedGap::reason).containsExactly(GapReason.STALLED,
                GapReason.UNKNOWN);
        assertThat(gaps.get(0).causes()).containsExactly(GapReason.STALLED, GapReason.AUTH);
    }

    @Test
    void droppedFramesInsideAFileAreListedAndSeamsAreNot() {
        List<GapReport.ReportedGap> gaps = GapReport.of(List.of(segment(0, 10), segment(11, 30)),
                List.of(gap(20, 23L, GapReason.DROPPED)));
        assertThat(gaps).extracting(GapReport.ReportedGap::reason).containsExactly(GapReason.DROPPED);
    }

    @Test
    void aJournalGapThatOnlyTouchesAFoundGapBecauseNamesHoldWholeSecondsIsNotItsReason() {
        // after a restart the first file's start comes from its name, 22:46:28, though it began at 28.890; its end
        // (start + 0.68 s) then lies inside the "starting" gap that ended when the file began
        List<GapReport.ReportedGap> gaps = GapReport.of(List.of(segment(28, 29), segment(34, 40)), List.of(
                new GapJournal.Gap(T.plusMillis(27_692), T.plusMillis(28_890), GapReason.STARTING, "first file"),
                new GapJournal.Gap(T.plusMillis(29_359), T.plusMillis(33_889), GapReason.RECORDER_STOPPED, "stop")));
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).reason()).isEqualTo(GapReason.RECORDER_STOPPED);
        assertThat(gaps.get(0).causes()).containsExactly(GapReason.RECORDER_STOPPED);
    }

    @Test
    void aReconnectShorterThanTheSeamIsAGapWhenTheJournalSaysFootageStoppedThere() {
        List<GapReport.ReportedGap> gaps = GapReport.of(List.of(segment(0, 10), new SegmentInfo("gate",
                "gate/y.mp4", "y.mp4", T.plusMillis(11_200), T.plusSeconds(20), 1000, "mp4", List.of("h264"), true)),
                List.of(new GapJournal.Gap(T.plusMillis(9_900), T.plusMillis(11_200), GapReason.DISCONNECTED, "lost")));
        assertThat(gaps).extracting(GapReport.ReportedGap::reason).containsExactly(GapReason.DISCONNECTED);
        assertThat(GapReport.of(List.of(segment(0, 10), segment(11, 20)), List.of())).as("a seam").isEmpty();
    }
}
