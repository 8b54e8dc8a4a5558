package io.rtsprecorder.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TcpForwarderTest {

    @Test
    void copiesBytesBothWaysUnchanged() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             TcpForwarder forwarder = TcpForwarder.start(echo.getLocalPort())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (Socket s = echo.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (Exception ignored) {
                    // client closed
                }
            });
            byte[] payload = "OPTIONS rtsp://cam/ RTSP/1.0\r\nCSeq: 1\r\n\r\n$\u0000\u0000\u0004abcd"
                    .getBytes(StandardCharsets.ISO_8859_1);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), forwarder.port())) {
                client.setSoTimeout(5_000);
                OutputStream out = client.getOutputStream();
                out.write(payload);
                out.flush();
                InputStream in = client.getInputStream();
                byte[] back = in.readNBytes(payload.length);
                assertThat(back).isEqualTo(payload);
            }
            server.join(5_000);
            assertThat(forwarder.connectionsAccepted()).isEqualTo(1);
            assertThat(forwarder.bytesForwarded()).isEqualTo(2L * payload.length);
        }
    }
}
