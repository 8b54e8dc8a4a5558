package io.rtsprecorder.media.rtsp.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * RTSP header fields: names compare case-insensitively, a name may repeat, and insertion order is kept so a
 * message is written back exactly as it was built.
 */
public final class RtspHeaders {

    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    public RtspHeaders add(String name, String value) {
        fields.add(Map.entry(name, value));
        return this;
    }

    /** Replaces every field of that name with one value. */
    public RtspHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    public RtspHeaders remove(String name) {
        fields.removeIf(e -> e.getKey().equalsIgnoreCase(name));
        return this;
    }

    public Optional<String> get(String name) {
        for (Map.Entry<String, String> e : fields) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> e : fields) {
            if (e.getKey().equalsIgnoreCase(name)) {
                values.add(e.getValue());
            }
        }
        return values;
    }

    public boolean contains(String name) {
        return get(name).isPresent();
    }

    public int size() {
        return fields.size();
    }

    /** All fields in insertion order (name as given, value). */
    public List<Map.Entry<String, String>> entries() {
        return Collections.unmodifiableList(fields);
    }

    /** CSeq as an integer, or -1 when absent or not a number. */
    public int cseq() {
        return get("CSeq").map(String::strip).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                return -1;
            }
        }).orElse(-1);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : fields) {
            String value = e.getKey().toLowerCase(Locale.ROOT).contains("authorization") ? "<hidden>" : e.getValue();
            sb.append(e.getKey()).append(": ").append(value).append("\n");
        }
        return sb.toString();
    }
}
