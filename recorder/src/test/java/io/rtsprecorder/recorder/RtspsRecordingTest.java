package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static io.rtsprecorder.recorder.RecorderHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.ServerAuthenticator;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.storage.DeviceStore;
import io.rtsprecorder.recorder.storage.VolumeLayout;
import io.rtsprecorder.testsupport.TcpForwarder;
import io.rtsprecorder.testsupport.TestCertificates;
import io.rtsprecorder.testsupport.TlsFront;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Cameras over TLS and passwords never in clear text, end to end: the mock camera behind a TLS front with
 * keytool-made certificates, the recorder configured by environment, YAML and the API, files judged by ffmpeg,
 * refusals read from {@code /status}, and every log line checked for the password.
 */
class RtspsRecordingTest {

    private static final String PASSWORD = "Cam-Pa55-" + System.nanoTime();
    private static final Credentials ADMIN = new Credentials("admin", PASSWORD);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path certificatesDir;
    private static MockCamera camera;
    private static TestCertificates certificates;
    private static TestCertificates.ServerIdentity signedForLoopback;
    private static TestCertificates.ServerIdentity selfSigned;
    private static TestCertificates.ServerIdentity signedForAnotherHost;

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeAll
    static void startCamera() throws Exception {
        camera = MockCamera.start(MockCameraConfig.loopback(List.of(
                MountConfig.bundled("/digest", "h264-aac-640x360-25fps.mp4")
                        .withAuth(ServerAuthenticator.Scheme.DIGEST, ADMIN),
                MountConfig.bundled("/basic", "h264-aac-640x360-25fps.mp4")
                        .withAuth(ServerAuthenticator.Scheme.BASIC, ADMIN))).withPorts(0, -1));
        certificates = TestCertificates.create(certificatesDir);
        signedForLoopback = certificates.signed("camera", "ip:127.0.0.1");
        selfSigned = certificates.selfSigned("IPC");
        signedForAnotherHost = certificates.signed("camera", "dns:camera.example");
    }

    @AfterAll
    static void stopCamera() {
        camera.close();
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void noPasswordInAnyLogLine() {
        root.detachAppender(logs);
        for (ILoggingEvent e : List.copyOf(logs.list)) {
            assertThat(e.getFormattedMessage()).doesNotContain(PASSWORD);
            if (e.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(e.getThrowableProxy())).doesNotContain(PASSWORD);
            }
        }
    }

    private static String rtsps(TlsFront front, String path) {
        return "rtsps://127.0.0.1:" + front.port() + path;
    }

    private static Map<String, String> yaml(Path dir, String text) throws Exception {
        return Map.of(ConfigLoader.CONFIG_FILE, Files.writeString(dir.resolve("recorder.yaml"), text).toString());
    }

    /** Lets a camera record a few seconds, switches it off, and has ffmpeg judge its files. */
    private static void recordsDecodableFiles(RecorderHarness recorder, String name) throws Exception {
        recorder.awaitDevice(name, d -> d.path("framesWritten").asLong() > 25, WAIT);
        assertThat(recorder.post("/record/off?device=" + name, null).statusCode()).isEqualTo(200);
        RecorderHarness.assertDecodeCleanly(recorder.savePath.resolve(name), 1);
    }

