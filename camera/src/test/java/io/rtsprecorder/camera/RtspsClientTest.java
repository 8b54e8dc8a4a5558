package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.rtsp.CertificateFingerprint;
import io.rtsprecorder.media.rtsp.RtspClient;
import io.rtsprecorder.media.rtsp.RtspClientConfig;
import io.rtsprecorder.media.rtsp.RtspClientException;
import io.rtsprecorder.media.rtsp.TlsTrust;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.ServerAuthenticator;
import io.rtsprecorder.testsupport.TcpForwarder;
import io.rtsprecorder.testsupport.TestCertificates;
import io.rtsprecorder.testsupport.TlsFront;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RTSP client over TLS ({@code rtsps://}) against the mock camera behind a TLS front with keytool-made
 * certificates, and the rule that a password never leaves in clear text: real sockets on loopback throughout.
 */
class RtspsClientTest {

    private static final String PASSWORD = "Pa55-over-TLS-only";
    private static final Credentials ADMIN = new Credentials("admin", PASSWORD);

    @TempDir
    static Path dir;
    private static MockCamera camera;
    private static TestCertificates certificates;
    private static TestCertificates.ServerIdentity signedForLoopback;
    private static TestCertificates.ServerIdentity selfSigned;

    @BeforeAll
    static void start() throws Exception {
        List<MountConfig> mounts = new ArrayList<>(MockCameraConfig.bundledMounts());
        mounts.add(MountConfig.bundled("/basic", "h264-aac-640x360-25fps.mp4")
                .withAuth(ServerAuthenticator.Scheme.BASIC, ADMIN));
        mounts.add(MountConfig.bundled("/digest", "h264-aac-640x360-25fps.mp4")
                .withAuth(ServerAuthenticator.Scheme.DIGEST, ADMIN));
        camera = MockCamera.start(MockCameraConfig.loopback(mounts).withPorts(0, -1));
        certificates = TestCertificates.create(dir);
        signedForLoopback = certificates.signed("camera", "ip:127.0.0.1", "dns:localhost");
        selfSigned = certificates.selfSigned("IPC self-signed");
    }

    @AfterAll
    static void stop() {
        camera.close();
    }

    private static int videoFrames(RtspClientConfig config, long millis) throws Exception {
        List<Frame> video = new CopyOnWriteArrayList<>();
        try (RtspClient client = RtspClient.connect(config)) {
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    client.stream(f -> {
                        if (f.format().codec().isVideo()) {
                            video.add(f);
                        }
                    });
                } catch (RtspClientException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(millis);
            client.close();
            reader.join(5_000);
            assertThat(reader.isAlive()).as("stream() returns after close()").isFalse();
        }
        return video.size();
    }

    private static String rtsps(TlsFront front, String host, String path) {
        return "rtsps://" + host + ":" + front.port() + path;
    }

    @Test
    void recordsOverTlsWithTheCaFileAndDigest() throws Exception {
        try (TlsFront front = TlsFront.start(signedForLoopback, camera.port())) {
            RtspClientConfig config = RtspClientConfig.of(rtsps(front, "127.0.0.1", "/digest")).withCredentials(ADMIN)
                    .withTls(new TlsTrust(certificates.caPem(), List.of()));
            // 25 fps for 3 s, less up to 1 s waiting for the first keyframe: every frame, not one per TLS record
            // (a reader that rests whenever the TLS socket has nothing decrypted got 9 of 25 a second)
            assertThat(videoFrames(config, 3000)).isGreaterThanOrEqualTo(45);
            assertThat(front.handshakes()).isEqualTo(1);
            // by name too: SNI and the DNS name of the certificate
            assertThat(videoFrames(config.withUrl(rtsps(front, "localhost", "/h264")), 1000)).isGreaterThan(5);
            assertThat(front.receivedFromClients()).contains("DESCRIBE rtsps://").doesNotContain(PASSWORD);
        }
    }

    @Test
    void aPinnedSelfSignedCertificateIsAcceptedWrittenAnyWayOpensslPrintsIt() throws Exception {
        String printed = selfSigned.fingerprint();
        try (TlsFront front = TlsFront.start(selfSigned, camera.port())) {
            for (String pin : List.of(printed, printed.replace(":", "").toLowerCase(Locale.ROOT),
                    "sha256 Fingerprint=" + printed)) {
                RtspClientConfig config = RtspClientConfig.of(rtsps(front, "127.0.0.1", "/h264"))
                        .withTls(new TlsTrust(null, List.of(CertificateFingerprint.parse(pin))));
                assertThat(videoFrames(config, 800)).as(pin).isGreaterThan(0);
            }
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedBeforeAnyRtspWithItsFingerprint() throws Exception {
        try (TlsFront front = TlsFront.start(selfSigned, camera.port())) {
            RtspClientConfig config = RtspClientConfig.of(rtsps(front, "127.0.0.1", "/digest")).withCredentials(ADMIN);
            assertThatThrownBy(() -> RtspClient.connect(config))
                    .isInstanceOfSatisfying(RtspClientException.class,
                            e -> assertThat(e.reason()).isEqualTo(RtspClientException.Reason.TLS))
                    .hasMessageStartingWith("tls: certificate not trusted (fingerprint " + selfSigned.fingerprint())
                    .hasMessageNotContaining(PASSWORD);
            assertThat(front.handshakes()).isZero();
            assertThat(front.awaitFailedHandshakes(1, Duration.ofSeconds(5))).isEqualTo(1);
            assertThat(front.receivedFromClients()).isEmpty();
        }
    }

    @Test
    void aWrongPinAnExpiredCertificateAndAnotherHostNameAreRefusedEachInItsWords() throws Exception {
        TlsTrust ca = new TlsTrust(certificates.caPem(), List.of());
        try (TlsFront other = TlsFront.start(certificates.signed("camera", "dns:camera.example"), camera.port());
             TlsFront expired = TlsFront.start(certificates.signedExpired("camera", "ip:127.0.0.1"), camera.port());
             TlsFront pinned = TlsFront.start(selfSigned, camera.port())) {
            assertRefused(RtspClientConfig.of(rtsps(other, "127.0.0.1", "/h264")).withTls(ca),
                    "tls: host name mismatch");
            assertRefused(RtspClientConfig.of(rtsps(expired, "127.0.0.1", "/h264")).withTls(ca),
                    "tls: certificate expired or not yet valid");
            String wrong = signedForLoopback.fingerprint();
            assertRefused(RtspClientConfig.of(rtsps(pinned, "127.0.0.1", "/h264"))
                    .withTls(new TlsTrust(null, CertificateFingerprint.parseList(wrong))),
                    "tls: certificate does not match the pinned fingerprint (fingerprint " + selfSigned.fingerprint());
        }
    }

    private static void assertRefused(RtspClientConfig config, String message) {
        assertThatThrownBy(() -> RtspClient.connect(config))
                .isInstanceOfSatisfying(RtspClientException.class,
                        e -> assertThat(e.reason()).isEqualTo(RtspClientException.Reason.TLS))
                .hasMessageStartingWith(message);
    }

    @Test
    void plainRtspOnTheTlsPortAndUdpOverTlsAreClearErrors() throws Exception {
        assertRefused(RtspClientConfig.of("rtsps://127.0.0.1:" + camera.port() + "/h264"), "tls: handshake with");
        try (TlsFront front = TlsFront.start(signedForLoopback, camera.port())) {
            RtspClientConfig udp = RtspClientConfig.of(rtsps(front, "127.0.0.1", "/h264"))
                    .withTls(new TlsTrust(certificates.caPem(), List.of()))
                    .withTransport(RtspClientConfig.Transport.UDP);
            assertThatThrownBy(() -> RtspClient.connect(udp)).hasMessageContaining("use the TCP transport");
            assertThat(front.handshakes()).isZero();
            try (RtspClient auto = RtspClient.connect(udp.withTransport(RtspClientConfig.Transport.AUTO))) {
                assertThat(auto.usesUdp()).as("auto means interleaved over TLS").isFalse();
            }
        }
    }

    @Test
    void basicOnlyOverPlainRtspSendsNoPasswordUnlessAllowedAndOverTlsJustWorks() throws Exception {
        try (TcpForwarder plain = TcpForwarder.start(camera.port())) {
            RtspClientConfig config = RtspClientConfig.of("rtsp://127.0.0.1:" + plain.port() + "/basic")
                    .withCredentials(ADMIN);
            assertThatThrownBy(() -> RtspClient.connect(config))
                    .isInstanceOfSatisfying(RtspClientException.class,
                            e -> assertThat(e.reason()).isEqualTo(RtspClientException.Reason.INSECURE_AUTH))
                    .hasMessageContaining("offers only Basic").hasMessageNotContaining(PASSWORD);
            assertThat(plain.receivedFromClients()).contains("DESCRIBE").doesNotContain("Authorization");
            assertThat(videoFrames(config.withAllowBasicAuth(true), 800)).isGreaterThan(0);
            assertThat(plain.receivedFromClients()).contains("Authorization: Basic");
        }
        try (TlsFront front = TlsFront.start(signedForLoopback, camera.port())) {
            RtspClientConfig tls = RtspClientConfig.of(rtsps(front, "127.0.0.1", "/basic")).withCredentials(ADMIN)
                    .withTls(new TlsTrust(certificates.caPem(), List.of()));
            assertThat(videoFrames(tls, 800)).isGreaterThan(0);
        }
    }
}
