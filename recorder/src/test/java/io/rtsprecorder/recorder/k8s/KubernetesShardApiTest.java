package io.rtsprecorder.recorder.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.rtsprecorder.recorder.device.DeviceException;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.shard.LeaseStore;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leases and Camera resources against fabric8's mock API server in CRUD mode: the compare-and-swap the balancer
 * relies on, the Camera CRD from deploy/, the API's changes, the informer and the status subresource.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesShardApiTest {

    static final Path CRD = Path.of("..", "deploy", "crd", "camera.yaml");

    KubernetesClient client;

    /** Registers the shipped CRD with the server, as {@code kubectl apply -f deploy/crd} does. */
    static void installCrd(KubernetesClient client) throws IOException {
        try (InputStream in = new FileInputStream(CRD.toFile())) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
    }

    @BeforeEach
    void crd() throws IOException {
        installCrd(client);
    }

    @Test
    void leaseWritesAreCompareAndSwapOnTheResourceVersion() {
        KubernetesLeaseStore store = new KubernetesLeaseStore(client, client.getNamespace());
        Instant t = Instant.parse("2026-01-01T00:00:00.123456Z");
        LeaseStore.Lease a = store.write("camera.gate", null, "r0", t, Duration.ofSeconds(6)).orElseThrow();
        assertThat(a.holder()).isEqualTo("r0");
        assertThat(a.renewedAt()).isEqualTo(t);
        assertThat(a.duration()).isEqualTo(Duration.ofSeconds(6));
        assertThat(store.write("camera.gate", null, "r1", t, Duration.ofSeconds(6))).as("exists already").isEmpty();
        LeaseStore.Lease b = store.write("camera.gate", a.version(), "r1", t.plusSeconds(1), Duration.ofSeconds(6))
                .orElseThrow();
        assertThat(store.write("camera.gate", a.version(), "r0", t.plusSeconds(2), Duration.ofSeconds(6)))
                .as("stale version").isEmpty();
        assertThat(store.list()).singleElement().satisfies(l -> {
            assertThat(l.holder()).isEqualTo("r1");
            assertThat(l.version()).isEqualTo(b.version());
        });
        Optional<LeaseStore.Lease> released = store.write("camera.gate", b.version(), null, t, Duration.ofSeconds(6));
        assertThat(released).get().extracting(LeaseStore.Lease::holder).isNull();
        assertThat(released.get().freeAt(t)).isTrue();
        assertThat(store.delete("camera.gate", released.get().version())).isTrue();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void apiChangesBecomeCameraResourcesThatTheInformerSees() throws Exception {
        CameraResources cameras = new CameraResources(client, client.getNamespace());
        AtomicInteger changes = new AtomicInteger();
        cameras.watch(changes::incrementAndGet);
        CameraDefinition gate = cameras.create(new CameraDefinition("gate", "rtsp://10.0.0.5:554/live", null,
                "gate-camera", null, CameraDefinition.Origin.API));
        assertThat(gate.recording()).isTrue();
        assertThatThrownBy(() -> cameras.create(gate)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> cameras.create(new CameraDefinition("Gate_2", "rtsp://h/p", null, null, null,
                CameraDefinition.Origin.API))).isInstanceOf(DeviceException.class)
                .hasMessageContaining("Kubernetes object name");
        assertThat(cameras.setRecording("gate", false).recording()).isFalse();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(cameras.synced() && cameras.find("gate").map(c -> !c.recording()).orElse(false))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(cameras.find("gate")).get().satisfies(c -> {
            assertThat(c.recording()).isFalse();
            assertThat(c.secretName()).isEqualTo("gate-camera");
            assertThat(c.url()).isEqualTo("rtsp://10.0.0.5:554/live");
        });
        assertThat(changes.get()).isGreaterThanOrEqualTo(2);

        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", "RECORDING");
        status.put("owner", "rtsp-recorder-1");
        status.put("lastFile", "gate/2026-01-01/gate_20260101T000000Z.mp4");
        status.put("lastFrameAt", "2026-01-01T00:00:05Z");
        assertThat(cameras.writeStatus("gate", status)).isTrue();
        GenericKubernetesResource stored = client.genericKubernetesResources(CameraResources.CONTEXT)
                .inNamespace(client.getNamespace()).withName("gate").get();
        assertThat(stored.get("status", "owner").toString()).isEqualTo("rtsp-recorder-1");
        assertThat(stored.get("status", "state").toString()).isEqualTo("RECORDING");
        assertThat(stored.get("spec", "recording").toString()).isEqualTo("false");

        assertThat(cameras.delete("gate").name()).isEqualTo("gate");
        assertThatThrownBy(() -> cameras.delete("gate")).isInstanceOf(DeviceException.class)
                .hasMessageContaining("no camera named 'gate'");
        cameras.close();
    }
}
