package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.ServerAuthenticator;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.storage.GapReport;
import io.rtsprecorder.recorder.storage.Tmpfs;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.PacketInfo;
import io.rtsprecorder.testsupport.TcpForwarder;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The no-silent-loss soak: a bounded, seeded schedule of every fault a camera, its network and its volume can throw
 * at the recorder — dropped connections (at the camera and at the TCP forwarder that stands in for
 * deviceShifu-TCP), RTP stalls with RTCP going on, short pauses, RTCP BYE, timestamp steps and jumps, garbage
 * bytes, camera restarts, a window in which the password is wrong, refused sessions, a full volume — and then the
 * account: every second of the camera's time is either in a clean file (judged by ffmpeg) or in a gap the
 * recordings listing gives a reason for, with no zero-byte or header-only file, no decode time going backwards, and
 * no thread or file descriptor left behind.
 *
 * <p>The first faults are every kind once, in a seeded order; after that they are drawn at random from the same
 * seed. A fault is only thrown at a camera that is recording again, so each one is judged on its own. Used by the
 * suite ({@link NoSilentLossSoakTest}, 2 minutes) and by {@code bench/run-soak} (10 minutes and more).
 */
final class NoSilentLossSoak {

    /** Seconds the camera sends that must be in a file or a listed gap: holes up to this are segment seams. */
    static final Duration SEAM = GapReport.MIN_GAP;
    private static final Duration RECOVERY = Duration.ofSeconds(40);
    private static final Credentials CAMERA_LOGIN = new Credentials("admin", "soak-" + Long.toHexString(
            new Random().nextLong()));

    /** The faults, each as the recorder meets it in the field. */
    enum Fault {
        FORWARDER_DROP, CAMERA_DROP, RTP_STALL, SHORT_PAUSE, BYE, TIMESTAMP_STEP, TIMESTAMP_JUMP, GARBAGE,
        CAMERA_RESTART, PASSWORD_CHANGE, REFUSED_SESSIONS, FULL_DISK
    }

    /** What was thrown and when. */
    record Event(Instant at, Fault fault, double secondsToRecordingAgain) {
    }

