package io.rtsprecorder.media.rtsp.wire;

/**
 * The {@code Session} header: an opaque id and an optional {@code timeout} in seconds (RFC 2326 §12.37;
 * default 60 s when absent).
 */
public record RtspSessionHeader(String id, int timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 60;

    public static RtspSessionHeader parse(String value) throws RtspProtocolException {
        String[] parts = value.split(";");
        String id = parts[0].strip();
        if (id.isEmpty() || id.length() > 256) {
            throw new RtspProtocolException(400, "invalid Session header", value);
        }
        int timeout = DEFAULT_TIMEOUT_SECONDS;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.regionMatches(true, 0, "timeout=", 0, 8)) {
                try {
                    timeout = Integer.parseInt(p.substring(8).strip());
                } catch (NumberFormatException e) {
                    throw new RtspProtocolException(400, "invalid Session timeout", value);
                }
                if (timeout <= 0 || timeout > 86_400) {
                    timeout = DEFAULT_TIMEOUT_SECONDS;
                }
            }
        }
        return new RtspSessionHeader(id, timeout);
    }

    public String format() {
        return id + ";timeout=" + timeoutSeconds;
    }
}
