package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProbeResult;
import io.rtsprecorder.testsupport.ProcessResult;
import io.rtsprecorder.testsupport.StreamInfo;
import io.rtsprecorder.testsupport.TcpForwarder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundled samples, judged by ffprobe/ffmpeg over real RTSP: TCP, UDP, and TCP through a byte forwarder. */
class MockCameraStreamingTest {

    private static final MediaOracle oracle = MediaOracle.get();
    private static MockCamera camera;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCamera() throws Exception {
        camera = MockCamera.start(MockCameraConfig.loopback(MockCameraConfig.bundledMounts()));
    }

    @AfterAll
    static void stopCamera() {
        camera.close();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({
        "/h264, tcp, h264, aac, 48000",
        "/h264, udp, h264, aac, 48000",
        "/h264-bframes, tcp, h264, aac, 48000",
        "/h264-bframes, udp, h264, aac, 48000",
        "/h265, tcp, hevc, pcm_alaw, 8000",
        "/h265, udp, hevc, pcm_alaw, 8000",
    })
    void ffprobeSeesTheRightCodecsResolutionAndSampleRate(String mount, String transport, String video, String audio,
                                                          int sampleRate) {
        ProbeResult probe = oracle.probeRtsp(camera.url(mount), transport, Duration.ofSeconds(15));
        StreamInfo v = probe.video().orElseThrow();
        StreamInfo a = probe.audio().orElseThrow();
        assertThat(v.codecName()).isEqualTo(video);
        assertThat(v.width()).isEqualTo(640);
        assertThat(v.height()).isEqualTo(360);
        assertThat(a.codecName()).isEqualTo(audio);
        assertThat(a.sampleRate()).isEqualTo(sampleRate);
        assertThat(probe.streams()).hasSize(2);
    }

    /**
     * Six 20 s ffmpeg recordings at once (each sample directly and through the forwarder) keep the wall time at
     * 20 s. Each must decode without a single error and hold 25 fps x 20 s frames within 2 %.
     */
    @Test
    void twentySecondCopyRecordingsDecodeCleanlyWithTheExpectedFrameCount() throws Exception {
        try (TcpForwarder forwarder = TcpForwarder.start(camera.port())) {
            List<CompletableFuture<Recording>> recordings = new ArrayList<>();
            for (String mount : List.of("/h264", "/h264-bframes", "/h265")) {
                // ffmpeg cannot put RTSP H.264 with B-frames into Matroska (no DTS) nor G.711 into MP4.
                String ext = mount.equals("/h265") ? "mkv" : "mp4";
                String forwardedUrl = "rtsp://127.0.0.1:" + forwarder.port() + mount;
                recordings.add(record(camera.url(mount), dir.resolve(mount.substring(1) + "-direct." + ext)));
                recordings.add(record(forwardedUrl, dir.resolve(mount.substring(1) + "-forwarded." + ext)));
            }
            for (CompletableFuture<Recording> future : recordings) {
                Recording r = future.get();
                assertThat(r.result().succeeded()).as(r.result().describe()).isTrue();
                assertThat(oracle.decodeErrors(r.file())).as("decode errors of %s", r.file().getFileName()).isEmpty();
                StreamInfo video = oracle.probe(r.file(), true).video().orElseThrow();
                System.out.printf("%s: %d video frames%n", r.file().getFileName(), video.frameCount());
                assertThat(video.frameCount()).as("frames in %s", r.file().getFileName()).isBetween(490L, 510L);
            }
            assertThat(forwarder.connectionsAccepted()).isEqualTo(3);
            assertThat(forwarder.bytesForwarded()).isGreaterThan(1_000_000);
        }
    }

    private record Recording(Path file, ProcessResult result) {
    }

    private static CompletableFuture<Recording> record(String url, Path file) {
        return CompletableFuture.supplyAsync(() -> new Recording(file, oracle.recordRtsp(url, "tcp", 20, file)),
                r -> Thread.ofVirtual().start(r));
    }
}
