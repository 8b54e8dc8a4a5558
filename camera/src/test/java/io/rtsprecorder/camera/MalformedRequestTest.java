package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.testsupport.BackgroundTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken requests get their documented answer while a client streams from the same mount without
 * losing a packet.
 */
class MalformedRequestTest {

    /** What the camera must answer: a status line starting with {@code expected}, or {@code "close"}. */
    private record Case(String name, byte[] request, String expected) {
    }

    private static MockCamera camera;

    @BeforeAll
    static void startCamera() throws Exception {
        camera = MockCamera.start(MockCameraConfig.loopback(
                List.of(MountConfig.bundled("/cam", "h264-aac-640x360-25fps.mp4"))));
    }

    @AfterAll
    static void stopCamera() {
        camera.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<Case> cases() {
        String url = camera.url("/cam");
        byte[] garbage = new byte[2048];
        new java.util.Random(7).nextBytes(garbage);
        garbage[0] = 1; // a control byte: never a '$' frame or a request line
        return List.of(
                new Case("truncated request line", ascii("DESCRIBE " + url + "\r\nCSeq: 1\r\n\r\n"), "RTSP/1.0 400"),
                new Case("binary garbage", garbage, "RTSP/1.0 400"),
                new Case("100 KB header", ascii("OPTIONS " + url + " RTSP/1.0\r\nCSeq: 1\r\nX-Big: "
                        + "a".repeat(100_000) + "\r\n\r\n"), "RTSP/1.0 431"),
                new Case("negative Content-Length", ascii("OPTIONS " + url + " RTSP/1.0\r\nCSeq: 1\r\n"
                        + "Content-Length: -5\r\n\r\n"), "RTSP/1.0 400"),
                new Case("huge Content-Length", ascii("OPTIONS " + url + " RTSP/1.0\r\nCSeq: 1\r\n"
                        + "Content-Length: 99999999999\r\n\r\n"), "RTSP/1.0 413"),
                new Case("unknown method", ascii("FROBNICATE " + url + " RTSP/1.0\r\nCSeq: 1\r\n\r\n"), "RTSP/1.0 501"),
                new Case("HTTP instead of RTSP", ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "RTSP/1.0 400"),
                new Case("RTSP 2.0", ascii("OPTIONS " + url + " RTSP/2.0\r\nCSeq: 1\r\n\r\n"), "RTSP/1.0 505"),
                new Case("missing CSeq", ascii("OPTIONS " + url + " RTSP/1.0\r\n\r\n"), "RTSP/1.0 400"),
                new Case("unknown path", ascii("DESCRIBE " + camera.url("/nope") + " RTSP/1.0\r\nCSeq: 1\r\n\r\n"),
                        "RTSP/1.0 404"),
                new Case("PLAY before SETUP", ascii("PLAY " + url + " RTSP/1.0\r\nCSeq: 1\r\n\r\n"), "RTSP/1.0 455"),
                new Case("multicast transport", ascii("SETUP " + url + "/trackID=0 RTSP/1.0\r\nCSeq: 1\r\n"
                        + "Transport: RTP/AVP;multicast\r\n\r\n"), "RTSP/1.0 461"),
                new Case("header without colon", ascii("OPTIONS " + url + " RTSP/1.0\r\nCSeq 1\r\n\r\n"),
                        "RTSP/1.0 400"),
                new Case("truncated mid-header then close", ascii("OPTIONS " + url + " RTSP/1.0\r\nCSe"), "close"));
    }

    @Test
    void everyMalformedRequestGetsItsAnswerWhileAnotherClientLosesNothing() throws Exception {
        try (TestRtspClient streaming = new TestRtspClient(camera.port())) {
            streaming.play(camera.url("/cam"));
            BackgroundTask receiver = BackgroundTask.start("streaming-client",
                    () -> streaming.receiveFor(Duration.ofSeconds(6)));
            for (Case c : cases()) {
                String answer = send(c.request(), !c.expected().equals("close"));
                if (c.expected().equals("close")) {
                    assertThat(answer).as(c.name()).isEqualTo("close");
                } else {
                    assertThat(answer).as(c.name()).startsWith(c.expected());
                }
            }
            receiver.join(Duration.ofSeconds(15));
            assertThat(streaming.frames[0]).isGreaterThan(100);
            assertThat(streaming.sequenceGaps[0] + streaming.sequenceGaps[1]).isZero();
        }
    }

    /** Sends raw bytes and returns the first line answered, or "close" when the camera just closes. */
    private String send(byte[] request, boolean keepOpen) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), camera.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the camera may close before reading everything (e.g. the 100 KB header): read its answer anyway
            }
            if (!keepOpen) {
                s.shutdownOutput();
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    line.write(b);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                return line.size() == 0 ? "close" : line.toString(StandardCharsets.ISO_8859_1).strip();
            }
            return line.size() == 0 ? "close" : line.toString(StandardCharsets.ISO_8859_1).strip();
        }
    }
}
