package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.demux.Mp4Fragment;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProcessResult;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded ranges over HLS: playlists that address the recorded files' own fragments by byte range, across
 * segment boundaries and gaps, played by ffmpeg.
 */
class RecordedHlsTest {

    private static final String BASE = "/api/v1/recordings/camera/";

    @TempDir
    Path dir;

    /** One media segment or init part of a playlist: file name and byte range. */
    record Ranged(String uri, long offset, long length) {
    }

    @Test
    void aRangeAcrossThreeFilesPlaysFromTheRecordedFragmentsAndAGapIsMarked() throws Exception {
        // 1 s GOP, 4 s segments
        try (MockCamera camera = camera();
             RecorderHarness recorder = recording(camera, ConfigLoader.SEGMENT_DURATION, "4s")) {
            Thread.sleep(3000);

            // while recording: no ENDLIST, and the playlist grows
            String growing = media(recorder, "");
            assertThat(growing).contains("#EXT-X-PLAYLIST-TYPE:EVENT").doesNotContain("#EXT-X-ENDLIST");
            Thread.sleep(2500);
            String grown = media(recorder, "");
            assertThat(count(grown, "#EXTINF:")).isGreaterThan(count(growing, "#EXTINF:"));
            String listed = growing.substring(growing.indexOf("#EXT-X-MAP:"));
            assertThat(grown.substring(grown.indexOf("#EXT-X-MAP:"))).as("only appended to").startsWith(listed);

            Thread.sleep(9000);
            recorder.post("/record/off", null);
            Thread.sleep(3000);
            recorder.post("/record/on", null);
            recorder.awaitDevice("camera", inState("RECORDING"), Duration.ofSeconds(10));
            Thread.sleep(3000);
            recorder.post("/record/off", null);

            JsonNode segments = RecorderHarness.json(recorder.get("/api/v1/recordings?device=camera&order=oldest"))
                    .path("segments");
            assertThat(segments.size()).isGreaterThanOrEqualTo(5);
            Map<Path, Long> filesBefore = allFiles();

            // a range of 10 s from 2 s into the first file spans the first three files
            Instant first = Instant.parse(segments.get(0).path("start").asText());
            Instant from = first.plusSeconds(2);
            Instant to = from.plusSeconds(10);
            String query = "?from=" + from + "&to=" + to;
            HttpResponse<String> index = recorder.get(BASE + "index.m3u8" + query);
            assertThat(index.statusCode()).as(index.body()).isEqualTo(200);
            assertThat(index.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/vnd.apple.mpegurl");
            assertThat(index.body()).contains("#EXT-X-STREAM-INF:").containsPattern("CODECS=\"avc1\\.[0-9a-f]{6},"
                    + "mp4a\\.40\\.2\"");
            String playlist = media(recorder, query);
            System.out.println(playlist);
            assertThat(playlist).startsWith("#EXTM3U\n#EXT-X-VERSION:7\n").contains("#EXT-X-ENDLIST")
                    .contains("#EXT-X-PLAYLIST-TYPE:VOD");
            List<Ranged> maps = ranges(playlist, true);
            List<Ranged> media = ranges(playlist, false);
            assertThat(maps.stream().map(Ranged::uri).distinct()).as("three files").hasSize(3);
            assertThat(count(playlist, "#EXT-X-DISCONTINUITY\n")).isEqualTo(2);
            assertThat(count(playlist, "#EXT-X-PROGRAM-DATE-TIME:")).isEqualTo(3);
            assertThat(playlist).doesNotContain("http:").doesNotContain("/api/");

            // the byte ranges are the recorded file's init part and keyframe-started fragments, served as they are
            for (Ranged m : maps) {
                Path file = file(m.uri());
                try (Mp4Demuxer demuxer = Mp4Demuxer.open(file)) {
                    assertThat(m.offset()).isZero();
                    assertThat(m.length()).isEqualTo(demuxer.initLength());
                }
                assertThat(fetch(recorder, m)).isEqualTo(slice(file, m));
            }
            for (Ranged s : media) {
                Path file = file(s.uri());
                try (Mp4Demuxer demuxer = Mp4Demuxer.open(file)) {
                    Mp4Fragment fragment = demuxer.fragments().stream().filter(f -> f.offset() == s.offset())
                            .findFirst().orElseThrow(() -> new AssertionError("no fragment starts at " + s));
                    assertThat(fragment.startsWithKey()).as("segment %s starts with a keyframe", s).isTrue();
                    assertThat(demuxer.fragments().stream().anyMatch(f -> f.offset() + f.length()
                            == s.offset() + s.length())).as("segment %s ends at a fragment's end", s).isTrue();
                }
                assertThat(fetch(recorder, s)).isEqualTo(slice(file, s));
            }

            // ffmpeg plays it with no decode error, as long as the range within one GOP (1 s at 25 fps)
            String url = recorder.baseUrl + BASE + "index.m3u8" + query.replace(":", "%3A");
            ProcessResult played = MediaOracle.get().ffmpeg(Duration.ofSeconds(60), "-v", "error",
                    "-headers", "Authorization: Bearer " + recorder.token() + "\r\n",
                    "-protocol_whitelist", "file,http,https,tcp", "-allowed_extensions", "ALL",
                    "-i", url, "-f", "null", "-");
            assertThat(played.exitCode()).as(played.describe()).isZero();
            assertThat(played.stderr().strip()).as("decode errors").isEmpty();
            ProcessResult counted = MediaOracle.get().ffprobe(Duration.ofSeconds(60), "-v", "error",
                    "-headers", "Authorization: Bearer " + recorder.token() + "\r\n",
                    "-protocol_whitelist", "file,http,https,tcp", "-allowed_extensions", "ALL",
                    "-select_streams", "v", "-count_packets", "-show_entries", "stream=nb_read_packets",
                    "-of", "csv=p=0", url);
            assertThat(counted.exitCode()).as(counted.describe()).isZero();
            double seconds = Long.parseLong(counted.stdout().strip().split("\\s+")[0]) / 25.0;
            System.out.printf("range of 10 s across 3 files: ffmpeg read %.2f s of video%n", seconds);
            assertThat(seconds).isBetween(9.0, 11.0);

            // the whole footage: the gap while the camera was off is marked with its reason, and a new date follows
            String all = media(recorder, "");
            assertThat(all).contains("#EXT-X-ENDLIST");
            int gap = all.indexOf("#EXT-X-DATERANGE:");
            assertThat(gap).as(all).isPositive();
            String gapLine = all.substring(gap, all.indexOf('\n', gap));
            assertThat(gapLine).contains("CLASS=\"io.rtsprecorder.gap\"").contains("X-REASON=\"off\"")
                    .contains("END-DATE=");
            assertThat(all.substring(gap)).containsPattern("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:[^\n]*\n"
                    + "#EXT-X-PROGRAM-DATE-TIME:");
            assertThat(all.substring(0, gap)).contains("# gap from ");

            assertThat(allFiles()).as("playing wrote no copy and changed no file").isEqualTo(filesBefore);
            assertThat(RecorderHarness.withoutToken(recorder).get(BASE + "index.m3u8").statusCode()).isEqualTo(401);
            assertThat(RecorderHarness.withoutToken(recorder).get(BASE + "media.m3u8").statusCode()).isEqualTo(401);
            assertThat(recorder.get("/api/v1/recordings/nosuch/index.m3u8").statusCode()).isEqualTo(404);
            assertThat(recorder.get(BASE + "media.m3u8?from=" + to + "&to=" + from).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void mpegTsRecordingsAreRefusedWithAClearReason() throws Exception {
        try (MockCamera camera = camera();
             RecorderHarness recorder = recording(camera, ConfigLoader.CONTAINER, "ts")) {
            Thread.sleep(1500);
            recorder.post("/record/off", null);
            HttpResponse<String> r = recorder.get(BASE + "index.m3u8");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
            assertThat(RecorderHarness.json(r).path("error").asText()).isEqualTo("unsupported");
            assertThat(r.body()).contains("MPEG-TS").contains("fragmented MP4");
        }
    }

    /** The mock camera with a 1 s GOP at 25 fps. */
    private static MockCamera camera() throws IOException {
        return MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.bundled("/cam",
                "h264-aac-640x360-25fps.mp4"))).withPorts(0, -1));
    }

    /** A recorder of {@code camera} with one more setting, once it records. */
    private RecorderHarness recording(MockCamera camera, String setting, String value) throws Exception {
        RecorderHarness recorder = RecorderHarness.start(dir, Map.of(ConfigLoader.SERVER_ADDRESS, camera.url("/cam"),
                setting, value));
        try {
            recorder.awaitDevice("camera", inState("RECORDING"), Duration.ofSeconds(10));
            return recorder;
        } catch (AssertionError | InterruptedException e) {
            recorder.close();
            throw e;
        }
    }

    /** The media playlist the multivariant playlist of {@code query} points at. */
    private static String media(RecorderHarness recorder, String query) {
        HttpResponse<String> index = recorder.get(BASE + "index.m3u8" + query);
        assertThat(index.statusCode()).as(index.body()).isEqualTo(200);
        String uri = Arrays.stream(index.body().split("\n")).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .findFirst().orElseThrow();
        HttpResponse<String> media = recorder.get(BASE + uri);
        assertThat(media.statusCode()).as(media.body()).isEqualTo(200);
        return media.body();
    }

    private static List<Ranged> ranges(String playlist, boolean maps) {
        List<Ranged> out = new ArrayList<>();
        String[] lines = playlist.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (maps && l.startsWith("#EXT-X-MAP:")) {
                String uri = l.replaceAll(".*URI=\"([^\"]+)\".*", "$1");
                String[] range = l.replaceAll(".*BYTERANGE=\"([^\"]+)\".*", "$1").split("@");
                out.add(new Ranged(uri, Long.parseLong(range[1]), Long.parseLong(range[0])));
            } else if (!maps && l.startsWith("#EXT-X-BYTERANGE:")) {
                String[] range = l.substring("#EXT-X-BYTERANGE:".length()).split("@");
                out.add(new Ranged(lines[i + 1], Long.parseLong(range[1]), Long.parseLong(range[0])));
            }
        }
        return out;
    }

    private Path file(String name) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }

    private static byte[] slice(Path file, Ranged r) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return Arrays.copyOfRange(all, (int) r.offset(), (int) (r.offset() + r.length()));
    }

    private static byte[] fetch(RecorderHarness recorder, Ranged r) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(recorder.baseUrl + BASE
                            + r.uri())).header("Authorization", "Bearer " + recorder.token())
                    .header("Range", "bytes=" + r.offset() + "-" + (r.offset() + r.length() - 1))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(206);
            return response.body();
        } finally {
            http.shutdownNow();
        }
    }

    private Map<Path, Long> allFiles() throws IOException {
        Map<Path, Long> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (!p.toString().contains("/.rtsp-recorder/")) {
                    m.put(p, Files.size(p));
                }
            }
        }
        return m;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
