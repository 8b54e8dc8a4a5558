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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Many cameras on one machine, ours against one ffmpeg per camera. For each N: the mock camera in its own process
 * serves N streams (1080p, about 4 Mbit/s H.264 + AAC, 2 s GOP); the recorder, in its own process, records all N
 * (RTSP/TCP, fragmented MP4, 10 s segments); then N {@code ffmpeg -c copy -f segment} processes record the same.
 * Both run for the same time; CPU is read from /proc over a window after a warm-up, memory at its end.
 *
 * <p>Reported per side: CPU seconds per stream-minute, memory (RSS for ours, total and per stream; PSS summed
 * over ffmpeg's processes), video frames lost inside the files (gaps in the frame timeline, plus frames our
 * recorder dropped), files failing the oracle's full decode (a sample), and the camera's own CPU.
 *
 * <p>{@code bench/run-load [--counts 1,10,50,100,200] [--seconds 40] [--warmup 10] [--out FILE]}; with
 * {@code LOAD_JFR=1} the recorder writes a flight recording (profile settings) next to its files.
 */
public final class LoadTool {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long TICKS = 100; // USER_HZ on Linux
    private static final int DECODE_SAMPLE = 12;

    record Side(double cpuPerStreamMinute, long memoryBytes, double memoryPerStream, long framesWritten,
                long framesLost, int files, int decoded, int badFiles, double cameraCpuPerStreamMinute) {
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--counts" -> counts = Stream.of(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path root = Path.of("").toAbsolutePath();
        Path work = Files.createDirectories(root.resolve("bench/target/load"));
        LoadTool tool = new LoadTool(root, work, seconds, warmup);
        Path clip = MediaOracle.get().fixture(FixtureSpec.h264Aac().withSize(1920, 1080).withVideoBitrate("4M")
                .withGop(2.0).withDuration(30), root.resolve("bench/target/fixtures"));
        System.err.printf("fixture %s: %.2f Mbit/s%n", clip, Files.size(clip) * 8 / 30e6);
        StringBuilder table = new StringBuilder();
        table.append("| N | side | CPU s / stream-min | memory | memory / stream | video frames written | lost | "
                + "bad files (decoded) | camera CPU s / stream-min |\n|---|---|---|---|---|---|---|---|---|\n");
        long ourBaseline = -1;
        for (int n : counts) {
            Side ours = tool.run(n, clip, false);
            Side ffmpeg = tool.run(n, clip, true);
            if (ourBaseline < 0) {
                ourBaseline = ours.memoryBytes();
            }
            double growth = n > 1 && ourBaseline > 0 ? (ours.memoryBytes() - ourBaseline) / (double) (n - counts.get(0))
                    : ours.memoryBytes();
            table.append(row(n, "rtsp-recorder", ours, "RSS " + mib(ours.memoryBytes()),
                    mib((long) growth) + " (RSS growth)"));
            table.append(row(n, "ffmpeg × N", ffmpeg, "PSS " + mib(ffmpeg.memoryBytes()),
                    mib((long) ffmpeg.memoryPerStream()) + " (PSS)"));
            table.append(String.format(Locale.ROOT, "| %d | ours / ffmpeg | %.2f | | %.2f | | | | |%n", n,
                    ours.cpuPerStreamMinute() / ffmpeg.cpuPerStreamMinute(), growth / ffmpeg.memoryPerStream()));
            System.err.println(table);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, "Load: " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                    + " cores, " + seconds + " s per side (CPU over the last " + (seconds - warmup) + " s)\n\n"
                    + table);
        }
        System.out.println(table);
    }

    private static String row(int n, String side, Side s, String memory, String perStream) {
        return String.format(Locale.ROOT, "| %d | %s | %.3f | %s | %s | %d | %d | %d (%d of %d) | %.3f |%n", n, side,
                s.cpuPerStreamMinute(), memory, perStream, s.framesWritten(), s.framesLost(), s.badFiles(),
                s.decoded(), s.files(), s.cameraCpuPerStreamMinute());
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
                Path config = Files.writeString(dir.resolve("config.yaml"), yaml);
                ProcessBuilder pb = new ProcessBuilder(java, "-jar",
                        root.resolve("recorder/target/rtsp-recorder.jar").toString(), "serve");
                pb.environment().put("ConfigFile", config.toString());
                pb.environment().put("FileSavePath", dir.resolve("data").toString());
                pb.environment().put("HTTPAddress", "127.0.0.1");
                pb.environment().put("HTTPPort", Integer.toString(httpPort));
                pb.environment().put("SegmentDuration", "10s");
                pb.environment().put("LOG_LEVEL", "WARN");
                if (System.getenv("LOAD_JFR") != null) {
                    // profile the recorder: LOAD_JFR=1 bench/run-load ... writes ours-N/recorder.jfr
                    pb.environment().put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename="
                            + dir.resolve("recorder.jfr") + ",settings=profile");
                }
                recorders.add(pb.redirectErrorStream(true).redirectOutput(dir.resolve("recorder.log").toFile())
                        .start());
                awaitRecording(httpPort, n, Duration.ofSeconds(120));
            }
            Thread.sleep(Duration.ofSeconds(warmup));
            long cpu0 = cpuTicks(recorders);
            long cam0 = cpuTicks(List.of(camera));
            long t0 = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(seconds - warmup));
            double window = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuTicks(recorders) - cpu0) / (double) TICKS;
            double camCpu = (cpuTicks(List.of(camera)) - cam0) / (double) TICKS;
            long memory = ffmpeg ? recorders.stream().mapToLong(p -> procValue(p.pid(), "smaps_rollup", "Pss:"))
                    .sum() : procValue(recorders.get(0).pid(), "status", "VmRSS:");
            long dropped = ffmpeg ? 0 : droppedFrames(httpPort);
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
            return new Side(cpu / streamMinutes, memory, memory / (double) n, frames[0], frames[1] + dropped,
                    (int) frames[2], (int) frames[3], (int) frames[4], camCpu / streamMinutes);
        } finally {
            recorders.forEach(Process::destroyForcibly);
            camera.destroy();
            camera.waitFor(10, TimeUnit.SECONDS);
            camera.destroyForcibly();
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
                        lost += (fr.dts() - last) / frameTicks - 1;
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

    private static long cpuTicks(List<Process> processes) {
        long total = 0;
        for (Process p : processes) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
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

    private static long droppedFrames(int port) throws Exception {
        JsonNode status = JSON.readTree(get(port, "/status"));
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
