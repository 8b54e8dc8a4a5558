package io.rtsprecorder.recorder.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The gaps in one camera's footage when the footage sits on several replicas' volumes (after a failover each holds
 * a part): a gap one replica reports is a gap only where no other replica's files cover it, and a stretch that no
 * replica covers is a gap even if none reported it (each replica sees only its own files).
 *
 * <p>Each replica ({@link Holder}) gives its recorded runs ({@link #coverage}), its own {@link GapReport} gaps and
 * whether it is writing a segment now. A replica's gap is cut down to what the others' runs leave uncovered; a
 * still-open gap (that replica stopped recording the camera) is dropped when another replica is recording it now.
 * Holes in the union of all runs come in too, explained by the reports that overlap them. Overlapping results are
 * one gap, with the earliest one's reason and every cause. Pieces shorter than {@link GapReport#MIN_GAP} left over
 * from cutting are seams, not gaps.
 */
public final class MergedGaps {

    /** Recorded time from {@code from} to {@code to} on one replica (segments closer than MIN_GAP joined). */
    public record Run(Instant from, Instant to) {
    }

    /** What one replica says of the camera over the range. */
    public record Holder(String name, List<Run> coverage, List<GapReport.ReportedGap> gaps, boolean live) {
    }

    private MergedGaps() {
    }

    /** A replica's runs: its segments (oldest first) with the seams shorter than {@link GapReport#MIN_GAP} closed. */
    public static List<Run> coverage(List<SegmentInfo> oldestFirst) {
        List<Run> out = new ArrayList<>();
        Instant from = null;
        Instant to = null;
        for (SegmentInfo s : oldestFirst) {
            Instant end = s.end() == null ? s.start() : s.end();
            if (from != null && Duration.between(to, s.start()).compareTo(GapReport.MIN_GAP) <= 0) {
                to = end.isAfter(to) ? end : to;
                continue;
            }
            if (from != null) {
                out.add(new Run(from, to));
            }
            from = s.start();
            to = end;
        }
        if (from != null) {
            out.add(new Run(from, to));
        }
        return out;
    }

    /** The merged gaps, oldest first. */
    public static List<GapReport.ReportedGap> of(List<Holder> holders) {
        boolean anyLive = holders.stream().anyMatch(Holder::live);
        List<GapReport.ReportedGap> pieces = new ArrayList<>();
        for (Holder h : holders) {
            List<Run> others = new ArrayList<>();
            for (Holder o : holders) {
                if (o != h) {
                    others.addAll(o.coverage());
                }
            }
            List<Run> cover = union(others);
            for (GapReport.ReportedGap g : h.gaps()) {
                for (GapReport.ReportedGap p : subtract(g, cover)) {
                    boolean trimmed = !p.from().equals(g.from()) || !same(p.to(), g.to());
                    if (p.to() == null && anyLive && !h.live()) {
                        continue; // this replica let the camera go; another one records it now
                    }
                    if (trimmed && p.to() != null
                            && Duration.between(p.from(), p.to()).compareTo(GapReport.MIN_GAP) <= 0) {
                        continue;
                    }
                    pieces.add(p);
                }
            }
        }
        List<Run> all = new ArrayList<>();
        holders.forEach(h -> all.addAll(h.coverage()));
        List<Run> union = union(all);
        for (int i = 1; i < union.size(); i++) {
            Instant from = union.get(i - 1).to();
            Instant to = union.get(i).from();
            if (Duration.between(from, to).compareTo(GapReport.MIN_GAP) > 0 && pieces.stream()
                    .noneMatch(p -> overlaps(p, from, to))) {
                pieces.add(new GapReport.ReportedGap(from, to, GapReason.UNKNOWN, "no replica recorded this "
                        + "stretch", List.of(GapReason.UNKNOWN)));
            }
        }
        pieces.sort(Comparator.comparing(GapReport.ReportedGap::from));
        List<GapReport.ReportedGap> out = new ArrayList<>();
        for (GapReport.ReportedGap p : pieces) {
            GapReport.ReportedGap last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && (last.to() == null || !p.from().isAfter(last.to()))) {
                Instant to = last.to() == null || p.to() == null ? null : p.to().isAfter(last.to()) ? p.to()
                        : last.to();
                List<GapReason> causes = new ArrayList<>(last.causes());
                p.causes().stream().filter(c -> !causes.contains(c)).forEach(causes::add);
                out.set(out.size() - 1, new GapReport.ReportedGap(last.from(), to, last.reason(), last.detail(),
                        List.copyOf(causes)));
            } else {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    private static boolean same(Instant a, Instant b) {
        return a == null ? b == null : a.equals(b);
    }

    private static boolean overlaps(GapReport.ReportedGap g, Instant from, Instant to) {
        return g.from().isBefore(to) && (g.to() == null || g.to().isAfter(from));
    }

    /** Runs sorted and joined where they touch or overlap. */
    static List<Run> union(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing(Run::from));
        List<Run> out = new ArrayList<>();
        for (Run r : sorted) {
            Run last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !r.from().isAfter(last.to())) {
                out.set(out.size() - 1, new Run(last.from(), r.to().isAfter(last.to()) ? r.to() : last.to()));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** The parts of {@code g} that {@code cover} (a union) leaves open; {@code to} null runs on for ever. */
    private static List<GapReport.ReportedGap> subtract(GapReport.ReportedGap g, List<Run> cover) {
        List<GapReport.ReportedGap> out = new ArrayList<>();
        Instant at = g.from();
        for (Run r : cover) {
            if (g.to() != null && !r.from().isBefore(g.to())) {
                break;
            }
            if (!r.to().isAfter(at)) {
                continue;
            }
            if (r.from().isAfter(at)) {
                out.add(new GapReport.ReportedGap(at, r.from(), g.reason(), g.detail(), g.causes()));
            }
            at = r.to();
        }
        if (g.to() == null || at.isBefore(g.to())) {
            out.add(new GapReport.ReportedGap(at, g.to(), g.reason(), g.detail(), g.causes()));
        }
        return out;
    }
}
