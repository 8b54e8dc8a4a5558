package io.rtsprecorder.recorder.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtsprecorder.recorder.federation.Federation;
import io.rtsprecorder.recorder.federation.PeerClient;
import io.rtsprecorder.recorder.federation.PeerSegments;
import io.rtsprecorder.recorder.storage.MergedGaps;
import io.rtsprecorder.recorder.storage.SegmentInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The API's side of several replicas: which requests are answered for all footage (those without
 * {@code scope=local}, when peers are configured), listings merged from every replica's answer, and downloads of
 * a segment another replica holds, proxied.
 *
 * <p>Downloads are proxied rather than redirected: the peers' addresses are pod addresses inside the cluster, which
 * a browser behind an Ingress or a port-forward cannot reach, and a redirect would also have to hand the browser a
 * token for the peer. The proxy streams (nothing is buffered whole) and passes {@code Range} and {@code If-Range}
 * on, so byte ranges, and so HLS, work as on the replica that holds the file.
 */
final class PeerFootage {

    /** Response headers of a peer's download passed back to the client. */
    private static final List<String> PASSED_BACK = List.of("content-range", "accept-ranges", "etag",
            "last-modified", "content-disposition", "x-recording-incomplete");

    private final Federation federation;

    PeerFootage(Federation federation) {
        this.federation = federation;
    }

    /** Whether this request is answered for every replica's footage (not when it came from a peer). */
    boolean merged(ApiRequest req) {
        return federation.enabled() && !PeerClient.LOCAL.equals(req.query(PeerClient.SCOPE));
    }

    /** Whether the request asked for this replica's volume alone (a peer's question). */
    static boolean localScope(ApiRequest req) {
        return PeerClient.LOCAL.equals(req.query(PeerClient.SCOPE));
    }

    String replica() {
        return federation.replica();
    }

    /** {@code path} with the request's query, {@code overrides} replacing (or, null, removing) parameters. */
    static String withQuery(String path, ApiRequest req, Map<String, String> overrides) {
        Map<String, String> q = new LinkedHashMap<>(req.query());
        q.remove(PeerClient.SCOPE);
        overrides.forEach((k, v) -> {
            if (v == null) {
                q.remove(k);
            } else {
                q.put(k, v);
            }
        });
        StringBuilder b = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : q.entrySet()) {
            b.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        return b.toString();
    }

    /**
     * The listing of every replica: {@code local} is this replica's first {@code offset + limit} segments (as
     * {@code RecordingsApi} describes them, each with its {@code replica}); the peers are asked the same, and the
     * page is cut from the merged order. A segment two replicas both list is shown once (this replica's).
     */
    Map<String, Object> listing(ApiRequest req, Map<String, Object> local, MergedGaps.Holder localHolder,
                                boolean newestFirst, int offset, int limit) {
        int window = (int) Math.min(RecordingsApi.MAX_LIMIT, (long) offset + limit);
        Federation.Answers<JsonNode> answers = federation.json(withQuery("/api/v1/recordings", req,
                Map.of("offset", "0", "limit", Integer.toString(window))));
        List<JsonNode> segments = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = ((Number) local.get("total")).longValue();
        for (Object o : (List<?>) local.get("segments")) {
            JsonNode n = JsonBodies.MAPPER.valueToTree(o);
            seen.add(n.path("device").asText() + "/" + n.path("name").asText());
            segments.add(n);
        }
        List<MergedGaps.Holder> holders = new ArrayList<>();
        if (localHolder != null) {
            holders.add(localHolder);
        }
        List<String> replicas = new ArrayList<>(List.of(federation.replica()));
        for (Map.Entry<URI, JsonNode> e : answers.answers().entrySet()) {
            JsonNode body = e.getValue();
            total += body.path("total").asLong();
            String name = body.path("replica").asText(e.getKey().toString());
            replicas.add(name);
            for (JsonNode n : body.path("segments")) {
                if (seen.add(n.path("device").asText() + "/" + n.path("name").asText())) {
                    ((ObjectNode) n).put("replica", n.path("replica").asText(name));
                    segments.add(n);
                } else {
                    total--;
                }
            }
            if (localHolder != null) {
                holders.add(PeerSegments.holder(name, body, "coverage"));
            }
        }
        // by time, not by text: "10:00:00Z" sorts after "10:00:00.5Z" as text
        Comparator<JsonNode> order = Comparator.comparing((JsonNode n) -> start(n))
                .thenComparing(n -> n.path("name").asText());
        segments.sort(newestFirst ? order.reversed() : order);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", total);
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("segments", segments.subList(Math.min(offset, segments.size()),
                Math.min(segments.size(), offset + limit)));
        if (localHolder != null) {
            body.put("gaps", RecordingsApi.describeGaps(MergedGaps.of(holders)));
        }
        body.put("replicas", replicas);
        body.put("unreachable", answers.unreachable().stream().map(URI::toString).toList());
        return body;
    }

    /** Every holder's view of the camera over the range, for merged gaps: this one's first. */
    List<MergedGaps.Holder> holders(String device, Instant from, Instant to, MergedGaps.Holder local,
                                    Consumer<List<String>> unreachable) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("device", device);
        if (from != null) {
            q.put("from", from.toString());
        }
        if (to != null) {
            q.put("to", to.toString());
        }
        q.put("limit", "1");
        StringBuilder path = new StringBuilder("/api/v1/recordings");
        char sep = '?';
        for (Map.Entry<String, String> e : q.entrySet()) {
            path.append(sep).append(e.getKey()).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        Federation.Answers<JsonNode> answers = federation.json(path.toString());
        List<MergedGaps.Holder> out = new ArrayList<>(List.of(local));
        answers.answers().forEach((peer, body) -> out.add(PeerSegments.holder(body.path("replica")
                .asText(peer.toString()), body, "coverage")));
        unreachable.accept(answers.unreachable().stream().map(URI::toString).toList());
        return out;
    }

