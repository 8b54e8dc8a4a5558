package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.mux.Mp4Repair;
import io.rtsprecorder.media.record.Recording;
import io.rtsprecorder.media.record.RecordingConfig;
import io.rtsprecorder.media.record.SegmentListener;
import io.rtsprecorder.media.rtsp.RtspClient;
import io.rtsprecorder.media.rtsp.RtspClientConfig;
import io.rtsprecorder.testsupport.BackgroundTask;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.PacketInfo;
import io.rtsprecorder.testsupport.ProbeResult;
import io.rtsprecorder.testsupport.TcpForwarder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RTSP client + recording into fragmented MP4 from the mock camera, judged by ffprobe/ffmpeg. */
class RecordingTest {

    private static final MediaOracle oracle = MediaOracle.get();
    private static MockCamera camera;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCamera() throws Exception {
        List<MountConfig> mounts = new ArrayList<>(MockCameraConfig.bundledMounts());
        mounts.add(MountConfig.file("/video-only",
                CameraTestSupport.fixture(FixtureSpec.h264Aac().withDuration(8).withAudio(null, 0, 0))));
        camera = MockCamera.start(MockCameraConfig.loopback(mounts));
    }

    @AfterAll
    static void stopCamera() {
        camera.close();
    }

    /** What one recording run produced. */
    private record Run(List<Path> files, Map<Path, Long> firstFrameMicros, Map<Path, Instant> wallStarts,
                       long videoFramesWritten) {
    }

    private static Run record(String url, RtspClientConfig.Transport transport, Path out, Duration wall,
                              Duration segment) throws Exception {
        return record(url, transport, out, wall, segment, "mp4");
    }

    private static Run record(String url, RtspClientConfig.Transport transport, Path out, Duration wall,
                              Duration segment, String container) throws Exception {
        List<Path> files = new ArrayList<>();
        Map<Path, Long> starts = new ConcurrentHashMap<>();
        Map<Path, Instant> wallStarts = new ConcurrentHashMap<>();
        long videoFrames;
        try (RtspClient client = RtspClient.connect(RtspClientConfig.of(url).withTransport(transport))) {
            Recording recording = new Recording(
                    RecordingConfig.of(out, "cam", segment).withContainer(Container.forRecording(container)),
                    client.tracks(),
                    Clock.systemUTC(), new SegmentListener() {
                        @Override
                        public void opened(Path file, Instant start, long mediaStartMicros) {
                            files.add(file);
                            starts.put(file, mediaStartMicros);
                            wallStarts.put(file, start);
                        }

                        @Override
                        public void closed(Path file, double seconds, long bytes) {
                        }
                    });
            BackgroundTask reader = BackgroundTask.start("rtsp-reader", () -> client.stream(recording));
            Thread.sleep(wall.toMillis());
            client.close();
            reader.join(Duration.ofSeconds(5));
            recording.close();
            videoFrames = recording.framesWritten(0);
        }
        return new Run(files, starts, wallStarts, videoFrames);
    }