    /** The account of one run. */
    record Report(long seed, double cameraSeconds, double secondsInFiles, Map<String, Double> secondsInGaps,
                  double secondsInSeams, double largestUncoveredSeconds, List<String> uncovered, int files,
                  List<String> badFiles, List<String> unknownGaps, List<Event> events, List<Fault> notRecovered,
                  Counts before, Counts after, boolean fullDiskTested) {

        String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "no-silent-loss soak, seed %d%n", seed));
            sb.append(String.format(Locale.ROOT, "| camera time | in files | in gaps | in seams (< %.1f s) | largest "
                    + "uncovered | files | bad files |%n", SEAM.toMillis() / 1000.0));
            double gaps = secondsInGaps.values().stream().mapToDouble(Double::doubleValue).sum();
            sb.append(String.format(Locale.ROOT, "| %.1f s | %.1f s | %.1f s | %.1f s | %.2f s | %d | %d |%n",
                    cameraSeconds, secondsInFiles, gaps, secondsInSeams, largestUncoveredSeconds, files,
                    badFiles.size()));
            sb.append("gaps by reason: ");
            secondsInGaps.forEach((r, s) -> sb.append(String.format(Locale.ROOT, "%s %.1f s; ", r, s)));
            sb.append(String.format(Locale.ROOT, "%nfaults: %d (%s)%n", events.size(), events.stream()
                    .map(e -> e.fault().name().toLowerCase(Locale.ROOT) + String.format(Locale.ROOT, " %.1fs",
                            e.secondsToRecordingAgain())).toList()));
            sb.append(String.format(Locale.ROOT, "threads: %d platform + %d virtual before, %d + %d after; file "
                    + "descriptors: %d before, %d after%n", before.platformThreads(), before.virtualThreads(),
                    after.platformThreads(), after.virtualThreads(), before.fileDescriptors(),
                    after.fileDescriptors()));
            if (!fullDiskTested) {
                sb.append("full disk not tested: needs root for a tmpfs\n");
            }
            return sb.toString();
        }
    }

    /** Threads and open file descriptors of this JVM. */
    record Counts(int platformThreads, int virtualThreads, int fileDescriptors) {
    }

    private final Path work;
    private final Duration length;
    private final long seed;
    private final Random random;
    private final List<Event> events = new ArrayList<>();
    private final List<Fault> notRecovered = new ArrayList<>();

    NoSilentLossSoak(Path work, Duration length, long seed) {
        this.work = work;
        this.length = length;
        this.seed = seed;
        this.random = new Random(seed);
    }

    Report run() throws Exception {
        Tmpfs tmpfs = null;
        Path volume;
        try {
            tmpfs = Tmpfs.mount(work, "512m");
            volume = tmpfs.dir;
        } catch (org.opentest4j.TestAbortedException e) {
            volume = Files.createDirectories(work.resolve("volume"));
        }
        try {
            return run(volume, tmpfs != null);
        } finally {
            if (tmpfs != null) {
                tmpfs.close();
            }
        }
    }

    private Report run(Path volume, boolean fullDisk) throws Exception {
        MountConfig mount = MountConfig.bundled("/cam", "h264-aac-640x360-25fps.mp4")
                .withAuth(ServerAuthenticator.Scheme.DIGEST, CAMERA_LOGIN);
        Counts before;
        Counts after;
        Instant t1;
        JsonNode listing;
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(mount)).withPorts(0, -1));
             TcpForwarder forwarder = TcpForwarder.start(camera.port());
             RecorderHarness recorder = RecorderHarness.start(volume, Map.of(
                     ConfigLoader.SERVER_ADDRESS, "rtsp://127.0.0.1:" + forwarder.port() + "/cam",
                     ConfigLoader.USER_NAME, CAMERA_LOGIN.username(),
                     ConfigLoader.PASSWORD, CAMERA_LOGIN.password(),
                     ConfigLoader.STREAM_TIMEOUT, "3s",
                     ConfigLoader.SEGMENT_DURATION, "20s",
                     ConfigLoader.RETENTION_MIN_FREE_PERCENT, "0"))) {
            awaitRecording(recorder);
            before = counts();
            List<Fault> order = new ArrayList<>(List.of(Fault.values()));
            if (!fullDisk) {
                order.remove(Fault.FULL_DISK);
            }
            Collections.shuffle(order, random);
            long deadline = System.nanoTime() + length.toNanos();
            int n = 0;
            while (System.nanoTime() < deadline) {
                Fault f = n < order.size() ? order.get(n) : order.get(random.nextInt(order.size()));
                n++;
                Thread.sleep(2000 + random.nextInt(2000));
                Instant at = Instant.now();
                apply(f, camera, forwarder, recorder, volume);
                long t0 = System.nanoTime();
                if (!awaitRecordingAgain(recorder, at)) {
                    notRecovered.add(f);
                    break;
                }
                events.add(new Event(at, f, (System.nanoTime() - t0) / 1e9));
            }
            Thread.sleep(3000);
            recorder.post("/record/off", null);
            t1 = Instant.now();
            listing = RecorderHarness.json(recorder.get("/api/v1/recordings?device=camera&order=oldest&limit=10000"));
        }
        Thread.sleep(3000);
        after = counts();
        return account(volume, listing, t1, before, after, fullDisk);
    }

    private void apply(Fault f, MockCamera camera, TcpForwarder forwarder, RecorderHarness recorder, Path volume)
            throws Exception {
        switch (f) {
            case FORWARDER_DROP -> forwarder.dropConnections();
            case CAMERA_DROP -> camera.dropConnections("/cam");
            case RTP_STALL -> camera.rtpStall("/cam", 5);
            case SHORT_PAUSE -> camera.silence("/cam", 2);
            case BYE -> camera.bye("/cam");
            case TIMESTAMP_STEP -> camera.timestampStep("/cam", -100);
            case TIMESTAMP_JUMP -> camera.timestampJump("/cam", 30);
            case GARBAGE -> camera.sendGarbage("/cam", 500);
            case CAMERA_RESTART -> camera.restart("/cam");
            case PASSWORD_CHANGE -> camera.changePassword("/cam", 5);
            case REFUSED_SESSIONS -> {
                camera.refuse("/cam", true);
                camera.dropConnections("/cam");
                Thread.sleep(3000);
                camera.refuse("/cam", false);
            }
            case FULL_DISK -> fillTheVolume(recorder, volume);
        }
    }

    /** Fills the volume with a ballast file until the camera reports it full, holds it a moment, then frees it. */
    private static void fillTheVolume(RecorderHarness recorder, Path volume) throws Exception {
        Path ballast = volume.resolve("ballast.bin");
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left: that is the point
        }
        try {
            recorder.awaitDevice("camera", d -> "disk_full".equals(d.path("failure").asText()),
                    Duration.ofSeconds(20));
            Thread.sleep(2000);
        } finally {
            Files.deleteIfExists(ballast);
        }
    }

    private static void awaitRecording(RecorderHarness recorder) throws InterruptedException {
        recorder.awaitDevice("camera", inState("RECORDING").and(d -> !d.path("currentFile").isNull()),
                RECOVERY);
    }

    /**
     * Waits until the camera records again: RECORDING, and a frame written more than a second after the fault (a
     * stall is only noticed after the stream timeout, so RECORDING alone could still be the time before it).
     */
    private static boolean awaitRecordingAgain(RecorderHarness recorder, Instant fault) throws InterruptedException {
        Instant after = fault.plusSeconds(1);
        try {
            recorder.awaitDevice("camera", inState("RECORDING").and(d -> !d.path("currentFile").isNull()
                    && !d.path("lastFrameAt").isNull()
                    && Instant.parse(d.path("lastFrameAt").asText()).isAfter(after)), RECOVERY);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Where every second went, and what the judges say of the files. */
    private Report account(Path volume, JsonNode listing, Instant t1, Counts before, Counts after,
                           boolean fullDisk) throws IOException {
        MediaOracle oracle = MediaOracle.get();
        List<Instant[]> inFiles = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (JsonNode s : listing.path("segments")) {
            Instant start = Instant.parse(s.path("start").asText());
            Instant end = Instant.parse(s.path("end").asText());
            inFiles.add(new Instant[] {start, end});
            Path file = volume.resolve(s.path("path").asText());
            listed.add(file.toString());
            String name = s.path("name").asText();
            if (!s.path("complete").asBoolean()) {
                bad.add(name + ": not complete after recording was switched off");
            }
            if (Files.size(file) == 0 || s.path("durationSeconds").asDouble() <= 0) {
                bad.add(name + ": no media (" + Files.size(file) + " bytes)");
                continue;
            }
            oracle.decodeErrors(file).forEach(e -> bad.add(name + ": " + e));
            if (oracle.probe(file).video().isEmpty()) {
                bad.add(name + ": no video stream");
            }
            bad.addAll(judgePackets(name, oracle.packets(file, "")));
        }
        try (Stream<Path> all = Files.walk(volume)) {
            all.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.rtsp-recorder/"))
                    .filter(p -> !listed.contains(p.toString()))
                    .forEach(p -> bad.add(volume.relativize(p) + ": on the volume but not listed"));
        }
        if (inFiles.isEmpty()) {
            bad.add("no segment at all");
            return new Report(seed, 0, 0, Map.of(), 0, 0, List.of(), 0, bad, List.of(), events, notRecovered,
                    before, after, fullDisk);
        }
        Instant t0 = inFiles.get(0)[0];
        List<Instant[]> covered = new ArrayList<>(inFiles);
        Map<String, Double> byReason = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (JsonNode g : listing.path("gaps")) {
            Instant from = Instant.parse(g.path("from").asText());
            Instant to = g.path("to").isNull() ? t1 : Instant.parse(g.path("to").asText());
            String reason = g.path("reason").asText();
            if (reason.equals("unknown") || reason.isEmpty()) {
                unknown.add(g.toString());
            }
            Instant a = from.isBefore(t0) ? t0 : from;
            Instant b = to.isAfter(t1) ? t1 : to;
            if (b.isAfter(a)) {
                covered.add(new Instant[] {a, b});
                byReason.merge(reason, Duration.between(a, b).toMillis() / 1000.0, Double::sum);
            }
        }
        double inFileSeconds = union(inFiles, t0, t1);
        List<String> holes = new ArrayList<>();
        double seams = 0;
        double largest = 0;
        covered.sort((x, y) -> x[0].compareTo(y[0]));
        Instant reached = t0;
        for (Instant[] c : covered) {
            if (c[0].isAfter(reached)) {
                double hole = Duration.between(reached, c[0]).toMillis() / 1000.0;
                largest = Math.max(largest, hole);
                if (hole >= SEAM.toMillis() / 1000.0) {
                    holes.add(String.format(Locale.ROOT, "%s to %s (%.2f s)", reached, c[0], hole));
                } else {
                    seams += hole;
                }
            }
            if (c[1].isAfter(reached)) {
                reached = c[1];
            }
        }
        if (t1.isAfter(reached) && Duration.between(reached, t1).compareTo(SEAM) >= 0) {
            holes.add(reached + " to the end " + t1);
        }
        double camera = Duration.between(t0, t1).toMillis() / 1000.0;
        return new Report(seed, camera, inFileSeconds, byReason, seams, largest, holes, inFiles.size(), bad,
                unknown, events, notRecovered, before, after, fullDisk);
    }

    /** Decode times strictly increasing per stream; no hole in a video stream longer than a seam. */
    private static List<String> judgePackets(String name, List<PacketInfo> packets) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Double> last = new TreeMap<>();
        for (PacketInfo p : packets) {
            if (Double.isNaN(p.dtsTime())) {
                continue;
            }
            Double before = last.put(p.streamIndex(), p.dtsTime());
            if (before != null && p.dtsTime() <= before) {
                problems.add(String.format(Locale.ROOT, "%s: stream %d dts %.3f after %.3f", name, p.streamIndex(),
                        p.dtsTime(), before));
            }
            if (before != null && p.streamIndex() == 0 && p.dtsTime() - before >= SEAM.toMillis() / 1000.0) {
                problems.add(String.format(Locale.ROOT, "%s: %.2f s without video inside the file at %.3f", name,
                        p.dtsTime() - before, before));
            }
        }
        return problems;
    }

    private static double union(List<Instant[]> intervals, Instant t0, Instant t1) {
        List<Instant[]> sorted = new ArrayList<>(intervals);
        sorted.sort((x, y) -> x[0].compareTo(y[0]));
        double total = 0;
        Instant reached = t0;
        for (Instant[] i : sorted) {
            Instant a = i[0].isBefore(reached) ? reached : i[0];
            Instant b = i[1].isAfter(t1) ? t1 : i[1];
            if (b.isAfter(a)) {
                total += Duration.between(a, b).toMillis() / 1000.0;
                reached = b;
            }
        }
        return total;
    }

    /** Threads (platform, and virtual from a thread dump) and file descriptors of this JVM now. */
    static Counts counts() throws IOException {
        int platform = ManagementFactory.getThreadMXBean().getThreadCount();
        Path dump = Files.createTempFile("soak-threads", ".json");
        Files.delete(dump);
        try {
            ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            String json = Files.readString(dump);
            int all = json.split("\"tid\"", -1).length - 1;
            int fds;
            try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
                fds = (int) s.count();
            }
            return new Counts(platform, Math.max(0, all - platform), fds);
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    static void assumeLinux() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts file descriptors in /proc");
    }
}
