package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.rtsp.wire.RtspMessageReader;
import io.rtsprecorder.media.rtsp.wire.RtspProtocolException;
import io.rtsprecorder.media.rtsp.wire.RtspResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Faults injected through the admin HTTP endpoint while clients stream. */
class FaultInjectionTest {

    private static MockCamera camera;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCamera() throws Exception {
        camera = MockCamera.start(MockCameraConfig.loopback(List.of(
                MountConfig.bundled("/a", "h264-aac-640x360-25fps.mp4"),
                MountConfig.bundled("/b", "h265-pcma-640x360-25fps.mov"))));
    }

    @AfterAll
    static void stopCamera() {
        camera.close();
    }

    private static HttpResponse<String> admin(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + camera.adminPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void dropClosesThePlayingConnection() throws Exception {
        try (TestRtspClient client = new TestRtspClient(camera.port())) {
            client.play(camera.url("/a"));
            client.receiveFor(Duration.ofMillis(500));
            assertThat(admin("POST", "/faults/a/drop").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> client.receiveFor(Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void refuseAnswers503UntilLifted() throws Exception {
        assertThat(admin("POST", "/faults/b/refuse?enabled=true").statusCode()).isEqualTo(200);
        try (TestRtspClient client = new TestRtspClient(camera.port())) {
            assertThat(client.request(client.newRequest("DESCRIBE", camera.url("/b"))).status()).isEqualTo(503);
            assertThat(client.request(client.newRequest("DESCRIBE", camera.url("/a"))).status()).isEqualTo(200);
            assertThat(admin("POST", "/faults/b/refuse?enabled=false").statusCode()).isEqualTo(200);
            assertThat(client.request(client.newRequest("DESCRIBE", camera.url("/b"))).status()).isEqualTo(200);
        }
    }

    @Test
    void silenceStopsMediaForTheGivenTimeThenResumes() throws Exception {
        try (TestRtspClient client = new TestRtspClient(camera.port())) {
            client.play(camera.url("/b"));
            client.receiveFor(Duration.ofMillis(300));
            assertThat(admin("POST", "/faults/b/silence?seconds=3").statusCode()).isEqualTo(200);
            client.receiveFor(Duration.ofMillis(700)); // drain what was in flight, generously on a loaded machine
            long before = client.packets[0];
            client.receiveFor(Duration.ofMillis(1500));
            assertThat(client.packets[0]).as("packets during silence").isEqualTo(before);
            client.receiveFor(Duration.ofMillis(2000));
            assertThat(client.packets[0]).as("packets after silence").isGreaterThan(before + 10);
        }
    }

    /**
     * What gst-rtsp-server does at the end of a finite stream: BYE per track after a sender report, then silence
     * on the media channels while the RTSP session lives on; a new PLAY or a new session streams again.
     */
    @Test
    void byeEndsTheStreamWithAnRtcpByePerTrackButKeepsTheSessionAnswering() throws Exception {
        try (TestRtspClient client = new TestRtspClient(camera.port())) {
            client.play(camera.url("/a"));
            assertThat(client.receiveUntil(() -> client.rtpSsrc[0] >= 0 && client.rtpSsrc[1] >= 0,
                    Duration.ofSeconds(5))).as("RTP on both tracks").isTrue();
            assertThat(admin("POST", "/faults/a/bye").statusCode()).isEqualTo(200);
            assertThat(client.receiveUntil(() -> !client.byeSsrcs.get(0).isEmpty() && !client.byeSsrcs.get(1).isEmpty(),
                    Duration.ofSeconds(5))).as("a BYE on both tracks").isTrue();
            for (int track = 0; track < 2; track++) {
                assertThat(client.byeSsrcs.get(track)).as("BYE SSRCs of track %d", track)
                        .containsExactly(client.rtpSsrc[track]);
                assertThat(client.byeAfterSenderReport[track]).as("BYE after a sender report, track %d", track)
                        .isTrue();
            }
            long rtp = client.totalRtpPackets();
            long rtcp = client.totalRtcpPackets();
            client.receiveFor(Duration.ofSeconds(3));
            assertThat(client.totalRtpPackets()).as("RTP after BYE").isEqualTo(rtp);
            assertThat(client.totalRtcpPackets()).as("RTCP after BYE").isEqualTo(rtcp);

            assertThat(client.request(client.newRequest("OPTIONS", camera.url("/a"))).status()).isEqualTo(200);
            assertThat(client.request(client.newRequest("GET_PARAMETER", camera.url("/a"))).status()).isEqualTo(200);
            assertThat(client.byeSsrcs.get(0)).as("still one BYE").hasSize(1);

            assertThat(client.request(client.newRequest("PLAY", camera.url("/a"))).status()).isEqualTo(200);
            client.receiveFor(Duration.ofSeconds(1));
            assertThat(client.totalRtpPackets()).as("RTP after a new PLAY on the ended session")
                    .isGreaterThan(rtp + 10);
        }
        try (TestRtspClient next = new TestRtspClient(camera.port())) {
            next.play(camera.url("/a"));
            next.receiveFor(Duration.ofSeconds(1));
            assertThat(next.frames[0]).as("video frames of a session started after the BYE").isGreaterThan(10);
            assertThat(next.byeSsrcs.get(0)).isEmpty();
        }
    }

    /**
     * RTP stops, RTCP does not: a client that takes sender reports for a sign of life is fooled. Sessions that start
     * during the stall get their PLAY answered and reports, but no RTP either.
     */
    @Test
    void rtpStallSendsSenderReportsEverySecondButNoRtpThenResumes() throws Exception {
        try (TestRtspClient client = new TestRtspClient(camera.port());
             TestRtspClient late = new TestRtspClient(camera.port())) {
            client.play(camera.url("/b"));
            client.receiveFor(Duration.ofMillis(500));
            assertThat(admin("POST", "/faults/b/rtp-stall?seconds=8").statusCode()).isEqualTo(200);
            assertThat(admin("GET", "/status").body()).contains("\"path\":\"/b\"").contains("\"rtpStalled\":true");
            client.receiveFor(Duration.ofMillis(700)); // drain what was in flight, generously on a loaded machine
            long rtp = client.packets[0] + client.packets[1];
            long reports = client.senderReports[0];

            late.play(camera.url("/b"));
            assertThat(late.playResponse.headers().get("RTP-Info")).isPresent();
            late.receiveFor(Duration.ofSeconds(1));
            assertThat(late.totalRtpPackets()).as("RTP to a session started during the stall").isZero();
            assertThat(late.senderReports[0]).as("sender reports to it").isPositive();

            client.receiveFor(Duration.ofMillis(800));
            assertThat(client.packets[0] + client.packets[1]).as("RTP during the stall").isEqualTo(rtp);
            assertThat(client.senderReports[0] - reports).as("sender reports during the stall")
                    .isGreaterThanOrEqualTo(2);

            assertThat(client.receiveUntil(() -> client.packets[0] > rtp + 10, Duration.ofSeconds(10)))
                    .as("RTP resumes after the stall").isTrue();
            assertThat(late.receiveUntil(() -> late.packets[0] > 10, Duration.ofSeconds(3)))
                    .as("RTP to the late session too").isTrue();
            assertThat(client.sequenceGaps[0]).as("nothing was numbered and withheld").isZero();
        }
    }

    @Test
    void garbageReachesTheClientAsBytesThatAreNotRtsp() throws Exception {
        try (TestRtspClient client = new TestRtspClient(camera.port())) {
            client.play(camera.url("/a"));
            assertThat(admin("POST", "/faults/a/garbage?bytes=300").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> client.receiveFor(Duration.ofSeconds(3)))
                    .isInstanceOf(RtspProtocolException.class);
        }
    }

    @Test
    void adminErrorsAreJsonWithTheRightStatus() throws Exception {
        HttpResponse<String> unknownMount = admin("POST", "/faults/nope/drop");
        assertThat(unknownMount.statusCode()).isEqualTo(404);
        assertThat(unknownMount.body()).contains("\"error\"");
        assertThat(admin("POST", "/faults/a/explode").statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/faults/a/drop").statusCode()).isEqualTo(405);
        assertThat(admin("POST", "/faults/a/silence?seconds=-1").statusCode()).isEqualTo(400);
        assertBadRequest("/faults/a/ts-step?millis=100",
                "ts-step steps back 1 to 10000 ms, written as a negative number like -100; got 100");
        assertBadRequest("/faults/a/ts-step?millis=-10001",
                "ts-step steps back 1 to 10000 ms, written as a negative number like -100; got -10001");
        assertBadRequest("/faults/a/ts-jump?seconds=86401", "ts-jump jumps forward 1 to 86400 seconds; got 86401");
        assertBadRequest("/faults/a/ts-jump?seconds=soon", "ts-jump needs a whole number, got 'soon'");
        assertBadRequest("/faults/a/rtp-stall", "rtp-stall needs the query parameter seconds");
        assertBadRequest("/faults/a/rtp-stall?seconds=0", "rtp-stall lasts 1 to 3600 seconds; got 0");
        HttpResponse<String> status = admin("GET", "/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"path\":\"/a\"").contains("\"path\":\"/b\"").contains("framesSent")
                .contains("\"rtpStalled\":").contains("\"timestampOffsetMillis\":0");
    }

    private static void assertBadRequest(String path, String message) throws Exception {
        HttpResponse<String> response = admin("POST", path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"error\":\"" + message + "\"}");
    }

    @Test
    void restartGivesNewSsrcAndKeepsServing() throws Exception {
        try (TestRtspClient first = new TestRtspClient(camera.port())) {
            first.play(camera.url("/a"));
            assertThat(admin("POST", "/faults/a/restart").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> first.receiveFor(Duration.ofSeconds(5))).isInstanceOf(IOException.class);
        }
        try (TestRtspClient second = new TestRtspClient(camera.port())) {
            second.play(camera.url("/a"));
            second.receiveFor(Duration.ofSeconds(1));
            assertThat(second.frames[0]).isGreaterThan(10);
        }
        assertThat(RtspMessageReader.class).isNotNull();
        assertThat(RtspResponse.reasonPhrase(503)).isEqualTo("Service Unavailable");
    }
}
