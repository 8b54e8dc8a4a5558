package io.rtsprecorder.recorder.access;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How the API is protected, as configured. Tokens come as literal values (environment) and from files (a mounted
 * Secret; one token per line, re-read when the file changes), per role. With {@code open} (APIAuth=none) no token is
 * asked for at all. Without any operator token, the service generates one on the volume ({@link TokenRegistry}).
 * {@code metricsOpen}: whether {@code /metrics} needs no token (Prometheus scrapes usually carry none).
 */
public record AccessConfig(List<String> operatorTokens, Path operatorTokenFile, List<String> viewerTokens,
                           Path viewerTokenFile, boolean open, boolean metricsOpen) {

    public AccessConfig {
        operatorTokens = List.copyOf(Objects.requireNonNull(operatorTokens, "operatorTokens"));
        viewerTokens = List.copyOf(Objects.requireNonNull(viewerTokens, "viewerTokens"));
    }

    /** Closed, no token configured (one is generated), metrics open. */
    public static AccessConfig standard() {
        return new AccessConfig(List.of(), null, List.of(), null, false, true);
    }

    /** The explicit opt-out: no token for anything. */
    public static AccessConfig none() {
        return new AccessConfig(List.of(), null, List.of(), null, true, true);
    }

    @Override
    public String toString() {
        return "AccessConfig[" + (open ? "open" : operatorTokens.size() + " operator and " + viewerTokens.size()
                + " viewer token(s), files " + operatorTokenFile + ", " + viewerTokenFile) + ", metrics "
                + (metricsOpen ? "open" : "viewer") + "]";
    }
}
