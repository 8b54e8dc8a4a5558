package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.storage.RecordedSegments;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProcessResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas in one JVM with a static {@code Peers} list, as after a failover: camera "gate" was recorded
 * 12 s on replica a, then 12 s on replica b; replica c holds none of it. Every replica answers for all of it:
 * the listing, a download (and a byte range) of the other replica's segment, a recorded HLS playlist across the
 * replica boundary (decoded by ffmpeg), an export across both (decoded, with the whole duration), the camera list
 * and live HLS of a camera replica a records, from replica c. Then b stops:
 * the listing still answers and names b as unreachable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(12);
    static final Instant T2 = T0.plusSeconds(24);
    static final String OPERATOR = "operator-token-for-the-federation-test";
    static final String VIEWER = "viewer-token-for-the-federation-test";

    @TempDir
    static Path root;
    static final List<RecorderHarness> replicas = new ArrayList<>();
    static final List<String> urls = new ArrayList<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void threeReplicas() throws Exception {
        Path clip = RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(12).withGop(1.0));
        RecordedSegments.record(root.resolve("a"), "gate", clip, Duration.ofSeconds(4), T0);
        RecordedSegments.record(root.resolve("b"), "gate", clip, Duration.ofSeconds(4), T1);
        Files.createDirectories(root.resolve("c"));
        int[] ports = freePorts(3);
        for (int p : ports) {
            urls.add("http://127.0.0.1:" + p);
        }
        String names = "abc";
        for (int i = 0; i < 3; i++) {
            RecorderHarness h = RecorderHarness.start(root.resolve(names.substring(i, i + 1)), Map.of(
                    ConfigLoader.HTTP_PORT, Integer.toString(ports[i]),
                    ConfigLoader.API_TOKEN, OPERATOR,
                    ConfigLoader.VIEWER_TOKEN, VIEWER,
                    ConfigLoader.PEERS, String.join(",", urls),
                    ConfigLoader.PEER_TIMEOUT, "15s",
                    ConfigLoader.REPLICA_NAME, names.substring(i, i + 1)));
            replicas.add(h.withToken(OPERATOR));
        }
    }

    @AfterAll
    static void stop() {
        replicas.forEach(RecorderHarness::close);
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    static JsonNode listing(RecorderHarness h) {
        HttpResponse<String> r = h.get("/api/v1/recordings?device=gate&order=oldest&limit=100");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return RecorderHarness.json(r);
    }

    static Set<String> files(String replica) throws IOException {
        Set<String> out = new HashSet<>();
        for (Path p : RecorderHarness.segmentFiles(root.resolve(replica))) {
            out.add(p.getFileName().toString());
        }
        return out;
    }

    @Test
    @Order(1)
    void everyReplicaListsEverySegmentOnceWithItsHolderAndNoGapAtTheFailover() throws Exception {
        Set<String> onA = files("a");
        Set<String> onB = files("b");
        assertThat(onA).hasSize(3);
        assertThat(onB).hasSize(3);
        for (RecorderHarness h : replicas) {
            JsonNode body = listing(h);
            assertThat(body.path("unreachable")).as(body.toString()).isEmpty();
            assertThat(body.path("total").asInt()).isEqualTo(6);
            List<String> names = new ArrayList<>();
            for (JsonNode s : body.path("segments")) {
                String name = s.path("name").asText();
                names.add(name);
                assertThat(s.path("replica").asText()).as(name).isEqualTo(onA.contains(name) ? "a" : "b");
            }
            assertThat(names).doesNotHaveDuplicates().hasSize(6);
            assertThat(new HashSet<>(names)).containsAll(onA).containsAll(onB);
            // b's files continue a's: the seam at the failover is no gap
            assertThat(body.path("gaps")).as(body.toString()).isEmpty();
            assertThat(body.path("replicas").toString()).contains("\"a\"", "\"b\"", "\"c\"");
        }
        // a peer's own answer (scope=local) is its volume alone
        JsonNode local = RecorderHarness.json(replicas.get(0).get("/api/v1/recordings?device=gate&scope=local"));
        assertThat(local.path("total").asInt()).isEqualTo(3);
        assertThat(local.has("unreachable")).isFalse();
        // the timeline too: 24 s recorded, no gap
        JsonNode timeline = RecorderHarness.json(replicas.get(2).get("/api/v1/recordings/gate/timeline?from="
                + T0 + "&to=" + T2 + "&resolution=1"));
        assertThat(timeline.path("recordedSeconds").asDouble()).as(timeline.toString()).isBetween(22.0, 24.5);
        assertThat(timeline.path("gaps")).as(timeline.toString()).isEmpty();
        assertThat(timeline.path("segments").asInt()).isEqualTo(6);
    }

    @Test
    @Order(2)
    void aDownloadOfAPeersSegmentIsTheSameBytesAndARangeWorks() throws Exception {
        String name = files("b").stream().sorted().findFirst().orElseThrow();
        Path file = RecorderHarness.segmentFiles(root.resolve("b")).stream()
                .filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        byte[] expected = Files.readAllBytes(file);
        HttpResponse<byte[]> whole = bytes(urls.get(0), "/api/v1/recordings/gate/" + name, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(expected);
        assertThat(whole.headers().firstValue("X-Recording-Replica")).contains(urls.get(1));
        HttpResponse<byte[]> range = bytes(urls.get(2), "/api/v1/recordings/gate/" + name, "bytes=100-1099");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes 100-1099/" + expected.length);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(expected, 100, 1100));
        // a name no replica has is a 404
        assertThat(bytes(urls.get(0), "/api/v1/recordings/gate/gate_20200101T000000Z.mp4", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    @Order(3)
    void aRecordedPlaylistAcrossTheReplicaBoundaryDecodesCleanly() throws Exception {
        String url = urls.get(0) + "/api/v1/recordings/gate/index.m3u8?from=" + T0.toString().replace(":", "%3A")
                + "&to=" + T2.toString().replace(":", "%3A");
        HttpResponse<String> media = replicas.get(0).get("/api/v1/recordings/gate/media.m3u8?from=" + T0 + "&to="
                + T2);
        assertThat(media.statusCode()).as(media.body()).isEqualTo(200);
        for (String name : concat(files("a"), files("b"))) {
            assertThat(media.body()).contains("#EXT-X-MAP:URI=\"" + name + "\"");
        }
        assertThat(media.body()).contains("#EXT-X-ENDLIST").doesNotContain("DATERANGE");
        ProcessResult played = MediaOracle.get().ffmpeg(Duration.ofSeconds(90), "-v", "error",
                "-headers", "Authorization: Bearer " + VIEWER + "\r\n",
                "-protocol_whitelist", "file,http,https,tcp", "-allowed_extensions", "ALL",
                "-i", url, "-f", "null", "-");
        assertThat(played.exitCode()).as(played.describe()).isZero();
        assertThat(played.stderr().strip()).as("decode errors").isEmpty();
        ProcessResult counted = MediaOracle.get().ffprobe(Duration.ofSeconds(90), "-v", "error",
                "-headers", "Authorization: Bearer " + VIEWER + "\r\n",
                "-protocol_whitelist", "file,http,https,tcp", "-allowed_extensions", "ALL",
                "-select_streams", "v", "-count_packets", "-show_entries", "stream=nb_read_packets",
                "-of", "csv=p=0", url);
        assertThat(counted.exitCode()).as(counted.describe()).isZero();
        double seconds = Long.parseLong(counted.stdout().strip().split("\\s+")[0]) / 25.0;
        System.out.printf("recorded HLS over 2 replicas: ffmpeg read %.2f s of video%n", seconds);
        assertThat(seconds).isBetween(22.0, 25.0);
    }

    @Test
    @Order(4)
    void anExportFromAReplicaWithNoneOfTheFootageStitchesBothAndDecodesCleanly() throws Exception {
        HttpResponse<byte[]> r = bytes(urls.get(2), "/api/v1/export?device=gate&from=" + T0 + "&to=" + T2, null);
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Export-Segments")).contains("6");
        Path out = root.resolve("export.mp4");
        Files.write(out, r.body());
        assertThat(MediaOracle.get().decodeErrors(out)).isEmpty();
        double duration = MediaOracle.get().probe(out).duration();
        System.out.printf("export over 2 replicas: %.2f s%n", duration);
        assertThat(duration).isBetween(23.0, 24.5);
        // the copies fetched for it are gone again
        try (Stream<Path> left = Files.walk(root.resolve("c").resolve(".rtsp-recorder"))) {
            assertThat(left.filter(p -> p.toString().endsWith(".mp4")).toList()).isEmpty();
        }

        // a background export does the same
        RecorderHarness c = replicas.get(2);
        HttpResponse<String> job = c.post("/api/v1/exports", "{\"device\":\"gate\",\"from\":\"" + T0
                + "\",\"to\":\"" + T2 + "\",\"format\":\"mp4\"}");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
        String id = RecorderHarness.json(job).path("id").asText();
        JsonNode state = RecorderHarness.json(c.get("/api/v1/exports/" + id));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!state.path("state").asText().equals("done") && !state.path("state").asText().equals("failed")
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            state = RecorderHarness.json(c.get("/api/v1/exports/" + id));
        }
        assertThat(state.path("state").asText()).as(state.toString()).isEqualTo("done");
        HttpResponse<byte[]> file = bytes(urls.get(2), "/api/v1/exports/" + id + "/file", null);
        assertThat(file.statusCode()).isEqualTo(200);
        Path background = root.resolve("background.mp4");
        Files.write(background, file.body());
        assertThat(MediaOracle.get().decodeErrors(background)).isEmpty();
        assertThat(MediaOracle.get().probe(background).duration()).isBetween(23.0, 24.5);
    }

    @Test
    @Order(5)
    void aCameraAnotherReplicaRecordsIsListedWithItsReplicaAndItsLiveHlsPlaysFromAnyReplica() throws Exception {
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.bundled("/door",
                "h264-aac-640x360-25fps.mp4"))).withPorts(0, -1))) {
            RecorderHarness a = replicas.get(0);
            HttpResponse<String> r = a.post("/register", "{\"deviceName\":\"door\",\"serverAddress\":\""
                    + camera.url("/door") + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            a.awaitDevice("door", d -> d.path("framesWritten").asLong() > 25, Duration.ofSeconds(15));
            RecorderHarness c = replicas.get(2);
            JsonNode list = RecorderHarness.json(c.get("/api/v1/devices"));
            JsonNode door = null;
            for (JsonNode d : list.path("devices")) {
                if (d.path("name").asText().equals("door")) {
                    door = d;
                }
            }
            assertThat(door).as(list.toString()).isNotNull();
            assertThat(door.path("replica").asText()).isEqualTo("a");
            assertThat(door.path("replicaUrl").asText()).isEqualTo(urls.get(0));
            assertThat(c.device("door").path("state").asText()).isEqualTo("RECORDING");
            String url = urls.get(2) + "/api/v1/live/door/index.m3u8";
            ProcessResult played = MediaOracle.get().ffmpeg(Duration.ofSeconds(60), "-v", "error",
                    "-headers", "Authorization: Bearer " + VIEWER + "\r\n",
                    "-protocol_whitelist", "file,http,https,tcp", "-allowed_extensions", "ALL", "-i", url,
                    "-t", "3", "-f", "null", "-");
            assertThat(played.exitCode()).as(played.describe()).isZero();
            assertThat(played.stderr().strip()).as("decode errors").isEmpty();
            a.post("/record/off?device=door", null);
        }
    }

    @Test
    @Order(6)
    void aStoppedPeerIsNamedUnreachableAndTheListingStillAnswers() {
        replicas.get(1).close();
        JsonNode body = listing(replicas.get(0));
        assertThat(body.path("unreachable").toString()).isEqualTo("[\"" + urls.get(1) + "\"]");
        assertThat(body.path("total").asInt()).isEqualTo(3);
        JsonNode status = RecorderHarness.json(replicas.get(2).get("/status"));
        assertThat(status.path("unreachable").toString()).contains(urls.get(1));
        assertThat(status.path("peers").toString()).contains("\"replica\":\"a\"");
    }

    private static List<String> concat(Set<String> a, Set<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static HttpResponse<byte[]> bytes(String base, String path, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + VIEWER);
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
