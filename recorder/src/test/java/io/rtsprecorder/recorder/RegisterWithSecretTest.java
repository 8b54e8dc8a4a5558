package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.ServerAuthenticator;
import io.rtsprecorder.recorder.secret.KubernetesSecretReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The design's multi-camera flow: {@code /register} with a {@code secretName}, credentials from the API server. */
@EnableKubernetesMockClient(crud = true)
class RegisterWithSecretTest {

    KubernetesClient client;
    @TempDir
    Path dir;

    @Test
    void registeredCameraLogsInWithTheSecretsCredentialsAndAMissingSecretIsFailedSecret() throws Exception {
        String password = "Secret-From-K8s-" + System.nanoTime();
        client.secrets().inNamespace(client.getNamespace()).resource(new SecretBuilder().withNewMetadata()
                .withName("gate-camera").endMetadata().addToStringData("username", "admin")
                .addToStringData("password", password).build()).create();
        MountConfig mount = MountConfig.bundled("/gate", "h264-aac-640x360-25fps.mp4")
                .withAuth(ServerAuthenticator.Scheme.DIGEST, new Credentials("admin", password));
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(mount)).withPorts(0, -1));
             RecorderHarness recorder = RecorderHarness.start(dir, Map.of(), new KubernetesSecretReader(client))) {
            HttpResponse<String> r = recorder.post("/register", "{\"deviceName\":\"gate\",\"secretName\":"
                    + "\"gate-camera\",\"serverAddress\":\"" + camera.url("/gate") + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            recorder.awaitDevice("gate", d -> d.path("framesWritten").asLong() > 25, Duration.ofSeconds(10));
            assertThat(recorder.device("gate").path("secretName").asText()).isEqualTo("gate-camera");

            recorder.post("/register", "{\"deviceName\":\"yard\",\"secretName\":\"yard-camera\",\"serverAddress\":\""
                    + camera.url("/gate") + "\"}");
            JsonNode yard = recorder.awaitDevice("yard", inState("FAILED"), Duration.ofSeconds(5));
            assertThat(yard.path("failure").asText()).isEqualTo("secret");
            assertThat(yard.path("lastError").asText()).isEqualTo("Secret 'yard-camera' not found in namespace '"
                    + client.getNamespace() + "'");
            assertThat(recorder.get("/status").body()).doesNotContain(password);

            recorder.post("/record/off?device=gate", null);
            assertThat(recorder.post("/unregister", "{\"deviceName\":\"gate\"}").statusCode()).isEqualTo(200);
            assertThat(recorder.get("/api/v1/devices/gate").statusCode()).isEqualTo(404);
            assertThat(recorder.get("/metrics").body()).doesNotContain("device=\"gate\"");
            recorder.assertAllDecodeCleanly();
        }
    }
}
