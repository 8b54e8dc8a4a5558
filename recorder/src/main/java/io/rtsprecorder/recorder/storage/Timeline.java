package io.rtsprecorder.recorder.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A camera's footage over a time range, coarsened to what a screen can show: runs of recorded time ({@link Span})
 * and the gaps between them with their reasons ({@link Hole}), where nothing shorter than the resolution is drawn
 * on its own. A month of 10 s segments is about 260 000 files; a timeline of it at one pixel per hour is a few
 * hundred spans, so the browser never receives, and the server never serialises, one entry per file.
 *
 * <p>Two recorded stretches closer than the resolution are one span; the gaps this hides are counted in the span
 * ({@link Span#hiddenGaps}), so a viewer still learns there is something to zoom into. A gap at least as long as the
 * resolution is listed with the reason the {@link GapReport} gives it. Everything is clipped to the range; a gap
 * that is still open (the camera is not recording now) ends at the range's end and says so.
 *
 * <p>Built from the {@link SegmentCatalog}'s index and the {@link GapJournal} alone: no file is opened.
 */
public final class Timeline {

    /** The most entries a timeline is made of: a resolution finer than range / this is raised to it. */
    public static final int MAX_BUCKETS = 20_000;

    /** Recorded time from {@code from} to {@code to}, made of {@code segments} files (possibly in part). */
    public record Span(Instant from, Instant to, int segments, int hiddenGaps) {
    }

    /** A gap at least as long as the resolution; {@code open} while it lasts (it then ends at the range's end). */
    public record Hole(Instant from, Instant to, boolean open, GapReason reason, String detail,
                       List<GapReason> causes) {
    }

    /** The coarsened footage, with the totals of the whole range (before coarsening). */
    public record View(Instant from, Instant to, Duration resolution, List<Span> spans, List<Hole> gaps,
                       int segments, int totalGaps, long recordedMillis) {
    }

    private Timeline() {
    }

    /** The resolution actually used for a range: the one asked for, but no finer than range / {@link #MAX_BUCKETS}. */
    public static Duration effectiveResolution(Instant from, Instant to, Duration asked) {
        Duration finest = Duration.between(from, to).dividedBy(MAX_BUCKETS);
        Duration r = asked.compareTo(finest) < 0 ? finest : asked;
        return r.isZero() ? Duration.ofMillis(1) : r;
    }

    /** The camera's timeline over [{@code from}, {@code to}) from the catalog and the journal. */
    public static View of(SegmentCatalog catalog, GapJournal journal, String device, Instant from, Instant to,
                          Duration resolution) {
        List<SegmentInfo> segments = catalog.overlapping(device, from, to);
        List<GapReport.ReportedGap> gaps = GapReport.of(segments, journal.gaps(device, from, to));
        return of(segments, gaps, from, to, resolution);
    }

    /**
     * @param oldestFirst segments that overlap the range, oldest first
     * @param gaps        the range's gaps, oldest first (as {@link GapReport#of} gives them)
     */
    public static View of(List<SegmentInfo> oldestFirst, List<GapReport.ReportedGap> gaps, Instant from, Instant to,
                          Duration resolution) {
        Duration r = effectiveResolution(from, to, resolution);
        long step = r.toMillis();
        long lo = from.toEpochMilli();
        long hi = to.toEpochMilli();
        List<long[]> runs = new ArrayList<>(); // [from, to, segments, hidden gaps]
        long recorded = 0;
        long coveredUpTo = Long.MIN_VALUE;
        int count = 0;
        for (SegmentInfo s : oldestFirst) {
            long start = Math.max(lo, s.start().toEpochMilli());
            long end = Math.min(hi, (s.end() == null ? s.start() : s.end()).toEpochMilli());
            if (end < start || start >= hi) {
                continue;
            }
            count++;
            long fresh = Math.max(start, coveredUpTo);
            recorded += Math.max(0, end - fresh);
            coveredUpTo = Math.max(coveredUpTo, end);
            long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && start - last[1] < step) {
                last[1] = Math.max(last[1], end);
                last[2]++;
            } else {
                runs.add(new long[] {start, end, 1, 0});
            }
        }
        List<Hole> holes = new ArrayList<>();
        int total = 0;
        int run = 0;
        for (GapReport.ReportedGap g : gaps) {
            long start = Math.max(lo, g.from().toEpochMilli());
            long end = g.to() == null ? hi : Math.min(hi, g.to().toEpochMilli());
            if (end <= start && g.to() != null) {
                continue;
            }
            total++;
            if (end - start >= step) {
                holes.add(new Hole(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), g.to() == null, g.reason(),
                        g.detail(), g.causes()));
                continue;
            }
            while (run < runs.size() && runs.get(run)[1] < start) {
                run++;
            }
            if (run < runs.size() && runs.get(run)[0] <= end) {
                runs.get(run)[3]++;
            }
        }
        List<Span> spans = new ArrayList<>(runs.size());
        for (long[] x : runs) {
            spans.add(new Span(Instant.ofEpochMilli(x[0]), Instant.ofEpochMilli(x[1]), (int) x[2], (int) x[3]));
        }
        return new View(from, to, r, List.copyOf(spans), List.copyOf(holes), count, total, recorded);
    }
}
