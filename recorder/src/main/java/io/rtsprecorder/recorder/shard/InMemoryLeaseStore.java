package io.rtsprecorder.recorder.shard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LeaseStore} in memory with the same compare-and-swap rule as the Kubernetes API, for unit tests and
 * simulations of many replicas sharing one store. It counts the requests it answers, as an API server would
 * feel them.
 */
public final class InMemoryLeaseStore implements LeaseStore {

    private final Map<String, Lease> leases = new TreeMap<>();
    private final AtomicLong versions = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    @Override
    public synchronized List<Lease> list() {
        requests.incrementAndGet();
        return new ArrayList<>(leases.values());
    }

    @Override
    public synchronized Optional<Lease> write(String name, String expectedVersion, String holder, Instant renewedAt,
                                              Duration duration) {
        requests.incrementAndGet();
        Lease current = leases.get(name);
        String version = current == null ? null : current.version();
        if (expectedVersion == null ? version != null : !expectedVersion.equals(version)) {
            return Optional.empty();
        }
        Lease l = new Lease(name, holder, renewedAt, duration, Long.toString(versions.incrementAndGet()));
        leases.put(name, l);
        return Optional.of(l);
    }

    @Override
    public synchronized boolean delete(String name, String expectedVersion) {
        requests.incrementAndGet();
        Lease current = leases.get(name);
        if (current == null || !current.version().equals(expectedVersion)) {
            return false;
        }
        leases.remove(name);
        return true;
    }

    /** The lease named {@code name}, or empty. */
    public synchronized Optional<Lease> get(String name) {
        return Optional.ofNullable(leases.get(name));
    }

    /** How many requests the store answered so far. */
    public long requests() {
        return requests.get();
    }
}
