package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.ServerAuthenticator;
import io.rtsprecorder.recorder.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A camera that goes away and comes back, and one whose password is wrong. */
class CameraLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void cameraThatDropsAndReturnsIsRecordedAgainWithinFiveSecondsInANewSegment() throws Exception {
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(MockCameraConfig.bundledMounts())
                .withPorts(0, -1));
             RecorderHarness recorder = RecorderHarness.start(dir, Map.of(
                     ConfigLoader.SERVER_ADDRESS, camera.url("/h264"),
                     ConfigLoader.STREAM_TIMEOUT, "3s"))) {
            recorder.awaitDevice("camera", d -> d.path("framesWritten").asLong() > 50, Duration.ofSeconds(5));

            // the camera goes away for two seconds: refuses new sessions and drops the current one. Reconnects
            // follow the backoff (about 1 s, then 2 s later), so the attempt after its return comes within 2 s
            // of it; a longer outage meets the longer delays documented in docs/configuration.md
            camera.refuse("/h264", true);
            camera.dropConnections("/h264");
            recorder.awaitDevice("camera", d -> !d.path("state").asText().equals("RECORDING"),
                    Duration.ofSeconds(5));
            Thread.sleep(2000);
            JsonNode during = recorder.device("camera");
            assertThat(during.path("state").asText()).isIn("BACKOFF", "CONNECTING");
            assertThat(during.path("lastError").asText()).isNotEmpty();

            long back = System.nanoTime();
            camera.refuse("/h264", false);
            JsonNode again = recorder.awaitDevice("camera", inState("RECORDING").and(
                    d -> d.path("segments").asLong() >= 1 && !d.path("currentFile").isNull()), Duration.ofSeconds(5));
            double secondsToRecording = (System.nanoTime() - back) / 1e9;
            assertThat(secondsToRecording).isLessThan(5.0);
            System.out.printf("camera back: RECORDING again after %.2f s%n", secondsToRecording);
            assertThat(again.path("reconnects").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(again.path("currentFile").asText()).isNotEqualTo(again.path("lastFile").asText());
            recorder.awaitDevice("camera", d -> d.path("framesWritten").asLong() > during.path("framesWritten")
                    .asLong() + 25, Duration.ofSeconds(5));

            recorder.post("/record/off", null);
            assertThat(recorder.segmentFiles()).hasSize(2);
            recorder.assertAllDecodeCleanly();
        }
    }

    @Test
    void recordOnWhileBackingOffRetriesAtOnceInsteadOfWaitingOutTheDelay() throws Exception {
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(MockCameraConfig.bundledMounts())
                .withPorts(0, -1))) {
            camera.refuse("/h264", true);
            try (RecorderHarness recorder = RecorderHarness.start(dir, Map.of(
                    ConfigLoader.SERVER_ADDRESS, camera.url("/h264")))) {
                // attempts at about 0, 1, 3 and 7 s: after the third the camera waits about 4 s
                recorder.awaitDevice("camera", d -> d.path("reconnects").asLong() >= 2
                        && d.path("state").asText().equals("BACKOFF"), Duration.ofSeconds(10));
                camera.refuse("/h264", false);
                long t0 = System.nanoTime();
                recorder.post("/record/on", null);
                recorder.awaitDevice("camera", inState("RECORDING"), Duration.ofSeconds(5));
                assertThat((System.nanoTime() - t0) / 1e9).as("seconds to RECORDING").isLessThan(2.0);
            }
        }
    }

    @Test
    void wrongPasswordIsFailedAuthRetriedSlowlyAndNeverShown() throws Exception {
        String password = "Wr0ng-Pa55word-" + System.nanoTime();
        MountConfig mount = MountConfig.bundled("/secure", "h264-aac-640x360-25fps.mp4")
                .withAuth(ServerAuthenticator.Scheme.DIGEST, new Credentials("admin", "right-password"));
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(mount)).withPorts(0, -1));
             RecorderHarness recorder = RecorderHarness.start(dir, Map.of(
                     ConfigLoader.SERVER_ADDRESS, camera.url("/secure"),
                     ConfigLoader.USER_NAME, "admin",
                     ConfigLoader.PASSWORD, password))) {
            JsonNode failed = recorder.awaitDevice("camera", inState("FAILED"), Duration.ofSeconds(5));
            assertThat(failed.path("failure").asText()).isEqualTo("auth");
            assertThat(failed.path("lastError").asText()).contains("admin");

            // attempts over 10 s: the first at once, then the slow lane's 8 s step (6.4-9.6 s with jitter)
            List<Long> attempts = new ArrayList<>();
            long t0 = System.nanoTime();
            long seen = 0;
            while (System.nanoTime() - t0 < 10_000_000_000L) {
                long n = camera.status().get(0).wrongCredentials();
                if (n != seen) {
                    attempts.add((System.nanoTime() - t0) / 1_000_000);
                    seen = n;
                }
                Thread.sleep(20);
            }
            long total = camera.status().get(0).wrongCredentials();
            assertThat(total).as("wrong-credential requests in the first ~10 s").isBetween(1L, 2L);
            if (attempts.size() == 2) {
                assertThat(attempts.get(1) - attempts.get(0)).as("ms between attempts").isGreaterThan(6000);
            }
            assertThat(recorder.device("camera").path("state").asText()).isEqualTo("FAILED");

            String status = recorder.get("/status").body();
            String metrics = recorder.get("/metrics").body();
            String devices = recorder.get("/api/v1/devices").body();
            assertThat(status).contains("\"failure\":\"auth\"").doesNotContain(password);
            assertThat(metrics).contains("recorder_camera_state{device=\"camera\",state=\"failed\"} 1.0")
                    .doesNotContain(password);
            assertThat(devices).doesNotContain(password);
        }
        // the password is unique to this run, so the whole log of the test JVM can be searched
        String logged = Files.readString(RecorderHarness.testLog(), StandardCharsets.UTF_8);
        assertThat(logged).contains("camera camera: FAILED (auth)").doesNotContain(password);
    }
}
