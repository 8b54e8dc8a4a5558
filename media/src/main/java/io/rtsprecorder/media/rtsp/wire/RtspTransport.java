package io.rtsprecorder.media.rtsp.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One transport specification of a {@code Transport} header (RFC 2326 §12.39), e.g.
 * {@code RTP/AVP/TCP;unicast;interleaved=0-1} or {@code RTP/AVP;unicast;client_port=5000-5001}.
 *
 * <p>A header may offer several alternatives separated by commas; {@link #parseAll} returns them in order.
 * Ports and channels are {@code -1} when absent; unknown parameters are kept so they can be echoed.
 */
public record RtspTransport(String protocol, String profile, String lowerTransport, boolean unicast,
                            int interleavedRtp, int interleavedRtcp, int clientRtpPort, int clientRtcpPort,
                            int serverRtpPort, int serverRtcpPort, String ssrc, Map<String, String> otherParameters) {

    /** TCP-interleaved unicast on the given channel pair. */
    public static RtspTransport tcp(int rtpChannel, int rtcpChannel) {
        return new RtspTransport("RTP", "AVP", "TCP", true, rtpChannel, rtcpChannel, -1, -1, -1, -1, null, Map.of());
    }

    /** UDP unicast with the client's port pair. */
    public static RtspTransport udp(int clientRtpPort, int clientRtcpPort) {
        return new RtspTransport("RTP", "AVP", "UDP", true, -1, -1, clientRtpPort, clientRtcpPort, -1, -1, null,
                Map.of());
    }

    public boolean isTcp() {
        return "TCP".equalsIgnoreCase(lowerTransport);
    }

    public boolean isUdp() {
        return "UDP".equalsIgnoreCase(lowerTransport);
    }

    public RtspTransport withServerPorts(int rtp, int rtcp) {
        return new RtspTransport(protocol, profile, lowerTransport, unicast, interleavedRtp, interleavedRtcp,
                clientRtpPort, clientRtcpPort, rtp, rtcp, ssrc, otherParameters);
    }

    public RtspTransport withInterleaved(int rtp, int rtcp) {
        return new RtspTransport(protocol, profile, lowerTransport, unicast, rtp, rtcp, clientRtpPort,
                clientRtcpPort, serverRtpPort, serverRtcpPort, ssrc, otherParameters);
    }

    public RtspTransport withSsrc(String newSsrc) {
        return new RtspTransport(protocol, profile, lowerTransport, unicast, interleavedRtp, interleavedRtcp,
                clientRtpPort, clientRtcpPort, serverRtpPort, serverRtcpPort, newSsrc, otherParameters);
    }

    /** Parses every alternative of a Transport header value. */
    public static List<RtspTransport> parseAll(String headerValue) throws RtspProtocolException {
        List<RtspTransport> result = new ArrayList<>();
        for (String spec : headerValue.split(",")) {
            if (!spec.isBlank()) {
                result.add(parse(spec.strip()));
            }
            if (result.size() > 16) {
                throw new RtspProtocolException(400, "too many transport alternatives", headerValue);
            }
        }
        if (result.isEmpty()) {
            throw new RtspProtocolException(400, "empty Transport header", headerValue);
        }
        return result;
    }

    /**
     * Parses one transport specification. The protocol ({@code RTP/AVP[/TCP]}) is the part without {@code =}
     * that has a slash; it comes first by the RFC, but some clients put parameters before it.
     */
    public static RtspTransport parse(String spec) throws RtspProtocolException {
        String[] parts = spec.split(";");
        int protocolIndex = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].indexOf('/') >= 0 && parts[i].indexOf('=') < 0) {
                protocolIndex = i;
                break;
            }
        }
        String[] protocolParts = parts[protocolIndex].strip().split("/");
        if (protocolParts.length < 2 || protocolParts.length > 3) {
            throw new RtspProtocolException(461, "unsupported transport", spec);
        }
        String protocol = protocolParts[0].toUpperCase(Locale.ROOT);
        String profile = protocolParts[1].toUpperCase(Locale.ROOT);
        String lower = protocolParts.length == 3 ? protocolParts[2].toUpperCase(Locale.ROOT) : "UDP";
        boolean unicast = true;
        int[] interleaved = {-1, -1};
        int[] client = {-1, -1};
        int[] server = {-1, -1};
        String ssrc = null;
        Map<String, String> other = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            if (i == protocolIndex || p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : p.substring(eq + 1).strip();
            switch (key) {
                case "unicast" -> unicast = true;
                case "multicast" -> unicast = false;
                case "interleaved" -> interleaved = range(value, spec, 255);
                case "client_port" -> client = range(value, spec, 65535);
                case "server_port" -> server = range(value, spec, 65535);
                case "ssrc" -> ssrc = value;
                default -> other.put(key, value == null ? "" : value);
            }
        }
        return new RtspTransport(protocol, profile, lower, unicast, interleaved[0], interleaved[1], client[0],
                client[1], server[0], server[1], ssrc, Collections.unmodifiableMap(other));
    }

    private static int[] range(String value, String spec, int max) throws RtspProtocolException {
        if (value == null || value.isEmpty()) {
            throw new RtspProtocolException(400, "transport parameter without value", spec);
        }
        String[] ends = value.split("-", -1);
        try {
            int a = Integer.parseInt(ends[0].strip());
            int b = ends.length > 1 ? Integer.parseInt(ends[1].strip()) : a + 1;
            if (ends.length > 2 || a < 0 || b < 0 || a > max || b > max) {
                throw new RtspProtocolException(400, "transport range out of bounds", spec);
            }
            return new int[] {a, b};
        } catch (NumberFormatException e) {
            throw new RtspProtocolException(400, "transport range is not numeric", spec);
        }
    }

    /** The header form, e.g. {@code RTP/AVP/TCP;unicast;interleaved=0-1}. */
    public String format() {
        StringBuilder sb = new StringBuilder(protocol).append('/').append(profile);
        if (isTcp() || lowerTransport != null && !lowerTransport.equals("UDP")) {
            sb.append('/').append(lowerTransport);
        }
        sb.append(unicast ? ";unicast" : ";multicast");
        if (interleavedRtp >= 0) {
            sb.append(";interleaved=").append(interleavedRtp).append('-').append(interleavedRtcp);
        }
        if (clientRtpPort >= 0) {
            sb.append(";client_port=").append(clientRtpPort).append('-').append(clientRtcpPort);
        }
        if (serverRtpPort >= 0) {
            sb.append(";server_port=").append(serverRtpPort).append('-').append(serverRtcpPort);
        }
        if (ssrc != null) {
            sb.append(";ssrc=").append(ssrc);
        }
        otherParameters.forEach((k, v) -> sb.append(';').append(k).append(v.isEmpty() ? "" : "=" + v));
        return sb.toString();
    }
}
