package io.rtsprecorder.packaging;

import static io.rtsprecorder.packaging.Manifests.describe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes "restricted" Pod Security Standard, as far as our manifests can show it: every container of
 * every workload runs as non-root with a numeric, non-zero uid, under the RuntimeDefault (or a Localhost) seccomp
 * profile, with all capabilities dropped (adding back NET_BIND_SERVICE at most), without privilege escalation and
 * on a read-only root filesystem; the pod has a numeric fsGroup, no host namespaces and only the volume types the
 * standard allows (no hostPath); and
 * every Namespace we ship enforces the standard (and audits and warns with it). Pod-level settings count for
 * every container unless a container overrides them, as Kubernetes applies them. Each problem names the object.
 */
final class PodSecurity {

    /** The workload kinds whose pod template we check. */
    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");
    /** The labels a Namespace carries to enforce, audit and warn with the restricted standard. */
    static final Map<String, String> NAMESPACE_LABELS = Map.of(
            "pod-security.kubernetes.io/enforce", "restricted",
            "pod-security.kubernetes.io/audit", "restricted",
            "pod-security.kubernetes.io/warn", "restricted");
    private static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");
    /** The volume types the restricted standard allows. */
    private static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private PodSecurity() {
    }

    static List<String> problems(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (JsonNode ns : m.ofKind("Namespace")) {
            NAMESPACE_LABELS.forEach((label, value) -> {
                if (!value.equals(ns.path("metadata").path("labels").path(label).asText())) {
                    problems.add(describe(ns) + ": label " + label + " must be " + value);
                }
            });
        }
        for (JsonNode o : m.objects()) {
            if (WORKLOADS.contains(o.path("kind").asText())) {
                pod(describe(o), o.path("spec").path("template").path("spec"), problems);
            }
        }
        return problems;
    }

    private static void pod(String what, JsonNode pod, List<String> problems) {
        JsonNode podContext = pod.path("securityContext");
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (pod.path(host).asBoolean(false)) {
                problems.add(what + ": " + host + " is not allowed");
            }
        }
        for (JsonNode v : pod.path("volumes")) {
            v.fieldNames().forEachRemaining(field -> {
                if (!field.equals("name") && !VOLUME_TYPES.contains(field)) {
                    problems.add(what + ": volume " + v.path("name").asText() + " is a " + field
                            + ", which the restricted standard forbids");
                }
            });
        }
        if (!podContext.path("fsGroup").isIntegralNumber()) {
            problems.add(what + ": securityContext.fsGroup must be a numeric group");
        }
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        if (containers.isEmpty()) {
            problems.add(what + ": has no container");
        }
        for (JsonNode c : containers) {
            container(what + ": container " + c.path("name").asText(), podContext, c.path("securityContext"),
                    problems);
        }
    }

    private static void container(String what, JsonNode podContext, JsonNode context, List<String> problems) {
        if (!effective(podContext, context, "runAsNonRoot").asBoolean(false)) {
            problems.add(what + ": runAsNonRoot must be true");
        }
        JsonNode uid = effective(podContext, context, "runAsUser");
        if (!uid.isIntegralNumber() || uid.asLong() == 0) {
            problems.add(what + ": runAsUser must be a numeric, non-zero uid");
        }
        String seccomp = effective(podContext, context, "seccompProfile").path("type").asText();
        if (!SECCOMP_TYPES.contains(seccomp)) {
            problems.add(what + ": seccompProfile.type must be RuntimeDefault (is '" + seccomp + "')");
        }
        if (!context.path("allowPrivilegeEscalation").isBoolean()
                || context.path("allowPrivilegeEscalation").asBoolean()) {
            problems.add(what + ": allowPrivilegeEscalation must be false");
        }
        if (context.path("privileged").asBoolean(false)) {
            problems.add(what + ": must not be privileged");
        }
        if (!context.path("readOnlyRootFilesystem").asBoolean(false)) {
            problems.add(what + ": readOnlyRootFilesystem must be true");
        }
        JsonNode caps = context.path("capabilities");
        boolean dropsAll = false;
        for (JsonNode d : caps.path("drop")) {
            dropsAll |= "ALL".equals(d.asText());
        }
        if (!dropsAll) {
            problems.add(what + ": capabilities.drop must contain ALL");
        }
        for (JsonNode a : caps.path("add")) {
            if (!"NET_BIND_SERVICE".equals(a.asText())) {
                problems.add(what + ": capability " + a.asText() + " may not be added");
            }
        }
    }

    /** A setting as Kubernetes applies it: the container's own, else the pod's. */
    private static JsonNode effective(JsonNode podContext, JsonNode context, String field) {
        return context.has(field) ? context.path(field) : podContext.path(field);
    }
}
