package io.rtsprecorder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import java.io.IOException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Many cameras on one machine, ours against one ffmpeg per camera. For each N: the mock camera in its own process
 * serves N streams (1080p, about 4 Mbit/s H.264 + AAC, 2 s GOP); the recorder, in its own process, records all N
 * (RTSP/TCP, fragmented MP4, 10 s segments); then N {@code ffmpeg -c copy -f segment} processes record the same.
 * Both run for the same time; CPU is read from /proc over a window after a warm-up, memory at its end.
 *
 * <p>Reported per side: CPU seconds per stream-minute and the kernel's share of it, memory (ours: RSS, its
 * growth per stream over the recorder with no camera, and the heap still in use after a full collection per
 * stream; ffmpeg: PSS summed over its processes), video frames lost (gaps in the files' frame timeline, plus
 * frames our recorder dropped), files failing the oracle's full decode (a sample), and the camera's own CPU.
 *
 * <p>The recorder runs with the image's JVM options under the memory limit docs/install.md asks for N cameras
 * (see {@link #recorderJvmOptions}); before the runs, the page cache is warmed (see {@link #warmPageCache}).
 *
 * <p>{@code bench/run-load [--counts 1,10,50,100,200] [--seconds 40] [--warmup 10] [--out FILE] [--ours-only]};
 * {@code LOAD_RECORDER_JVM} replaces the recorder's JVM options, and with {@code LOAD_JFR=1} the recorder also
 * writes a flight recording (profile settings) next to its files.
 */
public final class LoadTool {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long TICKS = 100; // USER_HZ on Linux
    private static final int DECODE_SAMPLE = 12;
    /** JAVA_TOOL_OPTIONS of the container image. */
    static final String IMAGE_JVM_OPTIONS = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError";
    /** The memory limit docs/install.md asks for: this much, */
    static final int BASE_MIB = 192;
    /** plus this much per camera. */
    static final int PER_CAMERA_MIB = 1;
    /** Generation totals of GC.heap_info: G1's one heap line, or the serial collector's young and old generations. */
    private static final Pattern HEAP_USED = Pattern.compile(
            "^\\s*(?:garbage-first heap|DefNew|Tenured).*\\bused (\\d+)K");

    /**
     * One side's figures. {@code memoryBytes} is the recorder's RSS (ours) or the summed PSS (ffmpeg);
     * {@code liveHeapBytes} is ours' heap in use right after a full collection (-1 for ffmpeg).
     */
    record Side(double cpuPerStreamMinute, double kernelShare, long memoryBytes, long liveHeapBytes,
                long framesWritten, long framesLost, int files, int decoded, int badFiles,
                double cameraCpuPerStreamMinute) {
    }

    /** The recorder's memory with no camera: what each run's growth is measured from. */
    record Idle(long rssBytes, long liveHeapBytes) {
    }

    private final Path root;
    private final Path work;
    private final String java;
    private final int seconds;
    private final int warmup;

    private LoadTool(Path root, Path work, int seconds, int warmup) {
        this.root = root;
        this.work = work;
        this.java = ProcessHandle.current().info().command().orElse("java");
        this.seconds = seconds;
        this.warmup = warmup;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = List.of(1, 10, 50, 100, 200);
        int seconds = 40;
        int warmup = 10;
        Path out = Path.of("bench", "target", "load-results.md");
        boolean withFfmpeg = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--counts" -> counts = Stream.of(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--ours-only" -> withFfmpeg = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path root = Path.of("").toAbsolutePath();
        Path work = Files.createDirectories(root.resolve("bench/target/load"));
        LoadTool tool = new LoadTool(root, work, seconds, warmup);
        long largestRun = counts.stream().mapToLong(Integer::longValue).max().orElse(1) * seconds * 600_000L;
        warmPageCache(work, Math.min(largestRun, 8L << 30));
        Path clip = MediaOracle.get().fixture(FixtureSpec.h264Aac().withSize(1920, 1080).withVideoBitrate("4M")
                .withGop(2.0).withDuration(30), root.resolve("bench/target/fixtures"));
        System.err.printf("fixture %s: %.2f Mbit/s%n", clip, Files.size(clip) * 8 / 30e6);
        StringBuilder table = new StringBuilder();
        table.append("| N | side | CPU s / stream-min | kernel share | memory | memory / stream "
                + "| video frames written | lost | bad files (decoded) | camera CPU s / stream-min |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        Idle idle = tool.idleRecorder();
        System.err.printf(Locale.ROOT, "idle recorder: RSS %s, live heap %s%n", mib(idle.rssBytes()),
                mib(idle.liveHeapBytes()));
        for (int n : counts) {
            Side ours = tool.run(n, clip, false);
            Side ffmpeg = withFfmpeg ? tool.run(n, clip, true) : null;
            double growth = (ours.memoryBytes() - idle.rssBytes()) / (double) n;
            double liveGrowth = (ours.liveHeapBytes() - idle.liveHeapBytes()) / (double) n;
            table.append(row(n, "rtsp-recorder", ours, "RSS " + mib(ours.memoryBytes()),
                    mib((long) growth) + " (RSS growth; live heap " + mib((long) liveGrowth) + ")"));
            if (ffmpeg != null) {
                double ffmpegPerStream = ffmpeg.memoryBytes() / (double) n;
                table.append(row(n, "ffmpeg × N", ffmpeg, "PSS " + mib(ffmpeg.memoryBytes()),
                        mib((long) ffmpegPerStream) + " (PSS)"));
                table.append(String.format(Locale.ROOT, "| %d | ours / ffmpeg | %.2f | | | %.2f | | | | |%n", n,
                        ours.cpuPerStreamMinute() / ffmpeg.cpuPerStreamMinute(), growth / ffmpegPerStream));
            }
            System.err.println(table);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, "Load: " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                    + " cores, " + seconds + " s per side (" + warmup + " s warm-up), recorder JVM options for N "
                    + "cameras: `" + tool.recorderJvmOptions(0).replace("MaxRAM=" + BASE_MIB + "m",
                            "MaxRAM=(" + BASE_MIB + " + " + PER_CAMERA_MIB + " N)m")
                    + "`; idle recorder: RSS " + mib(idle.rssBytes()) + ", live heap " + mib(idle.liveHeapBytes())
                    + "\n\n" + table);
        }
    }

    private static String row(int n, String side, Side s, String memory, String perStream) {
        return String.format(Locale.ROOT, "| %d | %s | %.3f | %.0f %% | %s | %s | %d | %d | %d (%d of %d) | %.3f |%n",
                n, side, s.cpuPerStreamMinute(), 100 * s.kernelShare(), memory, perStream, s.framesWritten(),
                s.framesLost(), s.badFiles(), s.decoded(), s.files(), s.cameraCpuPerStreamMinute());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** One side for N streams: camera and recorder(s) up, warm-up, measured window, clean stop, files judged. */
    private Side run(int n, Path clip, boolean ffmpeg) throws Exception {
        Path dir = work.resolve((ffmpeg ? "ffmpeg-" : "ours-") + n);
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
            if (ffmpeg) {
                for (int i = 0; i < n; i++) {
                    Path camDir = Files.createDirectories(dir.resolve("cam-" + i));
                    recorders.add(MediaOracle.get().startFfmpeg(camDir.resolve("ffmpeg.log"), "-hide_banner",
                            "-loglevel", "error", "-rtsp_transport", "tcp", "-i", url, "-c", "copy", "-map", "0",
                            "-f", "segment", "-segment_time", "10", "-reset_timestamps", "1", "-segment_format",
                            "mp4", camDir.resolve("seg-%03d.mp4").toString()));
                }
            } else {
                StringBuilder yaml = new StringBuilder("cameras:\n");
                for (int i = 0; i < n; i++) {
                    yaml.append("  - name: cam-").append(i).append("\n    address: ").append(url).append('\n');
                }
                recorders.add(startRecorder(dir, yaml.toString(), n, httpPort));
                awaitRecording(httpPort, n, Duration.ofSeconds(120));
            }
            Thread.sleep(Duration.ofSeconds(warmup));
            long cpu0 = cpuTicks(recorders);
            long sys0 = systemTicks(recorders);
            long cam0 = cpuTicks(List.of(camera));
            long t0 = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(seconds - warmup));
            double window = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuTicks(recorders) - cpu0) / (double) TICKS;
            double sys = (systemTicks(recorders) - sys0) / (double) TICKS;
            double camCpu = (cpuTicks(List.of(camera)) - cam0) / (double) TICKS;
            long memory = ffmpeg ? recorders.stream().mapToLong(p -> procValue(p.pid(), "smaps_rollup", "Pss:"))
                    .sum() : procValue(recorders.get(0).pid(), "status", "VmRSS:");
            long liveHeap = ffmpeg ? -1 : liveHeap(recorders.get(0).pid());
            long dropped = ffmpeg ? 0 : droppedFrames(httpPort, dir);
            for (Process p : recorders) {
                new ProcessBuilder("kill", ffmpeg ? "-INT" : "-TERM", Long.toString(p.pid())).start().waitFor();
            }
            for (Process p : recorders) {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            double streamMinutes = n * window / 60;
            long[] frames = judgeFiles(dir);
            System.err.printf(Locale.ROOT, "%s N=%d: %d frames missing in the files, %d dropped by the recorder%n",
                    ffmpeg ? "ffmpeg" : "recorder", n, frames[1], dropped);
            deleteRecordings(dir);
            return new Side(cpu / streamMinutes, cpu > 0 ? sys / cpu : 0, memory, liveHeap, frames[0],
                    frames[1] + dropped, (int) frames[2], (int) frames[3], (int) frames[4], camCpu / streamMinutes);
        } finally {
            recorders.forEach(Process::destroyForcibly);
            camera.destroy();
            camera.waitFor(10, TimeUnit.SECONDS);
            camera.destroyForcibly();
        }
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

    private static String run(String... command) throws Exception {
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
            if (!MediaOracle.get().decodeErrors(files.get(i)).isEmpty()) {
                bad++;
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

    private static String get(int port, String path) throws Exception {
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
