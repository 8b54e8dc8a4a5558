package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.testsupport.MediaOracle;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command: {@code rtsp-recorder demo} records the embedded mock camera; Ctrl-C closes cleanly. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void demoPrintsWhereEverythingIsRecordsSegmentsAndStopsCleanlyOnSigint() throws Exception {
        int httpPort = freePort();
        int rtspPort = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path out = dir.resolve("demo.log");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.rtsprecorder.recorder.RecorderCommand", "demo", "--dir", dir.resolve("recordings").toString(),
                "--http-port", Integer.toString(httpPort), "--rtsp-port", Integer.toString(rtspPort),
                "--segment", "2s").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            awaitSegments(dir.resolve("recordings"), 2, 30);
            // the demo prints a command with its operator token, ready to paste: take the token from it
            Matcher m = Pattern.compile("Authorization: Bearer ([A-Za-z0-9_-]+)")
                    .matcher(Files.readString(out, StandardCharsets.UTF_8));
            assertThat(m.find()).as("a curl line with the token in:%n%s", Files.readString(out)).isTrue();
            String status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/status")).header("Authorization", "Bearer "
                            + m.group(1)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(status).contains("\"name\":\"demo\"").contains("\"state\":\"RECORDING\"");
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(log).contains("rtsp-recorder demo is running.")
                .contains("ffplay -rtsp_transport tcp rtsp://127.0.0.1:" + rtspPort + "/h264")
                .contains("http://127.0.0.1:" + httpPort + "/status")
                .contains(dir.resolve("recordings").toAbsolutePath() + "/demo/")
                .contains("SIGINT received").contains("shutdown complete");
        List<Path> files = RecorderHarness.segmentFiles(dir.resolve("recordings"));
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : files) {
            assertThat(MediaOracle.get().decodeErrors(f)).as(f.toString()).isEmpty();
        }
    }

    private static void awaitSegments(Path root, int closed, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(root) && RecorderHarness.segmentFiles(root).size() > closed) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo wrote no " + closed + " segments within " + seconds + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
