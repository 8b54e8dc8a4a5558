package io.rtsprecorder.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Closed by default in the cluster: the restricted Pod Security Standard on every pod and namespace we ship, a
 * NetworkPolicy around the recorder (in: the API and restream ports from labelled namespaces and pods only; out:
 * DNS, the cameras' networks, the API server where Secrets are read by name), and the API tokens from a Secret
 * mounted read-only, with the generated token still working when that Secret is absent.
 */
class SecureDeployTest {

    /** The label that lets a namespace (or a pod in the recorder's namespace) reach the API and the restream. */
    static final String ACCESS_LABEL = "rtsp-recorder.io/access";
    /** The label that lets a namespace (Prometheus's) reach the API port, for /metrics. */
    static final String METRICS_LABEL = "rtsp-recorder.io/metrics";
    static final Set<String> RFC1918 = Set.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
    private static final String TOKENS_SECRET = "rtsp-recorder-api-tokens";

    private static final String[] OURS = {"app", "overlays/single-camera", "overlays/multi-camera", "overlays/gpu",
        "overlays/mock-camera", "mock-camera", "sharded"};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"app", "overlays/single-camera", "overlays/multi-camera", "overlays/gpu",
        "overlays/mock-camera", "mock-camera", "sharded"})
    void everyPodMeetsTheRestrictedStandardAndIsFencedByNetworkPolicies(String dir) throws Exception {
        Manifests m = DeployManifestsTest.render(dir);
        assertThat(NetworkPolicies.workloads(m)).as(dir).isNotEmpty();
        assertThat(PodSecurity.problems(m)).as(dir).isEmpty();
        assertThat(NetworkPolicies.problems(m)).as(dir).isEmpty();
    }

    @Test
    void theNamespacesEnforceAuditAndWarnWithTheRestrictedStandard() throws Exception {
        List<JsonNode> namespaces = new ArrayList<>(DeployManifestsTest.render("storage").ofKind("Namespace"));
        namespaces.addAll(DeployManifestsTest.render("overlays/mock-camera").ofKind("Namespace"));
        assertThat(namespaces.stream().map(Manifests::name)).containsExactlyInAnyOrder("rtsp-recorder",
                "deviceshifu");
        for (JsonNode ns : namespaces) {
            JsonNode labels = ns.path("metadata").path("labels");
            PodSecurity.NAMESPACE_LABELS.forEach((label, value) ->
                    assertThat(labels.path(label).asText()).as("%s %s", Manifests.name(ns), label).isEqualTo(value));
        }
        for (String dir : OURS) {
            assertThat(DeployManifestsTest.render(dir).ofKind("Namespace").stream().map(Manifests::name))
                    .as("%s: only the storage and the mock camera's overlay create namespaces", dir)
                    .isSubsetOf("deviceshifu");
        }
    }

    @Test
    void theRecorderLetsInOnlyLabelledNamespacesAndPodsOnTheApiAndRestreamPorts() throws Exception {
        Manifests m = DeployManifestsTest.render("app");
        JsonNode recorder = recorder(m);
        List<JsonNode> ingress = rules(m, recorder, "Ingress", "ingress");
        assertThat(ingress).isNotEmpty();
        Set<String> accessPorts = new TreeSet<>();
        Set<String> metricsPorts = new TreeSet<>();
        for (JsonNode rule : ingress) {
            Set<String> ports = ports(rule);
            for (JsonNode peer : rule.path("from")) {
                assertThat(peer.has("ipBlock")).as("no address range gets in: %s", peer).isFalse();
                String label = peerLabel(peer);
                if (ACCESS_LABEL.equals(label)) {
                    accessPorts.addAll(ports);
                } else {
                    assertThat(label).as("peer %s", peer).isEqualTo(METRICS_LABEL);
                    assertThat(peer.has("podSelector")).as("metrics: by namespace").isFalse();
                    metricsPorts.addAll(ports);
                }
            }
        }
        assertThat(accessPorts).containsExactly("8080/TCP", "8554/TCP");
        assertThat(metricsPorts).containsExactly("8080/TCP");
        // both ways a peer qualifies: its namespace is labelled, or it is a labelled pod beside the recorder
        assertThat(ingress.stream().flatMap(r -> StreamSupport.stream(r.path("from").spliterator(), false))
                .map(p -> p.has("namespaceSelector") ? "namespace" : "pod")).contains("namespace", "pod");
    }

    @Test
    void theRecorderReachesOnlyDnsTheCamerasNetworksAndDeviceShifu() throws Exception {
        Manifests m = DeployManifestsTest.render("app");
        List<JsonNode> egress = rules(m, recorder(m), "Egress", "egress");
        Set<String> cidrs = new TreeSet<>();
        boolean dns = false;
        boolean deviceShifu = false;
        for (JsonNode rule : egress) {
            for (JsonNode peer : rule.path("to")) {
                if (peer.has("ipBlock")) {
                    assertThat(ports(rule)).as("cameras: any port (RTSP, RTSPS, RTP over UDP)").isEmpty();
                    cidrs.add(peer.path("ipBlock").path("cidr").asText());
                } else if ("kube-dns".equals(peer.path("podSelector").path("matchLabels").path("k8s-app").asText())) {
                    assertThat(namespaceName(peer)).isEqualTo("kube-system");
                    assertThat(ports(rule)).containsExactly("53/TCP", "53/UDP");
                    dns = true;
                } else {
                    assertThat(namespaceName(peer)).as("peer %s", peer).isEqualTo("deviceshifu");
                    deviceShifu = true;
                }
            }
        }
        assertThat(dns).isTrue();
        assertThat(deviceShifu).isTrue();
        assertThat(cidrs).as("the default cameras' networks").containsExactlyInAnyOrderElementsOf(RFC1918);
    }

    @Test
    void onlyTheMultiCameraOverlayReachesTheApiServerOn443And6443() throws Exception {
        Manifests multi = DeployManifestsTest.render("overlays/multi-camera");
        Set<String> apiPorts = new TreeSet<>();
        for (JsonNode rule : rules(multi, recorder(multi), "Egress", "egress")) {
            apiPorts.addAll(ports(rule));
        }
        assertThat(apiPorts).containsExactly("443/TCP", "53/TCP", "53/UDP", "6443/TCP");
        Manifests single = DeployManifestsTest.render("overlays/single-camera");
        Set<String> singlePorts = new TreeSet<>();
        for (JsonNode rule : rules(single, recorder(single), "Egress", "egress")) {
            singlePorts.addAll(ports(rule));
        }
        assertThat(singlePorts).as("no Secret is read by name here").containsExactly("53/TCP", "53/UDP");
    }

    /**
     * The sharded recorders keep deploy/app's rules (the same ports for the same labelled peers, the same egress)
     * and add only each other on the API port and the Kubernetes API server.
     */
    @Test
    void shardedRecordersAddOnlyEachOtherOnTheApiPortAndTheApiServerToTheAppsRules() throws Exception {
        Manifests app = DeployManifestsTest.render("app");
        Manifests sharded = DeployManifestsTest.render("sharded");
        JsonNode recorder = recorder(sharded);
        List<JsonNode> ingress = new ArrayList<>(rules(sharded, recorder, "Ingress", "ingress"));
        List<JsonNode> appIngress = rules(app, recorder(app), "Ingress", "ingress");
        assertThat(ingress).containsAll(appIngress);
        ingress.removeAll(appIngress);
        assertThat(ingress).singleElement().satisfies(r -> {
            assertThat(ports(r)).containsExactly("8080/TCP");
            assertThat(r.path("from")).singleElement().satisfies(peer -> {
                assertThat(peer.has("namespaceSelector")).as("the recorders' own namespace").isFalse();
                assertThat(NetworkPolicies.matches(peer.path("podSelector").path("matchLabels"),
                        NetworkPolicies.podLabels(recorder))).as("selects the replicas").isTrue();
                assertThat(peer.path("podSelector").path("matchLabels").size()).isEqualTo(1);
            });
        });
        List<JsonNode> egress = new ArrayList<>(rules(sharded, recorder, "Egress", "egress"));
        List<JsonNode> appEgress = rules(app, recorder(app), "Egress", "egress");
        assertThat(egress).containsAll(appEgress);
        egress.removeAll(appEgress);
        Set<String> added = new TreeSet<>();
        egress.forEach(r -> added.addAll(ports(r)));
        assertThat(added).containsExactly("443/TCP", "6443/TCP", "8080/TCP");
    }

    @Test
    void theMockCameraServesRtspToTheRecordersNamespaceOnlyAndItsAdminPortToNoPod() throws Exception {
        Manifests m = DeployManifestsTest.render("mock-camera");
        JsonNode camera = m.ofKind("Deployment").get(0);
        List<JsonNode> ingress = rules(m, camera, "Ingress", "ingress");
        assertThat(ingress).hasSize(1);
        assertThat(ports(ingress.get(0))).containsExactly("8554/TCP");
        assertThat(namespaceName(ingress.get(0).path("from").get(0))).isEqualTo("rtsp-recorder");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"app", "overlays/single-camera", "overlays/multi-camera", "overlays/gpu",
        "overlays/mock-camera", "sharded"})
    void theApiTokensComeFromASecretMountedReadOnlyOptionalForOnePodRequiredForReplicas(String dir)
            throws Exception {
        Manifests m = DeployManifestsTest.render(dir);
        assertThat(m.ofKind("Secret").stream().map(Manifests::name)).as("no placeholder token ships")
                .doesNotContain(TOKENS_SECRET);
        JsonNode pod = recorder(m).path("spec").path("template").path("spec");
        JsonNode volume = StreamSupport.stream(pod.path("volumes").spliterator(), false)
                .filter(v -> TOKENS_SECRET.equals(v.path("secret").path("secretName").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(dir + ": no volume of Secret " + TOKENS_SECRET));
        if (dir.equals("sharded")) {
            // replicas must share their tokens: one generated per volume would differ from replica to replica
            assertThat(volume.path("secret").path("optional").asBoolean(true)).as("required by the replicas")
                    .isFalse();
        } else {
            assertThat(volume.path("secret").path("optional").asBoolean()).as("absent: the generated token applies")
                    .isTrue();
        }
        assertThat(volume.path("secret").path("defaultMode").asInt() & 0007).as("not world-readable").isZero();
        JsonNode container = pod.path("containers").get(0);
        JsonNode mount = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(v -> v.path("name").asText().equals(volume.path("name").asText())).findFirst()
                .orElseThrow();
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        assertThat(mount.has("subPath")).as("a subPath mount would never see a rotated Secret").isFalse();
        String dirPath = mount.path("mountPath").asText();
        assertThat(env(container, "APITokenFile")).isEqualTo(dirPath + "/operator");
        assertThat(env(container, "ViewerTokenFile")).isEqualTo(dirPath + "/viewer");
        assertThat(env(container, "APIToken")).as("no literal token").isNull();
        assertThat(env(container, "APIAuth")).as("never opened").isNull();
    }

    private static JsonNode recorder(Manifests m) {
        return java.util.stream.Stream.concat(m.ofKind("Deployment").stream(), m.ofKind("StatefulSet").stream())
                .filter(d -> Manifests.name(d).equals("rtsp-recorder")).findFirst().orElseThrow();
    }

    /** The rules of every policy that selects {@code workload} for {@code type}. */
    private static List<JsonNode> rules(Manifests m, JsonNode workload, String type, String field) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : m.ofKind("NetworkPolicy")) {
            if (NetworkPolicies.selectsFor(p, workload, type)) {
                p.path("spec").path(field).forEach(out::add);
            }
        }
        return out;
    }

    private static Set<String> ports(JsonNode rule) {
        Set<String> out = new TreeSet<>();
        for (JsonNode p : rule.path("ports")) {
            out.add(p.path("port").asText() + "/" + p.path("protocol").asText("TCP"));
        }
        return out;
    }

    /** The one label a peer's selector asks for ({@code rtsp-recorder.io/...}). */
    private static String peerLabel(JsonNode peer) {
        JsonNode selector = peer.has("namespaceSelector") ? peer.path("namespaceSelector")
                : peer.path("podSelector");
        assertThat(selector.path("matchLabels").size()).as("peer %s", peer).isEqualTo(1);
        String label = selector.path("matchLabels").fieldNames().next();
        assertThat(selector.path("matchLabels").path(label).asText()).isEqualTo("true");
        return label;
    }

    private static String namespaceName(JsonNode peer) {
        return peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText();
    }

    private static String env(JsonNode container, String name) {
        return StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(e -> e.path("name").asText().equals(name)).map(e -> e.path("value").asText()).findFirst()
                .orElse(null);
    }
}
