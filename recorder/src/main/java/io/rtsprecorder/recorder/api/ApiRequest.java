package io.rtsprecorder.recorder.api;

import io.rtsprecorder.recorder.access.Role;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP request as the API's handlers see it: independent of Jetty, so handlers are plain functions.
 * {@code pathParams} holds the {@code {name}} parts of the matched route; {@code clientAddress} is the peer's
 * address; {@code cookies} the request's cookies by name; {@code role} whom the request was let in as (operator for
 * everything when the API is open); {@code headers} the few request headers a handler may pass on to another
 * replica ({@link #FORWARDED_HEADERS}, names in lower case), never the credentials.
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> pathParams,
                         byte[] body, String clientAddress, Map<String, String> cookies, Role role,
                         Map<String, String> headers) {

    /** The request headers kept for a proxied download: its byte range and the range's validator. */
    public static final Set<String> FORWARDED_HEADERS = Set.of("range", "if-range");

    public ApiRequest(String method, String path, Map<String, String> query, Map<String, String> pathParams,
                      byte[] body, String clientAddress, Map<String, String> cookies, Role role) {
        this(method, path, query, pathParams, body, clientAddress, cookies, role, Map.of());
    }

    public ApiRequest(String method, String path, Map<String, String> query, Map<String, String> pathParams,
                      byte[] body) {
        this(method, path, query, pathParams, body, "", Map.of(), null);
    }

    /** A query parameter, or null. */
    public String query(String name) {
        return query.get(name);
    }

    /** A kept request header ({@link #FORWARDED_HEADERS}), or null. */
    public String header(String name) {
        return headers == null ? null : headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }
}
