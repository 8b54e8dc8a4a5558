package io.rtsprecorder.media.rtsp.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An RTSP request. {@code method} is kept as the string received, so methods this code does not know can be
 * answered (501) instead of failing the parse. The body is empty when there is none.
 */
public record RtspRequest(String method, String uri, String version, RtspHeaders headers, byte[] body)
        implements RtspMessage {

    public RtspRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
        body = body == null ? new byte[0] : body;
    }

    public static RtspRequest of(String method, String uri, int cseq) {
        RtspHeaders headers = new RtspHeaders().add("CSeq", Integer.toString(cseq));
        return new RtspRequest(method, uri, "RTSP/1.0", headers, null);
    }

    public int cseq() {
        return headers.cseq();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + RtspUrls.mask(uri) + " " + version + " (CSeq " + cseq() + ")";
    }
}
