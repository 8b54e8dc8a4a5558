package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.storage.RecordedSegments;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Listing, downloading (byte ranges), deleting and exporting recordings over HTTP. */
class RecordingsApiTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final String TOKEN = "recordings-token";

    @TempDir
    static Path tmp;
    /** The volume: a directory of the temporary one, so "outside the volume" is still inside the test's space. */
    private static Path dir;
    private static RecorderHarness recorder;
    private static String segmentUrl;
    private static byte[] segmentBytes;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createDirectories(tmp.resolve("volume"));
        Path clip = RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(29.5).withGop(1.0));
        RecordedSegments.record(dir, "gate", clip, Duration.ofSeconds(10), T0);
        // a second stretch after a gap, as after a camera outage
        RecordedSegments.record(dir, "gate", RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(5)
                .withGop(1.0)), Duration.ofSeconds(10), T0.plusSeconds(60));
        // something outside the volume, linked in with a segment's name: must never be served
        Path outside = Files.writeString(tmp.resolve("outside-secret.txt"), "not a recording");
        Files.createSymbolicLink(dir.resolve("gate/2026-11-25/gate_20261125T110000Z.mp4"), outside);
        recorder = RecorderHarness.start(dir, Map.of(ConfigLoader.API_TOKEN, TOKEN)).withToken(TOKEN);
        JsonNode first = json(recorder.get("/api/v1/recordings?device=gate&order=oldest&limit=1"))
                .path("segments").get(0);
        segmentUrl = first.path("url").asText();
        segmentBytes = Files.readAllBytes(dir.resolve(first.path("path").asText()));
    }

    @AfterAll
    static void stop() {
        recorder.close();
    }

    @Test
    void listingIsPagedOrderedAndReportsTheGap() {
        JsonNode all = json(recorder.get("/api/v1/recordings?device=gate&order=oldest"));
        assertThat(all.path("total").asInt()).isEqualTo(4);
        JsonNode s0 = all.path("segments").get(0);
        assertThat(s0.path("start").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(s0.path("durationSeconds").asDouble()).isBetween(9.9, 10.1);
        assertThat(s0.path("format").asText()).isEqualTo("mp4");
        assertThat(s0.path("codecs")).extracting(JsonNode::asText).containsExactly("h264", "aac");
        assertThat(s0.path("complete").asBoolean()).isTrue();
        assertThat(s0.path("size").asLong()).isEqualTo(segmentBytes.length);
        assertThat(all.path("gaps")).hasSize(1);
        assertThat(all.path("gaps").get(0).path("to").asText()).isEqualTo("2026-11-25T10:01:00Z");

        JsonNode newest = json(recorder.get("/api/v1/recordings?device=gate&limit=2&offset=1"));
        assertThat(newest.path("segments")).hasSize(2);
        assertThat(newest.path("segments").get(0).path("start").asText()).isEqualTo("2026-11-25T10:00:20Z");
        JsonNode range = json(recorder.get("/api/v1/recordings?device=gate&from=2026-11-25T10:00:15Z"
                + "&to=2026-11-25T10:00:25Z"));
        assertThat(range.path("total").asInt()).isEqualTo(2);
        assertThat(recorder.get("/api/v1/recordings?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(recorder.get("/api/v1/recordings?limit=0").statusCode()).isEqualTo(400);
    }

    static Stream<Arguments> ranges() {
        int n = segmentBytesLength();
        return Stream.of(
                Arguments.of("single", "bytes=0-99", 206, "bytes 0-99/" + n, 0, 100),
                Arguments.of("suffix", "bytes=-100", 206, "bytes " + (n - 100) + "-" + (n - 1) + "/" + n, n - 100, 100),
                Arguments.of("open-ended", "bytes=1000-", 206, "bytes 1000-" + (n - 1) + "/" + n, 1000, n - 1000),
                Arguments.of("past the end is clipped", "bytes=" + (n - 10) + "-" + (n + 500), 206,
                        "bytes " + (n - 10) + "-" + (n - 1) + "/" + n, n - 10, 10),
                Arguments.of("unsatisfiable", "bytes=" + n + "-", 416, "bytes */" + n, 0, 0),
                Arguments.of("no range", null, 200, null, 0, n));
    }

    private static int segmentBytesLength() {
        return segmentBytes.length;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ranges")
    void byteRangesGetTheirStatusHeadersAndBytes(String scenario, String range, int status, String contentRange,
                                                 int offset, int length) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(recorder.baseUrl + segmentUrl))
                .header("Authorization", "Bearer " + TOKEN);
        if (range != null) {
            b.header("Range", range);
        }
        HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(scenario).isEqualTo(status);
        if (contentRange != null) {
            assertThat(r.headers().firstValue("Content-Range")).hasValue(contentRange);
        }
        if (status != 416) {
            assertThat(r.body()).isEqualTo(Arrays.copyOfRange(segmentBytes, offset, offset + length));
            assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        }
    }

    @Test
    void multipleRangesComeAsMultipartAndIfRangeFallsBackToTheWholeFile() throws Exception {
        HttpResponse<String> multi = HTTP.send(HttpRequest.newBuilder(URI.create(recorder.baseUrl + segmentUrl))
                .header("Authorization", "Bearer " + TOKEN).header("Range", "bytes=0-9,100-109").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        assertThat(multi.statusCode()).isEqualTo(206);
        assertThat(multi.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("multipart/byteranges"));
        assertThat(multi.body()).contains("Content-Range: bytes 0-9/" + segmentBytes.length)
                .contains("Content-Range: bytes 100-109/" + segmentBytes.length)
                .contains(new String(segmentBytes, 100, 10, StandardCharsets.ISO_8859_1));

        HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(URI.create(recorder.baseUrl + segmentUrl))
                .header("Authorization", "Bearer " + TOKEN).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(segmentBytes.length);
        assertThat(head.body()).isEmpty();
        String etag = head.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> current = HTTP.send(HttpRequest.newBuilder(URI.create(recorder.baseUrl + segmentUrl))
                .header("Authorization", "Bearer " + TOKEN).header("Range", "bytes=0-9").header("If-Range", etag)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(current.statusCode()).isEqualTo(206);
        HttpResponse<byte[]> stale = HTTP.send(HttpRequest.newBuilder(URI.create(recorder.baseUrl + segmentUrl))
                .header("Authorization", "Bearer " + TOKEN).header("Range", "bytes=0-9")
                .header("If-Range", "\"stale-etag\"").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).hasSize(segmentBytes.length);
    }

    static Stream<String> escapes() {
        return Stream.of(
                "/api/v1/recordings/gate/..%2F..%2F..%2Fetc%2Fpasswd",
                "/api/v1/recordings/gate/%2e%2e%2f%2e%2e%2fdevices.json",
                "/api/v1/recordings/../../etc/passwd",
                "/api/v1/recordings/%2e%2e/%2e%2e/etc/passwd",
                "/api/v1/recordings/gate/%2Fetc%2Fpasswd",
                "/api/v1/recordings/.rtsp-recorder/devices.json",
                "/api/v1/recordings/gate/gate_20261125T110000Z.mp4",
                "/api/v1/recordings/gate/..%5C..%5Cetc%5Cpasswd");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void pathTraversalAndSymlinksOutOfTheVolumeAreRefused(String path) throws Exception {
        // a raw request: HTTP clients normalise '..' away before sending
        String response = rawGet(path);
        int status = Integer.parseInt(response.substring(9, 12));
        assertThat(status).as(response).isIn(400, 404);
        assertThat(response).doesNotContain("not a recording").doesNotContain("root:").doesNotContain("\"devices\"");
    }

    private static String rawGet(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", recorder.service.httpPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void exportOverHttpStreamsADecodableFileAndReportsGaps() throws Exception {
        HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create(recorder.baseUrl
                + "/api/v1/export?device=gate&from=2026-11-25T10:00:25Z&to=2026-11-25T10:01:03Z&format=mp4"))
                .header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofFile(tmp.resolve("export-http.mp4")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(Files.size(r.body()));
        assertThat(r.headers().firstValue("X-Recording-Gaps")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("2026-11-25T10:00:29").endsWith("/2026-11-25T10:01:00Z"));
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v)
                .contains("gate_20261125T100025Z"));
        assertThat(MediaOracle.get().decodeErrors(r.body())).isEmpty();
        assertThat(MediaOracle.get().probe(r.body()).duration()).isBetween(30.0, 40.0);

        HttpResponse<String> missing = recorder.get("/api/v1/export?device=gate&from=2026-11-26T00:00:00Z"
                + "&to=2026-11-26T01:00:00Z");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(recorder.get("/api/v1/export?from=2026-11-26T00:00:00Z&to=2026-11-26T01:00:00Z").statusCode())
                .isEqualTo(400);
    }

    @Test
    void deleteNeedsTheTokenAndRemovesTheFileAndItsListing() throws Exception {
        JsonNode last = json(recorder.get("/api/v1/recordings?device=gate&limit=1")).path("segments").get(0);
        String url = last.path("url").asText();
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(recorder.baseUrl + url))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> deleted = recorder.send("DELETE", url, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(dir.resolve(last.path("path").asText())).doesNotExist();
        assertThat(recorder.get(url).statusCode()).isEqualTo(404);
        assertThat(recorder.send("DELETE", url, null).statusCode()).isEqualTo(404);
    }
}