    /**
     * {@code /status} with, when merged, which replica records which camera: {@code replica} (this one's name),
     * {@code peers} (each answering replica's name, address and cameras with their state) and {@code unreachable}.
     */
    Map<String, Object> withPeers(ApiRequest req, Map<String, Object> status) {
        status.put("replica", federation.replica());
        if (!merged(req)) {
            return status;
        }
        Federation.Answers<JsonNode> answers = federation.json("/status");
        List<Map<String, Object>> list = new ArrayList<>();
        answers.answers().forEach((peer, body) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("replica", body.path("replica").asText(peer.toString()));
            p.put("url", peer.toString());
            List<Map<String, Object>> cameras = new ArrayList<>();
            for (JsonNode d : body.path("devices")) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("name", d.path("name").asText());
                c.put("state", d.path("state").asText());
                c.put("recording", d.path("recording").asBoolean());
                cameras.add(c);
            }
            p.put("devices", cameras);
            list.add(p);
        });
        status.put("peers", list);
        status.put("unreachable", answers.unreachable().stream().map(URI::toString).toList());
        return status;
    }

    /** Every peer's JSON answer to {@code pathAndQuery}. */
    Federation.Answers<JsonNode> ask(String pathAndQuery) {
        return federation.json(pathAndQuery);
    }

    /** Every peer's text answer to {@code pathAndQuery}. */
    Federation.Answers<HttpResponse<String>> askText(String pathAndQuery) {
        return federation.text(pathAndQuery);
    }

    /**
     * A download of a segment this volume does not hold, from the replica that does, streamed with the client's
     * range; {@code notHere} when no replica has it.
     */
    ApiResponse download(ApiRequest req, String device, String name, ApiException notHere) {
        URI peer = federation.holder(device, name).orElseThrow(() -> notHere);
        return proxy(req, peer, "/api/v1/recordings/" + enc(device) + "/" + enc(name), Duration.ZERO);
    }

    /**
     * {@code req} answered by {@code peer} at {@code pathAndQuery}: status, body (streamed) and the headers that
     * matter passed back, {@code X-Recording-Replica} added; {@code wait} a longer wait for the answer's headers
     * than the timeout (a blocking live playlist), or zero.
     */
    ApiResponse proxy(ApiRequest req, URI peer, String pathAndQuery, Duration wait) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : ApiRequest.FORWARDED_HEADERS) {
            if (req.header(h) != null) {
                headers.put(h, req.header(h));
            }
        }
        HttpResponse<InputStream> r;
        try {
            r = federation.open(peer, req.method(), pathAndQuery, headers, wait);
        } catch (IOException e) {
            throw new ApiException(502, "peer_unavailable", "the replica " + peer + " did not answer: "
                    + e.getClass().getSimpleName());
        }
        long length = r.headers().firstValueAsLong("content-length").orElse(-1);
        String type = r.headers().firstValue("content-type").orElse("application/octet-stream");
        Map<String, String> back = new LinkedHashMap<>();
        for (String h : PASSED_BACK) {
            r.headers().firstValue(h).ifPresent(v -> back.put(h, v));
        }
        back.put("X-Recording-Replica", peer.toString());
        InputStream in = r.body();
        ApiResponse.StreamBody body = out -> {
            try (InputStream src = in) {
                src.transferTo(Channels.newOutputStream(out));
            }
        };
        if ("HEAD".equals(req.method())) {
            try {
                in.close();
            } catch (IOException e) {
                // nothing was read
            }
            body = out -> { };
        }
        return new ApiResponse(r.statusCode(), type, new byte[0], Map.copyOf(back), null, body, length);
    }

    /**
     * The camera list: this replica's cameras and, when merged, the peers' cameras this one does not have, each
     * with its {@code replica}, and the peers that did not answer.
     */
    Map<String, Object> devices(ApiRequest req, List<?> local) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!merged(req)) {
            body.put("devices", local);
            if (localScope(req)) {
                body.put("replica", federation.replica());
            }
            return body;
        }
        List<JsonNode> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object d : local) {
            ObjectNode n = JsonBodies.MAPPER.valueToTree(d);
            n.put("replica", federation.replica());
            names.add(n.path("name").asText());
            all.add(n);
        }
        Federation.Answers<JsonNode> answers = federation.json("/api/v1/devices");
        answers.answers().forEach((peer, answer) -> {
            String replica = answer.path("replica").asText(peer.toString());
            for (JsonNode d : answer.path("devices")) {
                if (d instanceof ObjectNode n && names.add(n.path("name").asText())) {
                    n.put("replica", replica);
                    n.put("replicaUrl", peer.toString());
                    all.add(n);
                }
            }
        });
        body.put("devices", all);
        body.put("unreachable", answers.unreachable().stream().map(URI::toString).toList());
        return body;
    }

    /** A camera another replica has: its status there, with {@code replicaUrl}; {@code notHere} when none has it. */
    JsonNode device(String name, RuntimeException notHere) {
        Map.Entry<URI, JsonNode> e = federation.first("/api/v1/devices/" + enc(name)).orElseThrow(() -> notHere);
        ObjectNode n = ((ObjectNode) e.getValue()).deepCopy();
        n.put("replicaUrl", e.getKey().toString());
        return n;
    }

    /** The replica that has camera {@code name}, if any peer does. */
    Optional<URI> cameraHolder(String name) {
        return federation.first("/api/v1/devices/" + enc(name)).map(Map.Entry::getKey);
    }

    private static Instant start(JsonNode segment) {
        SegmentInfo s = PeerSegments.segment(segment);
        return s == null ? Instant.MIN : s.start();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
