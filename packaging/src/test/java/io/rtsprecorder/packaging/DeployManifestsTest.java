package io.rtsprecorder.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.k8s.CameraSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kustomization under deploy/ renders, parses strictly, and its objects name each other correctly. */
class DeployManifestsTest {

    static final Path DEPLOY = Path.of("..", "deploy");
    private static final Set<String> SHIFU_NAMESPACES = Set.of("deviceshifu", "devices");
    private static Manifests storage;
    private static CrdSchema edgeDevice;

    @BeforeAll
    static void renderStorage() throws Exception {
        storage = render("storage");
    }

    static Manifests render(String dir) throws Exception {
        return Manifests.parse(Kubectl.kustomize(DEPLOY.resolve(dir)));
    }

    /** Strict model for built-in kinds, the Shifu schema for EdgeDevice; anything else is unexpected. */
    static List<String> schemaProblems(Manifests m) throws java.io.IOException {
        if (edgeDevice == null) {
            edgeDevice = CrdSchema.load("/shifu/edgedevice-v1alpha1-schema.yaml");
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode o : m.objects()) {
            if (StrictModel.isBuiltIn(o)) {
                problems.addAll(StrictModel.problems(o));
            } else if ("EdgeDevice".equals(o.path("kind").asText())
                    && "shifu.edgenesis.io/v1alpha1".equals(o.path("apiVersion").asText())) {
                problems.addAll(edgeDevice.problems(o));
            } else {
                problems.add(Manifests.describe(o) + ": a kind no check knows (" + o.path("apiVersion").asText()
                        + ")");
            }
        }
        return problems;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"storage", "app", "overlays/single-camera", "overlays/multi-camera", "overlays/gpu",
        "overlays/mock-camera", "shifu", "mock-camera", "sharded", "sharded/storage", "crd"})
    void rendersParsesStrictlyAndCrossReferencesWithTheStorage(String dir) throws Exception {
        Manifests m = render(dir);
        assertThat(m.objects()).isNotEmpty();
        assertThat(schemaProblems(m)).as(dir).isEmpty();
        Manifests withStorage = dir.equals("sharded") ? m.plus(render("sharded/storage"))
                : Set.of("storage", "shifu", "mock-camera", "sharded/storage", "crd").contains(dir) ? m
                : m.plus(storage);
        assertThat(CrossReferences.check(withStorage, SHIFU_NAMESPACES, Set.of("deviceshifu/edgedevice-sa")))
                .as(dir).isEmpty();
    }

    private static JsonNode deployment(Manifests m) {
        return m.ofKind("Deployment").stream().filter(d -> Manifests.name(d).equals("rtsp-recorder")).findFirst()
                .orElseThrow();
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static JsonNode env(JsonNode container, String name) {
        return StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(e -> e.path("name").asText().equals(name)).findFirst().orElse(null);
    }

    @Test
    void storageIsALocalRetainVolumePinnedToTheGpuHostAndBoundToOurClaim() {
        JsonNode pv = storage.ofKind("PersistentVolume").get(0).path("spec");
        assertThat(pv.path("persistentVolumeReclaimPolicy").asText()).isEqualTo("Retain");
        assertThat(pv.path("local").path("path").asText()).isEqualTo("/var/lib/rtsp-recorder");
        assertThat(pv.path("nodeAffinity").path("required").path("nodeSelectorTerms").get(0)
                .path("matchExpressions").get(0).path("key").asText()).isEqualTo("kubernetes.io/hostname");
        assertThat(pv.path("claimRef").path("namespace").asText()).isEqualTo("rtsp-recorder");
        JsonNode sc = storage.ofKind("StorageClass").get(0);
        assertThat(sc.path("provisioner").asText()).isEqualTo("kubernetes.io/no-provisioner");
        assertThat(sc.path("volumeBindingMode").asText()).isEqualTo("WaitForFirstConsumer");
        JsonNode pvc = storage.ofKind("PersistentVolumeClaim").get(0);
        assertThat(pvc.path("spec").path("storageClassName").asText()).isEqualTo(Manifests.name(sc));
        assertThat(pvc.path("spec").path("volumeName").asText()).isEqualTo(Manifests.name(storage
                .ofKind("PersistentVolume").get(0)));
    }

    @Test
    void appRunsOnceNonRootReadOnlyWithProbesThatNeverAskTheCamera() throws Exception {
        Manifests app = render("app");
        assertThat(app.ofKind("Namespace")).as("the namespace lives with the storage").isEmpty();
        assertThat(app.ofKind("PersistentVolumeClaim")).as("the claim lives with the storage").isEmpty();
        JsonNode d = deployment(app);
        JsonNode pod = d.path("spec").path("template").path("spec");
        assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(d.path("spec").path("strategy").path("type").asText()).isEqualTo("Recreate");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("fsGroup").asInt()).isEqualTo(10001);
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThanOrEqualTo(30);
        JsonNode c = container(d);
        assertThat(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.path("volumeMounts").toString()).contains("\"/tmp\"").contains("\"/data\"");
        assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
        assertThat(c.path("resources").path("limits").path("memory").asText()).isNotEmpty();
        assertThat(c.path("resources").path("requests").path("cpu").asText()).isNotEmpty();
        assertThat(env(c, "FileSavePath").path("value").asText()).isEqualTo("/data");
    }

    @Test
    void singleCameraUsesTheDesignsEnvironmentNamesWithTheSecret() throws Exception {
        JsonNode c = container(deployment(render("overlays/single-camera")));
        assertThat(env(c, "RTSPServerAddress").path("value").asText())
                .startsWith("rtsp://deviceshifu-camera.deviceshifu.svc.cluster.local:554/");
        assertThat(env(c, "UserName").path("valueFrom").path("secretKeyRef").path("key").asText())
                .isEqualTo("username");
        assertThat(env(c, "PasswordSecret").path("valueFrom").path("secretKeyRef").path("key").asText())
                .isEqualTo("password");
        assertThat(env(c, "PasswordSecret").has("value")).as("never a literal password").isFalse();
    }

    @Test
    void multiCameraGetsNamedSecretsThroughANamespacedRoleOnly() throws Exception {
        Manifests m = render("overlays/multi-camera");
        assertThat(m.ofKind("ClusterRole")).isEmpty();
        assertThat(m.ofKind("ClusterRoleBinding")).isEmpty();
        JsonNode rule = m.ofKind("Role").get(0).path("rules").get(0);
        assertThat(rule.path("verbs").toString()).isEqualTo("[\"get\"]");
        assertThat(rule.path("resources").toString()).isEqualTo("[\"secrets\"]");
        assertThat(rule.path("resourceNames")).isNotEmpty();
        assertThat(deployment(m).path("spec").path("template").path("spec").path("automountServiceAccountToken")
                .asBoolean()).isTrue();
    }

    @Test
    void gpuOverlayAsksForTheGpuWithVideoCapabilities() throws Exception {
        JsonNode d = deployment(render("overlays/gpu"));
        JsonNode pod = d.path("spec").path("template").path("spec");
        JsonNode c = container(d);
        assertThat(c.path("resources").path("limits").path("nvidia.com/gpu").asText()).isEqualTo("1");
        assertThat(pod.path("runtimeClassName").asText()).isEqualTo("nvidia");
        assertThat(pod.path("tolerations").get(0).path("key").asText()).isEqualTo("nvidia.com/gpu");
        assertThat(env(c, "NVIDIA_DRIVER_CAPABILITIES").path("value").asText()).contains("video");
        assertThat(env(c, "RTSPServerAddress")).as("still the single camera").isNotNull();
    }

    @Test
    void shifuForwardsTcpOnPort554WithAPinnedImage() throws Exception {
        Manifests m = render("shifu");
        JsonNode edge = m.ofKind("EdgeDevice").get(0).path("spec");
        assertThat(edge.path("protocol").asText()).isEqualTo("TCP");
        JsonNode tcp = edge.path("protocolSettings").path("TCPSetting");
        assertThat(tcp.path("NetworkType").asText()).isEqualTo("tcp");
        JsonNode c = m.ofKind("Deployment").get(0).path("spec").path("template").path("spec").path("containers")
                .get(0);
        assertThat(c.path("ports").get(0).path("containerPort").asText()).isEqualTo(tcp.path("ListenPort").asText());
        assertThat(c.path("image").asText()).matches("edgehub/deviceshifu-tcp-tcp:v\\d+\\.\\d+\\.\\d+");
        JsonNode svc = m.ofKind("Service").get(0);
        assertThat(svc.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(554);
        assertThat(Manifests.name(svc)).isEqualTo("deviceshifu-camera");
    }

    @Test
    void shardedRunsAStatefulSetWithAVolumePerReplicaAHeadlessPeerServiceAndItsPodName() throws Exception {
        Manifests m = render("sharded");
        assertThat(m.ofKind("Deployment")).isEmpty();
        assertThat(m.ofKind("PersistentVolumeClaim")).as("claims come from the template").isEmpty();
        JsonNode s = m.ofKind("StatefulSet").get(0);
        assertThat(Manifests.name(s)).isEqualTo("rtsp-recorder");
        JsonNode spec = s.path("spec");
        assertThat(spec.path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(spec.path("podManagementPolicy").asText()).as("replicas see each other before taking cameras")
                .isEqualTo("Parallel");
        assertThat(spec.path("serviceName").asText()).isEqualTo("rtsp-recorder-peers");
        JsonNode claim = spec.path("volumeClaimTemplates").get(0);
        assertThat(Manifests.name(claim)).isEqualTo("data");
        assertThat(claim.path("spec").path("accessModes").toString()).isEqualTo("[\"ReadWriteOnce\"]");
        assertThat(claim.path("spec").path("storageClassName").asText()).isEqualTo("rtsp-recorder-local");
        JsonNode pod = spec.path("template").path("spec");
        assertThat(pod.path("automountServiceAccountToken").asBoolean()).isTrue();
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThanOrEqualTo(30);
        assertThat(pod.path("volumes").toString()).as("the data volume is the claim template's")
                .doesNotContain("persistentVolumeClaim");
        JsonNode c = pod.path("containers").get(0);
        assertThat(env(c, "CameraSource").path("value").asText()).isEqualTo("kubernetes");
        assertThat(env(c, "POD_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText())
                .isEqualTo("metadata.name");
        assertThat(env(c, "POD_NAMESPACE").path("valueFrom").path("fieldRef").path("fieldPath").asText())
                .isEqualTo("metadata.namespace");
        assertThat(env(c, "LeaseDuration").path("value").asText()).isEqualTo("15s");
        assertThat(env(c, "FileSavePath").path("value").asText()).isEqualTo("/data");
        assertThat(c.path("volumeMounts").toString()).contains("\"/data\"").contains("\"/tmp\"");
        assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
        JsonNode peers = m.ofKind("Service").stream().filter(v -> Manifests.name(v).equals("rtsp-recorder-peers"))
                .findFirst().orElseThrow().path("spec");
        assertThat(peers.path("clusterIP").asText()).isEqualTo("None");
        assertThat(peers.path("publishNotReadyAddresses").asBoolean()).as("a starting replica still holds footage")
                .isTrue();
        assertThat(env(c, "PeerService").path("value").asText()).as("replicas find each other by the headless Service")
                .isEqualTo("rtsp-recorder-peers");
        assertThat(peers.path("ports").get(0).path("name").asText()).isEqualTo("http");
        assertThat(peers.path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        Manifests storage = render("sharded/storage");
        assertThat(storage.ofKind("PersistentVolume")).allSatisfy(pv -> {
            assertThat(pv.path("spec").path("persistentVolumeReclaimPolicy").asText()).isEqualTo("Retain");
            assertThat(pv.path("spec").path("local").isMissingNode()).isFalse();
            assertThat(pv.path("spec").path("claimRef").isMissingNode()).as("any replica's claim may bind it")
                    .isTrue();
        });
        assertThat(storage.ofKind("PersistentVolume").stream().map(pv -> pv.path("spec").path("nodeAffinity")
                .toString()).distinct().count()).as("one volume per node").isEqualTo(storage
                .ofKind("PersistentVolume").size());
    }

    @Test
    void shardedGetsOnlyTheVerbsItNeedsThroughANamespacedRole() throws Exception {
        Manifests m = render("sharded");
        assertThat(m.ofKind("ClusterRole")).isEmpty();
        assertThat(m.ofKind("ClusterRoleBinding")).isEmpty();
        assertThat(m.ofKind("Role")).hasSize(1);
        java.util.Map<String, String> rules = new java.util.TreeMap<>();
        for (JsonNode r : m.ofKind("Role").get(0).path("rules")) {
            assertThat(r.path("apiGroups")).hasSize(1);
            assertThat(r.path("resources")).hasSize(1);
            String key = r.path("apiGroups").get(0).asText() + "/" + r.path("resources").get(0).asText();
            assertThat(rules.put(key, r.path("verbs").toString())).as("one rule per resource: " + key).isNull();
            if (key.equals("/secrets")) {
                assertThat(r.path("resourceNames")).as("named Secrets only").isNotEmpty();
            } else {
                assertThat(r.has("resourceNames")).as(key).isFalse();
            }
        }
        assertThat(rules).containsExactly(
                java.util.Map.entry("/secrets", "[\"get\"]"),
                java.util.Map.entry("coordination.k8s.io/leases",
                        "[\"get\",\"list\",\"create\",\"update\",\"delete\"]"),
                java.util.Map.entry("rtsp-recorder.io/cameras",
                        "[\"get\",\"list\",\"watch\",\"create\",\"patch\",\"delete\"]"),
                java.util.Map.entry("rtsp-recorder.io/cameras/status", "[\"get\",\"patch\"]"),
                java.util.Map.entry("shifu.edgenesis.io/edgedevices", "[\"get\",\"list\",\"watch\"]"));
        JsonNode binding = m.ofKind("RoleBinding").get(0);
        assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(Manifests.name(m.ofKind("Role")
                .get(0)));
        assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo(m.ofKind("StatefulSet").get(0)
                .path("spec").path("template").path("spec").path("serviceAccountName").asText());
    }

    /** {@code kubectl get cameras} shows the printer columns; they must read what the recorder writes. */
    @Test
    void cameraCrdColumnsShowTheStatusFieldsTheRecorderWrites() throws Exception {
        Manifests m = render("crd");
        JsonNode crd = m.ofKind("CustomResourceDefinition").get(0);
        JsonNode spec = crd.path("spec");
        assertThat(spec.path("group").asText()).isEqualTo(CameraSchema.GROUP);
        assertThat(spec.path("names").path("kind").asText()).isEqualTo(CameraSchema.KIND);
        assertThat(spec.path("names").path("plural").asText()).isEqualTo(CameraSchema.PLURAL);
        assertThat(Manifests.name(crd)).isEqualTo(CameraSchema.PLURAL + "." + CameraSchema.GROUP);
        assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
        assertThat(spec.path("versions")).hasSize(1);
        JsonNode version = spec.path("versions").get(0);
        assertThat(version.path("name").asText()).isEqualTo(CameraSchema.VERSION);
        assertThat(version.path("subresources").has("status")).as("status subresource").isTrue();
        JsonNode schema = version.path("schema").path("openAPIV3Schema").path("properties");
        assertThat(fieldNames(schema.path("spec").path("properties")))
                .containsExactlyInAnyOrderElementsOf(CameraSchema.SPEC_FIELDS);
        assertThat(fieldNames(schema.path("status").path("properties")))
                .containsExactlyInAnyOrderElementsOf(CameraSchema.STATUS_FIELDS);
        assertThat(schema.path("status").path("properties").path(CameraSchema.LAST_FRAME_AT).path("format")
                .asText()).isEqualTo("date-time");
        java.util.Map<String, String> columns = new java.util.LinkedHashMap<>();
        for (JsonNode c : version.path("additionalPrinterColumns")) {
            columns.put(c.path("name").asText(), c.path("jsonPath").asText() + " " + c.path("type").asText());
        }
        assertThat(columns).containsExactly(
                java.util.Map.entry("State", ".status." + CameraSchema.STATE + " string"),
                java.util.Map.entry("Owner", ".status." + CameraSchema.OWNER + " string"),
                java.util.Map.entry("Last file", ".status." + CameraSchema.LAST_FILE + " string"),
                java.util.Map.entry("Last frame", ".status." + CameraSchema.LAST_FRAME_AT + " date"),
                java.util.Map.entry("Age", ".metadata.creationTimestamp date"));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
