package io.rtsprecorder.recorder.federation;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.access.AccessConfig;
import io.rtsprecorder.recorder.config.FederationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's view of the others: asks every peer the same question at once, each within the timeout, and says
 * which did not answer. Answers are never retried or waited for beyond the timeout, so one dead replica costs a
 * listing one timeout, and its absence is reported ({@link Answers#unreachable}), never a silently shorter list.
 */
public final class Federation implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Federation.class);

    /** The peers' answers by base URL, and the peers that gave none (down, timed out, refused the token). */
    public record Answers<T>(Map<URI, T> answers, List<URI> unreachable) {
    }

    /** One call to one peer. */
    @FunctionalInterface
    public interface Call<T> {
        T ask(URI peer) throws IOException;
    }

    private final Peers peers;
    private final PeerClient client;
    private final String replica;
    private final Duration timeout;
    private final ExecutorService executor;

    private Federation(Peers peers, PeerClient client, String replica, Duration timeout) {
        this.peers = peers;
        this.client = client;
        this.replica = replica;
        this.timeout = timeout;
        this.executor = peers == null ? null : Executors.newVirtualThreadPerTaskExecutor();
    }

    /** One pod on its own. */
    public static Federation off() {
        return new Federation(null, null, FederationConfig.off().replica(), FederationConfig.DEFAULT_TIMEOUT);
    }

    /**
     * The federation {@code config} describes; {@code ownPort} is this replica's bound HTTP port (to leave itself
     * out of a static list). The peer token is {@code PeerTokenFile}'s first line, else the first viewer token
     * (from {@code ViewerToken}, else {@code ViewerTokenFile}); a closed API without any is a configuration error.
     */
    public static Federation create(FederationConfig config, AccessConfig access, IntSupplier ownPort)
            throws IOException {
        if (!config.enabled()) {
            return new Federation(null, null, config.replica(), config.timeout());
        }
        String token = token(config, access);
        return new Federation(new Peers(config, ownPort), new PeerClient(token, config.timeout()), config.replica(),
                config.timeout());
    }

    private static String token(FederationConfig config, AccessConfig access) throws IOException {
        if (config.peerTokenFile() != null) {
            return firstLine(config.peerTokenFile(), "PeerTokenFile");
        }
        if (!access.viewerTokens().isEmpty()) {
            return access.viewerTokens().get(0);
        }
        if (access.viewerTokenFile() != null) {
            return firstLine(access.viewerTokenFile(), "ViewerTokenFile");
        }
        if (access.open()) {
            return null;
        }
        throw new IOException("Peers or PeerService is set, but there is no viewer token to call the peers with: "
                + "set ViewerToken or ViewerTokenFile (the same on every replica) or PeerTokenFile");
    }

    private static String firstLine(Path file, String what) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        throw new IOException(what + " " + file + " holds no token");
    }

    public boolean enabled() {
        return peers != null && peers.enabled();
    }

    /** This replica's name in listings: {@code ReplicaName}, else the pod's name, else "local". */
    public String replica() {
        return replica;
    }

    /** Asks every peer {@code call} at once; each answer within the timeout counts. */
    public <T> Answers<T> ask(Call<T> call) {
        if (!enabled()) {
            return new Answers<>(Map.of(), List.of());
        }
        List<URI> list = peers.list();
        Map<URI, Future<T>> futures = new LinkedHashMap<>();
        for (URI p : list) {
            futures.put(p, executor.submit(() -> call.ask(p)));
        }
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        Map<URI, T> answers = new LinkedHashMap<>();
        List<URI> unreachable = new ArrayList<>();
        for (Map.Entry<URI, Future<T>> e : futures.entrySet()) {
            try {
                answers.put(e.getKey(), e.getValue().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS));
            } catch (ExecutionException | TimeoutException ex) {
                e.getValue().cancel(true);
                Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
                log.warn("peer {} did not answer: {}", e.getKey(), cause.getClass().getSimpleName());
                unreachable.add(e.getKey());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                unreachable.add(e.getKey());
            }
        }
        return new Answers<>(answers, List.copyOf(unreachable));
    }

    /** Every peer's JSON answer to {@code GET pathAndQuery} (answered from its own volume). */
    public Answers<JsonNode> json(String pathAndQuery) {
        return ask(p -> client.json(p, pathAndQuery));
    }

    /** Every peer's text answer (with its status) to {@code GET pathAndQuery}. */
    public Answers<HttpResponse<String>> text(String pathAndQuery) {
        return ask(p -> client.text(p, pathAndQuery));
    }

    /** The peer whose volume holds {@code device}'s segment {@code name}, if any answers that it does. */
    public Optional<URI> holder(String device, String name) {
        String path = "/api/v1/recordings/" + enc(device) + "/" + enc(name);
        return ask(p -> client.head(p, path) == 200).answers().entrySet().stream().filter(Map.Entry::getValue)
                .map(Map.Entry::getKey).findFirst();
    }

    /**
     * Opens {@code method pathAndQuery} on {@code peer} with {@code headers} passed on, waiting for its headers up
     * to the timeout or {@code wait}, whichever is longer; the caller closes it.
     */
    public HttpResponse<InputStream> open(URI peer, String method, String pathAndQuery, Map<String, String> headers,
                                          Duration wait) throws IOException {
        return client.open(peer, method, pathAndQuery, headers, wait);
    }

    /** The first peer whose answer to {@code GET pathAndQuery} is a 200, with that answer. */
    public Optional<Map.Entry<URI, JsonNode>> first(String pathAndQuery) {
        return ask(p -> {
            try {
                return client.json(p, pathAndQuery);
            } catch (IOException e) {
                return null; // a 404 is an answer: this peer has no such thing
            }
        }).answers().entrySet().stream().filter(e -> e.getValue() != null).findFirst();
    }

    /** Copies {@code device}'s segment {@code name} from {@code peer} to {@code target}. */
    public void download(URI peer, String device, String name, Path target) throws IOException {
        HttpResponse<InputStream> r = open(peer, "GET", "/api/v1/recordings/" + enc(device) + "/" + enc(name),
                Map.of(), timeout);
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw new IOException(peer + " answered HTTP " + r.statusCode() + " for " + name);
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
