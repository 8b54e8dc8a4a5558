package io.rtsprecorder.media.rtsp.wire;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of logs and error messages: URL user-info and Authorization values are masked. Also the one
 * place that knows the two schemes: {@code rtsp://} (port 554) and {@code rtsps://}, RTSP over TLS (port 322,
 * RFC 7826 §19).
 */
public final class RtspUrls {

    public static final String SCHEME = "rtsp";
    public static final String SECURE_SCHEME = "rtsps";
    public static final int DEFAULT_PORT = 554;
    public static final int DEFAULT_SECURE_PORT = 322;

    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*)://([^/@\\s:]*)(:[^/@\\s]*)?@");
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)(authorization\\s*:?\\s*)(.*)");

    private RtspUrls() {
    }

    /** Whether {@code url} is {@code rtsps://} (any case): RTSP over TLS. */
    public static boolean isSecure(String url) {
        return url != null && url.regionMatches(true, 0, SECURE_SCHEME + "://", 0, SECURE_SCHEME.length() + 3);
    }

    /** Whether {@code url} is {@code rtsp://} or {@code rtsps://} (any case). */
    public static boolean isRtsp(String url) {
        return isSecure(url) || url != null && url.regionMatches(true, 0, SCHEME + "://", 0, SCHEME.length() + 3);
    }

    /** {@code rtsp://admin:secret@cam/x} → {@code rtsp://admin:***@cam/x}, for any scheme; other text unchanged. */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USER_INFO.matcher(url);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) + "://" + m.group(2) + (m.group(3) != null ? ":***" : "") + "@";
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Masks URL credentials and the value of an {@code Authorization} header anywhere in a line of text. */
    static String maskCredentialsInText(String text) {
        String masked = mask(text);
        Matcher m = AUTHORIZATION.matcher(masked);
        return m.find() ? masked.substring(0, m.start(2)) + "***" : masked;
    }
}
