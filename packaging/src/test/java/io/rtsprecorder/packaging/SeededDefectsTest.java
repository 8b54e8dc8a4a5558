package io.rtsprecorder.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks catch what they claim to: one defect at a time is seeded into the rendered single-camera overlay
 * (with its storage), and each must be reported with a message that names it.
 */
class SeededDefectsTest {

    private static ObjectNode deployment(Manifests m) {
        return (ObjectNode) m.ofKind("Deployment").get(0);
    }

    private static ObjectNode pod(Manifests m) {
        return (ObjectNode) deployment(m).path("spec").path("template").path("spec");
    }

    private static ObjectNode container(Manifests m) {
        return (ObjectNode) pod(m).path("containers").get(0);
    }

    private static ObjectNode env(Manifests m, String name) {
        for (JsonNode e : container(m).path("env")) {
            if (e.path("name").asText().equals(name)) {
                return (ObjectNode) e;
            }
        }
        throw new AssertionError("no env " + name);
    }

    static Stream<Arguments> defects() {
        return Stream.of(
                defect("misspelt field", m -> pod(m).set("volumns", pod(m).path("volumes")),
                        "unknown field spec.template.spec.volumns"),
                defect("env as a map", m -> container(m).set("env", Manifests.YAML.createObjectNode()
                        .put("RTSPServerAddress", "")), "spec.template.spec.containers[0].env"),
                defect("mount without volume", m -> ((ObjectNode) container(m).path("volumeMounts").get(0))
                        .put("name", "storge-pv"), "mounts volume storge-pv, which the pod does not have"),
                defect("claim that does not exist", m -> ((ObjectNode) pod(m).path("volumes").get(0)
                        .path("persistentVolumeClaim")).put("claimName", "pvc-name"),
                        "uses claim pvc-name, which does not exist"),
                defect("optional on a claim", m -> ((ObjectNode) pod(m).path("volumes").get(0)
                        .path("persistentVolumeClaim")).put("optional", true),
                        "unknown field spec.template.spec.volumes[0].persistentVolumeClaim.optional"),
                defect("Secret key not shipped", m -> ((ObjectNode) env(m, "PasswordSecret").path("valueFrom")
                        .path("secretKeyRef")).put("key", "passwd"), "has no such key"),
                defect("Secret not shipped", m -> ((ObjectNode) env(m, "UserName").path("valueFrom")
                        .path("secretKeyRef")).put("name", "camera-secret"), "reads Secret camera-secret"),
                defect("Service selecting nothing", m -> ((ObjectNode) m.ofKind("Service").get(0).path("spec")
                        .path("selector")).put("app.kubernetes.io/name", "recorder"), "matches no pod"),
                defect("rolling update on the volume", m -> ((ObjectNode) deployment(m).path("spec")
                        .path("strategy")).put("type", "RollingUpdate"), "use strategy Recreate"),
                defect("two replicas on the volume", m -> ((ObjectNode) deployment(m).path("spec"))
                        .put("replicas", 2), "more than one replica"),
                defect("PV without volume source", m -> ((ObjectNode) m.ofKind("PersistentVolume").get(0)
                        .path("spec")).remove("local"), "has no volume source"),
                defect("local PV without node affinity", m -> ((ObjectNode) m.ofKind("PersistentVolume").get(0)
                        .path("spec")).remove("nodeAffinity"), "needs nodeAffinity"),
                defect("claim without class", m -> ((ObjectNode) m.ofKind("PersistentVolumeClaim").get(0)
                        .path("spec")).remove("storageClassName"), "has no storageClassName"),
                defect("claim in no namespace", m -> ((ObjectNode) m.ofKind("PersistentVolumeClaim").get(0)
                        .path("metadata")).remove("namespace"), "has no namespace"),
                defect("namespace on a cluster-scoped object", m -> ((ObjectNode) m.ofKind("PersistentVolume")
                        .get(0).path("metadata")).put("namespace", "rtsp-recorder"), "is cluster-scoped"),
                defect("wrong type", m -> deployment(m).with("spec").put("replicas", "one"),
                        "Deployment rtsp-recorder/rtsp-recorder: Cannot deserialize"),
                defect("root allowed", m -> container(m).with("securityContext").put("runAsNonRoot", false),
                        "Deployment rtsp-recorder/rtsp-recorder: container rtsp-recorder: runAsNonRoot must be true"),
                defect("no seccomp", m -> pod(m).with("securityContext").remove("seccompProfile"),
                        "Deployment rtsp-recorder/rtsp-recorder: container rtsp-recorder: seccompProfile.type"),
                defect("capabilities kept", m -> container(m).with("securityContext").remove("capabilities"),
                        "container rtsp-recorder: capabilities.drop must contain ALL"),
                defect("writable root", m -> container(m).with("securityContext").put("readOnlyRootFilesystem",
                        false), "container rtsp-recorder: readOnlyRootFilesystem must be true"),
                defect("privilege escalation", m -> container(m).with("securityContext")
                        .remove("allowPrivilegeEscalation"), "allowPrivilegeEscalation must be false"),
                defect("uid by name", m -> pod(m).with("securityContext").put("runAsUser", "recorder"),
                        "runAsUser must be a numeric, non-zero uid"),
                defect("hostPath volume", m -> ((ObjectNode) pod(m).path("volumes").get(1)).putObject("hostPath")
                        .put("path", "/tmp"), "volume tmp is a hostPath, which the restricted standard forbids"),
                defect("namespace not enforcing", m -> ((ObjectNode) m.ofKind("Namespace").get(0).path("metadata")
                        .path("labels")).remove("pod-security.kubernetes.io/enforce"),
                        "Namespace rtsp-recorder: label pod-security.kubernetes.io/enforce must be restricted"),
                defect("no NetworkPolicy", m -> m.ofKind("NetworkPolicy").forEach(p -> ((ObjectNode) p.path("spec")
                        .path("podSelector").path("matchLabels")).put("app.kubernetes.io/name", "recordr")),
                        "Deployment rtsp-recorder/rtsp-recorder: no NetworkPolicy limits its ingress traffic"),
                defect("ingress from everyone", m -> ((ObjectNode) m.ofKind("NetworkPolicy").get(0).path("spec")
                        .path("ingress").get(0)).remove("from"), "from rule 0 has no peers"),
                defect("egress to everywhere", m -> ((ObjectNode) m.ofKind("NetworkPolicy").get(1).path("spec")
                        .path("egress").get(0).path("to").get(0).path("ipBlock")).put("cidr", "0.0.0.0/0"),
                        "admits every address (0.0.0.0/0)"));
    }

    private static Arguments defect(String name, Consumer<Manifests> seed, String expected) {
        return Arguments.of(name, seed, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defects")
    void eachSeededDefectIsReportedByName(String name, Consumer<Manifests> seed, String expected) throws Exception {
        Manifests m = DeployManifestsTest.render("overlays/single-camera").plus(DeployManifestsTest.render("storage"));
        List<String> before = problems(m);
        assertThat(before).as("the shipped manifests are clean").isEmpty();
        seed.accept(m);
        assertThat(problems(m)).as(name).anySatisfy(p -> assertThat(p).contains(expected));
    }

    private static List<String> problems(Manifests m) throws Exception {
        List<String> all = new ArrayList<>(DeployManifestsTest.schemaProblems(m));
        all.addAll(CrossReferences.check(m, Set.of(), Set.of()));
        all.addAll(PodSecurity.problems(m));
        all.addAll(NetworkPolicies.problems(m));
        return all;
    }
}
