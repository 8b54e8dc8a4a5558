package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.RtspUrls;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a camera. {@code credentials} may be null (then those of the URL, if any, are used).
 * TCP interleaved is the default transport: the only one that passes a plain TCP forwarder such as
 * deviceShifu-TCP.
 */
public record RtspClientConfig(String url, Credentials credentials, Transport transport, Duration connectTimeout,
                               Duration readTimeout, String userAgent) {

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
    }

    public static RtspClientConfig of(String url) {
        return new RtspClientConfig(url, null, Transport.TCP, Duration.ofSeconds(10), Duration.ofSeconds(10), null);
    }

    public RtspClientConfig withCredentials(Credentials c) {
        return new RtspClientConfig(url, c, transport, connectTimeout, readTimeout, userAgent);
    }

    public RtspClientConfig withTransport(Transport t) {
        return new RtspClientConfig(url, credentials, t, connectTimeout, readTimeout, userAgent);
    }

    public RtspClientConfig withReadTimeout(Duration d) {
        return new RtspClientConfig(url, credentials, transport, connectTimeout, d, userAgent);
    }

    public RtspClientConfig withUrl(String newUrl) {
        return new RtspClientConfig(newUrl, credentials, transport, connectTimeout, readTimeout, userAgent);
    }

    @Override
    public String toString() {
        return "RtspClientConfig[url=" + RtspUrls.mask(url) + ", transport=" + transport + ", credentials="
                + (credentials == null ? "none" : credentials) + "]";
    }
}
