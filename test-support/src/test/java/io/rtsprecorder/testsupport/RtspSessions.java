package io.rtsprecorder.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/** RTSP sessions the launcher tests open with {@link RtspTestClient}: interleaved on the connection, or over UDP. */
final class RtspSessions {

    private RtspSessions() {
    }

    /** The control URL of every track of {@code url}'s DESCRIBE answer. */
    static List<String> describeControls(RtspTestClient c, String url) throws IOException {
        RtspTestClient.Response d = c.describe(url);
        assertThat(d.status()).as(d.statusLine()).isEqualTo(200);
        return RtspTestClient.controlUrls(d.body(), d.header("content-base").orElse(url));
    }

    /** DESCRIBE, SETUP of every track interleaved (RTP on channel 2i, RTCP on 2i+1), PLAY; returns the session id. */
    static String playInterleaved(RtspTestClient c, String url) throws IOException {
        String session = null;
        List<String> controls = describeControls(c, url);
        for (int i = 0; i < controls.size(); i++) {
            List<String> headers = new ArrayList<>(List.of(
                    "Transport: RTP/AVP/TCP;unicast;interleaved=" + (2 * i) + "-" + (2 * i + 1)));
            if (session != null) {
                headers.add("Session: " + session);
            }
            RtspTestClient.Response r = c.request("SETUP", controls.get(i), headers.toArray(String[]::new));
            assertThat(r.status()).as("SETUP %s: %s", controls.get(i), r.statusLine()).isEqualTo(200);
            session = r.session();
        }
        RtspTestClient.Response play = c.request("PLAY", url, "Session: " + session, "Range: npt=0.000-");
        assertThat(play.status()).as(play.statusLine()).isEqualTo(200);
        return session;
    }

    /**
     * A UDP session: the answers, the media type of each track ({@code video}, {@code audio}) and one RTP socket per
     * track (RTCP sockets on the next port, when free).
     */
    record UdpSession(String session, List<String> mediaTypes, List<RtspTestClient.Response> setups,
                      RtspTestClient.Response play, List<DatagramSocket> rtpSockets, List<DatagramSocket> rtcpSockets)
            implements AutoCloseable {

        int track(String mediaType) {
            return mediaTypes.indexOf(mediaType);
        }

        /** The next RTP packet of track {@code track} within {@code timeoutMillis}, or null. */
        byte[] receiveRtp(int track, int timeoutMillis) throws IOException {
            DatagramSocket s = rtpSockets.get(track);
            s.setSoTimeout(timeoutMillis);
            byte[] buf = new byte[65536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
                return java.util.Arrays.copyOf(buf, p.getLength());
            } catch (SocketTimeoutException e) {
                return null;
            }
        }

        @Override
        public void close() {
            rtpSockets.forEach(DatagramSocket::close);
            rtcpSockets.forEach(DatagramSocket::close);
        }
    }

    /** DESCRIBE, SETUP of every track over UDP to local sockets on 127.0.0.1, PLAY (answers not judged here). */
    static UdpSession playUdp(RtspTestClient c, String url) throws IOException {
        RtspTestClient.Response d = c.describe(url);
        assertThat(d.status()).as(d.statusLine()).isEqualTo(200);
        List<String> controls = RtspTestClient.controlUrls(d.body(), d.header("content-base").orElse(url));
        List<DatagramSocket> rtp = new ArrayList<>();
        List<DatagramSocket> rtcp = new ArrayList<>();
        List<RtspTestClient.Response> setups = new ArrayList<>();
        String session = null;
        for (String control : controls) {
            DatagramSocket r = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            r.setReceiveBufferSize(4 << 20); // VLC sends a second of media in one burst at each loop
            rtp.add(r);
            try {
                rtcp.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        r.getLocalPort() + 1)));
            } catch (IOException e) {
                // RTCP port taken: RTP alone is what the tests look at
            }
            List<String> headers = new ArrayList<>(List.of("Transport: RTP/AVP;unicast;client_port="
                    + r.getLocalPort() + "-" + (r.getLocalPort() + 1)));
            if (session != null) {
                headers.add("Session: " + session);
            }
            RtspTestClient.Response s = c.request("SETUP", control, headers.toArray(String[]::new));
            setups.add(s);
            if (s.status() == 200 && session == null) {
                session = s.session();
            }
        }
        RtspTestClient.Response play = session == null ? null
                : c.request("PLAY", url, "Session: " + session, "Range: npt=0.000-");
        return new UdpSession(session, RtspTestClient.mediaTypes(d.body()), setups, play, rtp, rtcp);
    }

    /** RTP timestamp of an RTP packet. */
    static long rtpTimestamp(byte[] p) {
        return ((p[4] & 0xffL) << 24) | ((p[5] & 0xffL) << 16) | ((p[6] & 0xffL) << 8) | (p[7] & 0xffL);
    }

    static int rtpSequence(byte[] p) {
        return ((p[2] & 0xff) << 8) | (p[3] & 0xff);
    }

    static int rtpPayloadType(byte[] p) {
        return p[1] & 0x7f;
    }
}
