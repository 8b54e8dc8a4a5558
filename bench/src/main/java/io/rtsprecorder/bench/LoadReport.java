package io.rtsprecorder.bench;

import io.rtsprecorder.bench.LoadTool.Idle;
import io.rtsprecorder.bench.LoadTool.Kind;
import io.rtsprecorder.bench.LoadTool.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The load benchmark's Markdown, rewritten after every run so that an interrupted series keeps what it measured:
 * the full table (bench/README.md), the ratios against both peers, the {@code /record/off} times, the knee and the
 * short table the README keeps. Every figure in it comes from this run; nothing is carried over.
 */
final class LoadReport {

    private record Row(Kind side, int n, Side s) {
    }

    private final Path out;
    private final String header;
    private final List<Row> rows = new ArrayList<>();
    private final Map<Kind, Row> knees = new EnumMap<>(Kind.class);
    private final Map<Kind, Row> kneeStops = new EnumMap<>(Kind.class);
    /** Sides whose run failed outright at the knee (no row): the N and why. */
    private final Map<Kind, String> kneeFailures = new EnumMap<>(Kind.class);
    private Idle idle;

    LoadReport(Path out, int seconds, int warmup, String recorderJvm) {
        this.out = out;
        this.header = "Load: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", " + machine() + "; "
                + seconds + " s per side (CPU over the last " + (seconds - warmup) + " s), the sides of each N back "
                + "to back; recorder JVM options for N cameras: `" + recorderJvm + "`";
    }

    void idle(Idle idle) {
        this.idle = idle;
    }

    void add(Kind side, int n, Side s) throws IOException {
        rows.add(new Row(side, n, s));
        write();
    }

    /** One step of the knee: the largest N a side kept up with so far, or the N where it stopped keeping up. */
    void kneeStep(Kind side, int n, Side s) throws IOException {
        if (kneeStops.containsKey(side)) {
            return;
        }
        if (s.keptUp()) {
            knees.put(side, new Row(side, n, s));
        } else {
            kneeStops.put(side, new Row(side, n, s));
        }
        write();
    }

    /** A knee step whose run failed outright (the side did not come up): it ends that side's knee. */
    void kneeFailed(Kind side, int n, String why) throws IOException {
        if (!kneeStops.containsKey(side) && !kneeFailures.containsKey(side)) {
            kneeFailures.put(side, n + ": the run failed (" + why + ")");
        }
        write();
    }

    void write() throws IOException {
        StringBuilder md = new StringBuilder(header);
        if (idle != null) {
            md.append("; idle recorder: RSS ").append(LoadTool.mib(idle.rssBytes())).append(", live heap ")
                    .append(LoadTool.mib(idle.liveHeapBytes()));
        }
        md.append("\n\n").append(fullTable()).append('\n').append(ratios()).append('\n').append(recordOff());
        if (!knees.isEmpty() || !kneeStops.isEmpty() || !kneeFailures.isEmpty()) {
            md.append('\n').append(kneeTable());
        }
        md.append("\nShort table (README):\n\n").append(shortTable());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
    }

    private String fullTable() {
        StringBuilder t = new StringBuilder("| N | side | load avg before | CPU s / stream-min | kernel share "
                + "| cores used | memory | memory / stream | video frames written | lost | sessions dropped "
                + "| bad files (decoded) | camera pace | camera CPU s / stream-min | reads, writes / stream-s |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            Side s = r.s();
            t.append(String.format(Locale.ROOT, "| %d | %s | %s | %.3f | %.0f %% | %.2f | %s | %s | %d | %d | %d "
                            + "| %d (%d of %d) | %.3f | %.3f | %.0f, %.0f |%n", r.n(), r.side().label, s.loadAverage(),
                    s.cpuPerStreamMinute(), 100 * s.kernelShare(), s.coresUsed(), memory(r), memoryPerStream(r),
                    s.framesWritten(), s.framesLost(), s.sessionsLost(), s.badFiles(), s.decoded(), s.files(),
                    s.cameraPace(), s.cameraCpuPerStreamMinute(), s.readCalls(), s.writeCalls()));
        }
        return t.toString();
    }

    private String ratios() {
        StringBuilder t = new StringBuilder("| N | ours / ffmpeg CPU | ours / ffmpeg memory | ours / GStreamer CPU "
                + "| ours / GStreamer memory | floor / ours CPU |\n|---|---|---|---|---|---|\n");
        Map<Integer, Map<Kind, Side>> byN = new TreeMap<>();
        for (Row r : rows) {
            byN.computeIfAbsent(r.n(), k -> new EnumMap<>(Kind.class)).putIfAbsent(r.side(), r.s());
        }
        for (Map.Entry<Integer, Map<Kind, Side>> e : byN.entrySet()) {
            Side ours = e.getValue().get(Kind.OURS);
            if (ours == null) {
                continue;
            }
            int n = e.getKey();
            t.append("| ").append(n).append(" | ")
                    .append(ratio(ours, e.getValue().get(Kind.FFMPEG), n, false)).append(" | ")
                    .append(ratio(ours, e.getValue().get(Kind.FFMPEG), n, true)).append(" | ")
                    .append(ratio(ours, e.getValue().get(Kind.GSTREAMER), n, false)).append(" | ")
                    .append(ratio(ours, e.getValue().get(Kind.GSTREAMER), n, true)).append(" | ");
            Side floor = e.getValue().get(Kind.FLOOR);
            t.append(floor == null ? "" : String.format(Locale.ROOT, "%.2f",
                    floor.cpuPerStreamMinute() / ours.cpuPerStreamMinute())).append(" |\n");
        }
        return t.toString();
    }

