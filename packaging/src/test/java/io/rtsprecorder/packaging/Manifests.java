package io.rtsprecorder.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A set of Kubernetes objects as YAML trees, with the small lookups the checks need. */
record Manifests(List<JsonNode> objects) {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Manifests parse(String yaml) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.isObject() && !n.isEmpty()) {
                    out.add(n);
                }
            }
        }
        return new Manifests(List.copyOf(out));
    }

    Manifests plus(Manifests other) {
        List<JsonNode> all = new ArrayList<>(objects);
        all.addAll(other.objects);
        return new Manifests(List.copyOf(all));
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static String namespace(JsonNode o) {
        return o.path("metadata").path("namespace").asText(null);
    }

    static String describe(JsonNode o) {
        String ns = namespace(o);
        return o.path("kind").asText() + " " + (ns == null ? "" : ns + "/") + name(o);
    }
}
