package io.rtsprecorder.recorder.api;

import java.util.Map;

/**
 * One HTTP request as the API's handlers see it: independent of Jetty, so handlers are plain functions.
 * {@code pathParams} holds the {@code {name}} parts of the matched route.
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> pathParams,
                         byte[] body) {

    /** A query parameter, or null. */
    public String query(String name) {
        return query.get(name);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }
}
