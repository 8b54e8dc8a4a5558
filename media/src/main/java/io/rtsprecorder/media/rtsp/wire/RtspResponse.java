package io.rtsprecorder.media.rtsp.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** An RTSP response; {@code body} is empty when there is none. */
public record RtspResponse(String version, int status, String reason, RtspHeaders headers, byte[] body)
        implements RtspMessage {

    public RtspResponse {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(headers, "headers");
        body = body == null ? new byte[0] : body;
    }

    /** A response with the standard reason phrase, echoing the request's CSeq when it has one. */
    public static RtspResponse of(int status, int cseq) {
        RtspHeaders headers = new RtspHeaders();
        if (cseq >= 0) {
            headers.add("CSeq", Integer.toString(cseq));
        }
        return new RtspResponse("RTSP/1.0", status, reasonPhrase(status), headers, null);
    }

    public RtspResponse withBody(String contentType, byte[] content) {
        headers.set("Content-Type", contentType);
        return new RtspResponse(version, status, reason, headers, content);
    }

    public int cseq() {
        return headers.cseq();
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 301 -> "Moved Permanently";
            case 302 -> "Moved Temporarily";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 413 -> "Request Entity Too Large";
            case 414 -> "Request-URI Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 454 -> "Session Not Found";
            case 455 -> "Method Not Valid in This State";
            case 459 -> "Aggregate Operation Not Allowed";
            case 461 -> "Unsupported Transport";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "RTSP Version Not Supported";
            default -> "Status " + status;
        };
    }

    @Override
    public String toString() {
        return version + " " + status + " " + reason + " (CSeq " + cseq() + ")";
    }
}
