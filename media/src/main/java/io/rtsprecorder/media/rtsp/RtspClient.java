package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.rtp.FrameSink;
import io.rtsprecorder.media.rtp.RtpDepacketizer;
import io.rtsprecorder.media.rtsp.wire.ClientAuthenticator;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.RtspMessage;
import io.rtsprecorder.media.rtsp.wire.RtspMessageReader;
import io.rtsprecorder.media.rtsp.wire.RtspMessageWriter;
import io.rtsprecorder.media.rtsp.wire.RtspProtocolException;
import io.rtsprecorder.media.rtsp.wire.RtspRequest;
import io.rtsprecorder.media.rtsp.wire.RtspResponse;
import io.rtsprecorder.media.rtsp.wire.RtspSessionHeader;
import io.rtsprecorder.media.rtsp.wire.RtspTransport;
import io.rtsprecorder.media.rtsp.wire.RtspUrls;
import io.rtsprecorder.media.sdp.MediaDescription;
import io.rtsprecorder.media.sdp.SdpFormatException;
import io.rtsprecorder.media.sdp.SdpTracks;
import io.rtsprecorder.media.sdp.SessionDescription;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one RTSP stream: OPTIONS, DESCRIBE, SETUP of every track we can record, PLAY; then {@link #stream} reads
 * media on the calling thread (one virtual thread per camera) and hands frames to a sink until the stream ends,
 * fails, or {@link #close()} is called.
 *
 * <p>This class is the session control: connection, authentication, the requests, keep-alives and TEARDOWN. The
 * media is read by a {@link TcpMediaReader} or {@link UdpMediaReader} and handled by a {@link MediaReception}:
 * per-track statistics ({@link RtpReceiver}), the common timeline ({@link SessionTimeline}), depacketizers, RTCP.
 *
 * <p>Authentication answers a 401 once per request (Basic, Digest MD5 or SHA-256); a second 401 is
 * {@link RtspClientException.Reason#AUTH_REFUSED}, never a loop. Keep-alives go out at half the session timeout
 * without waiting for their answers, since some cameras never answer them. Receiver reports are sent every 5 s,
 * because some cameras end sessions that send none. An RTCP BYE for the video ends the stream
 * ({@link RtspClientException.Reason#STREAM_ENDED}) even while the camera goes on answering keep-alives. Nothing
 * this class logs or throws contains a password.
 *
 * <p>{@code rtsps://} is RTSP over TLS ({@link TlsConnector}; port 322 unless the URL names one), with the media
 * interleaved on the TLS connection. A password never leaves in clear text: over plain {@code rtsp://}, a camera
 * that offers only Basic is {@link RtspClientException.Reason#INSECURE_AUTH} before anything is sent, unless the
 * config allows it; Digest sends no password and works everywhere. A redirect from {@code rtsps://} to plain
 * {@code rtsp://} is not followed.
 *
 * <p>Frames of all tracks share one timeline (see {@link SessionTimeline}): their timestamps are in each track's
 * RTP clock, but offset so that equal times mean the same instant, which is what lets a recording start audio and
 * video together.
 */
public final class RtspClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RtspClient.class);
    private static final int MAX_REDIRECTS = 3;
    private static final Duration UDP_FIRST_PACKET = Duration.ofSeconds(3);

    private final RtspClientConfig config;
    private final Credentials credentials;
    private final List<SessionTrack> tracks = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private Socket socket;
    private RtspMessageReader reader;
    private RtspMessageWriter writer;
    private ClientAuthenticator authenticator;
    private String url;
    private String aggregateUrl;
    private int cseq;
    private String session;
    private int sessionTimeoutSeconds = RtspSessionHeader.DEFAULT_TIMEOUT_SECONDS;
    private boolean getParameterSupported;
    private boolean udp;
    private volatile boolean closed;
    private volatile MediaReception reception;
    private MediaReader media;

    private RtspClient(RtspClientConfig config) {
        this.config = config;
        this.credentials = config.credentials() != null ? config.credentials()
                : Credentials.fromUrl(config.url()).orElse(null);
        this.url = Credentials.stripFromUrl(config.url());
    }

    /** Connects and starts playing; throws a typed {@link RtspClientException} for every failure. */
    public static RtspClient connect(RtspClientConfig config) throws RtspClientException {
        if (config.secure() && config.transport() == RtspClientConfig.Transport.UDP) {
            throw new RtspClientException(RtspClientException.Reason.TLS, "tls: " + RtspUrls.mask(config.url())
                    + " is RTSP over TLS, which carries the media interleaved on the TLS connection; RTP over UDP "
                    + "would travel unencrypted: use the TCP transport");
        }
        if (config.secure() && config.transport() == RtspClientConfig.Transport.AUTO) {
            return connect(config.withTransport(RtspClientConfig.Transport.TCP));
        }
        if (config.transport() == RtspClientConfig.Transport.AUTO) {
            try {
                RtspClient client = new RtspClient(config);
                client.open(true);
                if (client.awaitFirstUdpPacket()) {
                    return client;
                }
                log.info("no UDP packet from {} within {} s: switching to TCP", RtspUrls.mask(config.url()),
                        UDP_FIRST_PACKET.toSeconds());
                client.close();
            } catch (RtspClientException e) {
                if (e.reason() != RtspClientException.Reason.UNSUPPORTED_TRANSPORT) {
                    throw e;
                }
            }
            RtspClient tcp = new RtspClient(config);
            tcp.open(false);
            return tcp;
        }
        RtspClient client = new RtspClient(config);
        client.open(config.transport() == RtspClientConfig.Transport.UDP);
        return client;
    }

    /** The recorded tracks; {@link io.rtsprecorder.media.codec.Frame#track()} indexes this list. */
    public List<TrackFormat> tracks() {
        return tracks.stream().map(t -> t.format).toList();
    }

    /** Media sections of the camera that are not recorded, with the reason (e.g. an ONVIF metadata track). */
    public List<String> skippedTracks() {
        return List.copyOf(skipped);
    }

    public boolean usesUdp() {
        return udp;
    }

    public long bytesReceived() {
        return reception == null ? 0 : reception.bytesReceived();
    }

    /**
     * How each track is being received, one entry per track of {@link #tracks()}: packets received and lost,
     * jitter, time since the last packet. Cheap and safe to call from any thread while {@link #stream} runs.
     */
    public List<ReceptionStatistics> receptionStatistics() {
        return reception == null ? List.of() : reception.statistics(System.nanoTime());
    }

    private void open(boolean overUdp) throws RtspClientException {
        this.udp = overUdp;
        try {
            for (int redirect = 0; ; redirect++) {
                connectSocket();
                RtspResponse options = send(newRequest("OPTIONS", url));
                options.headers().get("Public")
                        .ifPresent(p -> getParameterSupported = p.toUpperCase().contains("GET_PARAMETER"));
                RtspRequest describe = newRequest("DESCRIBE", url);
                describe.headers().add("Accept", "application/sdp");
                RtspResponse response = send(describe);
                if (response.status() >= 300 && response.status() < 400) {
                    String location = response.headers().get("Location").orElseThrow(() -> new RtspClientException(
                            RtspClientException.Reason.PROTOCOL_ERROR, "redirect without Location"));
                    if (redirect == MAX_REDIRECTS) {
                        throw new RtspClientException(RtspClientException.Reason.NOT_FOUND, "more than "
                                + MAX_REDIRECTS + " redirects");
                    }
                    log.info("{} redirects to {}", RtspUrls.mask(url), RtspUrls.mask(location));
                    if (config.secure() && !RtspUrls.isSecure(location)) {
                        throw new RtspClientException(RtspClientException.Reason.TLS, "tls: " + RtspUrls.mask(url)
                                + " redirects to " + RtspUrls.mask(location) + ", which is not RTSP over TLS; "
                                + "not followed");
                    }
                    closeSocket();
                    url = Credentials.stripFromUrl(location);
                    continue;
                }
                expectSuccess(response, "DESCRIBE");
                setUpTracks(response);
                break;
            }
            for (SessionTrack t : tracks) {
                setUp(t);
            }
            reception = new MediaReception(tracks, Clock.systemUTC(), RtspUrls.mask(url));
            media = udp ? new UdpMediaReader(reception, config.readTimeout(), () -> closed, RtspUrls.mask(url))
                    : new TcpMediaReader(reader, writer, reception, () -> closed, RtspUrls.mask(url));
            RtspRequest play = newRequest("PLAY", aggregateUrl);
            play.headers().add("Range", "npt=0.000-");
            expectSuccess(send(play), "PLAY");
            socket.setSoTimeout((int) config.readTimeout().toMillis());
        } catch (RtspClientException e) {
            close();
            throw e;
        } catch (SocketTimeoutException e) {
            close();
            throw new RtspClientException(RtspClientException.Reason.TIMEOUT, "no answer from "
                    + RtspUrls.mask(url) + " within " + config.readTimeout().toSeconds() + " s", e);
        } catch (RtspProtocolException e) {
            close();
            throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, "camera at "
                    + RtspUrls.mask(url) + " sent invalid RTSP: " + e.getMessage(), e);
        } catch (IOException e) {
            close();
            throw new RtspClientException(RtspClientException.Reason.CONNECTION_FAILED, "connection to "
                    + RtspUrls.mask(url) + " failed: " + e.getMessage(), e);
        }
    }

    private void connectSocket() throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, "not a valid RTSP URL: "
                    + RtspUrls.mask(url));
        }
        boolean secure = RtspUrls.isSecure(url);
        if (uri.getHost() == null || !RtspUrls.isRtsp(url)) {
            throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, "not an rtsp:// or rtsps:// "
                    + "URL: " + RtspUrls.mask(url));
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        InputStream input;
        if (secure) {
            TlsConnector.Connection tls = TlsConnector.connect(host, uri.getPort() > 0 ? uri.getPort()
                    : RtspUrls.DEFAULT_SECURE_PORT, config.tls(), config.connectTimeout(), config.readTimeout(),
                    RtspUrls.mask(url));
            socket = tls.socket();
            input = tls.input();
        } else {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, uri.getPort() > 0 ? uri.getPort() : RtspUrls.DEFAULT_PORT),
                    (int) config.connectTimeout().toMillis());
            socket.setSoTimeout((int) config.readTimeout().toMillis());
            input = socket.getInputStream();
        }
        reader = new RtspMessageReader(input);
        writer = new RtspMessageWriter(new BufferedOutputStream(socket.getOutputStream(), 4 * 1024));
    }

    private void setUpTracks(RtspResponse describe) throws RtspClientException {
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(describe.body());
        } catch (SdpFormatException e) {
            throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, "unusable SDP: " + e.getMessage(),
                    e);
        }
        String base = ControlUrls.base(url, describe.headers().get("Content-Base").orElse(null),
                describe.headers().get("Content-Location").orElse(null));
        String sessionControl = sdp.sessionAttribute("control").orElse(null);
        String sessionBase = ControlUrls.resolve(base, sessionControl);
        aggregateUrl = sessionBase;
        for (MediaDescription m : sdp.media()) {
            SdpTracks.Result result = SdpTracks.trackFormat(m);
            if (!result.supported()) {
                skipped.add(m.media() + ": " + result.unsupportedReason());
                log.warn("{}: not recording a {} track: {}", RtspUrls.mask(url), m.media(), result.unsupportedReason());
                continue;
            }
            String control = ControlUrls.resolve(sessionBase, m.control().orElse(null));
            int index = tracks.size();
            tracks.add(new SessionTrack(index, result.format(), control,
                    RtpDepacketizer.forTrack(index, result.format(), m.fmtp()), udp));
        }
        if (tracks.isEmpty()) {
            throw new RtspClientException(RtspClientException.Reason.NO_SUPPORTED_TRACK,
                    "no recordable track in the stream: " + String.join("; ", skipped));
        }
    }

    private void setUp(SessionTrack t) throws IOException {
        RtspRequest setup = newRequest("SETUP", t.controlUrl);
        if (udp) {
            openUdpSockets(t);
            setup.headers().add("Transport", RtspTransport.udp(t.rtpSocket.getLocalPort(),
                    t.rtcpSocket.getLocalPort()).format());
        } else {
            setup.headers().add("Transport", RtspTransport.tcp(t.rtpChannel(), t.rtcpChannel()).format());
        }
        RtspResponse response = send(setup);
        if (response.status() == 461) {
            throw new RtspClientException(RtspClientException.Reason.UNSUPPORTED_TRANSPORT, "camera refuses RTP over "
                    + (udp ? "UDP" : "TCP") + " (461)");
        }
        expectSuccess(response, "SETUP");
        response.headers().get("Session").ifPresent(value -> {
            try {
                RtspSessionHeader s = RtspSessionHeader.parse(value);
                session = s.id();
                sessionTimeoutSeconds = s.timeoutSeconds();
            } catch (RtspProtocolException e) {
                session = value.split(";")[0].strip();
            }
        });
        if (udp) {
            String transport = response.headers().get("Transport").orElse("");
            RtspTransport chosen = RtspTransport.parseAll(transport).get(0);
            InetSocketAddress server = (InetSocketAddress) socket.getRemoteSocketAddress();
            if (chosen.serverRtcpPort() > 0) {
                t.serverRtcp = new InetSocketAddress(server.getAddress(), chosen.serverRtcpPort());
            }
        } else {
            // A camera may interleave on other channels than asked (a Panasonic answers 20-21 for 0-1).
            Optional<String> transport = response.headers().get("Transport");
            try {
                RtspTransport chosen = transport.isPresent() ? RtspTransport.parseAll(transport.get()).get(0) : null;
                if (chosen != null && chosen.interleavedRtp() >= 0) {
                    t.answeredChannels(chosen.interleavedRtp(), chosen.interleavedRtcp());
                }
            } catch (RtspProtocolException e) {
                log.debug("{} answered SETUP with an unreadable Transport; keeping channels {}-{}",
                        RtspUrls.mask(url), t.rtpChannel(), t.rtcpChannel());
            }
        }
    }

    private void openUdpSockets(SessionTrack t) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(socket.getLocalAddress(), 0));
            int port = rtp.getLocalPort();
            if (port % 2 == 0) {
                try {
                    DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(socket.getLocalAddress(), port + 1));
                    rtp.setReceiveBufferSize(1 << 20);
                    t.rtpSocket = rtp;
                    t.rtcpSocket = rtcp;
                    return;
                } catch (IOException taken) {
                    // the odd port is in use: try another pair
                }
            }
            rtp.close();
        }
        throw new RtspClientException(RtspClientException.Reason.CONNECTION_FAILED, "no free UDP port pair");
    }

    /** Transport {@code auto}: whether the first RTP packet comes through UDP in time. */
    private boolean awaitFirstUdpPacket() {
        return media instanceof UdpMediaReader u && u.awaitFirstPacket(UDP_FIRST_PACKET);
    }

    /**
     * Receives media until {@link #close()} (returns normally) or a failure (throws): a stream that sends nothing
     * for the read timeout is {@link RtspClientException.Reason#TIMEOUT}; an RTCP BYE for the video (for every
     * track, in a stream without video) is {@link RtspClientException.Reason#STREAM_ENDED}. Either way the frames
     * still held for reordering or reassembly reach the sink before this returns. Runs on the caller's thread.
     */
    public void stream(FrameSink sink) throws RtspClientException {
        Thread keepAlive = Thread.ofVirtual().name("rtsp-keepalive").start(this::keepAliveLoop);
        try {
            media.read(sink);
        } catch (RtspClientException e) {
            if (!closed) {
                throw e;
            }
        } catch (SocketTimeoutException e) {
            if (!closed) {
                throw new RtspClientException(RtspClientException.Reason.TIMEOUT, "no media from "
                        + RtspUrls.mask(url) + " for " + config.readTimeout().toSeconds() + " s", e);
            }
        } catch (RtspProtocolException e) {
            if (!closed) {
                throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, "invalid data from "
                        + RtspUrls.mask(url) + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            if (!closed) {
                throw new RtspClientException(RtspClientException.Reason.CONNECTION_FAILED, "connection to "
                        + RtspUrls.mask(url) + " lost: " + e.getMessage(), e);
            }
        } finally {
            keepAlive.interrupt();
            reception.flush(sink);
        }
    }

    private void keepAliveLoop() {
        long interval = Math.max(1, sessionTimeoutSeconds / 2) * 1000L;
        try {
            while (!closed) {
                Thread.sleep(interval);
                RtspRequest ping = newRequest(getParameterSupported ? "GET_PARAMETER" : "OPTIONS", url);
                synchronized (writer) {
                    writer.write(ping);
                    writer.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("keep-alive to {} failed: {}", RtspUrls.mask(url), e.toString());
        }
    }

    private synchronized RtspRequest newRequest(String method, String uri) {
        RtspRequest r = RtspRequest.of(method, uri, ++cseq);
        r.headers().add("User-Agent", config.userAgent());
        if (session != null) {
            r.headers().add("Session", session);
        }
        return r;
    }

    /** Sends a request and waits for its response, answering one authentication challenge. */
    private RtspResponse send(RtspRequest request) throws IOException {
        RtspResponse response = exchange(request);
        if (response.status() == 401) {
            if (credentials == null) {
                throw new RtspClientException(RtspClientException.Reason.AUTH_REFUSED, RtspUrls.mask(url)
                        + " requires credentials and none were given");
            }
            if (authenticator == null) {
                authenticator = new ClientAuthenticator(credentials);
            }
            boolean hadChallenge = authenticator.hasChallenge();
            if (!authenticator.accept(response.headers().getAll("WWW-Authenticate"))) {
                throw new RtspClientException(RtspClientException.Reason.AUTH_REFUSED, RtspUrls.mask(url)
                        + " asks for an authentication scheme we do not support");
            }
            if (authenticator.basic() && !(socket instanceof SSLSocket) && !config.allowBasicAuth()) {
                throw new RtspClientException(RtspClientException.Reason.INSECURE_AUTH, "camera at "
                        + RtspUrls.mask(url) + " offers only Basic authentication, which would send the password "
                        + "of user " + credentials.username() + " in clear text over plain RTSP; it was not sent");
            }
            if (hadChallenge && !authenticator.staleNonce() && request.headers().contains("Authorization")) {
                throw new RtspClientException(RtspClientException.Reason.AUTH_REFUSED, "camera at "
                        + RtspUrls.mask(url) + " refused the credentials of user " + credentials.username());
            }
            RtspRequest retry = newRequest(request.method(), request.uri());
            request.headers().entries().forEach(e -> {
                if (!e.getKey().equalsIgnoreCase("CSeq") && !e.getKey().equalsIgnoreCase("Authorization")
                        && !retry.headers().contains(e.getKey())) {
                    retry.headers().add(e.getKey(), e.getValue());
                }
            });
            response = exchange(retry);
            if (response.status() == 401) {
                throw new RtspClientException(RtspClientException.Reason.AUTH_REFUSED, "camera at "
                        + RtspUrls.mask(url) + " refused the credentials of user " + credentials.username());
            }
        }
        if (response.status() == 404) {
            throw new RtspClientException(RtspClientException.Reason.NOT_FOUND, RtspUrls.mask(request.uri())
                    + " not found (404)");
        }
        return response;
    }

    private RtspResponse exchange(RtspRequest request) throws IOException {
        if (authenticator != null) {
            authenticator.authorization(request.method(), request.uri())
                    .ifPresent(a -> request.headers().set("Authorization", a));
        }
        synchronized (writer) {
            writer.write(request);
            writer.flush();
        }
        while (true) {
            RtspMessage m = reader.read();
            if (m == null) {
                throw new EOFException("camera closed the connection during " + request.method());
            }
            if (m instanceof RtspResponse r) {
                if (r.cseq() == request.cseq() || r.cseq() < 0) {
                    return r;
                }
            }
            // interleaved packets before PLAY's answer, or answers to keep-alives: not what we wait for
        }
    }

    private void expectSuccess(RtspResponse response, String method) throws RtspClientException {
        if (!response.isSuccess()) {
            throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, method + " on "
                    + RtspUrls.mask(url) + " answered " + response.status() + " " + response.reason());
        }
    }

    /** Ends the session: a TEARDOWN (best effort, not waited for), then the sockets close. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (socket != null && session != null && !socket.isClosed()) {
            try {
                synchronized (writer) {
                    writer.write(newRequest("TEARDOWN", url));
                    writer.flush();
                }
            } catch (IOException e) {
                // the camera is gone already
            }
        }
        closeSocket();
        for (SessionTrack t : tracks) {
            if (t.rtpSocket != null) {
                t.rtpSocket.close();
                t.rtcpSocket.close();
            }
        }
    }

    private void closeSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
