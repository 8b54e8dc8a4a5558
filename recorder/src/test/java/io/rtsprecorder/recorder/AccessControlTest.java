package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closed by default: every route of the API (as docs/openapi.yaml lists them, which a test keeps equal to the
 * router) answered with no token, a viewer's, an operator's and a wrong one; the generated token; the web UI's
 * session cookie and its CSRF token; a rotated token file; the explicit opt-out.
 */
class AccessControlTest {

    private static final String OPERATOR = "op-" + Long.toHexString(System.nanoTime());
    private static final String VIEWER = "view-" + Long.toHexString(System.nanoTime());
    /** Per test: never a pooled connection to an earlier test's service on a reused port. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    /** One operation of the document, with its placeholders filled with harmless values. */
    private record Operation(String method, String path, String role) {
    }

    private static List<Operation> operations() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("..", "docs",
                "openapi.yaml")));
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            String path = p.getKey().replace("{device}", "camera").replaceAll("\\{([A-Za-z]+)}", "no-such-$1");
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!op.getKey().equals("parameters")) {
                    out.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path,
                            op.getValue().path("x-role").asText()));
                }
            }
        }
        return out;
    }

    private HttpResponse<String> call(String base, Operation op, String token) throws Exception {
        boolean body = op.method().equals("POST") || op.method().equals("PATCH");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + op.path())).timeout(Duration.ofSeconds(30))
                .method(op.method(), body ? HttpRequest.BodyPublishers.ofString("{\"unknown\":1}")
                        : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteAnswersEachRoleAsDocumentedAndNothingThatChangesAnythingWorksWithoutTheOperatorRole()
            throws Exception {
        List<Operation> ops = operations();
        assertThat(ops).as("operations in docs/openapi.yaml").hasSizeGreaterThan(20);
        List<String> table = new ArrayList<>();
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(MockCameraConfig.bundledMounts())
                .withPorts(0, -1));
             RecorderHarness recorder = RecorderHarness.start(dir, Map.of(ConfigLoader.SERVER_ADDRESS,
                     camera.url("/h264"), ConfigLoader.API_TOKEN, OPERATOR, ConfigLoader.VIEWER_TOKEN, VIEWER))) {
            for (Operation op : ops) {
                int none = call(recorder.baseUrl, op, null).statusCode();
                int viewer = call(recorder.baseUrl, op, VIEWER).statusCode();
                int operator = call(recorder.baseUrl, op, OPERATOR).statusCode();
                table.add(String.format(Locale.ROOT, "%-7s %-42s %-8s none %d, viewer %d, operator %d",
                        op.method(), op.path(), op.role(), none, viewer, operator));
                switch (op.role()) {
                    case "open" -> {
                        assertThat(List.of(none, viewer, operator)).as("%s", op).doesNotContain(401, 403);
                    }
                    case "viewer" -> {
                        assertThat(none).as("%s without a token", op).isEqualTo(401);
                        assertThat(List.of(viewer, operator)).as("%s", op).doesNotContain(401, 403);
                    }
                    case "operator" -> {
                        assertThat(none).as("%s without a token", op).isEqualTo(401);
                        assertThat(viewer).as("%s with a viewer's token", op).isEqualTo(403);
                        assertThat(operator).as("%s with the operator's token", op).isNotIn(401, 403);
                    }
                    default -> throw new AssertionError("no x-role for " + op);
                }
            }
            // wrong tokens, last: each is a 401 until ten came from this address within a minute, then 429
            List<Integer> wrong = new ArrayList<>();
            HttpResponse<String> limited = null;
            for (Operation op : ops) {
                if (op.role().equals("open")) {
                    continue;
                }
                HttpResponse<String> r = call(recorder.baseUrl, op, "wrong-token");
                wrong.add(r.statusCode());
                if (r.statusCode() == 429 && limited == null) {
                    limited = r;
                }
            }
            assertThat(wrong.subList(0, 10)).as("the first ten wrong tokens").containsOnly(401);
            assertThat(wrong.subList(10, wrong.size())).as("the rest, within the minute").containsOnly(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(call(recorder.baseUrl, new Operation("GET", "/status", "viewer"), OPERATOR).statusCode())
                    .as("the right token from a limited address waits too").isEqualTo(429);
        }
        table.forEach(System.out::println);
        String log = Files.readString(RecorderHarness.testLog(), StandardCharsets.UTF_8);
        assertThat(log).doesNotContain(OPERATOR).doesNotContain(VIEWER);
    }

    @Test
    void withoutATokenAnOperatorTokenIsGeneratedOwnerOnlyLoggedByPathAndReusedAfterARestart() throws Exception {
        String first;
        try (RecorderHarness recorder = RecorderHarness.start(dir, Map.of())) {
            Path file = dir.resolve(".rtsp-recorder/operator-token");
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            first = Files.readString(file).strip();
            assertThat(first).hasSizeGreaterThanOrEqualTo(40);
            assertThat(RecorderHarness.withoutToken(recorder).get("/status").statusCode()).isEqualTo(401);
            assertThat(recorder.get("/status").statusCode()).isEqualTo(200);
        }
        try (RecorderHarness again = RecorderHarness.start(dir, Map.of())) {
            assertThat(again.token()).as("the same token after a restart").isEqualTo(first);
        }
        String log = Files.readString(RecorderHarness.testLog(), StandardCharsets.UTF_8);
        assertThat(log).contains(dir.resolve(".rtsp-recorder/operator-token").toString()).doesNotContain(first);
    }

    @Test
    void theWebUiLogsInWithATokenKeepsAnHttpOnlyStrictCookieAndChangesNothingWithoutItsCsrfToken()
            throws Exception {
        try (RecorderHarness recorder = RecorderHarness.start(dir, Map.of(ConfigLoader.SERVER_ADDRESS,
                "rtsp://127.0.0.1:9/none", ConfigLoader.API_TOKEN, OPERATOR))) {
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(recorder.baseUrl
                    + "/api/v1/session")).POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + OPERATOR
                    + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(OPERATOR);
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            String csrf = RecorderHarness.json(login).path("csrfToken").asText();
            assertThat(RecorderHarness.json(login).path("role").asText()).isEqualTo("operator");

            HttpRequest.Builder status = HttpRequest.newBuilder(URI.create(recorder.baseUrl + "/status"))
                    .header("Cookie", cookie);
            assertThat(http.send(status.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpRequest off = HttpRequest.newBuilder(URI.create(recorder.baseUrl + "/record/off"))
                    .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()).build();
            assertThat(http.send(off, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("a change with the cookie alone (what a forged cross-site form would send)").isEqualTo(403);
            HttpRequest offWithCsrf = HttpRequest.newBuilder(URI.create(recorder.baseUrl + "/record/off"))
                    .header("Cookie", cookie).header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            assertThat(http.send(offWithCsrf, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            HttpRequest logout = HttpRequest.newBuilder(URI.create(recorder.baseUrl + "/api/v1/session"))
                    .header("Cookie", cookie).DELETE().build();
            assertThat(http.send(logout, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(status.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("after logging out").isEqualTo(401);
        }
    }

    @Test
    void aRotatedTokenFileTakesEffectWithoutARestart() throws Exception {
        Path tokens = Files.writeString(dir.resolve("operator"), "first-token-aaaa\n");
        try (RecorderHarness recorder = RecorderHarness.start(dir.resolve("data"), Map.of(
                ConfigLoader.API_TOKEN_FILE, tokens.toString()))) {
            assertThat(recorder.withToken("first-token-aaaa").get("/status").statusCode()).isEqualTo(200);
            Files.writeString(tokens, "second-token-bb\nthird-token-cccc\n");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (recorder.withToken("second-token-bb").get("/status").statusCode() != 200
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(recorder.withToken("second-token-bb").get("/status").statusCode()).isEqualTo(200);
            assertThat(recorder.withToken("third-token-cccc").get("/status").statusCode()).isEqualTo(200);
            assertThat(recorder.withToken("first-token-aaaa").get("/status").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void apiAuthNoneOpensEverythingAndSaysSoInTheLog() throws Exception {
        try (RecorderHarness recorder = RecorderHarness.start(dir, Map.of(ConfigLoader.SERVER_ADDRESS,
                "rtsp://127.0.0.1:9/none", ConfigLoader.API_AUTH, "none"))) {
            RecorderHarness anonymous = RecorderHarness.withoutToken(recorder);
            assertThat(anonymous.post("/record/off", null).statusCode()).isEqualTo(200);
            assertThat(dir.resolve(".rtsp-recorder/operator-token")).doesNotExist();
        }
        assertThat(Files.readString(RecorderHarness.testLog(), StandardCharsets.UTF_8))
                .contains("APIAuth=none: the API needs no token");
    }
}
