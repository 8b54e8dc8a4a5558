package io.rtsprecorder.media.rtsp.wire;

import java.io.IOException;

/**
 * The peer sent something that is not valid RTSP, or exceeded a {@link RtspLimits limit}. {@link #status()} is
 * the response a server should send before closing (400, 413, 431, 505). The message quotes the offending
 * input truncated to 100 characters with credentials masked, so it is safe to log.
 */
public final class RtspProtocolException extends IOException {

    private static final long serialVersionUID = 1L;
    private final int status;

    public RtspProtocolException(int status, String problem, String offendingInput) {
        super(offendingInput == null ? problem : problem + ": \"" + quote(offendingInput) + "\"");
        this.status = status;
    }

    public int status() {
        return status;
    }

    static String quote(String input) {
        String masked = RtspUrls.maskCredentialsInText(input);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < masked.length() && sb.length() < 100; i++) {
            char c = masked.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (masked.length() > 100) {
            sb.append("...");
        }
        return sb.toString();
    }
}
