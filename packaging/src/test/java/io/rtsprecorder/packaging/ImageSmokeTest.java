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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image works: built by deploy/image/build-image (no container engine needed), unpacked, and its
 * entrypoint run in a chroot as the image's user against the mock camera on loopback, its API closed by the token
 * it generates on its volume. It holds nothing but the recorder: no mock camera class or sample clip. Needs root
 * (chroot, mounts) and debootstrap, as CI has; skipped with the reason elsewhere.
 */
class ImageSmokeTest {

    private static final Path ROOT = UnpackedImage.ROOT;
    private static final Path OUT = Path.of("target", "image").toAbsolutePath();
    private static UnpackedImage image;
    private static Path rootfs;

    @BeforeAll
    static void buildImage() throws Exception {
        image = UnpackedImage.build("deploy/image/build-image", OUT, "rtsp-recorder-oci.tar");
        rootfs = image.rootfs();
    }

    @Test
    void imageHasTarAJavaRuntimeAndNoBuildToolsOrTestOracle() throws Exception {
        assertThat(rootfs.resolve("usr/bin/tar")).isExecutable();
        assertThat(rootfs.resolve("opt/rtsp-recorder/java/bin/java")).isExecutable();
        assertThat(rootfs.resolve("opt/rtsp-recorder/java/bin/javac")).doesNotExist();
        assertThat(image.buildTools()).as("build tools or the GPL test oracle in the image").isEmpty();
        // nothing but the recorder: no mock camera class or sample clip in any jar of the image
        assertThat(image.jars()).contains(rootfs.resolve("opt/rtsp-recorder/rtsp-recorder.jar"));
        for (Path jar : image.jars()) {
            assertThat(ShippedJar.forbiddenEntries(jar)).as("entries of the image's %s", jar).isEmpty();
        }
        assertThat(rootfs.resolve("data")).isDirectory();
        assertThat(Files.getAttribute(rootfs.resolve("data"), "unix:uid")).isEqualTo(10001);
        // the OCI archive declares the same user, entrypoint and heap sizing as the Dockerfile
        String ref = image.index().path("manifests").get(0).path("annotations")
                .path("org.opencontainers.image.ref.name").asText();
        assertThat(DeployManifestsTest.render("app").ofKind("Deployment").get(0).path("spec").path("template")
                .path("spec").path("containers").get(0).path("image").asText()).as("the manifests run this image")
                .isEqualTo(ref);
        assertThat(image.config().path("User").asText()).isEqualTo("10001:10001");
        assertThat(image.config().path("Entrypoint").toString())
                .isEqualTo("[\"/usr/local/bin/rtsp-recorder\"]");
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
             UnpackedImage.Mounts mounts = image.mount()) {
            ProcessBuilder pb = image.chroot(List.of("/usr/local/bin/rtsp-recorder", "serve"));
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
                // closed by default: no token configured, so the service generated one on its volume
                Path tokenFile = data.resolve(".rtsp-recorder/operator-token");
                assertThat(tokenFile).as(Files.readString(log)).isRegularFile();
                assertThat(Files.getAttribute(tokenFile, "unix:uid")).isEqualTo(10001);
                String token = Files.readString(tokenFile).strip();
                assertThat(Files.readString(log)).contains(".rtsp-recorder/operator-token").doesNotContain(token);
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/recordings")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).as("without the token").isEqualTo(401);
                JsonNode listing = awaitCompleteSegment(http, base, token, Duration.ofSeconds(30), log);
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

    private static JsonNode awaitCompleteSegment(HttpClient http, String base, String token, Duration timeout,
                                                 Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = Manifests.YAML.readTree(http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/recordings?device=camera&order=oldest")).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            if (list.path("segments").size() > 0 && list.path("segments").get(0).path("complete").asBoolean()) {
                return list;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no complete segment; log:\n" + Files.readString(log));
    }
}
