package io.rtsprecorder.recorder.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gaps of one camera whose footage two replicas hold in part (seconds after T0). */
class MergedGapsTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    static Instant t(double s) {
        return T0.plusMillis(Math.round(s * 1000));
    }

    static MergedGaps.Run run(double from, double to) {
        return new MergedGaps.Run(t(from), t(to));
    }

    static GapReport.ReportedGap gap(double from, Double to, GapReason reason) {
        return new GapReport.ReportedGap(t(from), to == null ? null : t(to), reason, reason.label() + " here",
                List.of(reason));
    }

    static MergedGaps.Holder holder(String name, List<MergedGaps.Run> runs, List<GapReport.ReportedGap> gaps,
                                    boolean live) {
        return new MergedGaps.Holder(name, runs, gaps, live);
    }

    @Test
    void aFailoverSeamIsNoGapAndTheOldReplicasOpenGapEndsWhereTheNewOneRecords() {
        List<GapReport.ReportedGap> merged = MergedGaps.of(List.of(
                holder("a", List.of(run(0, 10)), List.of(gap(10, null, GapReason.RECORDER_DOWN)), false),
                holder("b", List.of(run(10.5, 20)), List.of(), true)));
        assertThat(merged).isEmpty();
    }

    @Test
    void whatNoReplicaCoversStaysAGapWithTheReasonOfTheReplicaThatReportedIt() {
        List<GapReport.ReportedGap> merged = MergedGaps.of(List.of(
                holder("a", List.of(run(0, 10)), List.of(gap(10, null, GapReason.RECORDER_DOWN)), false),
                holder("b", List.of(run(20, 30)), List.of(), false)));
        // from a's last file to b's first, and (nobody records now) open after b's last file
        assertThat(merged).containsExactly(gap(10, 20.0, GapReason.RECORDER_DOWN),
                gap(30, null, GapReason.RECORDER_DOWN));
    }

    @Test
    void aStretchNobodyRecordedOrReportedIsAnUnknownGap() {
        List<GapReport.ReportedGap> merged = MergedGaps.of(List.of(
                holder("a", List.of(run(0, 10)), List.of(), false),
                holder("b", List.of(run(20, 30)), List.of(), false)));
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).from()).isEqualTo(t(10));
        assertThat(merged.get(0).to()).isEqualTo(t(20));
        assertThat(merged.get(0).reason()).isEqualTo(GapReason.UNKNOWN);
    }

    @Test
    void anotherReplicasFilesCutAGapDownAndDroppedFramesInsideAFileStay() {
        List<GapReport.ReportedGap> merged = MergedGaps.of(List.of(
                holder("a", List.of(run(0, 10), run(20, 40)), List.of(gap(10, 20.0, GapReason.DISCONNECTED),
                        gap(25, 28.0, GapReason.DROPPED)), false),
                holder("b", List.of(run(12, 18), run(19.5, 20)), List.of(), false)));
        // 10-12 is left of the first gap; 18-19.5 is a seam shorter than GapReport.MIN_GAP
        assertThat(merged).containsExactly(gap(10, 12.0, GapReason.DISCONNECTED),
                gap(25, 28.0, GapReason.DROPPED));
    }

    @Test
    void overlappingReportsOfTwoReplicasAreOneGapWithBothCauses() {
        List<GapReport.ReportedGap> merged = MergedGaps.of(List.of(
                holder("a", List.of(run(0, 10), run(30, 40)), List.of(gap(10, 30.0, GapReason.DISCONNECTED)), false),
                holder("b", List.of(run(0, 5)), List.of(gap(5, 20.0, GapReason.RECORDER_DOWN)), false)));
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).from()).isEqualTo(t(10));
        assertThat(merged.get(0).to()).isEqualTo(t(30));
        assertThat(merged.get(0).reason()).isEqualTo(GapReason.DISCONNECTED);
        assertThat(merged.get(0).causes()).containsExactlyInAnyOrder(GapReason.DISCONNECTED, GapReason.RECORDER_DOWN);
    }

    @Test
    void runsJoinSegmentsCloserThanTheMinimumGap() {
        SegmentInfo a = new SegmentInfo("gate", "x", "a.mp4", t(0), t(4), 1, "mp4", List.of(), true);
        SegmentInfo b = new SegmentInfo("gate", "y", "b.mp4", t(4.5), t(8), 1, "mp4", List.of(), true);
        SegmentInfo c = new SegmentInfo("gate", "z", "c.mp4", t(12), t(16), 1, "mp4", List.of(), true);
        assertThat(MergedGaps.coverage(List.of(a, b, c))).containsExactly(run(0, 8), run(12, 16));
    }
}
