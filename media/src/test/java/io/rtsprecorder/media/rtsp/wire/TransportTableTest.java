package io.rtsprecorder.media.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Transport} headers as cameras, servers and clients really send them (odd spacing, single ports, short
 * or decimal SSRCs, channels other than the ones asked for, parameters in any order), each row named after its
 * source. A pair given as one port means that port and the next (RFC 2326 §12.39).
 */
class TransportTableTest {

    static Stream<Arguments> headers() {
        return Stream.of(
                row("Panasonic answer on other channels than asked, deepch/RTSPtoWeb#83",
                        "RTP/AVP/TCP;unicast;interleaved=20-21;server_port=59136-59137;ssrc=74250e46",
                        "TCP", true, 20, 21, -1, -1, 59136, 59137, "74250e46", null),
                row("go2rtc answer on channels 4-5, go2rtc client_test.go TestMissedControl",
                        "RTP/AVP/TCP;unicast;interleaved=4-5", "TCP", true, 4, 5, -1, -1, -1, -1, null, null),
                row("go2rtc to Frigate's ffmpeg, AlexxIT/WebRTC#804", "RTP/AVP/TCP;unicast;interleaved=2-3", "TCP",
                        true, 2, 3, -1, -1, -1, -1, null, null),
                row("Dahua server, ssrc after five spaces, gortsplib transport_test.go",
                        "RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=     D93FF", "TCP", true, 0, 1, -1, -1, -1, -1,
                        "D93FF", null),
                row("ZLMediaKit 4.0 answer with a zero ssrc, ZLMediaKit docs rtsp_push_process",
                        "RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=00000000", "TCP", true, 0, 1, -1, -1, -1, -1,
                        "00000000", null),
                row("ZLMediaKit 4.0 RECORD request with mode before the channels, ZLMediaKit docs",
                        "RTP/AVP/TCP;unicast;mode=record;interleaved=0-1", "TCP", true, 0, 1, -1, -1, -1, -1, null,
                        "record"),
                row("secure profile over TCP, gortsplib transport_test.go", "RTP/SAVP/TCP;interleaved=0-1", "TCP",
                        true, 0, 1, -1, -1, -1, -1, null, null),
                row("UDP play answer with explicit lower transport, gortsplib transport_test.go",
                        "RTP/AVP/UDP;unicast;client_port=3056-3057;server_port=5000-5001", "UDP", true, -1, -1,
                        3056, 3057, 5000, 5001, null, null),
                row("UDP answer with single ports and ssrc, gortsplib transport_test.go",
                        "RTP/AVP/UDP;unicast;server_port=8052;client_port=14186;ssrc=0B6020AD;mode=PLAY", "UDP",
                        true, -1, -1, 14186, 14187, 8052, 8053, "0B6020AD", "PLAY"),
                row("UDP answer with a five-digit ssrc, gortsplib transport_test.go \"ssrc odd\"",
                        "RTP/AVP/UDP;unicast;client_port=14186;server_port=8052;ssrc=4317f;mode=play", "UDP", true,
                        -1, -1, 14186, 14187, 8052, 8053, "4317f", "play"),
                row("Hikvision, ssrc after a space, gortsplib transport_test.go",
                        "RTP/AVP/UDP;unicast;client_port=14186;server_port=8052;ssrc= 4317f;mode=play", "UDP", true,
                        -1, -1, 14186, 14187, 8052, 8053, "4317f", "play"),
                row("camera with an empty source, gortsplib transport_test.go",
                        "RTP/AVP/UDP;unicast;source=;client_port=32560-32561;server_port=3046-3047;ssrc=45dcb578",
                        "UDP", true, -1, -1, 32560, 32561, 3046, 3047, "45dcb578", null),
                row("camera with a decimal ssrc, gortsplib transport_test.go \"invalid ssrc\"",
                        "RTP/AVP;unicast;client_port=14236;source=172.16.8.2;server_port=56002;ssrc=1449463210",
                        "UDP", true, -1, -1, 14236, 14237, 56002, 56003, "1449463210", null),
                row("UDP record answer with mode=receive, gortsplib transport_test.go",
                        "RTP/AVP/UDP;unicast;mode=receive;source=127.0.0.1;client_port=14186-14187;"
                                + "server_port=5000-5001", "UDP", true, -1, -1, 14186, 14187, 5000, 5001, null,
                        "receive"),
                row("UDP request with a quoted mode, gortsplib transport_test.go",
                        "RTP/AVP;unicast;client_port=3456-3457;mode=\"PLAY\"", "UDP", true, -1, -1, 3456, 3457, -1,
                        -1, null, "\"PLAY\""),
                row("multicast with destination, port and ttl, gortsplib transport_test.go",
                        "RTP/AVP;multicast;destination=225.219.201.15;port=7000-7001;ttl=127", "UDP", false, -1, -1,
                        -1, -1, -1, -1, null, null),
                row("request with the protocol after a parameter, gortsplib transport_test.go \"unsorted\"",
                        "client_port=3456-3457;RTP/AVP;mode=\"PLAY\";unicast", "UDP", true, -1, -1, 3456, 3457, -1,
                        -1, null, "\"PLAY\""));
    }

    private static Arguments row(String source, String header, String lowerTransport, boolean unicast,
                                 int interleavedRtp, int interleavedRtcp, int clientRtp, int clientRtcp,
                                 int serverRtp, int serverRtcp, String ssrc, String mode) {
        return Arguments.of(source, header, lowerTransport, unicast, interleavedRtp, interleavedRtcp, clientRtp,
                clientRtcp, serverRtp, serverRtcp, ssrc, mode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void headerGivesItsTransportChannelsPortsAndSsrc(String source, String header, String lowerTransport,
                                                     boolean unicast, int interleavedRtp, int interleavedRtcp,
                                                     int clientRtp, int clientRtcp, int serverRtp, int serverRtcp,
                                                     String ssrc, String mode) throws RtspProtocolException {
        RtspTransport t = RtspTransport.parseAll(header).get(0);
        assertThat(t.protocol()).isEqualTo("RTP");
        assertThat(t.lowerTransport()).isEqualTo(lowerTransport);
        assertThat(t.isTcp()).isEqualTo(lowerTransport.equals("TCP"));
        assertThat(t.unicast()).isEqualTo(unicast);
        assertThat(t.interleavedRtp()).isEqualTo(interleavedRtp);
        assertThat(t.interleavedRtcp()).isEqualTo(interleavedRtcp);
        assertThat(t.clientRtpPort()).isEqualTo(clientRtp);
        assertThat(t.clientRtcpPort()).isEqualTo(clientRtcp);
        assertThat(t.serverRtpPort()).isEqualTo(serverRtp);
        assertThat(t.serverRtcpPort()).isEqualTo(serverRtcp);
        assertThat(t.ssrc()).isEqualTo(ssrc);
        assertThat(t.otherParameters().get("mode")).isEqualTo(mode);
        // What the recorder echoes or logs parses back to the same transport.
        RtspTransport back = RtspTransport.parse(t.format());
        assertThat(back.interleavedRtp()).isEqualTo(interleavedRtp);
        assertThat(back.serverRtcpPort()).isEqualTo(serverRtcp);
        assertThat(back.ssrc()).isEqualTo(ssrc);
    }
}
