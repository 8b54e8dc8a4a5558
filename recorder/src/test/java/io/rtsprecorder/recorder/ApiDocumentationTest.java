package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.storage.RecordedSegments;
import io.rtsprecorder.testsupport.FixtureSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/api.md as a test: every {@code curl} line of the page, in order, run by the real curl against a running
 * service in the state the page describes (camera {@code gate} from the environment, its footage of
 * 2026-11-25 10:00 UTC on the volume). Each must succeed (2xx), so the manual cannot drift from the code.
 */
class ApiDocumentationTest {

    private static final Path PAGE = Path.of("..", "docs", "api.md");

    @TempDir
    Path dir;

    /** The curl commands of the page's code blocks, continuation lines joined, trailing comments dropped. */
    static List<String> curlCommands(String markdown) {
        List<String> commands = new ArrayList<>();
        boolean inCode = false;
        StringBuilder current = null;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (!inCode) {
                continue;
            }
            if (current != null) {
                current.append(' ').append(line.strip());
            } else if (line.startsWith("curl ")) {
                current = new StringBuilder(line);
            }
            if (current != null) {
                if (current.toString().endsWith("\\")) {
                    current.setLength(current.length() - 1);
                } else {
                    commands.add(current.toString().replaceAll("\\s{2,}#.*$", "").strip());
                    current = null;
                }
            }
        }
        return commands;
    }

    @Test
    void everyCurlExampleOfTheApiReferenceSucceedsAgainstARunningService() throws Exception {
        Path savePath = Files.createDirectories(dir.resolve("data"));
        Path work = Files.createDirectories(dir.resolve("work"));
        RecordedSegments.record(savePath, "gate", RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(29.5)
                .withGop(1.0)), Duration.ofSeconds(10), Instant.parse("2026-11-25T10:00:00Z"));
        List<String> commands = curlCommands(Files.readString(PAGE));
        assertThat(commands).hasSizeGreaterThanOrEqualTo(20);
        List<String> failures = new ArrayList<>();
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(MockCameraConfig.bundledMounts())
                .withPorts(0, -1));
             RecorderHarness recorder = RecorderHarness.start(savePath, Map.of(
                     ConfigLoader.SERVER_ADDRESS, camera.url("/h264"),
                     ConfigLoader.DEVICE_NAME, "gate"))) {
            for (String command : commands) {
                String runnable = "curl -sS --max-time 30 -w '\\nHTTP_STATUS %{http_code}\\n' "
                        + command.substring("curl ".length()).replace("http://localhost:8080", recorder.baseUrl);
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", runnable).directory(work.toFile())
                        .redirectErrorStream(true);
                pb.environment().put("TOKEN", recorder.token());
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                boolean done = p.waitFor(60, TimeUnit.SECONDS);
                String status = out.lines().filter(l -> l.startsWith("HTTP_STATUS ")).reduce((a, b) -> b)
                        .map(l -> l.substring(12).strip()).orElse("none");
                System.out.println(status + "  " + command);
                if (!done || !status.startsWith("2")) {
                    failures.add(status + " from: " + command + "\n" + out.strip());
                }
            }
        }
        assertThat(failures).as("examples of %s that failed", PAGE).isEmpty();
        assertThat(work.resolve("gate.mp4")).isNotEmptyFile();
        assertThat(io.rtsprecorder.testsupport.MediaOracle.get().decodeErrors(work.resolve("gate.mp4"))).isEmpty();
        assertThat(work.resolve("gate_20261125T100000Z.mp4")).as("curl -O -J saved the download").exists();
    }
}
