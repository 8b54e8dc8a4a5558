package io.rtsprecorder.recorder.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/openapi.yaml describes exactly the routes the service has, and the service serves that file. */
class OpenApiDocumentTest {

    private static final Path DOC = Path.of("..", "docs", "openapi.yaml");

    @Test
    void documentListsEveryRouteAndNoOther() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(DOC));
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> ops = doc.path("paths").path(path).fieldNames(); ops.hasNext(); ) {
                String op = ops.next();
                if (!op.equals("parameters")) {
                    documented.add(op.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        RecorderApi api = new RecorderApi(null, null, null, null, Path.of("."), Clock.systemUTC(), "test", null, true);
        Set<String> routed = new TreeSet<>();
        for (Router.Route r : api.router().routes()) {
            routed.add(r.method() + " " + r.template());
        }
        assertThat(documented).isEqualTo(routed);
        for (Router.Route r : api.router().routes()) {
            JsonNode op = doc.path("paths").path(r.template()).path(r.method().toLowerCase(Locale.ROOT));
            boolean open = op.has("security") && op.path("security").isEmpty();
            assertThat(open).as("%s %s: open in the document iff open in the service", r.method(), r.template())
                    .isEqualTo(r.open());
            assertThat(op.path("x-role").asText()).as("%s %s: x-role", r.method(), r.template())
                    .isEqualTo(r.access().name().toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void servedDocumentIsTheOneInDocs() throws Exception {
        byte[] served = RecorderApi.class.getResourceAsStream("openapi.yaml").readAllBytes();
        assertThat(served).isEqualTo(Files.readAllBytes(DOC));
    }

    @Test
    void statusFieldsAndGapReasonsAreTheOnesTheServiceWrites() throws Exception {
        JsonNode schemas = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(DOC)).path("components")
                .path("schemas");
        Set<String> documented = new TreeSet<>();
        schemas.path("DeviceStatus").path("properties").fieldNames().forEachRemaining(documented::add);
        Set<String> written = new TreeSet<>();
        for (var c : io.rtsprecorder.recorder.device.DeviceStatus.class.getRecordComponents()) {
            written.add(c.getName());
        }
        assertThat(documented).as("DeviceStatus in docs/openapi.yaml").isEqualTo(written);
        Set<String> reasons = new TreeSet<>();
        schemas.path("GapReason").path("enum").forEach(n -> reasons.add(n.asText()));
        Set<String> labels = new TreeSet<>();
        for (io.rtsprecorder.recorder.storage.GapReason r : io.rtsprecorder.recorder.storage.GapReason.values()) {
            labels.add(r.label());
        }
        assertThat(reasons).as("GapReason in docs/openapi.yaml").isEqualTo(labels);
        Set<String> states = new TreeSet<>();
        schemas.path("DeviceStatus").path("properties").path("state").path("enum").forEach(n -> states.add(n.asText()));
        Set<String> names = new TreeSet<>();
        for (io.rtsprecorder.recorder.device.DeviceState st : io.rtsprecorder.recorder.device.DeviceState.values()) {
            names.add(st.name());
        }
        assertThat(states).as("states in docs/openapi.yaml").isEqualTo(names);
        Set<String> failures = new TreeSet<>();
        schemas.path("DeviceStatus").path("properties").path("failure").path("enum")
                .forEach(n -> failures.add(n.asText()));
        Set<String> failureLabels = new TreeSet<>();
        for (io.rtsprecorder.recorder.device.FailureReason f : io.rtsprecorder.recorder.device.FailureReason.values()) {
            failureLabels.add(f.label());
        }
        assertThat(failures).as("failures in docs/openapi.yaml").isEqualTo(failureLabels);
    }
}
