package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every gap between a camera's files is listed with why it is there: recording switched off, the recorder stopped
 * cleanly, or the recorder killed. The reasons come from the journal on the volume, so they survive the restart
 * that ends the gap.
 */
class GapReasonsTest {

    @TempDir
    Path dir;

    private static MockCamera camera() throws Exception {
        return MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.bundled("/cam",
                "h264-aac-640x360-25fps.mp4"))).withPorts(0, -1));
    }

    private RecorderHarness recorder(MockCamera camera) throws Exception {
        return RecorderHarness.start(dir, Map.of(ConfigLoader.SERVER_ADDRESS, camera.url("/cam")));
    }

    private static void awaitRecordingAFile(RecorderHarness recorder) throws InterruptedException {
        recorder.awaitDevice("camera", inState("RECORDING").and(d -> d.path("framesWritten").asLong() > 40
                && !d.path("currentFile").isNull()), Duration.ofSeconds(15));
    }

    /** The listing's gaps between files (not the one that is still open at the end). */
    private static JsonNode closedGaps(RecorderHarness recorder) {
        JsonNode gaps = RecorderHarness.json(recorder.get("/api/v1/recordings?device=camera")).path("gaps");
        assertThat(gaps.isArray()).isTrue();
        com.fasterxml.jackson.databind.node.ArrayNode closed = RecorderHarness.JSON.createArrayNode();
        gaps.forEach(g -> {
            if (!g.path("to").isNull()) {
                closed.add(g);
            }
        });
        return closed;
    }

    private void assertOneGap(JsonNode gaps, String reason, double atLeastSeconds) throws java.io.IOException {
        Path file = dir.resolve(".rtsp-recorder/gaps/camera.jsonl");
        String journal = Files.exists(file) ? Files.readString(file) : "(no journal)";
        assertThat(gaps.size()).as("gaps: %s; journal:%n%s", gaps, journal).isEqualTo(1);
        JsonNode g = gaps.get(0);
        assertThat(g.path("reason").asText()).as("gap %s; journal:%n%s", g, journal).isEqualTo(reason);
        double seconds = Duration.between(Instant.parse(g.path("from").asText()), Instant.parse(g.path("to")
                .asText())).toMillis() / 1000.0;
        assertThat(seconds).as("seconds in gap %s", g).isGreaterThanOrEqualTo(atLeastSeconds);
    }

    @Test
    void recordingSwitchedOffAndOnAgainLeavesAGapListedAsOff() throws Exception {
        try (MockCamera camera = camera(); RecorderHarness recorder = recorder(camera)) {
            awaitRecordingAFile(recorder);
            recorder.post("/record/off", null);
            assertThat(recorder.device("camera").path("gap").path("reason").asText()).isEqualTo("off");
            Thread.sleep(2500);
            recorder.post("/record/on", null);
            awaitRecordingAFile(recorder);
            assertOneGap(closedGaps(recorder), "off", 2.0);
        }
    }

    @Test
    void aCleanRestartOfTheRecorderIsAGapListedAsRecorderStopped() throws Exception {
        try (MockCamera camera = camera()) {
            try (RecorderHarness recorder = recorder(camera)) {
                awaitRecordingAFile(recorder);
            }
            Thread.sleep(2500);
            try (RecorderHarness recorder = recorder(camera)) {
                awaitRecordingAFile(recorder);
                assertOneGap(closedGaps(recorder), "recorder_stopped", 2.0);
                recorder.post("/record/off", null);
            }
            RecorderHarness.assertDecodeCleanly(dir, 2);
        }
    }

    @Test
    void aRecorderKilledWithSigkillIsAGapListedAsRecorderDownAndItsLastFileIsRepaired() throws Exception {
        try (MockCamera camera = camera()) {
            Path log = Files.createTempFile("killed-recorder", ".log");
            ChildRecorder child = ChildRecorder.start(Map.of(ConfigLoader.SERVER_ADDRESS, camera.url("/cam"),
                    ConfigLoader.SAVE_PATH, dir.toString()), log);
            Process p = child.process;
            try {
                // about 3.5 s of video and audio: complete fragments on disk, and one being written
                awaitFramesOverHttp(child.port, child.token(Duration.ofSeconds(30)), 250, Duration.ofSeconds(30));
                new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroyForcibly();
            }
            assertThat(Files.exists(dir.resolve(".rtsp-recorder/clean-stop"))).isFalse();
            Thread.sleep(2000);
            try (RecorderHarness recorder = recorder(camera)) {
                awaitRecordingAFile(recorder);
                assertOneGap(closedGaps(recorder), "recorder_down", 2.0);
                recorder.post("/record/off", null);
            }
            // the file the killed recorder was writing was cut back to its last complete fragment at start
            RecorderHarness.assertDecodeCleanly(dir, 2);
        }
    }

    private static void awaitFramesOverHttp(int port, String token, long frames, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/devices/camera")).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                JsonNode d = RecorderHarness.JSON.readTree(last);
                if (d.path("framesWritten").asLong() >= frames && !d.path("currentFile").isNull()) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child recorder wrote no " + frames + " frames within " + timeout + ": " + last);
    }
}
