package io.rtsprecorder.recorder.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How this replica finds the other replicas whose volumes hold footage too (see {@code docs/configuration.md},
 * "Several replicas"). {@code peerService} is a headless Service whose A records are the replicas (this pod's own
 * address is left out), reached on {@code peerPort}; {@code peers} is a static list of base URLs for setups
 * without that DNS. Both empty is one pod on its own: nothing is asked of anyone. {@code peerTokenFile} holds the
 * viewer token sent to peers (else the first configured viewer token is used); {@code timeout} bounds every call
 * to a peer; {@code replica} is this replica's name in listings (the pod's name in a StatefulSet).
 */
public record FederationConfig(List<URI> peers, String peerService, int peerPort, Path peerTokenFile,
                               Duration timeout, String replica) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    public FederationConfig {
        peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        replica = replica == null || replica.isBlank() ? "local" : replica;
    }

    /** One pod on its own: today's behaviour. */
    public static FederationConfig off() {
        return new FederationConfig(List.of(), null, ConfigLoader.DEFAULT_HTTP_PORT, null, DEFAULT_TIMEOUT, "local");
    }

    /** Whether any peer may exist. */
    public boolean enabled() {
        return !peers.isEmpty() || peerService != null && !peerService.isBlank();
    }
}
