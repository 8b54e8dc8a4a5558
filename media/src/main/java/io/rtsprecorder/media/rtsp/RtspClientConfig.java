package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.RtspUrls;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a camera. {@code credentials} may be null (then those of the URL, if any, are used).
 * TCP interleaved is the default transport: the only one that passes a plain TCP forwarder such as
 * deviceShifu-TCP.
 *
 * <p>An {@code rtsps://} URL is RTSP over TLS: {@code tls} says which certificates are trusted, and RTP travels
 * interleaved on the TLS connection ({@link Transport#AUTO} means TCP there; {@link Transport#UDP} is refused, as
 * it would send the media in clear). {@code allowBasicAuth} lets the password go to a camera that offers only
 * Basic authentication over plain {@code rtsp://}, where anyone on the path can read it; off by default, and
 * irrelevant over TLS.
 */
public record RtspClientConfig(String url, Credentials credentials, Transport transport, Duration connectTimeout,
                               Duration readTimeout, String userAgent, TlsTrust tls, boolean allowBasicAuth) {

    public enum Transport {
        /** RTP interleaved on the RTSP connection. */
        TCP,
        /** RTP over UDP unicast. */
        UDP,
        /** UDP first; TCP when the camera answers 461 or sends nothing within 3 s. */
        AUTO
    }

    public RtspClientConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        userAgent = userAgent == null ? "rtsp-recorder" : userAgent;
        tls = tls == null ? TlsTrust.SYSTEM : tls;
    }

    /** The system trust store, and no Basic authentication over plain RTSP. */
    public RtspClientConfig(String url, Credentials credentials, Transport transport, Duration connectTimeout,
                            Duration readTimeout, String userAgent) {
        this(url, credentials, transport, connectTimeout, readTimeout, userAgent, TlsTrust.SYSTEM, false);
    }

    /** Whether the URL is {@code rtsps://}: RTSP over TLS. */
    public boolean secure() {
        return RtspUrls.isSecure(url);
    }

    public static RtspClientConfig of(String url) {
        return new RtspClientConfig(url, null, Transport.TCP, Duration.ofSeconds(10), Duration.ofSeconds(10), null);
    }

    public RtspClientConfig withCredentials(Credentials c) {
        return new RtspClientConfig(url, c, transport, connectTimeout, readTimeout, userAgent, tls, allowBasicAuth);
    }

    public RtspClientConfig withTransport(Transport t) {
        return new RtspClientConfig(url, credentials, t, connectTimeout, readTimeout, userAgent, tls, allowBasicAuth);
    }

    public RtspClientConfig withReadTimeout(Duration d) {
        return new RtspClientConfig(url, credentials, transport, connectTimeout, d, userAgent, tls, allowBasicAuth);
    }

    public RtspClientConfig withUrl(String newUrl) {
        return new RtspClientConfig(newUrl, credentials, transport, connectTimeout, readTimeout, userAgent, tls,
                allowBasicAuth);
    }

    public RtspClientConfig withTls(TlsTrust t) {
        return new RtspClientConfig(url, credentials, transport, connectTimeout, readTimeout, userAgent, t,
                allowBasicAuth);
    }

    public RtspClientConfig withAllowBasicAuth(boolean allow) {
        return new RtspClientConfig(url, credentials, transport, connectTimeout, readTimeout, userAgent, tls, allow);
    }

    @Override
    public String toString() {
        return "RtspClientConfig[url=" + RtspUrls.mask(url) + ", transport=" + transport + ", credentials="
                + (credentials == null ? "none" : credentials) + (secure() ? ", tls=" + tls : "")
                + (allowBasicAuth ? ", allowBasicAuth" : "") + "]";
    }
}
