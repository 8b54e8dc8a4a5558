package io.rtsprecorder.recorder.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The gaps in a camera's footage over a time range, each with its reason: what the recordings listing shows.
 *
 * <p>Gaps are found from the segments themselves (consecutive segments further apart than {@link #MIN_GAP}, and the
 * stretch after the last segment while the camera's gap is still open), and explained by the {@link GapJournal}:
 * a gap takes the reason of the earliest journal gap it overlaps, and lists every overlapping reason as its causes.
 * A gap nothing explains says {@link GapReason#UNKNOWN}. Journal gaps inside files (frames dropped while the
 * session stayed up) are listed as they are.
 */
public final class GapReport {

    /** Segments closer than this are one stream cut into files, not a gap. */
    public static final Duration MIN_GAP = Duration.ofMillis(1500);
    /**
     * How far a segment's start may be off: names carry whole seconds, so after a restart a segment starts up to a
     * second earlier than its file did. A journal gap overlapping a found gap by less is not one of its causes.
     */
    static final Duration START_PRECISION = Duration.ofSeconds(1);

    /** A gap in the footage: {@code to} is null while it lasts. {@code causes} are distinct and in time order. */
    public record ReportedGap(Instant from, Instant to, GapReason reason, String detail, List<GapReason> causes) {
    }

    private GapReport() {
    }

    /**
     * @param oldestFirst the camera's segments that overlap the range, oldest first
     * @param journal     the camera's journal gaps that overlap the range, oldest first
     */
    public static List<ReportedGap> of(List<SegmentInfo> oldestFirst, List<GapJournal.Gap> journal) {
        List<ReportedGap> out = new ArrayList<>();
        List<GapJournal.Gap> unused = new ArrayList<>(journal);
        for (int i = 1; i < oldestFirst.size(); i++) {
            Instant end = oldestFirst.get(i - 1).end();
            Instant next = oldestFirst.get(i).start();
            if (end != null && (Duration.between(end, next).compareTo(MIN_GAP) > 0
                    || explainedShortGap(end, next, journal))) {
                out.add(explain(end, next, journal, unused));
            }
        }
        for (GapJournal.Gap g : List.copyOf(unused)) {
            if (g.open()) {
                // footage has stopped and not started again: the gap runs from the last file's end until now
                Instant lastEnd = oldestFirst.isEmpty() ? null : oldestFirst.get(oldestFirst.size() - 1).end();
                Instant from = lastEnd != null && lastEnd.isAfter(g.from()) ? lastEnd : g.from();
                out.add(explain(from, null, journal, unused));
            }
        }
        for (GapJournal.Gap g : unused) {
            if (!g.open() && Duration.between(g.from(), g.to()).compareTo(MIN_GAP) > 0 && inside(g, oldestFirst)) {
                out.add(new ReportedGap(g.from(), g.to(), g.reason(), g.detail(), List.of(g.reason())));
            }
        }
        out.sort(Comparator.comparing(ReportedGap::from));
        return out;
    }

    private static ReportedGap explain(Instant from, Instant to, List<GapJournal.Gap> journal,
                                       List<GapJournal.Gap> unused) {
        GapJournal.Gap primary = null;
        GapJournal.Gap largest = null;
        long largestOverlap = -1;
        List<GapJournal.Gap> overlapping = new ArrayList<>();
        for (GapJournal.Gap g : journal) {
            if (g.overlaps(from, to)) {
                unused.remove(g);
                overlapping.add(g);
                long overlap = overlapMillis(g, from, to);
                if (primary == null && overlap >= START_PRECISION.toMillis()) {
                    primary = g; // the earliest that really covers part of the gap: what stopped the footage
                }
                if (overlap > largestOverlap) {
                    largest = g;
                    largestOverlap = overlap;
                }
            }
        }
        if (primary == null) {
            primary = largest;
        }
        if (primary == null) {
            return new ReportedGap(from, to, GapReason.UNKNOWN, "nothing recorded why (files removed by hand?)",
                    List.of(GapReason.UNKNOWN));
        }
        List<GapReason> causes = new ArrayList<>();
        for (GapJournal.Gap g : overlapping) {
            boolean counts = g == primary || overlapMillis(g, from, to) >= START_PRECISION.toMillis();
            if (counts && !causes.contains(g.reason())) {
                causes.add(g.reason());
            }
        }
        return new ReportedGap(from, to, primary.reason(), primary.detail(), List.copyOf(causes));
    }

    /**
     * Whether a stretch shorter than {@link #MIN_GAP} between two files is a gap all the same: the journal says
     * footage stopped there (a reconnect that took a second) and covers at least half of it. Without that it is the
     * seam between two files of one stream. {@link GapReason#STARTING} does not count: the time until the first file
     * after switching on is no footage lost.
     */
    private static boolean explainedShortGap(Instant from, Instant to, List<GapJournal.Gap> journal) {
        long length = Duration.between(from, to).toMillis();
        if (length <= 0) {
            return false;
        }
        for (GapJournal.Gap g : journal) {
            if (g.reason() != GapReason.STARTING && g.overlaps(from, to) && 2 * overlapMillis(g, from, to) >= length) {
                return true;
            }
        }
        return false;
    }

    /** How long a journal gap covers [from, to) (to null: open-ended), in milliseconds. */
    private static long overlapMillis(GapJournal.Gap g, Instant from, Instant to) {
        Instant start = g.from().isAfter(from) ? g.from() : from;
        Instant end = g.to() == null ? to : to == null || g.to().isBefore(to) ? g.to() : to;
        return end == null ? Long.MAX_VALUE / 2 : Math.max(0, Duration.between(start, end).toMillis());
    }

    /** Whether a journal gap lies within the segments' span (dropped frames inside a file). */
    private static boolean inside(GapJournal.Gap g, List<SegmentInfo> segments) {
        for (SegmentInfo s : segments) {
            if (s.end() != null && !g.from().isBefore(s.start()) && !g.from().isAfter(s.end())) {
                return true;
            }
        }
        return false;
    }
}
