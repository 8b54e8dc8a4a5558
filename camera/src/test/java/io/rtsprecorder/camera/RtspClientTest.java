package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.rtsp.ControlUrls;
import io.rtsprecorder.media.rtsp.RtspClient;
import io.rtsprecorder.media.rtsp.RtspClientConfig;
import io.rtsprecorder.media.rtsp.RtspClientException;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.ServerAuthenticator;
import io.rtsprecorder.testsupport.BackgroundTask;
import io.rtsprecorder.testsupport.TcpForwarder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The recorder's RTSP client against the mock camera over real loopback sockets. */
class RtspClientTest {

    private static MockCamera camera;
    private static final Credentials ADMIN = new Credentials("admin", "pa55:word");

    @BeforeAll
    static void startCamera() throws Exception {
        List<MountConfig> mounts = new ArrayList<>(MockCameraConfig.bundledMounts());
        mounts.add(MountConfig.bundled("/basic", "h264-aac-640x360-25fps.mp4")
                .withAuth(ServerAuthenticator.Scheme.BASIC, ADMIN));
        mounts.add(MountConfig.bundled("/digest", "h264-aac-640x360-25fps.mp4")
                .withAuth(ServerAuthenticator.Scheme.DIGEST, ADMIN));
        camera = MockCamera.start(MockCameraConfig.loopback(mounts));
    }

    @AfterAll
    static void stopCamera() {
        camera.close();
    }

    /** Frames received in {@code seconds}, per track index, and whether they came over UDP. */
    private record Received(List<List<Frame>> perTrack, boolean udp) {
        List<Frame> get(int track) {
            return perTrack.get(track);
        }
    }

    /** Receives for {@code seconds}; a failure of the reading thread fails the test. */
    private static Received receive(RtspClientConfig config, double seconds) throws Exception {
        List<List<Frame>> perTrack = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        try (RtspClient client = RtspClient.connect(config)) {
            BackgroundTask reader = BackgroundTask.start("rtsp-reader",
                    () -> client.stream(f -> perTrack.get(f.track()).add(f)));
            Thread.sleep((long) (seconds * 1000));
            client.close();
            reader.join(Duration.ofSeconds(5));
            return new Received(perTrack, client.usesUdp());
        }
    }

