package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.storage.RecordedSegments;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background exports with progress, and the timeline, over HTTP: the web UI's two views of stored footage. A viewer
 * may do both; the file of a finished export decodes cleanly and covers the range asked for.
 */
class BackgroundExportsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final String OPERATOR = "exports-operator";
    private static final String VIEWER = "exports-viewer";

    @TempDir
    static Path dir;
    private static RecorderHarness recorder;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path clip = RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(29.5).withGop(1.0));
        RecordedSegments.record(dir, "gate", clip, Duration.ofSeconds(10), T0);
        RecordedSegments.record(dir, "gate", RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(5)
                .withGop(1.0)), Duration.ofSeconds(10), T0.plusSeconds(60));
        recorder = RecorderHarness.start(dir, Map.of(ConfigLoader.API_TOKEN, OPERATOR,
                ConfigLoader.VIEWER_TOKEN, VIEWER)).withToken(VIEWER);
    }

    @AfterAll
    static void stop() {
        recorder.close();
    }

    private static JsonNode awaitFinished(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode job = json(recorder.get("/api/v1/exports/" + id));
        while (job.path("state").asText().matches("queued|running")) {
            assertThat(System.nanoTime()).as("export %s still %s", id, job).isLessThan(deadline);
            Thread.sleep(50);
            job = json(recorder.get("/api/v1/exports/" + id));
        }
        return job;
    }

    @Test
    void aViewerExportsInTheBackgroundWatchesProgressAndGetsAFileThatDecodesCleanly() throws Exception {
        HttpResponse<String> created = recorder.post("/api/v1/exports", "{\"device\":\"gate\",\"from\":\""
                + T0.plusSeconds(5) + "\",\"to\":\"" + T0.plusSeconds(25) + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = json(created).path("id").asText();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/exports/" + id);

        JsonNode done = awaitFinished(id);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("format").asText()).isEqualTo("mp4");
        assertThat(done.path("totalSeconds").asDouble()).isBetween(19.9, 21.1);
        assertThat(done.path("mediaSeconds").asDouble()).isEqualTo(done.path("totalSeconds").asDouble());
        assertThat(done.path("bytes").asLong()).isPositive().isEqualTo(done.path("totalBytes").asLong());
        assertThat(done.path("expiresAt").asText()).isNotEmpty();

        Path file = dir.resolveSibling(dir.getFileName() + "-export.mp4");
        HttpResponse<Path> got = HTTP.send(HttpRequest.newBuilder(URI.create(recorder.baseUrl
                + done.path("fileUrl").asText())).header("Authorization", "Bearer " + VIEWER).build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Content-Disposition").orElse("")).contains("gate_20261125T1000");
        assertThat(Files.size(file)).isEqualTo(done.path("bytes").asLong());
        assertThat(MediaOracle.get().decodeErrors(file)).isEmpty();
        assertThat(MediaOracle.get().probe(file).duration()).isBetween(19.0, 21.1);

        HttpResponse<String> removed = recorder.send("DELETE", "/api/v1/exports/" + id, null);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(recorder.get("/api/v1/exports/" + id).statusCode()).isEqualTo(404);
        assertThat(recorder.get("/api/v1/exports/" + id + "/file").statusCode()).isEqualTo(404);
        assertThat(RecorderHarness.segmentFiles(dir)).noneMatch(p -> p.toString().contains(id));
    }

    @Test
    void aStreamedFormatReportsMediaTimeWithoutKnowingItsSizeInAdvance() throws Exception {
        HttpResponse<String> created = recorder.post("/api/v1/exports", "{\"device\":\"gate\",\"from\":\""
                + T0 + "\",\"to\":\"" + T0.plusSeconds(70) + "\",\"format\":\"ts\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode done = awaitFinished(json(created).path("id").asText());
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("format").asText()).isEqualTo("ts");
        assertThat(done.path("totalBytes").asLong()).isEqualTo(-1);
        assertThat(done.path("bytes").asLong()).isPositive();
        assertThat(done.path("fileName").asText()).endsWith(".ts");
    }

    @Test
    void anExportWithoutFootageOrWithBadInputIsRefusedAtOnce() {
        HttpResponse<String> none = recorder.post("/api/v1/exports", "{\"device\":\"gate\",\"from\":\""
                + T0.minusSeconds(600) + "\",\"to\":\"" + T0.minusSeconds(300) + "\"}");
        assertThat(none.statusCode()).as(none.body()).isEqualTo(404);
        HttpResponse<String> backwards = recorder.post("/api/v1/exports", "{\"device\":\"gate\",\"from\":\""
                + T0.plusSeconds(20) + "\",\"to\":\"" + T0 + "\"}");
        assertThat(backwards.statusCode()).isEqualTo(400);
        HttpResponse<String> format = recorder.post("/api/v1/exports", "{\"device\":\"gate\",\"from\":\""
                + T0 + "\",\"to\":\"" + T0.plusSeconds(5) + "\",\"format\":\"avi\"}");
        assertThat(format.statusCode()).isEqualTo(400);
        assertThat(recorder.get("/api/v1/exports/0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(404);
        RecorderHarness anonymous = RecorderHarness.withoutToken(recorder);
        assertThat(anonymous.post("/api/v1/exports", "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void theTimelineShowsTheSpansAndTheGapBetweenThem() {
        HttpResponse<String> r = recorder.get("/api/v1/recordings/gate/timeline?from=" + T0.minusSeconds(60)
                + "&to=" + T0.plusSeconds(120) + "&resolution=1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode t = json(r);
        assertThat(t.path("segments").asInt()).isEqualTo(4);
        assertThat(t.path("resolutionSeconds").asDouble()).isEqualTo(1.0);
        assertThat(t.path("spans")).hasSize(2);
        assertThat(t.path("spans").get(0).path("from").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(t.path("spans").get(0).path("segments").asInt()).isEqualTo(3);
        assertThat(t.path("recordedSeconds").asDouble()).isBetween(34.0, 35.0);
        JsonNode gap = t.path("gaps").get(0);
        assertThat(gap.path("from").asText()).startsWith("2026-11-25T10:00:29");
        assertThat(gap.path("to").asText()).isEqualTo("2026-11-25T10:01:00Z");
        assertThat(gap.path("reason").asText()).isEqualTo("unknown");

        JsonNode coarse = json(recorder.get("/api/v1/recordings/gate/timeline?from=" + T0 + "&to="
                + T0.plusSeconds(120) + "&resolution=60"));
        assertThat(coarse.path("spans")).hasSize(1);
        assertThat(coarse.path("spans").get(0).path("hiddenGaps").asInt()).isEqualTo(1);
        assertThat(recorder.get("/api/v1/recordings/gate/timeline?from=" + T0 + "&to=" + T0.minusSeconds(1))
                .statusCode()).isEqualTo(400);
        assertThat(recorder.get("/api/v1/recordings/gate/timeline?resolution=zero").statusCode()).isEqualTo(400);
    }
}
