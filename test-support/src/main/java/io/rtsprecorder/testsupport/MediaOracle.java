package io.rtsprecorder.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The independent judge of every media file and stream in the tests: ffmpeg and ffprobe from
 * {@code org.bytedeco:ffmpeg} (GPL build, test scope only, never shipped).
 *
 * <p>It answers three questions: what is in a file or RTSP URL ({@link #probe}), does it decode without a
 * single error ({@link #decodeErrors}), and it makes fixtures ({@link #fixture}). Every process runs with a
 * timeout and is killed when it expires, so a hung stream fails a test instead of hanging the suite.
 */
public final class MediaOracle {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final FfmpegBinaries binaries;

    private MediaOracle(FfmpegBinaries binaries) {
        this.binaries = binaries;
    }

    /** The oracle, installing the binaries on first use (a few seconds once per machine). */
    public static MediaOracle get() {
        return new MediaOracle(FfmpegBinaries.get());
    }

    public Path ffmpegExecutable() {
        return binaries.ffmpeg;
    }

    public Path ffprobeExecutable() {
        return binaries.ffprobe;
    }

    /** Runs ffmpeg with {@code -hide_banner -nostdin} and the given arguments. */
    public ProcessResult ffmpeg(Duration timeout, String... args) {
        return run(timeout, command(binaries.ffmpeg, List.of("-hide_banner", "-nostdin"), args));
    }

    /** Runs ffprobe with {@code -hide_banner} and the given arguments. */
    public ProcessResult ffprobe(Duration timeout, String... args) {
        return run(timeout, command(binaries.ffprobe, List.of("-hide_banner"), args));
    }

    /**
     * Starts ffmpeg in the background (stdout and stderr go to {@code log}); the caller must stop it, e.g. with
     * {@link Process#destroy()} which lets ffmpeg finish its output file on SIGTERM.
     */
    public Process startFfmpeg(Path log, String... args) {
        ProcessBuilder pb = new ProcessBuilder(command(binaries.ffmpeg, List.of("-hide_banner", "-nostdin"), args))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        binaries.configure(pb);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Container, streams, start time and duration of a file, without counting frames. */
    public ProbeResult probe(Path file) {
        return probe(file, false);
    }

    /**
     * As {@link #probe(Path)}; with {@code countFrames} ffprobe decodes the file and fills {@link
     * StreamInfo#frameCount()}.
     */
    public ProbeResult probe(Path file, boolean countFrames) {
        List<String> args = new ArrayList<>(List.of("-v", "error", "-print_format", "json", "-show_format",
                "-show_streams"));
        if (countFrames) {
            args.add("-count_frames");
        }
        args.add(file.toString());
        return parseProbe(ffprobe(DEFAULT_TIMEOUT, args.toArray(String[]::new)));
    }

    /**
     * Probes a live RTSP URL over the given transport ({@code "tcp"} or {@code "udp"}). Fails when the camera
     * does not answer within {@code timeout}.
     */
    public ProbeResult probeRtsp(String url, String transport, Duration timeout) {
        return parseProbe(ffprobe(timeout.plusSeconds(5), "-v", "error", "-rtsp_transport", transport,
                "-timeout", Long.toString(timeout.toNanos() / 1000), "-print_format", "json", "-show_format",
                "-show_streams", url));
    }

    /**
     * Decodes every stream of the file completely ({@code ffmpeg -v error -i FILE -f null -}) and returns the
     * error lines; an empty list means the file is clean. A non-zero exit without output is reported as a line.
     */
    public List<String> decodeErrors(Path file) {
        ProcessResult r = ffmpeg(DEFAULT_TIMEOUT, "-v", "error", "-i", file.toString(), "-map", "0", "-f", "null", "-");
        List<String> lines = new ArrayList<>(r.errorLines());
        if (!r.succeeded() && lines.isEmpty()) {
            lines.add("ffmpeg exited with " + r.exitCode() + (r.timedOut() ? " (timed out)" : ""));
        }
        return lines;
    }

    /** Every packet of the selected streams ({@code "v"}, {@code "a"}, {@code "v:0"}...), in file order. */
    public List<PacketInfo> packets(Path file, String streamSelector) {
        ProcessResult r = ffprobe(DEFAULT_TIMEOUT, "-v", "error", "-select_streams", streamSelector, "-print_format",
                "json", "-show_entries", "packet=stream_index,pts_time,dts_time,duration_time,size,flags",
                "-show_packets", file.toString());
        JsonNode root = parseJson(r);
        List<PacketInfo> result = new ArrayList<>();
        for (JsonNode p : root.path("packets")) {
            result.add(new PacketInfo(p.path("stream_index").asInt(-1), dbl(p, "pts_time"), dbl(p, "dts_time"),
                    dbl(p, "duration_time"), p.path("size").asLong(-1), p.path("flags").asText("").contains("K")));
        }
        return result;
    }

    /**
     * Every place where a stream's decode time does not increase from one packet to the next, in file order, as
     * {@code "stream 1: dts 3.341 after 3.362"}; an empty list means every stream's DTS strictly increase. Fails
     * when the file has no packets at all (an empty list must not mean "no file").
     */
    public List<String> nonIncreasingDts(Path file) {
        List<PacketInfo> packets = packets(file, "");
        if (packets.isEmpty()) {
            throw new IllegalStateException("no packets in " + file);
        }
        java.util.Map<Integer, Double> last = new java.util.HashMap<>();
        List<String> problems = new ArrayList<>();
        for (PacketInfo p : packets) {
            if (Double.isNaN(p.dtsTime())) {
                continue;
            }
            Double before = last.put(p.streamIndex(), p.dtsTime());
            if (before != null && p.dtsTime() <= before) {
                problems.add(String.format(Locale.ROOT, "stream %d: dts %.6f after %.6f", p.streamIndex(),
                        p.dtsTime(), before));
            }
        }
        return problems;
    }

    /**
     * Records an RTSP URL for {@code seconds} with {@code ffmpeg -c copy -map 0} into {@code output} (format from
     * its extension). This is the reference client the mock camera is judged by.
     */
    public ProcessResult recordRtsp(String url, String transport, double seconds, Path output) {
        return ffmpeg(Duration.ofSeconds((long) seconds + 60), "-v", "error", "-rtsp_transport", transport,
                "-timeout", "10000000", "-i", url, "-t", fmt(seconds), "-c", "copy", "-map", "0", "-y",
                output.toString());
    }

    /**
     * Makes (or reuses from {@code directory}) the clip the spec describes and returns its path. Reuse is keyed
     * by {@link FixtureSpec#fileName()}; generation writes a temporary file and renames it, so a half-written
     * fixture is never reused. The temporary name is unique per process and thread: tests running in parallel
     * in one JVM may make the same fixture at once, and the last rename simply replaces an identical file.
     */
    public Path fixture(FixtureSpec spec, Path directory) {
        Path target = directory.resolve(spec.fileName());
        if (Files.exists(target)) {
            return target;
        }
        try {
            Files.createDirectories(directory);
            Path tmp = directory.resolve(".tmp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread()
                    .threadId()
                    + "-" + spec.fileName());
            List<String> args = fixtureArguments(spec, tmp);
            ProcessResult r = ffmpeg(Duration.ofMinutes(5), args.toArray(String[]::new));
            if (!r.succeeded()) {
                Files.deleteIfExists(tmp);
                throw new IllegalStateException("fixture generation failed: " + r.describe());
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> fixtureArguments(FixtureSpec spec, Path output) {
        List<String> a = new ArrayList<>(List.of("-v", "error", "-y"));
        String duration = fmt(spec.durationSeconds());
        if (spec.videoCodec() != null) {
            a.addAll(List.of("-f", "lavfi", "-i", String.format(Locale.ROOT, "testsrc2=size=%dx%d:rate=%d:duration=%s",
                    spec.width(), spec.height(), spec.fps(), duration)));
        }
        if (spec.audioCodec() != null) {
            a.addAll(List.of("-f", "lavfi", "-i", String.format(Locale.ROOT,
                    "sine=frequency=440:beep_factor=4:sample_rate=%d:duration=%s", spec.sampleRate(), duration)));
        }
        int gop = spec.gopFrames();
        if (spec.videoCodec() != null) {
            a.addAll(List.of("-pix_fmt", "yuv420p"));
            switch (spec.videoCodec()) {
                case "h264" -> {
                    a.addAll(List.of("-c:v", "libx264", "-profile:v", spec.bFrames() ? "main" : "baseline",
                            "-preset", "veryfast", "-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop),
                            "-sc_threshold", "0", "-bf", spec.bFrames() ? "2" : "0"));
                    if (spec.bFrames()) {
                        a.addAll(List.of("-x264-params", "b-pyramid=none:b-adapt=0"));
                    }
                }
                case "h265" -> a.addAll(List.of("-c:v", "libx265", "-preset", "veryfast", "-tag:v", "hvc1",
                        "-x265-params", String.format(Locale.ROOT,
                                "log-level=error:keyint=%d:min-keyint=%d:scenecut=0:open-gop=0:bframes=%d",
                                gop, gop, spec.bFrames() ? 2 : 0)));
                default -> throw new IllegalArgumentException("unsupported fixture video codec " + spec.videoCodec());
            }
            if (spec.videoBitrate() != null) {
                a.addAll(List.of("-b:v", spec.videoBitrate(), "-maxrate", spec.videoBitrate(), "-bufsize",
                        spec.videoBitrate()));
            }
        }
        if (spec.audioCodec() != null) {
            a.addAll(List.of("-c:a", spec.audioCodec(), "-ar", Integer.toString(spec.sampleRate()), "-ac",
                    Integer.toString(spec.channels())));
            if (spec.audioCodec().equals("aac")) {
                a.addAll(List.of("-b:a", "64k"));
            }
        }
        if (spec.fragmented()) {
            a.addAll(List.of("-movflags", "+frag_keyframe+empty_moov+default_base_moof"));
        }
        a.addAll(List.of("-t", duration, "-f", spec.extension(), output.toString()));
        return a;
    }

    private static List<String> command(Path executable, List<String> fixed, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(fixed);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    private ProcessResult run(Duration timeout, List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        binaries.configure(pb);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            return new ProcessResult(List.copyOf(cmd), finished ? p.exitValue() : -1, out.join(), err.join(),
                    !finished);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<output lost: " + e.getMessage() + ">";
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    private static ProbeResult parseProbe(ProcessResult r) {
        JsonNode root = parseJson(r);
        JsonNode format = root.path("format");
        List<StreamInfo> streams = new ArrayList<>();
        for (JsonNode s : root.path("streams")) {
            long frames = s.has("nb_read_frames") ? s.path("nb_read_frames").asLong(-1) : s.path("nb_frames")
                    .asLong(-1);
            streams.add(new StreamInfo(s.path("index").asInt(-1), s.path("codec_type").asText(""),
                    s.path("codec_name").asText(""), s.path("profile").asText(""), s.path("width").asInt(-1),
                    s.path("height").asInt(-1), s.path("sample_rate").asInt(-1), s.path("channels").asInt(-1), frames,
                    dbl(s, "start_time"), dbl(s, "duration"), s.path("avg_frame_rate").asText(""),
                    s.path("has_b_frames").asInt(-1)));
        }
        return new ProbeResult(format.path("format_name").asText(""), dbl(format, "start_time"),
                dbl(format, "duration"), format.path("size").asLong(-1), List.copyOf(streams));
    }

    private static JsonNode parseJson(ProcessResult r) {
        if (!r.succeeded()) {
            throw new IllegalStateException("ffprobe failed: " + r.describe());
        }
        try {
            return JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new IllegalStateException("ffprobe printed no JSON: " + r.describe(), e);
        }
    }

    private static double dbl(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }
}
