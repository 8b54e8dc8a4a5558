package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules users are given (docs/prometheus-alerts.yaml), judged by Prometheus's own rule engine
 * ({@code promtool}, from Debian's {@code prometheus} package, which {@code .ci/run} installs) against the series a
 * running recorder really exposes: a camera that records, one that is switched on but cannot connect, and one
 * switched off. The scraped values are carried forward in time as each camera's state implies (a recording camera's
 * last frame stays fresh, the others' age grows), and only the camera that should record but does not may fire
 * "CameraNotRecording", after a minute and not before.
 */
class AlertRulesTest {

    private static final Path RULES = Path.of("..", "docs", "prometheus-alerts.yaml").toAbsolutePath().normalize();
    private static final Pattern SAMPLE = Pattern.compile(
            "^(recorder_last_frame_age_seconds|recorder_recording_enabled)\\{([^}]*)}\\s+(\\S+)$");
    private static final Pattern DEVICE = Pattern.compile("device=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private static String promtool() {
        Path p = Path.of("/usr/bin/promtool");
        boolean required = System.getenv("RTSP_RECORDER_REQUIRE_PEERS") != null;
        if (!Files.isExecutable(p) && required) {
            throw new AssertionError("promtool is missing; .ci/run installs Debian's prometheus package");
        }
        Assumptions.assumeTrue(Files.isExecutable(p), "promtool is not installed (apt-get install prometheus)");
        return p.toString();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s:\n" + out);
        }
        assertThat(p.exitValue()).as("%s:\n%s", String.join(" ", command), out).isZero();
        return out;
    }

    @Test
    void theRulesFileIsValidPrometheus() throws Exception {
        String out = run(promtool(), "check", "rules", RULES.toString());
        assertThat(out).contains("SUCCESS: 5 rules found");
    }

    @Test
    void cameraNotRecordingFiresAfterAMinuteForTheCameraThatShouldRecordAndForNoOther() throws Exception {
        String promtool = promtool();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String metrics;
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.bundled("/cam",
                "h264-aac-640x360-25fps.mp4"))).withPorts(0, -1));
             RecorderHarness recorder = RecorderHarness.start(dir, Map.of(
                     ConfigLoader.SERVER_ADDRESS, camera.url("/cam"), ConfigLoader.DEVICE_NAME, "gate"))) {
            assertThat(recorder.post("/register", "{\"deviceName\":\"door\",\"serverAddress\":"
                    + "\"rtsp://127.0.0.1:" + closedPort + "/nobody\"}").statusCode()).isEqualTo(201);
            assertThat(recorder.post("/register", "{\"deviceName\":\"yard\",\"serverAddress\":"
                    + "\"rtsp://127.0.0.1:" + closedPort + "/off\",\"recording\":false}").statusCode()).isEqualTo(201);
            recorder.awaitDevice("gate", inState("RECORDING"), Duration.ofSeconds(10));
            recorder.awaitDevice("door", d -> d.path("reconnects").asLong() >= 1, Duration.ofSeconds(10));
            metrics = recorder.get("/metrics").body();
            assertThat(recorder.device("gate").path("state").asText()).isEqualTo("RECORDING");
        }

        List<String> series = new ArrayList<>();
        for (String line : metrics.split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            Matcher d = DEVICE.matcher(m.group(2));
            assertThat(d.find()).as("device label in %s", line).isTrue();
            double value = Double.parseDouble(m.group(3));
            // a minute and a half ahead, one sample every 15 s: the recording camera's last frame stays as fresh as
            // it was, the others' age grows with the clock; the on/off switches stay as they are
            boolean ages = name.equals("recorder_last_frame_age_seconds") && !d.group(1).equals("gate");
            String values = String.format(Locale.ROOT, ages ? "%s+15x6" : "%sx6", value);
            series.add("      - series: '" + name + "{" + m.group(2) + "}'\n        values: '" + values + "'\n");
        }
        assertThat(series).as("scraped series:\n%s", metrics).hasSize(6);

        double doorAge = ageOf(metrics, "door") + 60;
        String test = "rule_files: ['" + RULES + "']\nevaluation_interval: 15s\ntests:\n  - interval: 15s\n"
                + "    input_series:\n" + String.join("", series)
                + "    alert_rule_test:\n"
                + "      - eval_time: 0m\n        alertname: CameraNotRecording\n        exp_alerts: []\n"
                + "      - eval_time: 1m\n        alertname: CameraNotRecording\n        exp_alerts:\n"
                + "          - exp_labels: {device: door, severity: critical}\n"
                + "            exp_annotations:\n"
                + "              summary: \"Camera door should record, but no frame reached its file for "
                + humanizeDuration(doorAge) + "\"\n"
                + "              description: \"GET /api/v1/devices/door shows the state, the open gap and its"
                + " reason.\"\n";
        Path file = Files.writeString(dir.resolve("alerts-test.yaml"), test);
        String out = run(promtool, "test", "rules", file.toString());
        assertThat(out).contains("SUCCESS");
    }

    private static double ageOf(String metrics, String device) {
        Matcher m = Pattern.compile("recorder_last_frame_age_seconds\\{device=\"" + device + "\"[^}]*}\\s+(\\S+)")
                .matcher(metrics);
        assertThat(m.find()).as("age of %s in:\n%s", device, metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Prometheus's humanizeDuration for 1 min to 1 h: whole minutes and seconds. */
    private static String humanizeDuration(double seconds) {
        long s = (long) seconds;
        assertThat(s).as("this test's ages lie between a minute and an hour").isBetween(60L, 3599L);
        return (s / 60) + "m " + (s % 60) + "s";
    }
}
