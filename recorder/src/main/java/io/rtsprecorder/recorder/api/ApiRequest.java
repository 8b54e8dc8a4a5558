package io.rtsprecorder.recorder.api;

import io.rtsprecorder.recorder.access.Role;
import java.util.Map;

/**
 * One HTTP request as the API's handlers see it: independent of Jetty, so handlers are plain functions.
 * {@code pathParams} holds the {@code {name}} parts of the matched route; {@code clientAddress} is the peer's
 * address; {@code cookies} the request's cookies by name; {@code role} whom the request was let in as (operator for
 * everything when the API is open).
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> pathParams,
                         byte[] body, String clientAddress, Map<String, String> cookies, Role role) {

    public ApiRequest(String method, String path, Map<String, String> query, Map<String, String> pathParams,
                      byte[] body) {
        this(method, path, query, pathParams, body, "", Map.of(), null);
    }

    /** A query parameter, or null. */
    public String query(String name) {
        return query.get(name);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }
}
