package io.rtsprecorder.recorder.shard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the recorders' leases live: {@code coordination.k8s.io/v1} Leases in the cluster, or a map in a simulation.
 * Every write is a compare-and-swap on the lease's {@code version} (the Kubernetes {@code resourceVersion}): of two
 * replicas writing the same lease, one wins and the other learns it lost. That is the only synchronisation
 * between replicas; there is no other protocol.
 *
 * <p>Methods throw {@link LeaseStoreException} when the store cannot be reached or refuses the request; a lost
 * race is not an exception but an empty result.
 */
public interface LeaseStore {

    /**
     * One lease: {@code holder} (null when released) last wrote it at {@code renewedAt} and holds it for
     * {@code duration} from then. {@code version} changes at every write.
     */
    record Lease(String name, String holder, Instant renewedAt, Duration duration, String version) {

        /** Whether {@code replica} holds it. */
        public boolean heldBy(String replica) {
            return replica.equals(holder);
        }

        /** Whether anyone may take it at {@code now}: released, or not renewed for longer than its duration. */
        public boolean freeAt(Instant now) {
            return holder == null || renewedAt == null || now.isAfter(renewedAt.plus(duration));
        }
    }

    /** Every lease the recorders keep (camera and membership leases), as stored now. */
    List<Lease> list();

    /**
     * Writes {@code holder} (null releases the lease), {@code renewedAt} and {@code duration} to lease {@code name}
     * if it is still at {@code expectedVersion} (null: if it does not exist yet). Returns the lease as written, or
     * empty when another writer came first.
     */
    Optional<Lease> write(String name, String expectedVersion, String holder, Instant renewedAt, Duration duration);

    /** Deletes lease {@code name} if it is still at {@code expectedVersion}; false when another writer came first. */
    boolean delete(String name, String expectedVersion);
}
