package io.rtsprecorder.recorder.access;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Logins of the web UI: a browser trades a token for a session once, and keeps only the session's id, in an
 * HttpOnly, SameSite=Strict cookie that page scripts cannot read. Each session has a CSRF token that scripts of the
 * page get with the login answer and must send with every state-changing request ({@code X-CSRF-Token}); the cookie
 * alone changes nothing. Sessions live in memory for {@link #LIFETIME}; a restart logs everyone out.
 */
public final class BrowserSessions {

    /** How long a login lasts. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    static final int MAX_SESSIONS = 10_000;

    /** One login. */
    public record Session(String id, String csrfToken, Role role, long expiresMillis) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    public BrowserSessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session for {@code role}. */
    public synchronized Session open(Role role) {
        Session s = new Session(randomId(), randomId(), role, clock.millis() + LIFETIME.toMillis());
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session with this id, if any. */
    public synchronized Optional<Session> find(String id) {
        Session s = sessions.get(id);
        if (s != null && s.expiresMillis() <= clock.millis()) {
            sessions.remove(id);
            s = null;
        }
        return Optional.ofNullable(s);
    }

    public synchronized void close(String id) {
        sessions.remove(id);
    }

    private String randomId() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
