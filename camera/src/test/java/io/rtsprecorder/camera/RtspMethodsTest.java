package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.rtsp.wire.RtspResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session methods beyond PLAY: OPTIONS, GET_PARAMETER, PAUSE, TEARDOWN, and the session timeout. */
class RtspMethodsTest {

    private static MockCamera start(Duration sessionTimeout) throws IOException {
        return MockCamera.start(MockCameraConfig.loopback(
                List.of(MountConfig.bundled("/cam", "h265-pcma-640x360-25fps.mov")))
                        .withSessionTimeout(sessionTimeout));
    }

    @Test
    void optionsKeepAlivePauseAndTeardownBehave() throws Exception {
        try (MockCamera camera = start(Duration.ofSeconds(60));
             TestRtspClient client = new TestRtspClient(camera.port())) {
            RtspResponse options = client.request(client.newRequest("OPTIONS", camera.url("/cam")));
            assertThat(options.headers().get("Public").orElseThrow())
                    .contains("DESCRIBE", "SETUP", "PLAY", "PAUSE", "TEARDOWN", "GET_PARAMETER");
            client.play(camera.url("/cam"));
            assertThat(client.playResponse.headers().get("RTP-Info").orElseThrow()).contains("seq=")
                    .contains("rtptime=");
            assertThat(client.playResponse.headers().get("Range")).contains("npt=0.000-");
            client.receiveFor(Duration.ofMillis(500));
            assertThat(client.request(client.newRequest("GET_PARAMETER", camera.url("/cam"))).status()).isEqualTo(200);

            assertThat(client.request(client.newRequest("PAUSE", camera.url("/cam"))).status()).isEqualTo(200);
            client.receiveFor(Duration.ofMillis(700)); // what was in flight, generously on a loaded machine
            long paused = client.packets[0];
            client.receiveFor(Duration.ofMillis(1000));
            assertThat(client.packets[0]).as("packets while paused").isEqualTo(paused);

            assertThat(client.request(client.newRequest("PLAY", camera.url("/cam"))).status()).isEqualTo(200);
            client.receiveFor(Duration.ofMillis(1500));
            assertThat(client.packets[0]).as("packets after resuming").isGreaterThan(paused);

            RtspResponse wrongSession = client.request(withSession(client, "PLAY", camera.url("/cam"), "nope"));
            assertThat(wrongSession.status()).isEqualTo(454);
            assertThat(client.request(client.newRequest("TEARDOWN", camera.url("/cam"))).status()).isEqualTo(200);
            assertThatThrownBy(() -> client.receiveFor(Duration.ofSeconds(3))).isInstanceOf(IOException.class);
        }
    }

    private static io.rtsprecorder.media.rtsp.wire.RtspRequest withSession(TestRtspClient client, String method,
            String url,
                                                                      String session) {
        io.rtsprecorder.media.rtsp.wire.RtspRequest r = client.newRequest(method, url);
        r.headers().set("Session", session);
        return r;
    }

    @Test
    void silentSessionIsClosedAfterTheTimeout() throws Exception {
        try (MockCamera camera = start(Duration.ofSeconds(2));
             TestRtspClient client = new TestRtspClient(camera.port())) {
            RtspResponse describe = client.request(client.newRequest("DESCRIBE", camera.url("/cam")));
            assertThat(describe.status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.receiveFor(Duration.ofSeconds(6))).isInstanceOf(IOException.class);
            double waited = (System.nanoTime() - start) / 1e9;
            assertThat(waited).as("seconds until the camera closed the idle session").isBetween(1.5, 5.0);
        }
    }
}
