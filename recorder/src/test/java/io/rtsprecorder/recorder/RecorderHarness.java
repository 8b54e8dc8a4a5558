package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtsprecorder.recorder.config.ConfigException;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.secret.SecretReader;
import io.rtsprecorder.testsupport.MediaOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A recorder service on a loopback port with a temporary save path, and the HTTP calls tests make to it.
 * Everything binds to 127.0.0.1; every wait is bounded.
 */
final class RecorderHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final RecorderService service;
    final Path savePath;
    final String baseUrl;
    /**
     * One client per service: a pooled keep-alive connection to an earlier test's service, closed since, must
     * never be reused when the next service happens to get the same port.
     */
    private final HttpClient http;
    private String token;

    private RecorderHarness(RecorderService service, Path savePath, HttpClient http) {
        this.service = service;
        this.savePath = savePath;
        this.http = http;
        this.baseUrl = "http://127.0.0.1:" + service.httpPort();
    }

    /** A service configured by {@code env} (plus loopback HTTP on a free port and {@code savePath}). */
    static RecorderHarness start(Path savePath, Map<String, String> env, SecretReader secrets) throws Exception {
        return start(savePath, env, secrets, null);
    }

    /** As {@link #start(Path, Map, SecretReader)}, with {@code kubernetes} as the API client for discovery. */
    static RecorderHarness start(Path savePath, Map<String, String> env, SecretReader secrets,
                                 Supplier<KubernetesClient> kubernetes) throws Exception {
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent(ConfigLoader.SAVE_PATH, savePath.toString());
        e.putIfAbsent(ConfigLoader.HTTP_ADDRESS, "127.0.0.1");
        e.putIfAbsent(ConfigLoader.HTTP_PORT, "0");
        e.putIfAbsent(ConfigLoader.RTSP_PORT, "off"); // tests that watch choose a free port themselves
        try {
            RecorderService service = kubernetes == null ? RecorderService.start(ConfigLoader.load(e), secrets,
                    Clock.systemUTC()) : RecorderService.start(ConfigLoader.load(e), secrets, Clock.systemUTC(),
                    kubernetes);
            RecorderHarness h = new RecorderHarness(service, savePath,
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
            // closed by default: without configured tokens the service generated an operator token; use it
            h.token = h.service.generatedOperatorToken();
            return h;
        } catch (ConfigException ce) {
            throw new AssertionError("test configuration rejected: " + ce.problems());
        }
    }

    static RecorderHarness start(Path savePath, Map<String, String> env) throws Exception {
        return start(savePath, env, SecretReader.NONE);
    }

    /** A second client of the same service that sends no token (its token is null until set). */
    static RecorderHarness withoutToken(RecorderHarness other) {
        return new RecorderHarness(other.service, other.savePath, other.http);
    }

    RecorderHarness withToken(String t) {
        this.token = t;
        return this;
    }

    /** The token this client sends (the generated operator token unless set otherwise), or null. */
    String token() {
        return token;
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    HttpResponse<String> post(String path, String body) {
        return send("POST", path, body);
    }

    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
            // a server refusing a large body answers before reading it; with 100-continue the client waits for
            // that answer instead of racing it with the upload
            b.expectContinue(body.length() > 8192);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** The camera's entry in /status. */
    JsonNode device(String name) {
        HttpResponse<String> r = get("/api/v1/devices/" + name);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    /** Polls the camera's status until {@code condition} holds; fails with the last status after {@code timeout}. */
    JsonNode awaitDevice(String name, Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = device(name);
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("camera " + name + " did not reach the expected status within "
                        + timeout.toMillis() + " ms; last: " + last + "; threads: " + dumpThreads());
            }
            Thread.sleep(50);
            last = device(name);
        }
        return last;
    }

    /**
     * Writes a dump of every thread of this JVM, virtual ones included, under target/ (as the soak does, through
     * HotSpotDiagnosticMXBean) and returns its path: a status that never arrives is a liveness question, and the
     * dump answers it.
     */
    static String dumpThreads() {
        Path file = Path.of("target", "thread-dump-" + System.currentTimeMillis() + ".txt").toAbsolutePath();
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return file.toString();
        } catch (IOException | RuntimeException e) {
            return "no dump (" + e + ")";
        }
    }

    /**
     * The log file of this test JVM (logback-test.xml): one per surefire fork, so tests that search the log for
     * what reached it (and what must not) read only their own JVM's lines.
     */
    static Path testLog() {
        return Path.of(System.getProperty("recorder.test.log", "target/recorder-test.log"));
    }

    static Predicate<JsonNode> inState(String state) {
        return d -> state.equals(d.path("state").asText());
    }

    /** Every segment file under the save path, oldest name first. */
    List<Path> segmentFiles() throws IOException {
        return segmentFiles(savePath);
    }

    static List<Path> segmentFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.rtsp-recorder/"))
                    .sorted().toList();
        }
    }

    /** Fails unless ffmpeg decodes every segment file with no error and each has video. */
    void assertAllDecodeCleanly() throws IOException {
        assertDecodeCleanly(savePath, 1);
    }

    /** Fails unless there are at least {@code minFiles} segments under {@code root} and all decode cleanly. */
    static void assertDecodeCleanly(Path root, int minFiles) throws IOException {
        List<Path> files = segmentFiles(root);
        assertThat(files).hasSizeGreaterThanOrEqualTo(minFiles);
        for (Path f : files) {
            assertThat(MediaOracle.get().decodeErrors(f)).as("decode errors in %s", f).isEmpty();
            assertThat(MediaOracle.get().probe(f).video()).as("video in %s", f).isPresent();
        }
    }

    @Override
    public void close() {
        service.close();
        http.shutdownNow();
    }
}
