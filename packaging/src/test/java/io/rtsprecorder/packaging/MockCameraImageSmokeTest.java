package io.rtsprecorder.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProbeResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mock camera's image, which the mock-camera overlay runs, exists and works: built by camera/build-image (no
 * container engine), tagged as deploy/mock-camera names it, holding the camera and not the recorder, and its
 * declared entrypoint serves the bundled H.264 sample over RTSP when run in a chroot as the image's user.
 */
class MockCameraImageSmokeTest {

    private static final Path OUT = Path.of("target", "mock-camera-image").toAbsolutePath();
    private static UnpackedImage image;

    @BeforeAll
    static void buildImage() throws Exception {
        image = UnpackedImage.build("camera/build-image", OUT, "mock-camera-oci.tar");
    }

    @Test
    void imageIsTheOneTheOverlayNamesWithTheCameraAloneAndNoBuildTools() throws Exception {
        assertThat(image.rootfs().resolve("opt/mock-camera/java/bin/java")).isExecutable();
        assertThat(image.buildTools()).as("build tools or the GPL test oracle in the image").isEmpty();
        assertThat(image.jars()).contains(image.rootfs().resolve("opt/mock-camera/mock-camera.jar"));
        try (ZipFile jar = new ZipFile(image.rootfs().resolve("opt/mock-camera/mock-camera.jar").toFile())) {
            assertThat(jar.getEntry("io/rtsprecorder/camera/MockCamera.class")).isNotNull();
            assertThat(Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("io/rtsprecorder/recorder/"))).as("no recorder in the camera").isEmpty();
        }
        String ref = image.index().path("manifests").get(0).path("annotations")
                .path("org.opencontainers.image.ref.name").asText();
        JsonNode deployment = DeployManifestsTest.render("mock-camera").ofKind("Deployment").get(0);
        assertThat(deployment.path("spec").path("template").path("spec").path("containers").get(0).path("image")
                .asText()).as("the overlay runs the image this builds").isEqualTo(ref);
        assertThat(image.config().path("User").asText()).isEqualTo("10001:10001");
    }

    @Test
    void entrypointServesTheBundledSampleOverRtspAsTheImagesUser() throws Exception {
        int rtsp = freePort();
        int admin = freePort();
        List<String> command = new ArrayList<>();
        image.config().path("Entrypoint").forEach(a -> command.add(a.asText()));
        command.addAll(List.of("--bind", "127.0.0.1", "--port", Integer.toString(rtsp), "--admin-port",
                Integer.toString(admin)));
        Path log = OUT.resolveSibling("mock-camera-image-run.log");
        try (UnpackedImage.Mounts mounts = image.mount()) {
            ProcessBuilder pb = image.chroot(command);
            pb.environment().clear();
            image.config().path("Env").forEach(e -> {
                String[] kv = e.asText().split("=", 2);
                pb.environment().put(kv[0], kv[1]);
            });
            Process camera = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitAdminStatus(admin, Duration.ofSeconds(60), log);
                ProbeResult probe = MediaOracle.get().probeRtsp("rtsp://127.0.0.1:" + rtsp + "/h264", "tcp",
                        Duration.ofSeconds(20));
                assertThat(probe.video()).as(Files.readString(log)).isPresent();
                assertThat(probe.video().orElseThrow().codecName()).isEqualTo("h264");
                camera.destroy(); // SIGTERM to the chroot, which is Java itself (exec form)
                assertThat(camera.waitFor(15, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
            } finally {
                camera.destroyForcibly();
            }
        }
        assertThat(Files.readString(log)).contains("Mock camera listening on RTSP port " + rtsp);
    }

    private static void awaitAdminStatus(int port, Duration timeout, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the mock camera's admin /status never answered; log:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
