package io.rtsprecorder.recorder.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Calls to one replica's API as a viewer: every request carries the shared peer token (never a browser's cookie or
 * token) and {@value #SCOPE}={@value #LOCAL}, so the peer answers from its own volume only and never asks its own
 * peers in turn. Connecting and each answer's headers are bounded by the timeout; a streamed body (a download) may
 * take as long as it takes once it flows.
 */
public final class PeerClient {

    /** The query parameter that limits an answer to the answering replica's own volume. */
    public static final String SCOPE = "scope";
    public static final String LOCAL = "local";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String token;
    private final Duration timeout;

    PeerClient(String token, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.token = token;
        this.timeout = timeout;
    }

    /** The JSON answer of {@code GET peer + pathAndQuery}; an {@link IOException} for anything but 200. */
    JsonNode json(URI peer, String pathAndQuery) throws IOException {
        HttpResponse<byte[]> r = send(request(peer, pathAndQuery, "GET", Map.of(), timeout),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    /** A text answer with its status (a playlist: a 404 is an answer too). */
    HttpResponse<String> text(URI peer, String pathAndQuery) throws IOException {
        return send(request(peer, pathAndQuery, "GET", Map.of(), timeout), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of {@code HEAD peer + pathAndQuery}. */
    int head(URI peer, String pathAndQuery) throws IOException {
        return send(request(peer, pathAndQuery, "HEAD", Map.of(), timeout), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * {@code method peer + pathAndQuery} with {@code headers} passed on (a range), its body as a stream for the
     * caller to close; the timeout (or {@code wait}, when longer: a blocking live playlist) bounds the wait for the
     * headers only.
     */
    HttpResponse<InputStream> open(URI peer, String method, String pathAndQuery, Map<String, String> headers,
                                   Duration wait) throws IOException {
        Duration w = wait.compareTo(timeout) > 0 ? wait : timeout;
        return send(request(peer, pathAndQuery, method, headers, w), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest request(URI peer, String pathAndQuery, String method, Map<String, String> headers,
                                Duration wait) {
        String sep = pathAndQuery.contains("?") ? "&" : "?";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(peer + pathAndQuery + sep + SCOPE + "=" + LOCAL))
                .timeout(wait).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        return b.build();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
