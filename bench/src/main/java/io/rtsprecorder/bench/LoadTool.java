package io.rtsprecorder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Many cameras on one machine, ours against one ffmpeg and one GStreamer per camera, with the copying floor under
 * all three. For each N: the mock camera in its own process serves N streams (1080p, about 4 Mbit/s H.264 + AAC,
 * 2 s GOP); then, back to back so that they share the machine's load, the recorder in its own process records all
 * N (RTSP/TCP, fragmented MP4, 10 s segments), N {@code ffmpeg -c copy -f segment} processes record the same, N
 * {@code gst-launch-1.0 rtspsrc ! ... ! splitmuxsink} processes too, and {@link FloorRecorder} copies the N
 * sessions' bytes to files unparsed. Each side runs for the same time once the camera serves all N sessions; CPU is
 * read from /proc over a window after a warm-up, memory at its end.
 *
 * <p>Reported per side: CPU seconds per stream-minute, the kernel's share of it and the cores used, memory (ours:
 * RSS, its growth per stream over the recorder with no camera, and the heap still in use after a full collection
 * per stream; the others: PSS summed over their processes), video frames written and lost (gaps in the files' frame
 * timeline, plus frames our recorder dropped), sessions the camera dropped, files failing the oracle's full decode
 * (a sample), the camera's pace against real time and its own CPU. For ours, {@code /record/off} is then called
 * per camera and timed (see {@link RecordOff}). The load average before each measured window goes with its row.
 *
 * <p>The knee ({@code --knee}): per side, N rises through {@code --knee-counts} until the side no longer keeps up
 * (see {@link Side#keptUp}); the largest N it kept up with, over the cores it used there, is its cameras per core.
 *
 * <p>The recorder runs with the image's JVM options under the memory limit docs/install.md asks for N cameras
 * (see {@link #recorderJvmOptions}); before the runs, the page cache is warmed (see {@link #warmPageCache}).
 *
 * <p>{@code bench/run-load [--counts 1,10,50,100,200] [--seconds 40] [--warmup 10] [--out FILE]
 * [--sides ours,ffmpeg,gstreamer,floor] [--ours-only] [--knee] [--knee-counts 50,100,150,200,300,400,600]
 * [--no-table]}; {@code LOAD_RECORDER_JVM} replaces the recorder's JVM options, and with {@code LOAD_JFR=1} the
 * recorder also writes a flight recording (profile settings) next to its files.
 */
public final class LoadTool {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long TICKS = 100; // USER_HZ on Linux
    private static final int DECODE_SAMPLE = 12;
    /** JAVA_TOOL_OPTIONS of the container image. */
    static final String IMAGE_JVM_OPTIONS = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError";
    /** The memory limit docs/install.md asks for: this much, */
    static final int BASE_MIB = 256;
    /** plus this much per camera. */
    static final int PER_CAMERA_MIB = 1;
    /** Generation totals of GC.heap_info: G1's one heap line, or the serial collector's young and old generations. */
    private static final Pattern HEAP_USED = Pattern.compile(
            "^\\s*(?:garbage-first heap|DefNew|Tenured).*\\bused (\\d+)K");

    /**
     * What a side must keep up to, as a fraction: the camera's pace (frames sent per second against the clip's rate)
     * and each side's video frames against the time its sessions were up.
     */
    static final double BEHIND_TOLERANCE = 0.03;

    /** The sides of the comparison, each N running them back to back so that they share the machine's load. */
    enum Kind {
        OURS("ours", "rtsp-recorder"),
        FFMPEG("ffmpeg", "ffmpeg × N"),
        GSTREAMER("gstreamer", "GStreamer × N"),
        FLOOR("floor", "floor (copy only)");

        final String id;
        final String label;

        Kind(String id, String label) {
            this.id = id;
            this.label = label;
        }

        static Kind named(String id) {
            return Stream.of(values()).filter(k -> k.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no side " + id));
        }
    }

    /**
     * One side's figures. {@code memoryBytes} is the recorder's RSS (ours) or the summed PSS (the others);
     * {@code liveHeapBytes} is ours' heap in use right after a full collection (-1 for the others);
     * {@code coresUsed} its CPU seconds per second of the window; {@code cameraPace} the camera's frames sent in
     * the window against real time; {@code sessionsLost} sessions the camera no longer served at the window's end;
     * {@code behind} whether the files hold fewer video frames than the sessions' time up asks for;
     * {@code readCalls} and {@code writeCalls} the read and write system calls per stream-second (/proc/PID/io).
     */
    record Side(double cpuPerStreamMinute, double kernelShare, long memoryBytes, long liveHeapBytes,
                long framesWritten, long framesLost, int files, int decoded, int badFiles,
                double cameraCpuPerStreamMinute, double coresUsed, double cameraPace, int sessionsLost,
                boolean behind, String loadAverage, RecordOff.Result recordOff, double readCalls,
                double writeCalls) {

        /** No frame lost, no bad file, no session dropped, neither the side nor the camera behind real time. */
        boolean keptUp() {
            return framesLost == 0 && badFiles == 0 && sessionsLost == 0 && !behind
                    && cameraPace >= 1 - BEHIND_TOLERANCE;
        }
    }

    /** The recorder's memory with no camera: what each run's growth is measured from. */
    record Idle(long rssBytes, long liveHeapBytes) {
    }

    private final Path root;
    private final Path work;
    private final String java;
    private final int seconds;
    private final int warmup;
    private double cameraFramesPerSecond;
    /** Why the latest {@link #runOrReport} failed. */
    private String lastFailure = "";

    private LoadTool(Path root, Path work, int seconds, int warmup) {
        this.root = root;
        this.work = work;
        this.java = ProcessHandle.current().info().command().orElse("java");
        this.seconds = seconds;
        this.warmup = warmup;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = List.of(1, 10, 50, 100, 200);
        List<Integer> kneeCounts = List.of(50, 100, 150, 200, 300, 400, 600);
        List<Kind> sides = List.of(Kind.values());
        int seconds = 40;
        int warmup = 10;
        boolean knee = false;
        boolean table = true;
        Path out = Path.of("bench", "target", "load-results.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--counts" -> counts = ints(args[++i]);
                case "--knee-counts" -> kneeCounts = ints(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--ours-only" -> sides = List.of(Kind.OURS);
                case "--sides" -> sides = Stream.of(args[++i].split(",")).map(Kind::named).toList();
                case "--knee" -> knee = true;
                case "--no-table" -> table = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path root = Path.of("").toAbsolutePath();
        Path work = Files.createDirectories(root.resolve("bench/target/load"));
        LoadTool tool = new LoadTool(root, work, seconds, warmup);
        List<Integer> sizes = Stream.concat(table ? counts.stream() : Stream.empty(),
                knee ? kneeCounts.stream() : Stream.empty()).toList();
        long largestRun = sizes.stream().mapToLong(Integer::longValue).max().orElse(1) * seconds * 600_000L;
        warmPageCache(work, Math.min(largestRun, 8L << 30));
        Path clip = MediaOracle.get().fixture(FixtureSpec.h264Aac().withSize(1920, 1080).withVideoBitrate("4M")
                .withGop(2.0).withDuration(30), root.resolve("bench/target/fixtures"));
        tool.cameraFramesPerSecond = framesPerSecond(clip);
        System.err.printf(Locale.ROOT, "fixture %s: %.2f Mbit/s, %.2f frames/s%n", clip, Files.size(clip) * 8 / 30e6,
                tool.cameraFramesPerSecond);
        if (sides.contains(Kind.GSTREAMER)) {
            run("gst-inspect-1.0", "splitmuxsink"); // builds GStreamer's plugin registry once, not in N processes
        }
        LoadReport report = new LoadReport(out, seconds, warmup, tool.recorderJvmOptions(0)
                .replace("MaxRAM=" + BASE_MIB + "m", "MaxRAM=(" + BASE_MIB + " + " + PER_CAMERA_MIB + " N)m"));
        report.idle(sides.contains(Kind.OURS) ? tool.idleRecorder() : null);
        Map<Kind, Integer> keptUpTo = new EnumMap<>(Kind.class);
        if (table) {
            for (int n : counts) {
                for (Kind side : sides) {
                    Side s = tool.runOrReport(n, clip, side);
                    if (s == null) {
                        if (knee && keptUpTo.getOrDefault(side, 0) >= 0) {
                            report.kneeFailed(side, n, tool.lastFailure);
                        }
                        keptUpTo.put(side, -1);
                        continue;
                    }
                    report.add(side, n, s);
                    if (knee && keptUpTo.getOrDefault(side, 0) >= 0) {
                        report.kneeStep(side, n, s); // the table's sizes are the knee's first steps
                        keptUpTo.put(side, s.keptUp() ? n : -1);
                    }
                }
            }
        }
        if (knee) {
            for (Kind side : sides) {
                int from = keptUpTo.getOrDefault(side, 0);
                for (int n : kneeCounts) {
                    if (from < 0 || n <= from) {
                        continue;
                    }
                    Side s = tool.runOrReport(n, clip, side);
                    if (s == null) {
                        report.kneeFailed(side, n, tool.lastFailure);
                        break;
                    }
                    report.add(side, n, s);
                    report.kneeStep(side, n, s);
                    if (!s.keptUp()) {
                        break;
                    }
                }
            }
        }
        report.write();
        System.err.println(Files.readString(out));
    }

    private static List<Integer> ints(String csv) {
        return Stream.of(csv.split(",")).map(Integer::parseInt).toList();
    }

    /** Frames (every track) per second of the clip, as the mock camera sends them in real time. */
    private static double framesPerSecond(Path clip) throws IOException {
        long frames = 0;
        long lastVideoDts = 0;
        long timescale = 1;
        try (Mp4Demuxer d = Mp4Demuxer.open(clip)) {
            for (Frame fr = d.readFrame(); fr != null; fr = d.readFrame()) {
                frames++;
                if (fr.format().codec().isVideo()) {
                    lastVideoDts = fr.dts();
                    timescale = fr.format().timescale();
                }
            }
        }
        return frames / (lastVideoDts / (double) timescale + 1 / 25.0);
    }

    /** {@link #run}, or null when the run failed (printed): one side's failure does not end the series. */
    private Side runOrReport(int n, Path clip, Kind kind) {
        try {
            return run(n, clip, kind);
        } catch (Exception e) {
            System.err.println(kind.id + " N=" + n + " failed:");
            e.printStackTrace();
            lastFailure = e.getMessage() + exitNote(work.resolve(kind.id + "-" + n).resolve("recorder.log"));
            return null;
        }
    }

    /** What the recorder's log says of its end when it ended on its own (an out-of-memory exit), else "". */
    private static String exitNote(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.startsWith("Terminating due to")).findFirst().map(l -> "; recorder: " + l)
                    .orElse("");
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /**
     * One side for N streams, back to back with the others under the same load: camera and recorder(s) up, every
     * session playing, warm-up, measured window, the stop (ours: {@code /record/off} per camera first, timed),
     * files judged.
     */
    private Side run(int n, Path clip, Kind kind) throws Exception {
        Path dir = work.resolve(kind.id + "-" + n);
        deleteTree(dir);
        Files.createDirectories(dir);
        int rtspPort = freePort();
        int adminPort = freePort();
        Process camera = new ProcessBuilder(java, "-jar", root.resolve("camera/target/mock-camera.jar").toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(rtspPort), "--admin-port",
                Integer.toString(adminPort), "--session-timeout", "300", "--mount", "/cam=" + clip)
                .redirectErrorStream(true).redirectOutput(dir.resolve("camera.log").toFile()).start();
        List<Process> recorders = new ArrayList<>();
        try {
            awaitPort(rtspPort, Duration.ofSeconds(30));
            String url = "rtsp://127.0.0.1:" + rtspPort + "/cam";
            int httpPort = freePort();
            switch (kind) {
                case FFMPEG -> {
                    for (int i = 0; i < n; i++) {
                        Path camDir = Files.createDirectories(dir.resolve("cam-" + i));
                        recorders.add(MediaOracle.get().startFfmpeg(camDir.resolve("ffmpeg.log"), "-hide_banner",
                                "-loglevel", "error", "-rtsp_transport", "tcp", "-i", url, "-c", "copy", "-map",
                                "0", "-f", "segment", "-segment_time", "10", "-reset_timestamps", "1",
                                "-segment_format", "mp4", camDir.resolve("seg-%03d.mp4").toString()));
                    }
                }
                case GSTREAMER -> {
                    for (int i = 0; i < n; i++) {
                        recorders.add(startGstreamer(Files.createDirectories(dir.resolve("cam-" + i)), url));
                    }
                }
                case FLOOR -> recorders.add(new ProcessBuilder(java, "-Xmx64m", "-cp",
                        System.getProperty("java.class.path"), FloorRecorder.class.getName(), url,
                        Integer.toString(n), dir.resolve("floor").toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("floor.log").toFile()).start());
                case OURS -> {
                    StringBuilder yaml = new StringBuilder("cameras:\n");
                    for (int i = 0; i < n; i++) {
                        yaml.append("  - name: cam-").append(i).append("\n    address: ").append(url).append('\n');
                    }
                    recorders.add(startRecorder(dir, yaml.toString(), n, httpPort));
                    awaitRecording(httpPort, n, Duration.ofSeconds(120));
                }
                default -> throw new IllegalStateException(kind.toString());
            }
            awaitClients(adminPort, n, Duration.ofSeconds(120));
            long started = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(warmup));
            String load = loadAverage();
            System.err.printf("%s N=%d: measuring, load average %s%n", kind.id, n, load);
            long cpu0 = cpuTicks(recorders);
            long sys0 = systemTicks(recorders);
            long cam0 = cpuTicks(List.of(camera));
            long sent0 = cameraFramesSent(adminPort);
            long reads0 = ioCounter(recorders, "syscr:");
            long writes0 = ioCounter(recorders, "syscw:");
            long t0 = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(seconds - warmup));
            double window = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuTicks(recorders) - cpu0) / (double) TICKS;
            double sys = (systemTicks(recorders) - sys0) / (double) TICKS;
            double camCpu = (cpuTicks(List.of(camera)) - cam0) / (double) TICKS;
            double reads = (ioCounter(recorders, "syscr:") - reads0) / window / n;
            double writes = (ioCounter(recorders, "syscw:") - writes0) / window / n;
            double pace = (cameraFramesSent(adminPort) - sent0) / window / cameraFramesPerSecond;
            int clients = cameraClients(adminPort);
            long memory = kind != Kind.OURS ? recorders.stream()
                    .mapToLong(p -> procValue(p.pid(), "smaps_rollup", "Pss:")).sum()
                    : procValue(recorders.get(0).pid(), "status", "VmRSS:");
            long liveHeap = kind == Kind.OURS ? liveHeap(recorders.get(0).pid()) : -1;
            long dropped = kind == Kind.OURS ? droppedFrames(httpPort, dir) : 0;
            // the sessions' time up ends here: /record/off then stops ours' cameras one after the other
            double recorded = (System.nanoTime() - started) / 1e9;
            RecordOff.Result off = kind == Kind.OURS
                    ? RecordOff.switchOff(httpPort, dir.resolve("data"), n, DECODE_SAMPLE) : null;
            for (Process p : recorders) {
                // ffmpeg and gst-launch -e finish their files on SIGINT; a JVM started from a background shell
                // inherits SIGINT ignored and would only die when forced, so the JVMs get SIGTERM
                boolean jvm = kind == Kind.OURS || kind == Kind.FLOOR;
                new ProcessBuilder("kill", jvm ? "-TERM" : "-INT", Long.toString(p.pid())).start().waitFor();
            }
            for (Process p : recorders) {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            double streamMinutes = n * window / 60;
            long[] frames = kind == Kind.FLOOR ? new long[5] : judgeFiles(dir);
            System.err.printf(Locale.ROOT, "%s N=%d: %d frames missing in the files, %d dropped by the recorder,"
                    + " %d of %d sessions playing, camera at %.3f of real time%n", kind.id, n, frames[1], dropped,
                    clients, n, pace);
            deleteRecordings(dir);
            // every camera's files should hold the video of the time its session was up, less a GOP at the start
            long expected = kind == Kind.FLOOR ? 0 : (long) (n * 25 * (recorded - 2) * (1 - BEHIND_TOLERANCE));
            return new Side(cpu / streamMinutes, cpu > 0 ? sys / cpu : 0, memory, liveHeap, frames[0],
                    frames[1] + dropped, (int) frames[2], (int) frames[3], (int) frames[4], camCpu / streamMinutes,
                    cpu / window, pace, n - clients, frames[0] < expected, load, off, reads, writes);
        } finally {
            recorders.forEach(Process::destroyForcibly);
            camera.destroy();
            camera.waitFor(10, TimeUnit.SECONDS);
            camera.destroyForcibly();
        }
    }

    /**
     * One GStreamer recorder: {@code rtspsrc} over TCP, both tracks depayloaded and parsed into
     * {@code splitmuxsink}, fragmented MP4 (1 s fragments, as ours) in 10 s segments; {@code -e} turns the
     * SIGINT of the stop into an end of stream, so the last segment is finished.
     */
    private static Process startGstreamer(Path camDir, String url) throws IOException {
        return new ProcessBuilder("gst-launch-1.0", "-q", "-e", "rtspsrc", "protocols=tcp", "location=" + url,
                "name=src", "splitmuxsink", "name=mux", "muxer-factory=mp4mux",
                "muxer-properties=properties,fragment-duration=1000", "max-size-time=10000000000",
                "location=" + camDir.resolve("seg-%03d.mp4"),
                "src.", "!", "rtph264depay", "!", "h264parse", "!", "queue", "!", "mux.video",
                "src.", "!", "rtpmp4gdepay", "!", "aacparse", "!", "queue", "!", "mux.audio_0")
                .redirectErrorStream(true).redirectOutput(camDir.resolve("gst.log").toFile()).start();
    }

    /**
     * The recorder as the load runs start it: its own JVM with {@link #recorderJvmOptions}, cameras from a
     * config file, 10 s segments, HTTP on loopback.
     */
    private Process startRecorder(Path dir, String camerasYaml, int cameras, int httpPort) throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), camerasYaml);
        ProcessBuilder pb = new ProcessBuilder(java, "-jar",
                root.resolve("recorder/target/rtsp-recorder.jar").toString(), "serve");
        pb.environment().put("ConfigFile", config.toString());
        pb.environment().put("FileSavePath", dir.resolve("data").toString());
        pb.environment().put("HTTPAddress", "127.0.0.1");
        pb.environment().put("HTTPPort", Integer.toString(httpPort));
        pb.environment().put("APIAuth", "none"); // loopback only; the load tool reads /status without a token
        pb.environment().put("RTSPPort", "off");
        pb.environment().put("SegmentDuration", "10s");
        pb.environment().put("LOG_LEVEL", "WARN");
        String jvm = recorderJvmOptions(cameras);
        if (System.getenv("LOAD_JFR") != null) {
            // profile the recorder: LOAD_JFR=1 bench/run-load ... writes ours-N/recorder.jfr
            jvm += " -XX:StartFlightRecording=filename=" + dir.resolve("recorder.jfr") + ",settings=profile";
        }
        pb.environment().put("JAVA_TOOL_OPTIONS", jvm);
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // as in the image
        return pb.redirectErrorStream(true).redirectOutput(dir.resolve("recorder.log").toFile()).start();
    }

    /**
     * JVM options of the recorder for {@code n} cameras: {@code LOAD_RECORDER_JVM} when set, else those of the
     * container image ({@code deploy/image/Dockerfile}) in a container whose memory limit follows the sizing rule of
     * docs/install.md, {@value #BASE_MIB} MiB plus {@value #PER_CAMERA_MIB} MiB per camera. In a container the
     * JVM takes that limit as its RAM and, below 1792 MiB, picks the serial collector; here, without a container,
     * both are stated explicitly.
     */
    String recorderJvmOptions(int n) {
        String custom = System.getenv("LOAD_RECORDER_JVM");
        return custom != null ? custom.strip() : String.format(Locale.ROOT,
                "-XX:+UseSerialGC -XX:MaxRAM=%dm %s", BASE_MIB + PER_CAMERA_MIB * n, IMAGE_JVM_OPTIONS);
    }

    /** The recorder with no camera at all, after a full collection: the floor each run's growth is taken from. */
    private Idle idleRecorder() throws Exception {
        Path dir = work.resolve("idle");
        deleteTree(dir);
        Files.createDirectories(dir);
        int httpPort = freePort();
        Process recorder = startRecorder(dir, "cameras: []\n", 0, httpPort);
        try {
            awaitRecording(httpPort, 0, Duration.ofSeconds(60));
            Thread.sleep(Duration.ofSeconds(warmup));
            long rss = procValue(recorder.pid(), "status", "VmRSS:"); // before the collection, as in run()
            return new Idle(rss, liveHeap(recorder.pid()));
        } finally {
            recorder.destroy();
            recorder.waitFor(30, TimeUnit.SECONDS);
            recorder.destroyForcibly();
        }
    }

    /**
     * Heap in use right after a full collection, from {@code jcmd}: what the recorder really keeps per camera, as
     * opposed to RSS, which is mostly where the collector chose to let garbage gather. Read after RSS, since the
     * collection may shrink the heap.
     */
    private long liveHeap(long pid) throws Exception {
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        run(jcmd.toString(), Long.toString(pid), "GC.run");
        long used = 0;
        for (String line : run(jcmd.toString(), Long.toString(pid), "GC.heap_info").split("\n")) {
            Matcher m = HEAP_USED.matcher(line);
            if (m.find()) {
                used += Long.parseLong(m.group(1)) * 1024;
            }
        }
        return used;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /**
     * Writes and deletes {@code bytes} of scratch data so that the page cache the runs write into is memory the
     * kernel has used before. On a freshly booted VM the first write to each page costs a host-side fault, about
     * ten times the copy itself (here 3.1 s against 0.3 s of system time per GiB): whichever side wrote first
     * would pay it. It helps only in part on this VM, whose host seems to take freed pages back: copying into the
     * page cache was still 17 % of the recorder's CPU samples at N = 100, for both sides alike.
     */
    private static void warmPageCache(Path work, long bytes) throws IOException {
        Path scratch = work.resolve("warm.tmp");
        ByteBuffer chunk = ByteBuffer.allocateDirect(8 << 20);
        long t0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(scratch, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < bytes; ) {
                chunk.clear();
                written += ch.write(chunk);
            }
        } finally {
            Files.deleteIfExists(scratch);
        }
        System.err.printf(Locale.ROOT, "page cache warmed with %.1f GiB in %.1f s%n", bytes / (double) (1L << 30),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Removes a side's media once judged, giving its page cache back for the next side to reuse. */
    private static void deleteRecordings(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".mp4")).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Video frames written and lost (gaps in the frame timeline), files, files decoded, files failing. */
    private static long[] judgeFiles(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
        long written = 0;
        long lost = 0;
        for (Path f : files) {
            try (Mp4Demuxer d = Mp4Demuxer.open(f)) {
                long last = Long.MIN_VALUE;
                long frameTicks = 0;
                for (Frame fr = d.readFrame(); fr != null; fr = d.readFrame()) {
                    if (!fr.format().codec().isVideo()) {
                        continue;
                    }
                    written++;
                    long step = fr.format().timescale() / 25;
                    frameTicks = step;
                    if (last != Long.MIN_VALUE && fr.dts() - last > frameTicks * 3 / 2) {
                        long missing = (fr.dts() - last) / frameTicks - 1;
                        if (lost < 2000) {
                            System.err.printf(Locale.ROOT, "gap: %s at %.3f s: %d frames (keyframe after: %b)%n",
                                    dir.relativize(f), last / (double) fr.format().timescale(), missing,
                                    fr.keyframe());
                        }
                        lost += missing;
                    }
                    last = fr.dts();
                }
            } catch (IOException e) {
                lost++;
            }
        }
        int bad = 0;
        int decoded = 0;
        int stride = Math.max(1, files.size() / DECODE_SAMPLE);
        for (int i = 0; i < files.size(); i += stride) {
            decoded++;
            List<String> errors = MediaOracle.get().decodeErrors(files.get(i));
            if (!errors.isEmpty()) {
                bad++;
                System.err.printf(Locale.ROOT, "bad file: %s: %s (%d errors)%n", dir.relativize(files.get(i)),
                        errors.get(0), errors.size());
            }
        }
        return new long[] {written, lost, files.size(), decoded, bad};
    }

    /** User and system CPU ticks of {@code processes} (fields utime and stime of /proc/PID/stat). */
    private static long cpuTicks(List<Process> processes) {
        return statTicks(processes, true);
    }

    /** System (kernel) CPU ticks only: the share spent in socket reads, file writes and scheduling. */
    private static long systemTicks(List<Process> processes) {
        return statTicks(processes, false);
    }

    private static long statTicks(List<Process> processes, boolean withUser) {
        long total = 0;
        for (Process p : processes) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (withUser ? Long.parseLong(f[11]) : 0) + Long.parseLong(f[12]);
            } catch (IOException e) {
                // exited
            }
        }
        return total;
    }

    /** A counter of /proc/PID/io ({@code syscr:} read calls, {@code syscw:} write calls), summed over processes. */
    private static long ioCounter(List<Process> processes, String key) {
        long total = 0;
        for (Process p : processes) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "io"))) {
                    if (line.startsWith(key)) {
                        total += Long.parseLong(line.substring(key.length()).strip());
                    }
                }
            } catch (IOException e) {
                // exited
            }
        }
        return total;
    }

    /** A "Key:   123 kB" line of /proc/PID/FILE, in bytes. */
    private static long procValue(long pid, String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException e) {
            // exited
        }
        return 0;
    }

    /** Frames the recorder dropped, from /status, which is also kept in {@code dir} for a closer look. */
    private static long droppedFrames(int port, Path dir) throws Exception {
        String body = get(port, "/status");
        Files.writeString(dir.resolve("status.json"), body);
        JsonNode status = JSON.readTree(body);
        long dropped = 0;
        for (JsonNode d : status.path("devices")) {
            dropped += d.path("framesDropped").asLong();
        }
        return dropped;
    }

    /** The 1, 5 and 15 minute load averages, printed with every measured run: the machine is shared. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static JsonNode cameraStatus(int adminPort) throws Exception {
        return JSON.readTree(get(adminPort, "/status"));
    }

    /** Frames the mock camera has sent on all its mounts, counted once per frame whatever the sessions. */
    private static long cameraFramesSent(int adminPort) throws Exception {
        long sent = 0;
        for (JsonNode m : cameraStatus(adminPort).path("mounts")) {
            sent += m.path("framesSent").asLong();
        }
        return sent;
    }

    private static int cameraClients(int adminPort) throws Exception {
        int clients = 0;
        for (JsonNode m : cameraStatus(adminPort).path("mounts")) {
            clients += m.path("clients").asInt();
        }
        return clients;
    }

    /**
     * Until the camera serves {@code n} playing sessions: every side is measured from there. A side that does not
     * get there in time is measured all the same, and the sessions it lacks count as dropped.
     */
    private static void awaitClients(int adminPort, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int clients = 0;
        while (System.nanoTime() < deadline) {
            try {
                clients = cameraClients(adminPort);
                if (clients >= n) {
                    return;
                }
            } catch (IOException e) {
                // the camera's admin server starts after its RTSP port
            }
            Thread.sleep(200);
        }
        System.err.println(clients + " of " + n + " sessions playing after " + timeout);
    }

    private static void awaitRecording(int port, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int recording = 0;
        while (System.nanoTime() < deadline) {
            try {
                recording = 0;
                for (JsonNode d : JSON.readTree(get(port, "/status")).path("devices")) {
                    recording += d.path("state").asText().equals("RECORDING") ? 1 : 0;
                }
                if (recording == n) {
                    return;
                }
            } catch (IOException e) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(recording + " of " + n + " cameras recording after " + timeout);
    }

    static String get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitPort(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nothing listens on " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
