package io.rtsprecorder.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image works: built by deploy/image/build-image (no container engine needed), unpacked, and its
 * entrypoint run in a chroot as the image's user against the mock camera on loopback. Needs root (chroot, mounts)
 * and debootstrap, as CI has; skipped with the reason elsewhere.
 */
class ImageSmokeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path OUT = Path.of("target", "image").toAbsolutePath();
    private static Path rootfs;

    @BeforeAll
    static void buildImage() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "building and running the image needs root (debootstrap, chroot); CI runs as root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/debootstrap")),
                "debootstrap is missing (.ci/run installs it)");
        Process p = new ProcessBuilder(ROOT.resolve("deploy/image/build-image").toString(), OUT.toString())
                .redirectErrorStream(true).redirectOutput(OUT.resolveSibling("build-image.log").toFile()).start();
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(OUT.resolveSibling("build-image.log"))).isZero();
        rootfs = OUT.resolve("rootfs");
    }

    @Test
    void imageHasTarAJavaRuntimeAndNoBuildToolsOrTestOracle() throws Exception {
        assertThat(rootfs.resolve("usr/bin/tar")).isExecutable();
        assertThat(rootfs.resolve("opt/rtsp-recorder/java/bin/java")).isExecutable();
        assertThat(rootfs.resolve("opt/rtsp-recorder/java/bin/javac")).doesNotExist();
        try (Stream<Path> files = Files.walk(rootfs)) {
            List<String> tools = List.of("ffmpeg", "ffprobe", "mvn", "gcc", "cc", "javac", "jlink", "make");
            assertThat(files.filter(f -> Files.isRegularFile(f) && (tools.contains(f.getFileName().toString())
                    || f.getFileName().toString().startsWith("javacpp")))
                    .map(Path::toString))
                    .as("build tools or the GPL test oracle in the image").isEmpty();
        }
        assertThat(rootfs.resolve("data")).isDirectory();
        assertThat(Files.getAttribute(rootfs.resolve("data"), "unix:uid")).isEqualTo(10001);
        // the OCI archive declares the same user, entrypoint and heap sizing as the Dockerfile
        Process tar = new ProcessBuilder("tar", "-xOf", OUT.resolve("rtsp-recorder-oci.tar").toString(),
                "index.json").start();
        String index = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(index).contains("rtsp-recorder/rtsp-recorder:");
        String dockerfile = Files.readString(ROOT.resolve("deploy/image/Dockerfile"));
        assertThat(dockerfile).contains("USER 10001:10001").contains("ENTRYPOINT [\"/usr/local/bin/rtsp-recorder\"]")
                .contains("MaxRAMPercentage");
    }

    @Test
    void entrypointRecordsTheMockCameraAnswersHealthzAndStopsCleanlyOnSigterm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = rootfs.resolve("data");
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(MockCameraConfig.bundledMounts())
                .withPorts(0, -1));
             Mounts mounts = Mounts.forChroot(rootfs)) {
            ProcessBuilder pb = new ProcessBuilder("chroot", "--userspec=10001:10001", rootfs.toString(),
                    "/usr/local/bin/rtsp-recorder", "serve");
            Map<String, String> env = pb.environment();
            env.clear();
            env.putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin",
                    "RTSPServerAddress", camera.url("/h264"),
                    "FileSavePath", "/data",
                    "HTTPAddress", "127.0.0.1",
                    "HTTPPort", Integer.toString(port),
                    "RTSPPort", "off",
                    "SegmentDuration", "3s",
                    "JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"));
            Path log = OUT.resolveSibling("image-run.log");
            Process service = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + port;
                awaitOk(http, base + "/healthz", Duration.ofSeconds(60), log);
                JsonNode listing = awaitCompleteSegment(http, base, Duration.ofSeconds(30), log);
                assertThat(listing.path("segments").get(0).path("codecs").toString()).contains("h264");
                service.destroy(); // SIGTERM to the chroot, which is Java itself (exec)
                assertThat(service.waitFor(15, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
                assertThat(service.exitValue()).as(Files.readString(log)).isZero();
            } finally {
                service.destroyForcibly();
            }
            assertThat(Files.readString(log)).contains("SIGTERM received").contains("shutdown complete");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(f -> f.toString().endsWith(".mp4")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            assertThat(MediaOracle.get().decodeErrors(f)).as(f.toString()).isEmpty();
            assertThat(Files.getAttribute(f, "unix:uid")).as("written by the image's user").isEqualTo(10001);
        }
    }

    private static void awaitOk(HttpClient http, String url, Duration timeout, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " never answered 200; log:\n" + Files.readString(log));
    }

    private static JsonNode awaitCompleteSegment(HttpClient http, String base, Duration timeout, Path log)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = Manifests.YAML.readTree(http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/recordings?device=camera&order=oldest")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (list.path("segments").size() > 0 && list.path("segments").get(0).path("complete").asBoolean()) {
                return list;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no complete segment; log:\n" + Files.readString(log));
    }

    /** /proc and /dev inside the image's root for the time of the test, as a container runtime provides them. */
    private record Mounts(List<Path> points) implements AutoCloseable {
        static Mounts forChroot(Path rootfs) throws Exception {
            Path proc = Files.createDirectories(rootfs.resolve("proc"));
            Path dev = Files.createDirectories(rootfs.resolve("dev"));
            run("mount", "-t", "proc", "proc", proc.toString());
            run("mount", "--rbind", "/dev", dev.toString());
            return new Mounts(List.of(dev, proc));
        }

        @Override
        public void close() throws Exception {
            for (Path p : points) {
                run("umount", "-l", p.toString());
            }
        }

        private static void run(String... cmd) throws Exception {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        }
    }
}