    /** {@code AUTO} tries UDP first, and the mock camera on loopback serves it: the row checks it stayed on UDP. */
    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"/h264, TCP, H264, AAC, false", "/h264, UDP, H264, AAC, true", "/h264, AUTO, H264, AAC, true",
        "/h265, TCP, H265, PCMA, false", "/h264-bframes, TCP, H264, AAC, false"})
    void receivesEveryFrameOfBothTracks(String mount, RtspClientConfig.Transport transport, Codec video, Codec audio,
                                        boolean overUdp) throws Exception {
        Received frames = receive(RtspClientConfig.of(camera.url(mount)).withTransport(transport), 2);
        assertThat(frames.udp()).as("transport used").isEqualTo(overUdp);
        List<Frame> v = frames.get(0);
        assertThat(v.get(0).format().codec()).isEqualTo(video);
        assertThat(v.get(0).keyframe()).as("the camera starts clients at a keyframe").isTrue();
        assertThat(v.get(0).format().width()).isEqualTo(640);
        // ~2 s at 25 fps, less the wait for the first keyframe (up to 1 s)
        assertThat(v.size()).isBetween(15, 55);
        for (int i = 1; i < v.size(); i++) {
            assertThat(v.get(i).dts()).isGreaterThan(v.get(i - 1).dts());
            assertThat(v.get(i).dts() - v.get(i - 1).dts()).as("no frame missing at %d: %s", i,
                    v.subList(Math.max(0, i - 4), Math.min(v.size(), i + 4)).stream()
                            .map(f -> f.pts() + "/" + f.dts()).toList()).isLessThanOrEqualTo(3600 * 2);
        }
        assertThat(frames.get(1)).isNotEmpty();
        assertThat(frames.get(1).get(0).format().codec()).isEqualTo(audio);
    }

    @Test
    void worksThroughAPlainTcpForwarder() throws Exception {
        try (TcpForwarder forwarder = TcpForwarder.start(camera.port())) {
            Received frames = receive(RtspClientConfig.of("rtsp://127.0.0.1:" + forwarder.port() + "/h264"), 2);
            assertThat(frames.udp()).isFalse();
            assertThat(frames.get(0).size()).isGreaterThan(20);
            assertThat(forwarder.bytesForwarded()).isGreaterThan(50_000);
        }
    }

    @ParameterizedTest(name = "{0}, credentials in URL: {1}")
    @CsvSource({"/basic, true", "/basic, false", "/digest, true", "/digest, false"})
    void authenticatesWithBasicAndDigest(String mount, boolean inUrl) throws Exception {
        RtspClientConfig config = inUrl
                ? RtspClientConfig.of(camera.url(mount).replace("rtsp://", "rtsp://admin:pa55%3Aword@"))
                : RtspClientConfig.of(camera.url(mount)).withCredentials(ADMIN);
        // Basic over plain RTSP sends the password in clear text: only when the camera's config allows it
        assertThat(receive(config.withAllowBasicAuth(true), 1.5).get(0)).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource({"/basic", "/digest"})
    void wrongPasswordIsAuthRefusedWithoutLeakingIt(String mount) {
        long wrongBefore = wrongCredentials(mount);
        RtspClientConfig config = RtspClientConfig.of(camera.url(mount))
                .withCredentials(new Credentials("admin", "not-the-Pa55word")).withAllowBasicAuth(true);
        assertThatThrownBy(() -> RtspClient.connect(config))
                .isInstanceOfSatisfying(RtspClientException.class,
                        e -> assertThat(e.reason()).isEqualTo(RtspClientException.Reason.AUTH_REFUSED))
                .hasMessageNotContaining("not-the-Pa55word")
                .hasMessageContaining("admin");
        assertThat(wrongCredentials(mount) - wrongBefore).as("wrong-password attempts per connect").isEqualTo(1);
        assertThatThrownBy(() -> RtspClient.connect(RtspClientConfig.of(camera.url(mount))))
                .hasMessageContaining("requires credentials");
    }

    private static long wrongCredentials(String mount) {
        return camera.status().stream().filter(s -> s.path().equals(mount)).findFirst().orElseThrow()
                .wrongCredentials();
    }

    @Test
    void typedFailuresForMissingPathsDeadPortsAndSilentCameras() throws Exception {
        assertThatThrownBy(() -> RtspClient.connect(RtspClientConfig.of(camera.url("/nope"))))
                .isInstanceOfSatisfying(RtspClientException.class,
                        e -> assertThat(e.reason()).isEqualTo(RtspClientException.Reason.NOT_FOUND));
        int deadPort;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> RtspClient.connect(RtspClientConfig.of("rtsp://127.0.0.1:" + deadPort + "/x")))
                .isInstanceOfSatisfying(RtspClientException.class,
                        e -> assertThat(e.reason()).isEqualTo(RtspClientException.Reason.CONNECTION_FAILED));
        try (RtspClient client = RtspClient.connect(RtspClientConfig.of(camera.url("/h265"))
                .withReadTimeout(Duration.ofSeconds(1)))) {
            camera.silence("/h265", 3);
            assertThatThrownBy(() -> client.stream(f -> { }))
                    .isInstanceOfSatisfying(RtspClientException.class,
                            e -> assertThat(e.reason()).isEqualTo(RtspClientException.Reason.TIMEOUT));
        }
    }

    @Test
    void controlUrlsResolveLikeCamerasExpect() {
        assertThat(ControlUrls.resolve("rtsp://cam/stream", "trackID=1")).isEqualTo("rtsp://cam/stream/trackID=1");
        assertThat(ControlUrls.resolve("rtsp://cam/stream/", "trackID=1")).isEqualTo("rtsp://cam/stream/trackID=1");
        assertThat(ControlUrls.resolve("rtsp://cam/a", "rtsp://other/b")).isEqualTo("rtsp://other/b");
        assertThat(ControlUrls.resolve("rtsp://cam/a", "*")).isEqualTo("rtsp://cam/a");
        assertThat(ControlUrls.resolve("rtsp://cam:554/a/b", "/c")).isEqualTo("rtsp://cam:554/c");
        assertThat(ControlUrls.resolve("rtsp://ip/cam/realmonitor?channel=1&subtype=0/", "trackID=0"))
                .isEqualTo("rtsp://ip/cam/realmonitor?channel=1&subtype=0/trackID=0");
        assertThat(ControlUrls.base("rtsp://req/x", null, "rtsp://loc/y/")).isEqualTo("rtsp://loc/y/");
        assertThat(ControlUrls.base("rtsp://req/x", "rtsp://base/z/", "rtsp://loc/y/")).isEqualTo("rtsp://base/z/");
    }
}
