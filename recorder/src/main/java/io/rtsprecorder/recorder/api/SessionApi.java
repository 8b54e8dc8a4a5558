package io.rtsprecorder.recorder.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.access.BrowserSessions;
import io.rtsprecorder.recorder.access.Role;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The web UI's login: {@code POST /api/v1/session} with a token gives a session cookie (HttpOnly, SameSite=Strict:
 * page scripts cannot read it, other sites cannot send it) and a CSRF token the page keeps in memory and sends with
 * every change; {@code DELETE} logs out; {@code GET} tells the role of the caller.
 */
final class SessionApi {

    private static final Set<String> LOGIN_FIELDS = Set.of("token");

    private final Authorizer auth;

    SessionApi(Authorizer auth) {
        this.auth = auth;
    }

    void addRoutes(Router r) {
        r.open("POST", "/api/v1/session", this::login);
        r.viewer("GET", "/api/v1/session", this::whoAmI);
        r.open("DELETE", "/api/v1/session", this::logout);
        r.open("GET", "/api/v1/session/cookie", this::cookie);
    }

    /**
     * What the page's session cookie is worth, without a 401 when there is none (the page asks at every load, and a
     * refused request is an error in the browser's console): its role and CSRF token, which a page reloaded by the
     * user no longer has in memory. Only a page of this origin can read the answer, and only its own cookie is sent.
     */
    private ApiResponse cookie(ApiRequest req) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("open", auth.open());
        String id = req.cookies().get(Authorizer.COOKIE);
        Optional<BrowserSessions.Session> s = id == null ? Optional.empty() : auth.sessions().find(id);
        if (auth.open()) {
            body.put("loggedIn", true);
            body.put("role", Role.OPERATOR.name().toLowerCase(Locale.ROOT));
        } else if (s.isPresent()) {
            body.put("loggedIn", true);
            body.put("role", s.get().role().name().toLowerCase(Locale.ROOT));
            body.put("csrfToken", s.get().csrfToken());
        } else {
            body.put("loggedIn", false);
        }
        return RecorderApi.json(200, body);
    }

    private ApiResponse login(ApiRequest req) {
        JsonNode n = JsonBodies.object(req.body(), LOGIN_FIELDS);
        String token = JsonBodies.requiredString(n, "token");
        Role role = auth.open() ? Role.OPERATOR : auth.roleOf(token, req.clientAddress());
        BrowserSessions.Session s = auth.sessions().open(role);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", role.name().toLowerCase(Locale.ROOT));
        body.put("csrfToken", s.csrfToken());
        body.put("expiresAt", Instant.ofEpochMilli(s.expiresMillis()));
        return RecorderApi.json(200, body).withHeader("Set-Cookie", Authorizer.COOKIE + "=" + s.id()
                + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + BrowserSessions.LIFETIME.toSeconds());
    }

    private ApiResponse whoAmI(ApiRequest req) {
        Role role = req.role() == null ? Role.OPERATOR : req.role();
        return RecorderApi.json(200, Map.of("role", role.name().toLowerCase(Locale.ROOT), "open", auth.open()));
    }

    private ApiResponse logout(ApiRequest req) {
        String id = req.cookies().get(Authorizer.COOKIE);
        if (id != null) {
            auth.sessions().close(id);
        }
        return RecorderApi.json(200, Map.of("loggedOut", true)).withHeader("Set-Cookie", Authorizer.COOKIE
                + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    }
}
