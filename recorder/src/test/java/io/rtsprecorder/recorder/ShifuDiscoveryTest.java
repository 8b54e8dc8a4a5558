package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.ServerAuthenticator;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.discovery.EdgeDevices;
import io.rtsprecorder.recorder.secret.KubernetesSecretReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shifu discovery against fabric8's mock API server in CRUD mode: EdgeDevices in namespace "devices", the
 * annotated one pointing (rtsp-recorder.io/url) at a mock camera on loopback that asks for the Secret's password.
 */
@EnableKubernetesMockClient(crud = true)
class ShifuDiscoveryTest {

    static final String NAMESPACE = "devices";

    KubernetesClient client;
    @TempDir
    Path dir;

    private GenericKubernetesResource edgeDevice(String name, Map<String, String> annotations) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("shifu.edgenesis.io/v1alpha1");
        r.setKind("EdgeDevice");
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withAnnotations(annotations)
                .build());
        r.setAdditionalProperty("spec", Map.of("sku", "mock camera", "connection", "Ethernet", "address",
                "127.0.0.1:554", "protocol", "TCP"));
        return client.genericKubernetesResources(EdgeDevices.CONTEXT).inNamespace(NAMESPACE).resource(r).create();
    }

    private static void awaitStatus(RecorderHarness recorder, String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (recorder.get(path).statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void anAnnotatedEdgeDeviceIsRecordedUntilItsAnnotationIsRemovedAndItsFilesAreKept() throws Exception {
        String password = "Shifu-Secret-" + System.nanoTime();
        client.secrets().inNamespace(client.getNamespace()).resource(new SecretBuilder().withNewMetadata()
                .withName("gate-camera").endMetadata().addToStringData("username", "admin")
                .addToStringData("password", password).build()).create();
        MountConfig mount = MountConfig.bundled("/gate", "h264-aac-640x360-25fps.mp4")
                .withAuth(ServerAuthenticator.Scheme.DIGEST, new Credentials("admin", password));
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(mount)).withPorts(0, -1))) {
            edgeDevice("edgedevice-gate", Map.of(EdgeDevices.RECORD, "true", EdgeDevices.URL, camera.url("/gate"),
                    EdgeDevices.SECRET, "gate-camera"));
            edgeDevice("edgedevice-yard", Map.of("note", "not for recording"));
            try (RecorderHarness recorder = RecorderHarness.start(dir, Map.of(ConfigLoader.SHIFU_DISCOVERY, "true",
                    ConfigLoader.SHIFU_NAMESPACE, NAMESPACE), new KubernetesSecretReader(client), () -> client)) {
                JsonNode gate = recorder.awaitDevice("edgedevice-gate", d -> d.path("framesWritten").asLong() > 50,
                        Duration.ofSeconds(15));
                assertThat(gate.path("origin").asText()).isEqualTo("shifu");
                assertThat(gate.path("secretName").asText()).isEqualTo("gate-camera");
                assertThat(recorder.get("/api/v1/devices/edgedevice-yard").statusCode()).isEqualTo(404);
                // an object annotated later is picked up by the watch
                edgeDevice("edgedevice-door", Map.of(EdgeDevices.RECORD, "true", EdgeDevices.URL,
                        camera.url("/gate"), EdgeDevices.SECRET, "gate-camera"));
                awaitStatus(recorder, "/api/v1/devices/edgedevice-door", 200);
                recorder.awaitDevice("edgedevice-door", d -> d.path("framesWritten").asLong() > 25,
                        Duration.ofSeconds(15));

                client.genericKubernetesResources(EdgeDevices.CONTEXT).inNamespace(NAMESPACE)
                        .withName("edgedevice-gate").edit(r -> {
                            Map<String, String> a = new HashMap<>(r.getMetadata().getAnnotations());
                            a.remove(EdgeDevices.RECORD);
                            r.getMetadata().setAnnotations(a);
                            return r;
                        });
                client.genericKubernetesResources(EdgeDevices.CONTEXT).inNamespace(NAMESPACE)
                        .withName("edgedevice-door").delete();
                awaitStatus(recorder, "/api/v1/devices/edgedevice-gate", 404);
                awaitStatus(recorder, "/api/v1/devices/edgedevice-door", 404);
                assertThat(recorder.get("/api/v1/devices/edgedevice-gate").statusCode()).isEqualTo(404);
                assertThat(recorder.get("/api/v1/devices/edgedevice-door").statusCode()).isEqualTo(404);

                // the files stay, closed: listed complete, and every one decodes cleanly
                JsonNode listing = RecorderHarness.json(recorder.get("/api/v1/recordings?device=edgedevice-gate"));
                assertThat(listing.path("total").asInt()).isPositive();
                for (JsonNode s : listing.path("segments")) {
                    assertThat(s.path("complete").asBoolean()).as(s.toString()).isTrue();
                }
                recorder.assertAllDecodeCleanly();
                assertThat(RecorderHarness.segmentFiles(dir.resolve("edgedevice-door"))).isNotEmpty();
                assertThat(recorder.get("/status").body()).doesNotContain(password);
            }
        }
        assertThat(Files.readString(RecorderHarness.testLog())).doesNotContain(password);
    }
}
