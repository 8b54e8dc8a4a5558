package io.rtsprecorder.packaging;

import static io.rtsprecorder.packaging.Manifests.describe;
import static io.rtsprecorder.packaging.Manifests.name;
import static io.rtsprecorder.packaging.Manifests.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What no schema catches: objects that name each other. Every volumeMount has its volume, every claim, Secret key,
 * ConfigMap, service account and Role exists in the same namespace, Services select pods that exist, namespaced
 * objects have a namespace and cluster-scoped ones none, a PersistentVolume has a volume source (and node
 * affinity when local), a claim names the class and volume that will bind it, and a Deployment writing to a
 * ReadWriteOnce claim runs once and is replaced with Recreate.
 */
final class CrossReferences {

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "PersistentVolume", "StorageClass",
            "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");
    private static final Set<String> VOLUME_SOURCES = Set.of("local", "hostPath", "nfs", "csi", "iscsi", "fc",
            "cephfs", "rbd", "awsElasticBlockStore", "gcePersistentDisk", "azureDisk", "azureFile", "cinder");

    private final Manifests all;
    private final Set<String> externalNamespaces;
    private final Set<String> externalServiceAccounts;
    private final List<String> problems = new ArrayList<>();

    private CrossReferences(Manifests all, Set<String> externalNamespaces, Set<String> externalServiceAccounts) {
        this.all = all;
        this.externalNamespaces = externalNamespaces;
        this.externalServiceAccounts = externalServiceAccounts;
    }

    /**
     * @param externalNamespaces namespaces created by something else (Shifu's install creates deviceshifu and
     *                           devices)
     * @param externalServiceAccounts "namespace/name" of service accounts created by something else
     */
    static List<String> check(Manifests all, Set<String> externalNamespaces, Set<String> externalServiceAccounts) {
        CrossReferences c = new CrossReferences(all, externalNamespaces, externalServiceAccounts);
        c.run();
        return c.problems;
    }

    private void run() {
        Set<String> namespaces = new HashSet<>(externalNamespaces);
        all.ofKind("Namespace").forEach(n -> namespaces.add(name(n)));
        for (JsonNode o : all.objects()) {
            String kind = o.path("kind").asText();
            String ns = namespace(o);
            if (CLUSTER_SCOPED.contains(kind)) {
                if (ns != null) {
                    problems.add(describe(o) + ": is cluster-scoped but names namespace " + ns);
                }
            } else if (ns == null) {
                problems.add(describe(o) + ": has no namespace (it would land in whatever namespace kubectl uses)");
            } else if (!namespaces.contains(ns)) {
                problems.add(describe(o) + ": namespace " + ns + " is neither shipped nor created by a dependency");
            }
        }
        all.ofKind("Deployment").forEach(this::deployment);
        all.ofKind("StatefulSet").forEach(this::deployment);
        all.ofKind("StatefulSet").forEach(this::statefulSet);
        all.ofKind("Service").forEach(this::service);
        all.ofKind("PersistentVolume").forEach(this::persistentVolume);
        all.ofKind("PersistentVolumeClaim").forEach(this::claim);
        all.ofKind("RoleBinding").forEach(this::roleBinding);
    }

    private void deployment(JsonNode d) {
        String ns = namespace(d);
        JsonNode pod = d.path("spec").path("template").path("spec");
        Set<String> volumes = new HashSet<>();
        for (JsonNode t : d.path("spec").path("volumeClaimTemplates")) {
            volumes.add(name(t));
        }
        boolean writesRwoClaim = false;
        for (JsonNode v : pod.path("volumes")) {
            volumes.add(v.path("name").asText());
            JsonNode claim = v.path("persistentVolumeClaim");
            if (!claim.isMissingNode()) {
                JsonNode pvc = find("PersistentVolumeClaim", ns, claim.path("claimName").asText());
                if (pvc == null) {
                    problems.add(describe(d) + ": volume " + v.path("name").asText() + " uses claim "
                            + claim.path("claimName").asText() + ", which does not exist in namespace " + ns);
                } else if (pvc.path("spec").path("accessModes").toString().contains("ReadWriteOnce")
                        && !claim.path("readOnly").asBoolean(false)) {
                    writesRwoClaim = true;
                }
            }
            JsonNode configMap = v.path("configMap");
            if (!configMap.isMissingNode() && find("ConfigMap", ns, configMap.path("name").asText()) == null) {
                problems.add(describe(d) + ": volume " + v.path("name").asText() + " uses ConfigMap "
                        + configMap.path("name").asText() + ", which does not exist in namespace " + ns);
            }
        }
        for (JsonNode c : iterable(pod.path("containers"), pod.path("initContainers"))) {
            for (JsonNode m : c.path("volumeMounts")) {
                if (!volumes.contains(m.path("name").asText())) {
                    problems.add(describe(d) + ": container " + c.path("name").asText() + " mounts volume "
                            + m.path("name").asText() + ", which the pod does not have (volumes: " + volumes + ")");
                }
            }
            for (JsonNode e : c.path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    secretKey(d, e.path("name").asText(), ref.path("name").asText(), ref.path("key").asText());
                }
            }
        }
        String sa = pod.path("serviceAccountName").asText(null);
        if (sa != null && find("ServiceAccount", ns, sa) == null && !externalServiceAccounts.contains(ns + "/" + sa)) {
            problems.add(describe(d) + ": service account " + sa + " does not exist in namespace " + ns);
        }
        if (writesRwoClaim && "Deployment".equals(d.path("kind").asText())) {
            if (d.path("spec").path("replicas").asInt(1) > 1) {
                problems.add(describe(d) + ": more than one replica writing one ReadWriteOnce volume");
            }
            if (!"Recreate".equals(d.path("spec").path("strategy").path("type").asText())) {
                problems.add(describe(d) + ": writes a ReadWriteOnce volume but a rolling update would run two "
                        + "pods on it at once; use strategy Recreate");
            }
        }
    }

    private void secretKey(JsonNode d, String env, String secret, String key) {
        JsonNode s = find("Secret", namespace(d), secret);
        if (s == null) {
            problems.add(describe(d) + ": env " + env + " reads Secret " + secret + ", which is not shipped in "
                    + "namespace " + namespace(d));
        } else if (!s.path("data").has(key) && !s.path("stringData").has(key)) {
            problems.add(describe(d) + ": env " + env + " reads key " + key + " of Secret " + secret
                    + ", which has no such key");
        }
    }

    private void service(JsonNode s) {
        JsonNode selector = s.path("spec").path("selector");
        if (selector.isEmpty()) {
            problems.add(describe(s) + ": has no selector");
            return;
        }
        for (JsonNode d : all.objects().stream().filter(o -> Set.of("Deployment", "StatefulSet")
                .contains(o.path("kind").asText())).toList()) {
            if (!namespace(s).equals(namespace(d))) {
                continue;
            }
            JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
            boolean all = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                all &= e.getValue().asText().equals(labels.path(e.getKey()).asText(null));
            }
            if (all) {
                return;
            }
        }
        problems.add(describe(s) + ": selector " + selector + " matches no pod of a Deployment or StatefulSet in "
                + "its namespace");
    }

    /**
     * A StatefulSet's serviceName is a headless Service of its namespace, and every claim template names a shipped
     * class with at least one unclaimed volume per replica (local volumes do not provision themselves).
     */
    private void statefulSet(JsonNode s) {
        String serviceName = s.path("spec").path("serviceName").asText(null);
        JsonNode svc = serviceName == null ? null : find("Service", namespace(s), serviceName);
        if (svc == null || !"None".equals(svc.path("spec").path("clusterIP").asText())) {
            problems.add(describe(s) + ": serviceName " + serviceName + " is not a headless Service (clusterIP: None) "
                    + "in namespace " + namespace(s));
        }
        int replicas = s.path("spec").path("replicas").asInt(1);
        for (JsonNode t : s.path("spec").path("volumeClaimTemplates")) {
            String cls = t.path("spec").path("storageClassName").asText(null);
            if (cls == null || find("StorageClass", null, cls) == null) {
                problems.add(describe(s) + ": claim template " + name(t) + " names storage class " + cls
                        + ", which is not shipped");
                continue;
            }
            long free = all.ofKind("PersistentVolume").stream()
                    .filter(pv -> cls.equals(pv.path("spec").path("storageClassName").asText(null)))
                    .filter(pv -> pv.path("spec").path("claimRef").isMissingNode()).count();
            if (free < replicas) {
                problems.add(describe(s) + ": " + replicas + " replicas claim " + name(t) + " of class " + cls
                        + ", but only " + free + " unclaimed volume(s) of that class are shipped");
            }
        }
    }

    private void persistentVolume(JsonNode pv) {
        JsonNode spec = pv.path("spec");
        boolean source = VOLUME_SOURCES.stream().anyMatch(spec::has);
        if (!source) {
            problems.add(describe(pv) + ": has no volume source (local, hostPath, nfs, csi, ...): the API server "
                    + "rejects it");
        }
        if (spec.has("local") && spec.path("nodeAffinity").path("required").isMissingNode()) {
            problems.add(describe(pv) + ": a local volume needs nodeAffinity.required naming its node");
        }
    }

    private void claim(JsonNode pvc) {
        JsonNode spec = pvc.path("spec");
        String cls = spec.path("storageClassName").asText(null);
        String volume = spec.path("volumeName").asText(null);
        List<JsonNode> pvs = all.ofKind("PersistentVolume");
        if (cls == null && !pvs.isEmpty()) {
            problems.add(describe(pvc) + ": has no storageClassName, so it takes the cluster's default class and "
                    + "never binds to " + pvs.stream().map(p -> name(p) + " (class "
                    + p.path("spec").path("storageClassName").asText("none") + ")").toList());
        }
        if (volume != null) {
            JsonNode pv = find("PersistentVolume", null, volume);
            if (pv == null) {
                problems.add(describe(pvc) + ": names volume " + volume + ", which is not shipped");
            } else if (cls != null && !cls.equals(pv.path("spec").path("storageClassName").asText(null))) {
                problems.add(describe(pvc) + ": class " + cls + " differs from its volume's class "
                        + pv.path("spec").path("storageClassName").asText("none"));
            }
        }
        for (JsonNode pv : pvs) {
            JsonNode ref = pv.path("spec").path("claimRef");
            if (ref.path("name").asText().equals(name(pvc)) && !ref.path("namespace").asText()
                    .equals(String.valueOf(namespace(pvc)))) {
                problems.add(describe(pv) + ": claimRef points at namespace " + ref.path("namespace").asText()
                        + " but the claim is in " + namespace(pvc));
            }
        }
    }

    private void roleBinding(JsonNode rb) {
        String role = rb.path("roleRef").path("name").asText();
        if (!"Role".equals(rb.path("roleRef").path("kind").asText())
                || find("Role", namespace(rb), role) == null) {
            problems.add(describe(rb) + ": binds " + rb.path("roleRef").path("kind").asText() + " " + role
                    + ", not a Role shipped in its namespace");
        }
        for (JsonNode s : rb.path("subjects")) {
            if ("ServiceAccount".equals(s.path("kind").asText())
                    && find("ServiceAccount", s.path("namespace").asText(), s.path("name").asText()) == null) {
                problems.add(describe(rb) + ": subject service account " + s.path("name").asText()
                        + " does not exist");
            }
        }
    }

    private JsonNode find(String kind, String ns, String name) {
        for (JsonNode o : all.ofKind(kind)) {
            if (name(o).equals(name) && (ns == null || ns.equals(namespace(o)))) {
                return o;
            }
        }
        return null;
    }

    private static List<JsonNode> iterable(JsonNode... arrays) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : arrays) {
            a.forEach(out::add);
        }
        return out;
    }
}
