package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static io.rtsprecorder.recorder.RecorderHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Twenty cameras: registered through the API and restored after a restart; closed cleanly on SIGTERM. */
class ManyCamerasTest {

    private static final int CAMERAS = 20;

    @TempDir
    Path dir;
    private MockCamera camera;

    @BeforeEach
    void startCamera() throws IOException {
        camera = MockCamera.start(MockCameraConfig.loopback(MockCameraConfig.bundledMounts()).withPorts(0, -1));
    }

    @AfterEach
    void stopCamera() {
        camera.close();
    }

    @Test
    void twentyRegisteredCamerasComeBackInTheirSavedStateAfterARestart() throws Exception {
        try (RecorderHarness recorder = RecorderHarness.start(dir, Map.of())) {
            for (int i = 0; i < CAMERAS; i++) {
                String body = "{\"deviceName\":\"cam-%02d\",\"serverAddress\":\"%s\",\"recording\":%s}"
                        .formatted(i, camera.url(i % 2 == 0 ? "/h264" : "/h265"), i % 3 != 0);
                HttpResponse<String> r = recorder.post("/register", body);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            // one switched off after registering, one switched on: the saved state is the latest switch
            assertThat(recorder.post("/update", "{\"deviceName\":\"cam-01\",\"record\":false}").statusCode())
                    .isEqualTo(200);
            assertThat(recorder.send("PATCH", "/api/v1/devices/cam-03", "{\"recording\":true}").statusCode())
                    .isEqualTo(200);
            for (int i = 0; i < CAMERAS; i++) {
                if (expectedOn(i)) {
                    recorder.awaitDevice(name(i), inState("RECORDING"), Duration.ofSeconds(10));
                }
            }
        }

        try (RecorderHarness restarted = RecorderHarness.start(dir, Map.of())) {
            JsonNode list = json(restarted.get("/api/v1/devices")).path("devices");
            assertThat(list).hasSize(CAMERAS);
            for (int i = 0; i < CAMERAS; i++) {
                JsonNode d = restarted.device(name(i));
                assertThat(d.path("recording").asBoolean()).as(name(i)).isEqualTo(expectedOn(i));
                assertThat(d.path("origin").asText()).isEqualTo("api");
                if (expectedOn(i)) {
                    restarted.awaitDevice(name(i), inState("RECORDING"), Duration.ofSeconds(10));
                } else {
                    assertThat(d.path("state").asText()).as(name(i)).isEqualTo("IDLE");
                }
            }
            assertThat(json(restarted.get("/status")).path("stateProblem").isNull()).isTrue();
        }
    }

    private static boolean expectedOn(int i) {
        return i == 3 || (i != 1 && i % 3 != 0);
    }

    private static String name(int i) {
        return "cam-%02d".formatted(i);
    }

    @Test
    void sigtermWhileTwentyCamerasRecordExitsZeroWithinFiveSecondsAndEveryFileDecodes() throws Exception {
        StringBuilder yaml = new StringBuilder("cameras:\n");
        for (int i = 0; i < CAMERAS; i++) {
            yaml.append("  - name: ").append(name(i)).append('\n')
                    .append("    address: ").append(camera.url(i % 2 == 0 ? "/h264" : "/h264-bframes")).append('\n');
        }
        Path config = Files.writeString(dir.resolve("config.yaml"), yaml);
        Path recordings = Files.createDirectories(dir.resolve("recordings"));
        Path log = dir.resolve("service.log");
        ChildRecorder child = ChildRecorder.start(Map.of(ConfigLoader.CONFIG_FILE, config.toString(),
                ConfigLoader.SAVE_PATH, recordings.toString()), log);
        Process p = child.process;
        int port = child.port;
        try {
            awaitAllRecording(port, child.token(Duration.ofSeconds(30)), Duration.ofSeconds(30));
            Thread.sleep(1500);
            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM
            // the bound is the pod's grace period's concern (60 s in deploy/app): closing 20 files takes well
            // under a second, the fsync of closed files that follows may take up to 10 s on a busy disk
            boolean exited = p.waitFor(20, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(exited).as("exited within 20 s; log:\n%s", Files.readString(log)).isTrue();
            assertThat(p.exitValue()).isZero();
            System.out.printf("SIGTERM with %d cameras recording: exit after %.2f s%n", CAMERAS, seconds);
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(out).contains("SIGTERM received").contains("closed the files of 20 camera(s)")
                .contains("shutdown complete in");
        RecorderHarness.assertDecodeCleanly(recordings, CAMERAS);
    }

    private static void awaitAllRecording(int port, String token, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                        .header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                List<JsonNode> devices = RecorderHarness.JSON.readTree(last).path("devices").valueStream()
                        .filter(d -> d.path("state").asText().equals("RECORDING") && !d.path("currentFile").isNull())
                        .toList();
                if (devices.size() == CAMERAS) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not all cameras recording within " + timeout + ": " + last);
    }

}
