package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ts-step} and {@code ts-jump}: the RTP timestamps of every track move by the requested amount at one frame,
 * while frames keep coming in real time, and sender reports follow the moved timeline.
 *
 * <p>Pacing is judged by the skew between a packet's RTP time and its arrival time: moving the timestamps moves the
 * skew by the same amount, whereas a camera that paced by the moved timestamps (a burst after a step back, a
 * pause after a jump) would keep it. The amounts are large against arrival jitter on a loaded machine.
 */
class TimestampFaultTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static MockCamera camera;

    @BeforeAll
    static void startCamera() throws Exception {
        camera = MockCamera.start(MockCameraConfig.loopback(List.of(
                MountConfig.bundled("/step", "h264-aac-640x360-25fps.mp4"),
                MountConfig.bundled("/jump", "h265-pcma-640x360-25fps.mov"))));
    }

    @AfterAll
    static void stopCamera() {
        camera.close();
    }

    @Test
    void tsStepMovesVideoAndAudioTimestampsBackWhilePacingStaysRealTime() throws Exception {
        assertShiftedBy("/step", -2.0, () -> assertThat(post("/faults/step/ts-step?millis=-2000")).isEqualTo(200));
        assertThat(status()).contains("\"path\":\"/step\"").contains("\"timestampOffsetMillis\":-2000");
    }

    @Test
    void tsJumpMovesVideoAndAudioTimestampsForwardWhilePacingStaysRealTime() throws Exception {
        assertShiftedBy("/jump", 30.0, () -> camera.timestampJump("/jump", 30));
        assertThat(status()).contains("\"path\":\"/jump\"").contains("\"timestampOffsetMillis\":30000");
    }

    @Test
    void javaApiRefusesArgumentsTheCommandLineRefuses() {
        assertThatThrownBy(() -> camera.timestampStep("/step", 100))
                .hasMessage("ts-step steps back 1 to 10000 ms, written as a negative number like -100; got 100");
        assertThatThrownBy(() -> camera.timestampJump("/jump", 0))
                .hasMessage("ts-jump jumps forward 1 to 86400 seconds; got 0");
        assertThatThrownBy(() -> camera.rtpStall("/jump", 3601))
                .hasMessage("rtp-stall lasts 1 to 3600 seconds; got 3601");
        assertThatThrownBy(() -> camera.bye("/nope")).hasMessageContaining("no mount /nope");
    }

    private interface Fault {
        void inject() throws Exception;
    }

    /**
     * Plays the mount for 2 s, injects the fault, plays 3 s more; then checks each track: exactly one move of the
     * timestamps, by {@code seconds} within one frame duration, the same move in the arrival skew (real-time
     * pacing), and a session started afterwards whose sender reports and RTP-Info match the RTP it gets.
     */
    private static void assertShiftedBy(String mount, double seconds, Fault fault) throws Exception {
        try (TestRtspClient client = new TestRtspClient(camera.port())) {
            client.play(camera.url(mount));
            client.receiveFor(Duration.ofSeconds(2));
            fault.inject();
            client.receiveFor(Duration.ofSeconds(3));
            assertThat(client.trackCount).isEqualTo(2);
            for (int track = 0; track < client.trackCount; track++) {
                assertTrackShifted(client, track, seconds);
            }
        }
        try (TestRtspClient later = new TestRtspClient(camera.port())) {
            later.play(camera.url(mount));
            later.receiveUntil(() -> later.packets[0] > 0 && later.packets[1] > 0 && later.senderReports[0] > 0
                    && later.senderReports[1] > 0, Duration.ofSeconds(5));
            List<String> rtpInfo = List.of(later.playResponse.headers().get("RTP-Info").orElseThrow().split(","));
            for (int track = 0; track < later.trackCount; track++) {
                int clock = later.clockRates[track];
                long firstRtp = later.timestamps.get(track).get(0)[1];
                long report = later.senderReportTimes.get(track).get(0)[1];
                assertThat(Math.abs((int) (firstRtp - report)) / (double) clock)
                        .as("sender report vs RTP of track %d, in seconds", track).isLessThan(0.5);
                long infoTime = Long.parseLong(rtpInfo.get(track).replaceAll(".*rtptime=(\\d+).*", "$1"));
                assertThat(Math.abs((int) (firstRtp - infoTime)) / (double) clock)
                        .as("RTP-Info vs RTP of track %d, in seconds", track).isLessThan(0.5);
            }
        }
    }

    private static void assertTrackShifted(TestRtspClient client, int track, double seconds) {
        List<long[]> points = client.timestamps.get(track);
        int clock = client.clockRates[track];
        assertThat(points).as("timestamps of track %d", track).hasSizeGreaterThan(50);
        List<Long> deltas = new ArrayList<>();
        for (int i = 1; i < points.size(); i++) {
            deltas.add((long) (int) (points.get(i)[1] - points.get(i - 1)[1])); // signed 32-bit difference
        }
        long frame = deltas.stream().sorted().toList().get(deltas.size() / 2); // one frame (or packet) duration
        long expected = Math.round(seconds * clock);
        List<Integer> moves = new ArrayList<>();
        for (int i = 0; i < deltas.size(); i++) {
            if (Math.abs(deltas.get(i) - frame) > Math.abs(expected) / 2) {
                moves.add(i + 1);
            }
        }
        assertThat(moves).as("timestamp moves on track %d", track).hasSize(1);
        int at = moves.get(0);
        long moved = deltas.get(at - 1) - frame;
        assertThat(Math.abs(moved - expected)).as("track %d moved %d ticks, asked %d, frame %d", track, moved,
                expected, frame).isLessThanOrEqualTo(frame);

        // Skew = RTP time - arrival time, unwrapped; medians of the second before and of the seconds after.
        long[] unwrapped = new long[points.size()];
        for (int i = 1; i < points.size(); i++) {
            unwrapped[i] = unwrapped[i - 1] + deltas.get(i - 1);
        }
        long origin = points.get(0)[0];
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            double skew = unwrapped[i] / (double) clock - (points.get(i)[0] - origin) / 1e9;
            if (i < at && points.get(at)[0] - points.get(i)[0] < 1_000_000_000L) {
                before.add(skew);
            } else if (i >= at) {
                after.add(skew);
            }
        }
        double skewMove = median(after) - median(before);
        assertThat(skewMove).as("arrival skew move on track %d (pacing stays real-time)", track)
                .isBetween(seconds - 0.3, seconds + 0.3);
    }

    private static double median(List<Double> values) {
        assertThat(values).isNotEmpty();
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static int post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + camera.adminPort() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String status() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + camera.adminPort() + "/status"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
