package io.rtsprecorder.recorder.api;

import io.rtsprecorder.recorder.access.BrowserSessions;
import io.rtsprecorder.recorder.access.FailedAuthLimiter;
import io.rtsprecorder.recorder.access.Role;
import io.rtsprecorder.recorder.access.TokenRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides who a request comes from and whether it may call its route. Programs send {@code Authorization: Bearer
 * <token>}; the web UI sends the session cookie it got by logging in with a token, plus the session's CSRF token on
 * every request that changes something. A client address that sent too many wrong tokens is refused for a while
 * (429 with {@code Retry-After}) before its token is even looked at.
 */
public final class Authorizer {

    /** The web UI's session cookie. */
    static final String COOKIE = "rtsp-recorder-session";
    /** The header the web UI sends its session's CSRF token in. */
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final TokenRegistry tokens;
    private final FailedAuthLimiter limiter;
    private final BrowserSessions sessions;

    public Authorizer(TokenRegistry tokens, FailedAuthLimiter limiter, BrowserSessions sessions) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.sessions = sessions;
    }

    /** Whether no token is asked for at all (APIAuth=none). */
    public boolean open() {
        return tokens.open();
    }

    public TokenRegistry tokens() {
        return tokens;
    }

    BrowserSessions sessions() {
        return sessions;
    }

    /**
     * The role of a request to a route that needs {@code required}; throws the API's 401, 403 or 429 otherwise.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param csrf          the {@link #CSRF_HEADER} header, or null
     */
    Role authorize(Router.Access required, String method, String authorization, Map<String, String> cookies,
                   String csrf, String address) {
        if (required == Router.Access.OPEN || tokens.open()) {
            return Role.OPERATOR;
        }
        refuseWhileLimited(address);
        Role role;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new ApiException(401, "unauthorized", "this API needs 'Authorization: Bearer <token>'");
            }
            role = roleOf(authorization.substring(7).strip(), address);
        } else {
            String id = cookies.get(COOKIE);
            Optional<BrowserSessions.Session> session = id == null ? Optional.empty() : sessions.find(id);
            if (session.isEmpty()) {
                throw new ApiException(401, "unauthorized", "this API needs 'Authorization: Bearer <token>' (or "
                        + "log in to the web UI)");
            }
            boolean changes = !method.equals("GET") && !method.equals("HEAD");
            if (changes && (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    session.get().csrfToken().getBytes(StandardCharsets.UTF_8)))) {
                throw new ApiException(403, "forbidden", "a change from the web UI needs its " + CSRF_HEADER
                        + " header");
            }
            role = session.get().role();
        }
        Role needed = required == Router.Access.OPERATOR ? Role.OPERATOR : Role.VIEWER;
        if (!role.allows(needed)) {
            throw new ApiException(403, "forbidden", "this needs the operator role; the token given is a viewer's");
        }
        return role;
    }

    /** The role a token gives; a wrong one counts against its address and is a 401. */
    Role roleOf(String token, String address) {
        refuseWhileLimited(address);
        Optional<Role> role = tokens.roleOf(token);
        if (role.isEmpty()) {
            limiter.failed(address);
            throw new ApiException(401, "unauthorized", "the bearer token is not valid");
        }
        return role.get();
    }

    /** 429 with {@code Retry-After} while the address has sent too many wrong tokens. */
    private void refuseWhileLimited(String address) {
        OptionalLong wait = limiter.retryAfterSeconds(address);
        if (wait.isPresent()) {
            throw new ApiException(429, "too_many_requests", "too many wrong tokens from this address; try again in "
                    + wait.getAsLong() + " s", Map.of("Retry-After", Long.toString(wait.getAsLong())));
        }
    }
}
