package io.rtsprecorder.recorder.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.access.BrowserSessions;
import io.rtsprecorder.recorder.access.Role;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