    /**
     * Every source (the three samples and a video-only camera) into every container that carries its codecs
     * (fragmented MP4, FLV, MPEG-TS; TS has no G.711), over TCP, UDP and TCP through a forwarder: 33 recordings at
     * once, 5 s each. Each file decodes with zero errors, holds every video frame the client delivered,
     * and starts audio and video together.
     */
    @Test
    void everySampleOverEveryTransportRecordsCleanly() throws Exception {
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        try (TcpForwarder forwarder = TcpForwarder.start(camera.port())) {
            for (String mount : List.of("/h264", "/h264-bframes", "/h265", "/video-only")) {
                // MPEG-TS has no G.711 mapping: the H.265 + G.711 sample is recorded to MP4 and FLV only
                List<String> containers = mount.equals("/h265") ? List.of("mp4", "flv") : List.of("mp4", "flv", "ts");
                for (String container : containers) {
                    for (String via : List.of("tcp", "udp", "forwarder")) {
                        String url = via.equals("forwarder") ? "rtsp://127.0.0.1:" + forwarder.port() + mount
                                : camera.url(mount);
                        RtspClientConfig.Transport transport = via.equals("udp") ? RtspClientConfig.Transport.UDP
                                : RtspClientConfig.Transport.TCP;
                        Path out = dir.resolve(mount.substring(1) + "-" + via + "-" + container);
                        String name = mount + " via " + via + " into " + container;
                        runs.add(CompletableFuture.runAsync(() -> {
                            try {
                                check(name, record(url, transport, out, Duration.ofSeconds(5),
                                        Duration.ofMinutes(10), container));
                            } catch (Exception e) {
                                throw new IllegalStateException(name + ": " + e.getMessage(), e);
                            }
                        }, r -> Thread.ofVirtual().start(r)));
                    }
                }
            }
            for (CompletableFuture<Void> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void check(String name, Run run) {
        assertThat(run.files()).as(name).hasSize(1);
        Path file = run.files().get(0);
        assertThat(oracle.decodeErrors(file)).as("decode errors of %s", name).isEmpty();
        ProbeResult probe = oracle.probe(file, true);
        long frames = probe.video().orElseThrow().frameCount();
        assertThat(frames).as("video frames of %s", name).isEqualTo(run.videoFramesWritten());
        assertThat(frames).as("video frames of %s", name).isGreaterThan(80);
        if (!name.startsWith("/video-only")) {
            double av = Math.abs(probe.video().orElseThrow().startTime() - probe.audio().orElseThrow().startTime());
            assertThat(av).as("audio/video start offset of %s", name).isLessThan(0.1);
        } else {
            assertThat(probe.audio()).as("%s has no audio", name).isEmpty();
        }
        // duration matches the frames: 25 fps
        if (file.toString().endsWith(".mp4")) {
            assertThat(probe.video().orElseThrow().duration()).as("duration of %s", name)
                    .isCloseTo(frames / 25.0, org.assertj.core.data.Offset.offset(0.041));
        } else {
            assertThat(probe.duration()).as("duration of %s", name)
                    .isCloseTo(frames / 25.0, org.assertj.core.data.Offset.offset(0.15));
        }
    }

    /** 26 s in 4 s segments: every file starts with a keyframe and the files join without gap or overlap. */
    @Test
    void twentySixSecondsInFourSecondSegmentsJoinSeamlessly() throws Exception {
        Run run = record(camera.url("/h264"), RtspClientConfig.Transport.TCP, dir, Duration.ofSeconds(26),
                Duration.ofSeconds(4));
        assertThat(run.files()).hasSizeBetween(6, 8);
        double previousStart = -1;
        double previousDuration = 0;
        for (Path file : run.files()) {
            assertThat(oracle.decodeErrors(file)).as("decode errors of %s", file.getFileName()).isEmpty();
            List<PacketInfo> video = oracle.packets(file, "v");
            assertThat(video.get(0).keyframe()).as("%s starts with a keyframe", file.getFileName()).isTrue();
            double start = run.firstFrameMicros().get(file) / 1e6;
            double duration = video.size() / 25.0;
            if (previousStart >= 0) {
                double gap = start - (previousStart + previousDuration);
                Path previous = run.files().get(run.files().indexOf(file) - 1);
                double wall = Duration.between(run.wallStarts().get(previous), run.wallStarts().get(file))
                        .toNanos() / 1e9;
                System.out.printf("%s: starts %.3f s, %d frames, gap to previous %.4f s, previous file %.3f s "
                        + "against %.3f s of wall time%n", file.getFileName(), start, video.size(), gap,
                        previousDuration, wall);
                assertThat(Math.abs(gap)).as("gap or overlap before %s", file.getFileName()).isLessThanOrEqualTo(0.040);
                assertThat(Math.abs(wall - previousDuration))
                        .as("duration of %s against wall time", previous.getFileName())
                        .isLessThanOrEqualTo(0.040);
            }
            if (file != run.files().get(run.files().size() - 1)) {
                assertThat(duration).as("length of %s", file.getFileName()).isBetween(4.0, 5.0);
            }
            previousStart = start;
            previousDuration = duration;
        }
        assertThat(run.files().get(0).toString()).matches(".*/cam/\\d{4}-\\d{2}-\\d{2}/cam_\\d{8}T\\d{6}Z\\.mp4");
    }

    /** A recorder process killed with SIGKILL: after repair its file decodes and lacks at most the last second. */
    @Test
    void sigkilledRecorderLeavesARepairableFile() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process recorder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RecordMain.class.getName(), camera.url("/h264"), dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(recorder.getInputStream(),
                    StandardCharsets.UTF_8));
            Path file = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (file == null && System.nanoTime() < deadline) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                if (line.startsWith("OPENED ")) {
                    file = Path.of(line.substring(7));
                }
            }
            assertThat(file).as("recorder opened a file").isNotNull();
            Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
            long opened = System.nanoTime();
            Thread.sleep(5_500);
            double recordedSeconds = (System.nanoTime() - opened) / 1e9;
            recorder.destroyForcibly(); // SIGKILL
            recorder.waitFor(10, TimeUnit.SECONDS);

            Mp4Repair.Result repair = Mp4Repair.repair(file);
            assertThat(oracle.decodeErrors(file)).isEmpty();
            System.out.printf("killed after %.2f s of recording: %.2f s survive (repair cut %d bytes)%n",
                    recordedSeconds, repair.durationSeconds(), repair.originalBytes() - repair.repairedBytes());
            // at most the last 1 s fragment is lost (plus scheduling jitter)
            assertThat(repair.durationSeconds()).isGreaterThanOrEqualTo(recordedSeconds - 1.15);
            assertThat(Files.size(file)).isPositive();
        } finally {
            recorder.destroyForcibly();
        }
    }

}