    private long warnings(String text) {
        return List.copyOf(logs.list).stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    @Test
    void theEnvironmentCameraRecordsOverTlsCheckedAgainstTheRecordersCaFile() throws Exception {
        try (TlsFront front = TlsFront.start(signedForLoopback, camera.port());
             RecorderHarness recorder = RecorderHarness.start(dir, Map.of(
                     ConfigLoader.SERVER_ADDRESS, rtsps(front, "/digest"),
                     ConfigLoader.USER_NAME, "admin", ConfigLoader.PASSWORD, PASSWORD,
                     ConfigLoader.CA_FILE, certificates.caPem().toString()))) {
            recordsDecodableFiles(recorder, "camera");
            assertThat(front.handshakes()).isEqualTo(1);
            assertThat(recorder.get("/status").body()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void anUntrustedCameraIsRefusedWithItsFingerprintAndRecordsOncePinnedThroughPatch() throws Exception {
        try (TlsFront front = TlsFront.start(selfSigned, camera.port());
             RecorderHarness recorder = RecorderHarness.start(dir, Map.of())) {
            String address = rtsps(front, "/digest").replace("rtsps://", "rtsps://admin:" + PASSWORD + "@");
            HttpResponse<String> r = recorder.post("/register", "{\"deviceName\":\"gate\",\"serverAddress\":\""
                    + address + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode refused = recorder.awaitDevice("gate", inState("FAILED"), WAIT);
            assertThat(refused.path("failure").asText()).isEqualTo("tls");
            assertThat(refused.path("lastError").asText())
                    .startsWith("tls: certificate not trusted (fingerprint " + selfSigned.fingerprint() + ", ")
                    .contains("tlsFingerprint");
            assertThat(recorder.get("/status").body()).contains("certificate not trusted").doesNotContain(PASSWORD);
            assertThat(Files.exists(recorder.savePath.resolve("gate"))).as("no file for a refused camera").isFalse();
            assertThat(front.receivedFromClients()).isEmpty();

            HttpResponse<String> wrong = recorder.send("PATCH", "/api/v1/devices/gate",
                    "{\"tlsFingerprint\":\"AB:CD\"}");
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(json(wrong).path("message").asText()).contains("tlsFingerprint");
            HttpResponse<String> pinned = recorder.send("PATCH", "/api/v1/devices/gate",
                    "{\"tlsFingerprint\":\"" + selfSigned.fingerprint().replace(":", "") + "\"}");
            assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(200);
            recordsDecodableFiles(recorder, "gate");
            String state = Files.readString(VolumeLayout.stateDirectory(dir).resolve(DeviceStore.FILE));
            assertThat(state).contains("\"tlsFingerprint\" : \"" + selfSigned.fingerprint() + "\"");
        }
    }

    @Test
    void aCertificateForAnotherHostIsAHostNameMismatchWithTheCamerasOwnCaFile() throws Exception {
        try (TlsFront front = TlsFront.start(signedForAnotherHost, camera.port());
             RecorderHarness recorder = RecorderHarness.start(dir, yaml(dir, """
                     cameras:
                       - name: yard
                         address: %s
                         userName: admin
                         password: %s
                         caFile: %s
                     """.formatted(rtsps(front, "/digest"), PASSWORD, certificates.caPem())))) {
            JsonNode refused = recorder.awaitDevice("yard", inState("FAILED"), WAIT);
            assertThat(refused.path("failure").asText()).isEqualTo("tls");
            assertThat(refused.path("lastError").asText()).startsWith("tls: host name mismatch (fingerprint "
                    + signedForAnotherHost.fingerprint());
            assertThat(Files.exists(recorder.savePath.resolve("yard"))).isFalse();
            assertThat(front.receivedFromClients()).isEmpty();
        }
    }

    @Test
    void basicOnlyOverPlainRtspIsRefusedWithOneWarningUntilAllowedAndOverTlsNeedsNoPermission() throws Exception {
        try (TcpForwarder plain = TcpForwarder.start(camera.port());
             TlsFront front = TlsFront.start(signedForLoopback, camera.port());
             RecorderHarness recorder = RecorderHarness.start(dir, yaml(dir, """
                     recording:
                       caFile: %s
                     cameras:
                       - name: lobby
                         address: %s
                         userName: admin
                         password: %s
                       - name: hall
                         address: %s
                         userName: admin
                         password: %s
                     """.formatted(certificates.caPem(), "rtsp://127.0.0.1:" + plain.port() + "/basic", PASSWORD,
                     rtsps(front, "/basic"), PASSWORD)))) {
            JsonNode refused = recorder.awaitDevice("lobby", inState("FAILED"), WAIT);
            assertThat(refused.path("failure").asText()).isEqualTo("insecure_auth");
            assertThat(refused.path("lastError").asText()).contains("offers only Basic authentication")
                    .contains("allowBasicAuth").doesNotContain(PASSWORD);
            // another attempt (switching on retries at once): refused again, but warned about only once
            String firstAt = refused.path("lastErrorAt").asText();
            recorder.post("/record/on?device=lobby", null);
            recorder.awaitDevice("lobby", d -> inState("FAILED").test(d)
                    && !d.path("lastErrorAt").asText().equals(firstAt), WAIT);
            assertThat(warnings("offers only Basic authentication")).isEqualTo(1);
            assertThat(plain.connectionsAccepted()).isGreaterThanOrEqualTo(2);
            assertThat(plain.receivedFromClients()).contains("DESCRIBE").doesNotContain("Authorization");
            assertThat(Files.exists(recorder.savePath.resolve("lobby"))).isFalse();

            recordsDecodableFiles(recorder, "hall");
        }
        try (TcpForwarder plain = TcpForwarder.start(camera.port());
             RecorderHarness recorder = RecorderHarness.start(dir.resolve("allowed"), Map.of(
                     ConfigLoader.SERVER_ADDRESS, "rtsp://127.0.0.1:" + plain.port() + "/basic",
                     ConfigLoader.USER_NAME, "admin", ConfigLoader.PASSWORD, PASSWORD,
                     ConfigLoader.ALLOW_BASIC_AUTH, "true"))) {
            recordsDecodableFiles(recorder, "camera");
            assertThat(plain.receivedFromClients()).contains("Authorization: Basic");
        }
    }
}
