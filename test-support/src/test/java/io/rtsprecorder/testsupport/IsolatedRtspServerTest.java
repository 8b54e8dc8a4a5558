package io.rtsprecorder.testsupport;

import static io.rtsprecorder.testsupport.PeerAssertions.closeAndAssertNoProcessSurvives;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * gst-rtsp-server in its own network namespace, reached only through the TCP forwarder: TCP works, the server's
 * own port does not exist on the host, and UDP transport gets no media at all.
 */
@Execution(ExecutionMode.CONCURRENT)
class IsolatedRtspServerTest {

    @TempDir
    static Path dir;
    private static IsolatedRtspServer server;

    @BeforeAll
    static void start() {
        server = IsolatedRtspServer.start(dir, GstPreset.H264_AAC);
    }

    @AfterAll
    static void stop() {
        closeAndAssertNoProcessSurvives(server);
    }

    @Test
    void tcpSessionThroughTheForwarderIsReadByFfprobe() {
        long before = server.forwarder().connectionsAccepted();
        ProbeResult probe = MediaOracle.get().probeRtsp(server.url(GstPreset.H264_AAC), "tcp", Duration.ofSeconds(15));
        assertThat(probe.video().orElseThrow().codecName()).isEqualTo("h264");
        assertThat(probe.video().orElseThrow().width()).isEqualTo(640);
        assertThat(probe.audio().orElseThrow().codecName()).isEqualTo("aac");
        assertThat(server.forwarder().connectionsAccepted()).as("through the forwarder").isGreaterThan(before);
    }

    @Test
    void serverPortIsNotReachableFromTheHostNetworkNamespace() {
        assertThat(server.namespacePort()).isNotEqualTo(server.port());
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), server.namespacePort()).close())
                .isInstanceOf(ConnectException.class);
    }

    /**
     * What happens: SETUP with UDP client ports is answered 200 (the server cannot know that 127.0.0.1 in its
     * namespace is not the client's), PLAY is answered 200, the server sends RTP to 127.0.0.1:client_port in its
     * own namespace, where nothing listens, and the client receives nothing, neither as UDP nor on the connection.
     */
    @Test
    void udpSessionThroughTheForwarderIsAcceptedButNoMediaArrives() throws IOException {
        try (RtspTestClient c = RtspTestClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(1));
             RtspSessions.UdpSession udp = RtspSessions.playUdp(c, server.url(GstPreset.H264_AAC))) {
            assertThat(udp.setups()).allSatisfy(s -> {
                assertThat(s.status()).as("%s; server log:%n%s", s.statusLine(), logOf(server)).isEqualTo(200);
                assertThat(s.header("transport").orElseThrow()).contains("server_port=");
            });
            assertThat(udp.play().status()).as("%s; server log:%n%s", udp.play().statusLine(), logOf(server))
                    .isEqualTo(200);
            assertThat(udp.receiveRtp(0, 3000)).as("an RTP packet over UDP within 3 s").isNull();
            assertThat(udp.receiveRtp(1, 100)).isNull();
            assertThatThrownBy(c::read).as("nothing on the RTSP connection either")
                    .isInstanceOf(SocketTimeoutException.class);
            RtspTestClient.Response alive = c.request("OPTIONS", server.url(GstPreset.H264_AAC), "Session: "
                    + udp.session());
            assertThat(alive.status()).as("the session itself is fine").isEqualTo(200);
        }
    }

    private static String logOf(RtspPeer peer) {
        try {
            return java.nio.file.Files.readString(peer.log());
        } catch (IOException e) {
            return e.toString();
        }
    }
}
