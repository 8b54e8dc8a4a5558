package io.rtsprecorder.media.rtsp.wire;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps passwords out of logs and error messages: URL user-info and Authorization values are masked. */
public final class RtspUrls {

    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*)://([^/@\\s:]*)(:[^/@\\s]*)?@");
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)(authorization\\s*:?\\s*)(.*)");

    private RtspUrls() {
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
