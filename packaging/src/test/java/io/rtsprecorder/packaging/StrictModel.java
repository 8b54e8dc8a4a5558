package io.rtsprecorder.packaging;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses built-in objects with the Kubernetes API model (fabric8's generated classes) and fails on anything the
 * API would not accept as written: a field of the wrong type, and — what a lenient parser hides — any field the
 * model does not know. The model keeps unknown fields in {@code additionalProperties}; every one found anywhere
 * in the object is a problem, reported with its path ({@code spec.template.spec.volumns}).
 */
final class StrictModel {

    private static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolume", PersistentVolume.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("apiextensions.k8s.io/v1/CustomResourceDefinition", CustomResourceDefinition.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("storage.k8s.io/v1/StorageClass", StorageClass.class));

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StrictModel() {
    }

    /** Whether the object is a built-in kind this check knows. */
    static boolean isBuiltIn(JsonNode o) {
        return KINDS.containsKey(o.path("apiVersion").asText() + "/" + o.path("kind").asText());
    }

    /** Every problem with the object; empty when the API model accepts it exactly as written. */
    static List<String> problems(JsonNode o) {
        String key = o.path("apiVersion").asText() + "/" + o.path("kind").asText();
        Class<?> type = KINDS.get(key);
        if (type == null) {
            return List.of(Manifests.describe(o) + ": unknown kind " + key);
        }
        Object parsed;
        try {
            parsed = MAPPER.treeToValue(o, type);
        } catch (JacksonException e) {
            return List.of(Manifests.describe(o) + ": " + firstLine(e.getOriginalMessage()) + " at "
                    + path(e));
        }
        List<String> problems = new ArrayList<>();
        walk(parsed, "", problems, new IdentityHashMap<>());
        return problems.stream().map(p -> Manifests.describe(o) + ": unknown field " + p).toList();
    }

    private static void walk(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getValue(), path + "[" + e.getKey() + "]", problems, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object v;
                try {
                    v = f.get(value);
                } catch (IllegalAccessException e) {
                    continue;
                }
                if (f.getName().equals("additionalProperties") && v instanceof Map<?, ?> extra) {
                    for (Object k : extra.keySet()) {
                        problems.add((path.isEmpty() ? "" : path + ".") + k);
                    }
                } else {
                    walk(v, (path.isEmpty() ? "" : path + ".") + f.getName(), problems, seen);
                }
            }
        }
    }

    private static String path(JacksonException e) {
        StringBuilder b = new StringBuilder();
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
                } else {
                    b.append('[').append(r.getIndex()).append(']');
                }
            }
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