    private String ratio(Side ours, Side peer, int n, boolean memory) {
        if (peer == null) {
            return "";
        }
        double peerValue = memory ? peer.memoryBytes() / (double) n : peer.cpuPerStreamMinute();
        if (peerValue <= 0) {
            return "(its processes had gone)"; // the camera cut them: nothing left to measure
        }
        return String.format(Locale.ROOT, "%.2f%s", (memory ? oursGrowth(ours, n) : ours.cpuPerStreamMinute())
                / peerValue, peer.keptUp() ? "" : " (not keeping up)");
    }

    private String recordOff() {
        StringBuilder t = new StringBuilder("| N | `/record/off` answers | min | median | p95 | max "
                + "| files not clean at the answer (read through; decoded in full) |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            RecordOff.Result o = r.s().recordOff();
            if (o != null) {
                t.append(String.format(Locale.ROOT, "| %d | %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms "
                                + "| %d of %d (%d) |%n", r.n(), o.millis().length, o.quantile(0), o.quantile(0.5),
                        o.quantile(0.95), o.quantile(1), o.unclean(), o.checked(), o.decoded()));
            }
        }
        return t.toString();
    }

    private String kneeTable() {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder t = new StringBuilder("| side | largest N kept up with | cores it used there "
                + "| cameras per core used | cameras per machine core | camera CPU s / stream-min there "
                + "| first N not kept up with, and why |\n|---|---|---|---|---|---|---|\n");
        for (Kind k : Kind.values()) {
            Row best = knees.get(k);
            Row stop = kneeStops.get(k);
            String failure = kneeFailures.get(k);
            if (best == null && stop == null && failure == null) {
                continue;
            }
            t.append("| ").append(k.label).append(" | ");
            if (best != null) {
                t.append(String.format(Locale.ROOT, "%d | %.2f | %.0f | %.0f | %.3f", best.n(), best.s().coresUsed(),
                        best.n() / best.s().coresUsed(), best.n() / (double) cores,
                        best.s().cameraCpuPerStreamMinute()));
            } else {
                t.append("none | | | | ");
            }
            t.append(" | ").append(stop != null ? stop.n() + ": " + why(stop.s())
                            : failure != null ? failure : "none up to the bound")
                    .append(" |\n");
        }
        return t.toString();
    }

    private static String why(Side s) {
        List<String> reasons = new ArrayList<>();
        if (s.framesLost() > 0) {
            reasons.add(s.framesLost() + " frames lost");
        }
        if (s.badFiles() > 0) {
            reasons.add(s.badFiles() + " bad files");
        }
        if (s.sessionsLost() > 0) {
            reasons.add(s.sessionsLost() + " sessions dropped by the camera");
        }
        if (s.behind()) {
            reasons.add("fewer frames written than the sessions' time up");
        }
        if (s.cameraPace() < 1 - LoadTool.BEHIND_TOLERANCE) {
            reasons.add(String.format(Locale.ROOT, "camera at %.2f of real time", s.cameraPace()));
        }
        return String.join(", ", reasons);
    }

    /** Per side: cameras per core from the knee (when run), CPU and memory per stream at the largest N measured. */
    private String shortTable() {
        StringBuilder t = new StringBuilder("| side | cameras per core used (knee) | CPU s / stream-min "
                + "| memory / stream | at N |\n|---|---|---|---|---|\n");
        for (Kind k : Kind.values()) {
            Row at = null;
            for (Row r : rows) {
                if (r.side() == k && r.s().keptUp() && r.n() <= 100 && (at == null || r.n() > at.n())) {
                    at = r;
                }
            }
            Row best = knees.get(k);
            if (at == null && best == null) {
                continue;
            }
            t.append("| ").append(k.label).append(" | ")
                    .append(best == null ? "" : String.format(Locale.ROOT, "%.0f (N = %d)",
                            best.n() / best.s().coresUsed(), best.n())).append(" | ");
            if (at != null) {
                t.append(String.format(Locale.ROOT, "%.3f | %s | %d", at.s().cpuPerStreamMinute(),
                        memoryPerStream(at), at.n()));
            } else {
                t.append(" | | ");
            }
            t.append(" |\n");
        }
        return t.toString();
    }

    private String memory(Row r) {
        return (r.side() == Kind.OURS ? "RSS " : "PSS ") + LoadTool.mib(r.s().memoryBytes());
    }

    private String memoryPerStream(Row r) {
        Side s = r.s();
        if (r.side() != Kind.OURS) {
            return LoadTool.mib(s.memoryBytes() / r.n()) + " (PSS)";
        }
        String live = idle == null ? "" : "; live heap "
                + LoadTool.mib((s.liveHeapBytes() - idle.liveHeapBytes()) / r.n());
        return LoadTool.mib((long) oursGrowth(s, r.n())) + " (RSS growth" + live + ")";
    }

    private double oursGrowth(Side ours, int n) {
        return (ours.memoryBytes() - (idle == null ? 0 : idle.rssBytes())) / (double) n;
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + procLine("cpuinfo", "model name") + "), "
                + procLine("meminfo", "MemTotal") + " RAM, Linux " + System.getProperty("os.version") + ", Java "
                + Runtime.version();
    }

    private static String procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of("/proc", file)).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
