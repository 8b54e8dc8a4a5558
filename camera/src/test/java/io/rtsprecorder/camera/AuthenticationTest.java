package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.rtsp.wire.ClientAuthenticator;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.RtspRequest;
import io.rtsprecorder.media.rtsp.wire.RtspResponse;
import io.rtsprecorder.media.rtsp.wire.ServerAuthenticator;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProbeResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticationTest {

    private static MockCamera camera;

    @BeforeAll
    static void startCamera() throws Exception {
        Credentials admin = new Credentials("admin", "s3cret:pass");
        camera = MockCamera.start(MockCameraConfig.loopback(List.of(
                MountConfig.bundled("/basic", "h264-aac-640x360-25fps.mp4")
                        .withAuth(ServerAuthenticator.Scheme.BASIC, admin),
                MountConfig.bundled("/digest", "h264-aac-640x360-25fps.mp4")
                        .withAuth(ServerAuthenticator.Scheme.DIGEST, admin))));
    }

    @AfterAll
    static void stopCamera() {
        camera.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/basic", "/digest"})
    void missingCredentialsGetAChallenge(String mount) throws Exception {
        try (TestRtspClient client = new TestRtspClient(camera.port())) {
            RtspResponse r = client.request(client.newRequest("DESCRIBE", camera.url(mount)));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.headers().get("WWW-Authenticate").orElseThrow())
                    .startsWith(mount.equals("/basic") ? "Basic realm=" : "Digest realm=");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/basic", "/digest"})
    void wrongPasswordIsRefusedWith401(String mount) throws Exception {
        RtspResponse r = describeWithPassword(mount, "wrong");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().contains("WWW-Authenticate")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/basic", "/digest"})
    void rightPasswordInTheUrlStreamsToFfprobe(String mount) {
        String url = camera.url(mount).replace("rtsp://", "rtsp://admin:s3cret%3Apass@");
        ProbeResult probe = MediaOracle.get().probeRtsp(url, "tcp", Duration.ofSeconds(15));
        assertThat(probe.video().orElseThrow().codecName()).isEqualTo("h264");
        assertThat(probe.audio().orElseThrow().codecName()).isEqualTo("aac");
    }

    /** DESCRIBE as {@code admin} with {@code password}, answering one challenge; returns the final answer. */
    private static RtspResponse describeWithPassword(String mount, String password) throws Exception {
        try (TestRtspClient client = new TestRtspClient(camera.port())) {
            RtspResponse challenge = client.request(client.newRequest("DESCRIBE", camera.url(mount)));
            ClientAuthenticator auth = new ClientAuthenticator(new Credentials("admin", password));
            assertThat(auth.accept(challenge.headers().getAll("WWW-Authenticate"))).isTrue();
            RtspRequest retry = client.newRequest("DESCRIBE", camera.url(mount));
            retry.headers().add("Authorization", auth.authorization("DESCRIBE", camera.url(mount)).orElseThrow());
            return client.request(retry);
        }
    }

    private static int describeWithRightPassword(String mount) throws Exception {
        return describeWithPassword(mount, "s3cret:pass").status();
    }

    @org.junit.jupiter.api.Test
    void aPasswordChangeWindowRefusesTheRightPasswordThenAcceptsItAgain() throws Exception {
        assertThat(describeWithRightPassword("/digest")).isEqualTo(200);
        long wrongBefore = camera.status().stream().filter(m -> m.path().equals("/digest")).findFirst()
                .orElseThrow().wrongCredentials();
        camera.changePassword("/digest", 2);
        assertThat(describeWithRightPassword("/digest")).as("during the window").isEqualTo(401);
        long wrongDuring = camera.status().stream().filter(m -> m.path().equals("/digest")).findFirst()
                .orElseThrow().wrongCredentials();
        assertThat(wrongDuring).isEqualTo(wrongBefore + 1);
        Thread.sleep(2200);
        assertThat(describeWithRightPassword("/digest")).as("after the window").isEqualTo(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> camera.changePassword("/nothing", 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
