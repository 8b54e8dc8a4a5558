package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProcessResult;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live low-latency HLS from the camera's one ingest while it records: LL-HLS playlists with parts of at most 1 s
 * and blocking reload, read by ffprobe and ffmpeg; the latency behind the camera is measured and printed.
 */
class LiveHlsTest {

    private static final String BASE = "/api/v1/live/camera/";
    private static final Pattern PART = Pattern.compile("#EXT-X-PART:DURATION=([0-9.]+),URI=\"part-(\\d+)\\.(\\d+)"
            + "\\.m4s\"");
    private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-(\\d+)\\.(\\d+)"
            + "\\.m4s\"");

    @TempDir
    Path dir;

    @Test
    void ffmpegPlaysTheLiveStreamWhileItRecordsWithPartsOfAtMostOneSecond() throws Exception {
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.bundled("/cam",
                "h264-aac-640x360-25fps.mp4"))).withPorts(0, -1));
             RecorderHarness recorder = RecorderHarness.start(dir, Map.of(
                     ConfigLoader.SERVER_ADDRESS, camera.url("/cam")))) {
            recorder.awaitDevice("camera", inState("RECORDING"), Duration.ofSeconds(10));

            HttpResponse<String> index = recorder.get(BASE + "index.m3u8");
            assertThat(index.statusCode()).as(index.body()).isEqualTo(200);
            assertThat(index.body()).containsPattern("CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\"")
                    .contains("\nmedia.m3u8\n");
            HttpResponse<String> first = recorder.get(BASE + "media.m3u8");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(first.body()).contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=")
                    .contains("#EXT-X-PART-INF:PART-TARGET=").contains("#EXT-X-MAP:URI=\"init.mp4");

            // blocking reload: ask for the hinted part, which does not exist yet; the answer waits for it
            Thread.sleep(4000);
            List<Double> waits = new ArrayList<>();
            String playlist = recorder.get(BASE + "media.m3u8").body();
            for (int i = 0; i < 12; i++) {
                Matcher hint = HINT.matcher(playlist);
                assertThat(hint.find()).as(playlist).isTrue();
                String wanted = "part-" + hint.group(1) + "." + hint.group(2) + ".m4s";
                long start = System.nanoTime();
                HttpResponse<String> blocked = recorder.get(BASE + "media.m3u8?_HLS_msn=" + hint.group(1)
                        + "&_HLS_part=" + hint.group(2));
                waits.add((System.nanoTime() - start) / 1e9);
                assertThat(blocked.statusCode()).isEqualTo(200);
                // the hinted part, or the next segment's first when the segment ended before it (at a keyframe)
                String nextSegment = "part-" + (Long.parseLong(hint.group(1)) + 1) + ".0.m4s";
                assertThat(blocked.body().contains("URI=\"" + wanted + "\"")
                        || blocked.body().contains("URI=\"" + nextSegment + "\"")).as(blocked.body()).isTrue();
                playlist = blocked.body();
            }
            System.out.println(playlist);
            System.out.println("blocking reloads waited (s): " + waits);
            assertThat(waits.stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isLessThan(2.0);
            List<Double> parts = new ArrayList<>();
            Matcher m = PART.matcher(playlist);
            while (m.find()) {
                parts.add(Double.parseDouble(m.group(1)));
            }
            assertThat(parts).hasSizeGreaterThan(4).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(1.0));
            assertThat(playlist).contains("INDEPENDENT=YES").contains("#EXTINF:");
            Matcher segment = Pattern.compile("#EXTINF:([0-9.]+),\nseg-(\\d+)\\.m4s").matcher(playlist);
            assertThat(segment.find()).isTrue();
            assertThat(recorder.get(BASE + "seg-" + segment.group(2) + ".m4s").statusCode()).isEqualTo(200);
            assertThat(recorder.get(BASE + "init.mp4").statusCode()).isEqualTo(200);
            assertThat(recorder.get(BASE + "part-999999.0.m4s").statusCode()).isEqualTo(404);
            assertThat(recorder.get(BASE + "nothing.mp4").statusCode()).isEqualTo(404);

            String url = recorder.baseUrl + BASE + "index.m3u8";
            String auth = "Authorization: Bearer " + recorder.token() + "\r\n";
            ProcessResult probed = MediaOracle.get().ffprobe(Duration.ofSeconds(30), "-v", "error", "-headers", auth,
                    "-protocol_whitelist", "file,http,https,tcp", "-allowed_extensions", "ALL",
                    "-show_entries", "stream=codec_name,codec_type,width,height", "-of", "csv=p=0", url);
            assertThat(probed.exitCode()).as(probed.describe()).isZero();
            assertThat(probed.stdout()).contains("h264,video,640,360").contains("aac,audio");
            ProcessResult played = MediaOracle.get().ffmpeg(Duration.ofSeconds(60), "-v", "error", "-headers", auth,
                    "-protocol_whitelist", "file,http,https,tcp", "-allowed_extensions", "ALL", "-i", url,
                    "-t", "5", "-f", "null", "-");
            assertThat(played.exitCode()).as(played.describe()).isZero();
            assertThat(played.stderr().strip()).as("decode errors").isEmpty();

            String metrics = recorder.get("/metrics").body();
            String median = metric(metrics, "recorder_live_hls_part_latency_seconds{quantile=\"0.5\"}");
            String p95 = metric(metrics, "recorder_live_hls_part_latency_seconds{quantile=\"0.95\"}");
            String count = metric(metrics, "recorder_live_hls_part_latency_seconds_count");
            System.out.printf("live HLS part latency on loopback: median %s s, p95 %s s over %s parts%n", median, p95,
                    count);
            assertThat(Double.parseDouble(count)).isGreaterThan(10);

            assertThat(recorder.device("camera").path("framesDropped").asLong()).as("recording lost nothing")
                    .isZero();
            assertThat(RecorderHarness.withoutToken(recorder).get(BASE + "index.m3u8").statusCode()).isEqualTo(401);
            assertThat(recorder.get("/api/v1/live/nosuch/index.m3u8").statusCode()).isEqualTo(404);
            recorder.post("/api/v1/devices", "{\"deviceName\": \"unplugged\", \"serverAddress\": "
                    + "\"rtsp://127.0.0.1:9/none\"}");
            HttpResponse<String> unplugged = recorder.get("/api/v1/live/unplugged/index.m3u8");
            assertThat(unplugged.statusCode()).as(unplugged.body()).isEqualTo(503);
            assertThat(unplugged.body()).contains("not connected");
        }
    }

    private static String metric(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name.replace("}", ",") ))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in /metrics"));
    }
}
