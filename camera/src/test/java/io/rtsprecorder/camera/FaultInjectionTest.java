package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.rtsp.RtspMessageReader;
import io.rtsprecorder.media.rtsp.RtspProtocolException;
import io.rtsprecorder.media.rtsp.RtspResponse;
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
        HttpResponse<String> status = admin("GET", "/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"path\":\"/a\"").contains("\"path\":\"/b\"").contains("framesSent");
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
