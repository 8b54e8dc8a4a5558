package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.config.ConfigLoader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request gets the documented JSON error with its 4xx status, never a 500. The service has an
 * API token, one camera from the environment ("camera", switched off) and one registered ("lobby").
 */
class ApiBadInputTest {

    private static final String TOKEN = "test-token-7f3a";

    @TempDir
    static Path dir;
    private static RecorderHarness recorder;

    @BeforeAll
    static void start() throws Exception {
        recorder = RecorderHarness.start(dir, Map.of(
                ConfigLoader.SERVER_ADDRESS, "rtsp://127.0.0.1:9/cam",
                ConfigLoader.RECORD_ON_START, "false",
                ConfigLoader.API_TOKEN, TOKEN)).withToken(TOKEN);
        HttpResponse<String> r = recorder.post("/register",
                "{\"deviceName\":\"lobby\",\"serverAddress\":\"rtsp://127.0.0.1:9/lobby\",\"recording\":false}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        recorder.close();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("malformed JSON", "POST", "/register", "{\"deviceName\": ", 400, "malformed_json"),
                Arguments.of("JSON that is not an object", "POST", "/register", "[1,2]", 400, "bad_request"),
                Arguments.of("empty body", "POST", "/register", "", 400, "bad_request"),
                Arguments.of("unknown field", "POST", "/register",
                        "{\"deviceName\":\"x\",\"serverAddress\":\"rtsp://h/p\",\"recordng\":false}", 400,
                        "bad_request"),
                Arguments.of("field of the wrong type", "POST", "/register",
                        "{\"deviceName\":\"x\",\"serverAddress\":\"rtsp://h/p\",\"recording\":\"yes\"}", 400,
                        "bad_request"),
                Arguments.of("missing address", "POST", "/register", "{\"deviceName\":\"x\"}", 400, "bad_request"),
                Arguments.of("not an RTSP address", "POST", "/register",
                        "{\"deviceName\":\"x\",\"serverAddress\":\"http://h/p\"}", 400, "bad_request"),
                Arguments.of("name that escapes the directory", "POST", "/register",
                        "{\"deviceName\":\"../etc\",\"serverAddress\":\"rtsp://h/p\"}", 400, "bad_request"),
                Arguments.of("invalid Secret name", "POST", "/api/v1/devices",
                        "{\"deviceName\":\"x\",\"serverAddress\":\"rtsp://h/p\",\"secretName\":\"Bad_Name\"}", 400,
                        "bad_request"),
                Arguments.of("duplicate camera", "POST", "/register",
                        "{\"deviceName\":\"lobby\",\"serverAddress\":\"rtsp://h/p\"}", 409, "conflict"),
                Arguments.of("duplicate of the environment camera", "POST", "/api/v1/devices",
                        "{\"deviceName\":\"camera\",\"serverAddress\":\"rtsp://h/p\"}", 409, "conflict"),
                Arguments.of("unregister unknown camera", "POST", "/unregister", "{\"deviceName\":\"nope\"}", 404,
                        "not_found"),
                Arguments.of("unregister the environment camera", "POST", "/unregister",
                        "{\"deviceName\":\"camera\"}", 409, "conflict"),
                Arguments.of("update without record", "POST", "/update", "{\"deviceName\":\"lobby\"}", 400,
                        "bad_request"),
                Arguments.of("update unknown camera", "POST", "/update", "{\"deviceName\":\"nope\",\"record\":true}",
                        404, "not_found"),
                Arguments.of("record on unknown camera", "POST", "/record/on?device=nope", null, 404, "not_found"),
                Arguments.of("record off unknown camera", "GET", "/record/off?device=nope", null, 404, "not_found"),
                Arguments.of("get unknown camera", "GET", "/api/v1/devices/nope", null, 404, "not_found"),
                Arguments.of("delete unknown camera", "DELETE", "/api/v1/devices/nope", null, 404, "not_found"),
                Arguments.of("patch without recording", "PATCH", "/api/v1/devices/lobby", "{}", 400, "bad_request"),
                Arguments.of("wrong method on register", "GET", "/register", null, 405, "method_not_allowed"),
                Arguments.of("wrong method on record/on", "DELETE", "/record/on", null, 405, "method_not_allowed"),
                Arguments.of("wrong method on status", "POST", "/status", "{}", 405, "method_not_allowed"),
                Arguments.of("unknown endpoint", "GET", "/record/maybe", null, 404, "not_found"),
                Arguments.of("body over 64 KiB", "POST", "/register", "{\"deviceName\":\"" + "x".repeat(70_000)
                        + "\"}", 413, "body_too_large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestGetsItsDocumentedJsonError(String scenario, String method, String path, String body, int status,
                                              String code) {
        HttpResponse<String> r = recorder.send(method, path, body);
        assertThat(r.statusCode()).as("%s: %s", scenario, r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = json(r);
        assertThat(error.path("status").asInt()).isEqualTo(status);
        assertThat(error.path("error").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        if (status == 405) {
            assertThat(r.headers().firstValue("Allow")).isPresent();
        }
    }

    @Test
    void missingOrWrongTokenIs401ButHealthAndMetricsStayOpen() {
        RecorderHarness anonymous = RecorderHarness.withoutToken(recorder);
        for (String path : new String[] {"/status", "/record/on", "/api/v1/devices"}) {
            HttpResponse<String> r = anonymous.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(json(r).path("error").asText()).isEqualTo("unauthorized");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("Bearer"));
        }
        HttpResponse<String> wrong = RecorderHarness.withoutToken(recorder).withToken("not-the-token")
                .get("/status");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(TOKEN);
        assertThat(anonymous.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(recorder.get("/status").statusCode()).isEqualTo(200);
    }

    @Test
    void withSeveralCamerasRecordOnWithoutDeviceActsOnTheEnvironmentCamera() {
        HttpResponse<String> r = recorder.post("/record/off", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("name").asText()).isEqualTo("camera");
    }
}
