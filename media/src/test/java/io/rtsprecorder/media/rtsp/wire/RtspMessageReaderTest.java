package io.rtsprecorder.media.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtspMessageReaderTest {

    private static RtspMessageReader reader(String text) {
        return new RtspMessageReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void readsRequestsResponsesAndInterleavedFramesInOrder() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: 5\r\n\r\nv=0\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        wire.writeBytes(new byte[] {'$', 1, 0, 3, 9, 8, 7});
        wire.writeBytes("GET_PARAMETER rtsp://cam/x RTSP/1.0\nCSeq: 3\nSession: abc\n\n"
                .getBytes(StandardCharsets.US_ASCII));
        RtspMessageReader r = new RtspMessageReader(new ByteArrayInputStream(wire.toByteArray()));

        RtspResponse response = (RtspResponse) r.read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.cseq()).isEqualTo(2);
        assertThat(response.bodyText()).isEqualTo("v=0\r\n");
        InterleavedFrame frame = (InterleavedFrame) r.read();
        assertThat(frame.channel()).isEqualTo(1);
        assertThat(frame.payload()).containsExactly(9, 8, 7);
        RtspRequest request = (RtspRequest) r.read();
        assertThat(request.method()).isEqualTo("GET_PARAMETER");
        assertThat(request.headers().get("session")).contains("abc");
        assertThat(r.read()).isNull();
    }

    @Test
    void writerOutputIsReadBackIdentically() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        RtspMessageWriter w = new RtspMessageWriter(wire);
        RtspRequest setup = RtspRequest.of("SETUP", "rtsp://10.0.0.1/stream/trackID=0", 7);
        setup.headers().add("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
        w.write(setup);
        w.write(RtspResponse.of(200, 7).withBody("text/parameters", "a: b\r\n".getBytes(StandardCharsets.US_ASCII)));
        w.writeInterleaved(4, new byte[] {1, 2, 3, 4, 5}, 1, 3);
        RtspMessageReader r = new RtspMessageReader(new ByteArrayInputStream(wire.toByteArray()));
        RtspRequest back = (RtspRequest) r.read();
        assertThat(back.uri()).isEqualTo("rtsp://10.0.0.1/stream/trackID=0");
        assertThat(RtspTransport.parse(back.headers().get("Transport").orElseThrow()).interleavedRtcp()).isEqualTo(1);
        assertThat(((RtspResponse) r.read()).bodyText()).isEqualTo("a: b\r\n");
        assertThat(((InterleavedFrame) r.read()).payload()).containsExactly(2, 3, 4);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("binary garbage", "\u0001\u0002\u0003garbage\r\n\r\n", 400),
                Arguments.of("request line with two parts", "DESCRIBE rtsp://x\r\n\r\n", 400),
                Arguments.of("HTTP version", "GET / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("RTSP 2.0", "OPTIONS * RTSP/2.0\r\n\r\n", 505),
                Arguments.of("negative Content-Length", "OPTIONS * RTSP/1.0\r\nContent-Length: -1\r\n\r\n", 400),
                Arguments.of("non-numeric Content-Length", "OPTIONS * RTSP/1.0\r\nContent-Length: 12a\r\n\r\n", 400),
                Arguments.of("conflicting Content-Length",
                        "OPTIONS * RTSP/1.0\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
                Arguments.of("body over the limit", "OPTIONS * RTSP/1.0\r\nContent-Length: 2000000\r\n\r\n", 413),
                Arguments.of("header without colon", "OPTIONS * RTSP/1.0\r\nCSeq 1\r\n\r\n", 400),
                Arguments.of("status code not numeric", "RTSP/1.0 2x0 OK\r\n\r\n", 400),
                Arguments.of("request line over 4096 bytes", "OPTIONS rtsp://" + "a".repeat(5000) + " RTSP/1.0\r\n\r\n",
                        414),
                Arguments.of("header line over 8192 bytes", "OPTIONS * RTSP/1.0\r\nX: " + "b".repeat(9000) + "\r\n\r\n",
                        431),
                Arguments.of("65 headers", "OPTIONS * RTSP/1.0\r\n" + "X: y\r\n".repeat(65) + "\r\n", 431),
                Arguments.of("headers over 32 KiB", "OPTIONS * RTSP/1.0\r\n" + ("X: " + "c".repeat(8000) + "\r\n")
                        .repeat(5)
                        + "\r\n", 431));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("malformed")
    void malformedInputIsATypedErrorWithTheStatusToAnswer(String name, String input, int status) {
        assertThatThrownBy(() -> reader(input).read())
                .isInstanceOfSatisfying(RtspProtocolException.class, e -> assertThat(e.status()).isEqualTo(status));
    }

    @Test
    void limitsAreInclusive() throws IOException {
        String line = "OPTIONS rtsp://" + "a".repeat(4096 - "OPTIONS rtsp:// RTSP/1.0".length()) + " RTSP/1.0";
        assertThat(line).hasSize(4096);
        assertThat(reader(line + "\r\nCSeq: 1\r\n\r\n").read()).isInstanceOf(RtspRequest.class);
        assertThat(reader("OPTIONS * RTSP/1.0\r\n" + "X: y\r\n".repeat(64) + "\r\n").read())
                .isInstanceOf(RtspRequest.class);
    }

    @Test
    void endOfStreamInsideAMessageIsAnEofNotAMessage() {
        assertThatThrownBy(() -> reader("OPTIONS * RTSP/1.0\r\nCSe").read()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("RTSP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nabc").read())
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new RtspMessageReader(new ByteArrayInputStream(new byte[] {'$', 0, 0})).read())
                .isInstanceOf(EOFException.class);
    }

    @Test
    void errorMessagesNeverQuoteCredentials() {
        String input = "DESCRIBE rtsp://admin:hunter2@cam/x\r\n\r\n";
        assertThatThrownBy(() -> reader(input).read())
                .isInstanceOf(RtspProtocolException.class)
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("admin:***@cam");
        assertThatThrownBy(() -> reader("OPTIONS * RTSP/1.0\r\nAuthorization Basic YWRtaW46aHVudGVyMg==\r\n\r\n")
                .read())
                .hasMessageNotContaining("YWRtaW46aHVudGVyMg");
    }

    @Test
    void headerFoldingJoinsContinuationLines() throws IOException {
        RtspResponse r = (RtspResponse) reader("RTSP/1.0 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"x\",\r\n"
                + " nonce=\"y\"\r\n\r\n").read();
        assertThat(r.headers().get("www-authenticate")).contains("Digest realm=\"x\", nonce=\"y\"");
    }
}
