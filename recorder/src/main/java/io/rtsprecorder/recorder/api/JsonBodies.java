package io.rtsprecorder.recorder.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Iterator;
import java.util.Set;

/**
 * JSON in and out. Request bodies are checked strictly — unknown fields and wrong types are a 400 naming the
 * field — because a typo such as {@code "recordng": false} silently ignored would leave a camera recording.
 */
final class JsonBodies {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private JsonBodies() {
    }

    /** The body as a JSON object with only {@code allowed} fields; 400 otherwise. */
    static JsonNode object(byte[] body, Set<String> allowed) {
        if (body.length == 0) {
            throw ApiException.badRequest("request body missing: send a JSON object with " + fields(allowed));
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ApiException(400, "malformed_json", "request body is not valid JSON" + where);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("request body could not be read");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object with " + fields(allowed));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "'; accepted: " + fields(allowed));
            }
        }
        return node;
    }

    static String requiredString(JsonNode node, String field) {
        String s = optionalString(node, field);
        if (s == null || s.isBlank()) {
            throw ApiException.badRequest("field '" + field + "' is required");
        }
        return s;
    }

    static String optionalString(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    static Boolean optionalBoolean(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("field '" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String fields(Set<String> allowed) {
        return String.join(", ", allowed.stream().sorted().toList());
    }
}
