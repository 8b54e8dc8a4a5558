package io.rtsprecorder.recorder.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps method and path to a handler. Templates are literal segments and {@code {name}} placeholders that match
 * one non-empty segment. A path that matches a template with another method is a 405 with {@code Allow}; no
 * template at all, 404.
 */
final class Router {

    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    /** Who may call a route: anyone (health, the login itself), a viewer, or only an operator. */
    enum Access {
        OPEN,
        VIEWER,
        OPERATOR
    }

    /** One route and who may call it. */
    record Route(String method, String template, Access access, Handler handler) {
        boolean open() {
            return access == Access.OPEN;
        }
    }

    /** A route found for a request, with its placeholders filled in. */
    record Match(Route route, Map<String, String> pathParams) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** A route that changes or deletes something: operators only. */
    Router operator(String method, String template, Handler handler) {
        return add(method, template, Access.OPERATOR, handler);
    }

    /** A route that only reads: viewers and operators. */
    Router viewer(String method, String template, Handler handler) {
        return add(method, template, Access.VIEWER, handler);
    }

    /** A route anyone may call. */
    Router open(String method, String template, Handler handler) {
        return add(method, template, Access.OPEN, handler);
    }

    Router add(String method, String template, Access access, Handler handler) {
        routes.add(new Route(method, template, access, handler));
        return this;
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The route for {@code method} and {@code path}; an {@link ApiException} 404 or 405 when there is none. */
    Match match(String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> params = matchTemplate(r.template(), path);
            if (params == null) {
                continue;
            }
            if (r.method().equals(method)) {
                return new Match(r, params);
            }
            allowed.add(r.method());
        }
        if (allowed.isEmpty()) {
            throw new ApiException(404, "not_found", "no such endpoint: " + path + " (see /openapi.yaml)");
        }
        throw new MethodNotAllowed(method, path, allowed);
    }

    /** 405 carrying the methods the path does accept, for the {@code Allow} header. */
    static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Set<String> allowed;

        MethodNotAllowed(String method, String path, Set<String> allowed) {
            super(method + " is not allowed on " + path + "; use " + String.join(" or ", allowed));
            this.allowed = allowed;
        }
    }

    private static Map<String, String> matchTemplate(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                if (p[i].isEmpty()) {
                    return null;
                }
                params.put(t[i].substring(1, t[i].length() - 1), p[i]);
            } else if (!t[i].equals(p[i])) {
                return null;
            }
        }
        return params;
    }
}
