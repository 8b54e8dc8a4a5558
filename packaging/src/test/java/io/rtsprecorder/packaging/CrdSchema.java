package io.rtsprecorder.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Checks an object against a subset of a CRD's OpenAPI v3 schema written as test data: every field must be known
 * and of the right JSON type, required fields present. {@code x-any: true} accepts any content below (metadata).
 */
final class CrdSchema {

    private final JsonNode schema;

    private CrdSchema(JsonNode schema) {
        this.schema = schema;
    }

    static CrdSchema load(String resource) throws IOException {
        try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no schema " + resource);
            }
            return new CrdSchema(Manifests.YAML.readTree(in));
        }
    }

    List<String> problems(JsonNode object) {
        List<String> out = new ArrayList<>();
        check(schema, object, "", out);
        return out.stream().map(p -> Manifests.describe(object) + ": " + p).toList();
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        String type = schema.path("type").asText();
        boolean ok = switch (type) {
            case "object" -> value.isObject();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            default -> true;
        };
        if (!ok) {
            out.add((path.isEmpty() ? "the object" : path) + " must be " + type + ", is " + value.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        if (!type.equals("object") || schema.path("x-any").asBoolean(false)) {
            return;
        }
        for (JsonNode r : schema.path("required")) {
            if (!value.has(r.asText())) {
                out.add((path.isEmpty() ? "" : path + ".") + r.asText() + " is required");
            }
        }
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            JsonNode fieldSchema = schema.path("properties").path(f);
            String fieldPath = path.isEmpty() ? f : path + "." + f;
            if (fieldSchema.isMissingNode()) {
                out.add("unknown field " + fieldPath);
            } else {
                check(fieldSchema, value.get(f), fieldPath, out);
            }
        }
    }
}
