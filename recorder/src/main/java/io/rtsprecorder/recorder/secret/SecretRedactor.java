package io.rtsprecorder.recorder.secret;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last line of defence for "passwords never appear in logs, status or errors": every password the service
 * learns is registered here, and every log line and every error shown to users is scrubbed of them. URLs are
 * masked where they are formatted; this catches what slips through (a camera that echoes the request, a library's
 * exception message). Passwords shorter than {@value #MIN_LENGTH} characters are not scrubbed: replacing
 * every "ab" would make the log unreadable, and such a password protects nothing anyway.
 */
public final class SecretRedactor {

    static final int MIN_LENGTH = 4;
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private SecretRedactor() {
    }

    public static void register(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            SECRETS.add(secret);
        }
    }

    /** {@code text} with every registered secret replaced by {@code ***}. */
    public static String scrub(String text) {
        if (text == null || SECRETS.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : SECRETS) {
            if (out.contains(s)) {
                out = out.replace(s, "***");
            }
        }
        return out;
    }
}
