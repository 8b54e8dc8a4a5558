package io.rtsprecorder.packaging;

import static io.rtsprecorder.packaging.Manifests.describe;
import static io.rtsprecorder.packaging.Manifests.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every pod we ship is fenced in both ways: at least one NetworkPolicy of its namespace selects it for Ingress and
 * one for Egress (so everything no rule allows is dropped), no rule lets everyone in or everything out (a rule
 * without peers, an empty namespace selector on its own, an ipBlock of the whole address space), and every policy
 * selects a pod that exists (a misspelt label would fence nothing). Selectors are compared by matchLabels, the
 * only form our manifests use. Each problem names the object.
 */
final class NetworkPolicies {

    private static final Set<String> EVERYWHERE = Set.of("0.0.0.0/0", "::/0");

    private NetworkPolicies() {
    }

    static List<String> problems(Manifests m) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> policies = m.ofKind("NetworkPolicy");
        for (JsonNode p : policies) {
            JsonNode spec = p.path("spec");
            if (spec.path("podSelector").has("matchExpressions")) {
                problems.add(describe(p) + ": podSelector.matchExpressions is not checked here; use matchLabels");
            }
            JsonNode selector = spec.path("podSelector").path("matchLabels");
            boolean selects = false;
            for (JsonNode w : workloads(m)) {
                selects |= Objects.equals(namespace(w), namespace(p)) && matches(selector, podLabels(w));
            }
            if (!selects) {
                problems.add(describe(p) + ": podSelector " + selector + " matches no pod in its namespace");
            }
            rules(describe(p), spec.path("ingress"), "from", problems);
            rules(describe(p), spec.path("egress"), "to", problems);
        }
        for (JsonNode w : workloads(m)) {
            for (String type : List.of("Ingress", "Egress")) {
                boolean fenced = false;
                for (JsonNode p : policies) {
                    fenced |= Objects.equals(namespace(w), namespace(p)) && selectsFor(p, w, type);
                }
                if (!fenced) {
                    problems.add(describe(w) + ": no NetworkPolicy limits its " + type.toLowerCase(Locale.ROOT)
                            + " traffic");
                }
            }
        }
        return problems;
    }

    /** The pod templates' owners: the kinds Pod Security checks too. */
    static List<JsonNode> workloads(Manifests m) {
        return m.objects().stream().filter(o -> PodSecurity.WORKLOADS.contains(o.path("kind").asText())).toList();
    }

    static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    /** Whether {@code policy} selects the pods of {@code workload} and names {@code type} in its policyTypes. */
    static boolean selectsFor(JsonNode policy, JsonNode workload, String type) {
        boolean typed = false;
        for (JsonNode t : policy.path("spec").path("policyTypes")) {
            typed |= type.equals(t.asText());
        }
        return typed && matches(policy.path("spec").path("podSelector").path("matchLabels"), podLabels(workload));
    }

    /** matchLabels semantics: every label of the selector is on the object; an empty selector matches all. */
    static boolean matches(JsonNode matchLabels, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static void rules(String what, JsonNode rules, String peersField, List<String> problems) {
        int i = 0;
        for (JsonNode rule : rules) {
            String where = what + ": " + peersField + " rule " + i++;
            JsonNode peers = rule.path(peersField);
            if (peers.isEmpty()) {
                problems.add(where + " has no peers, so it admits every address");
            }
            for (JsonNode peer : peers) {
                if (peer.has("namespaceSelector") && peer.path("namespaceSelector").isEmpty()
                        && (!peer.has("podSelector") || peer.path("podSelector").isEmpty())) {
                    problems.add(where + " admits every pod of every namespace");
                }
                if (EVERYWHERE.contains(peer.path("ipBlock").path("cidr").asText())) {
                    problems.add(where + " admits every address (" + peer.path("ipBlock").path("cidr").asText()
                            + ")");
                }
            }
        }
    }
}
