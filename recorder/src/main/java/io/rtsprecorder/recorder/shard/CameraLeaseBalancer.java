package io.rtsprecorder.recorder.shard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which cameras this replica records, from one lease per camera and one membership lease per replica in a
 * {@link LeaseStore}. It holds no Kubernetes types and reads time only from the {@link Clock} it is given, so a
 * unit test drives it with a manual clock and a simulation drives thousands of them against one in-memory store.
 *
 * <p>The rules, applied by {@link #round} every {@link LeaseTiming#renewInterval()}:
 * <ol>
 *   <li><b>Membership.</b> The replica renews its own lease {@code member.<replica>}. Live replicas are those whose
 *   membership lease is not expired (this one always counts).</li>
 *   <li><b>Fair share</b> = ceil(cameras to record / live replicas).</li>
 *   <li><b>Renewal.</b> Every camera lease {@code camera.<name>} this replica holds is renewed (compare-and-swap).
 *   A lease it lost, or of a camera no longer to be recorded, stops that recording (the latter lease is deleted).
 *   A lease it still holds but does not record (after a restart under the same name, or after fencing while the
 *   store was unreachable) is recorded again.</li>
 *   <li><b>Hand-over.</b> Above its share, the replica hands over one camera per round: it stops the recording
 *   (the file is closed cleanly) and only then releases the lease, so that adding replicas rebalances gradually
 *   without two replicas recording one camera.</li>
 *   <li><b>Taking.</b> Below its share, the replica takes free leases (released, expired or absent), in an order
 *   of its own (a hash of replica and camera, so that replicas starting together rarely race for the same lease),
 *   until it holds its share. It starts recording only after the lease is written.</li>
 * </ol>
 *
 * <p><b>Fencing</b>, {@link #fence}, called more often than rounds and from another thread (so that a hanging
 * store cannot delay it): a camera whose lease this replica has not renewed for longer than
 * {@link LeaseTiming#recordingAllowance()} (duration minus the fencing margin) is stopped, before anybody else may
 * take the lease (at its expiry). So two replicas never record one camera at once for longer than the clock
 * difference between them, and one replica that loses the store stops everything within one lease duration.
 * The time a replica records is the local time taken <em>before</em> the renewal request; the store receives the
 * same instant, so the holder's view of its lease is never younger than everybody else's.
 *
 * <p>Thread-safety: {@link #round} and {@link #releaseAll} are called from one thread; {@link #fence} may run
 * concurrently with them.
 */
public final class CameraLeaseBalancer {

    /** Name prefix of camera leases; the rest is the camera's name. */
    public static final String CAMERA_PREFIX = "camera.";
    /** Name prefix of membership leases; the rest is the replica's name. */
    public static final String MEMBER_PREFIX = "member.";

    /** What the balancer asks of the recorder. Both calls may block; {@code stop} returns once the file is closed. */
    public interface Recorders {
        void start(String camera);

        void stop(String camera);
    }

    /**
     * What one round saw and did: live replicas, cameras to record, the fair share, how many this replica holds
     * after the round, and which cameras it took, handed over or lost.
     */
    public record Round(int liveReplicas, int cameras, int share, int owned, List<String> taken,
                        List<String> handedOver, List<String> lost) {
    }

    private final String replica;
    private final LeaseStore store;
    private final LeaseTiming timing;
    private final Clock clock;
    private final Recorders recorders;
    /** Cameras this replica records, with when their lease was last renewed (local time before the request). */
    private final Map<String, Instant> recording = new ConcurrentHashMap<>();

    public CameraLeaseBalancer(String replica, LeaseStore store, LeaseTiming timing, Clock clock,
                               Recorders recorders) {
        this.replica = Objects.requireNonNull(replica, "replica");
        this.store = Objects.requireNonNull(store, "store");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recorders = Objects.requireNonNull(recorders, "recorders");
    }

    public String replica() {
        return replica;
    }

    public LeaseTiming timing() {
        return timing;
    }

    /** The cameras this replica records now. */
    public Set<String> recording() {
        return new TreeSet<>(recording.keySet());
    }

    /**
     * One round of the rules in the class comment for the cameras that should be recorded ({@code cameras}).
     * Throws {@link LeaseStoreException} when the store cannot be read; what was done until then stands, and
     * {@link #fence} stops the cameras whose leases can no longer be renewed.
     */
    public Round round(Collection<String> cameras) {
        Set<String> wanted = new TreeSet<>(cameras);
        Instant now = clock.instant();
        fence(now);
        Map<String, LeaseStore.Lease> leases = leasesByName();
        int live = renewMembership(leases, now);
        int share = wanted.isEmpty() ? 0 : (wanted.size() + live - 1) / live;
        List<String> lost = new ArrayList<>();
        List<String> held = new ArrayList<>();
        Map<String, LeaseStore.Lease> renewed = new HashMap<>();
        for (LeaseStore.Lease l : leases.values()) {
            if (!l.name().startsWith(CAMERA_PREFIX) || !l.heldBy(replica)) {
                continue;
            }
            String camera = l.name().substring(CAMERA_PREFIX.length());
            if (!wanted.contains(camera)) {
                stop(camera);
                store.delete(l.name(), l.version());
            } else {
                renew(camera, l, now).ifPresent(r -> renewed.put(camera, r));
            }
            if (renewed.containsKey(camera)) {
                held.add(camera);
            } else if (wanted.contains(camera)) {
                lost.add(camera);
            }
        }
        for (String camera : List.copyOf(recording.keySet())) {
            if (!held.contains(camera) && !lost.contains(camera)) {
                stop(camera); // its lease was deleted or taken since the last round
                lost.add(camera);
            }
        }
        List<String> handedOver = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        if (held.size() > share) {
            String camera = held.stream().min(Comparator.comparingLong(c -> rank(c))).orElseThrow();
            stop(camera);
            LeaseStore.Lease l = renewed.get(camera);
            store.write(l.name(), l.version(), null, now, timing.duration());
            held.remove(camera);
            handedOver.add(camera);
        } else if (held.size() < share) {
            List<String> free = wanted.stream().filter(c -> !held.contains(c)).filter(c -> {
                LeaseStore.Lease l = leases.get(CAMERA_PREFIX + c);
                return l == null || l.freeAt(now);
            }).sorted(Comparator.comparingLong(c -> -rank(c))).toList();
            for (String camera : free) {
                if (held.size() >= share) {
                    break;
                }
                LeaseStore.Lease l = leases.get(CAMERA_PREFIX + camera);
                if (store.write(CAMERA_PREFIX + camera, l == null ? null : l.version(), replica, now,
                        timing.duration()).isPresent()) {
                    recording.put(camera, now);
                    recorders.start(camera);
                    held.add(camera);
                    taken.add(camera);
                }
            }
        }
        return new Round(live, wanted.size(), share, held.size(), taken, handedOver, lost);
    }

    /**
     * Renews only the membership lease and returns how many replicas are live: what a replica does once at start,
     * a renew interval before its first {@link #round}, so that replicas starting together see each other before
     * they take cameras.
     */
    public int announce() {
        return renewMembership(leasesByName(), clock.instant());
    }

    private Map<String, LeaseStore.Lease> leasesByName() {
        Map<String, LeaseStore.Lease> leases = new HashMap<>();
        for (LeaseStore.Lease l : store.list()) {
            leases.put(l.name(), l);
        }
        return leases;
    }

    /**
     * Stops every camera whose lease was last renewed longer than {@link LeaseTiming#recordingAllowance()} ago;
     * returns them. Call it often (every second or so) and independently of {@link #round}.
     */
    public List<String> fence() {
        return fence(clock.instant());
    }

    private List<String> fence(Instant now) {
        List<String> fenced = new ArrayList<>();
        for (Map.Entry<String, Instant> e : recording.entrySet()) {
            if (Duration.between(e.getValue(), now).compareTo(timing.recordingAllowance()) > 0) {
                fenced.add(e.getKey());
            }
        }
        fenced.forEach(this::stop);
        return fenced;
    }

    /**
     * Stops every recording and releases its lease and the membership lease, for a clean shutdown: the cameras
     * are taken elsewhere at the next round of the others instead of after the lease duration.
     */
    public void releaseAll() {
        List<String> cameras = List.copyOf(recording.keySet());
        cameras.forEach(this::stop);
        Instant now = clock.instant();
        for (LeaseStore.Lease l : store.list()) {
            if (l.heldBy(replica) && (l.name().startsWith(CAMERA_PREFIX) || l.name().equals(MEMBER_PREFIX
                    + replica))) {
                if (l.name().startsWith(MEMBER_PREFIX)) {
                    store.delete(l.name(), l.version());
                } else {
                    store.write(l.name(), l.version(), null, now, timing.duration());
                }
            }
        }
    }

    private int renewMembership(Map<String, LeaseStore.Lease> leases, Instant now) {
        String name = MEMBER_PREFIX + replica;
        LeaseStore.Lease mine = leases.get(name);
        store.write(name, mine == null ? null : mine.version(), replica, now, timing.duration());
        int live = 1;
        for (LeaseStore.Lease l : leases.values()) {
            if (l.name().startsWith(MEMBER_PREFIX) && !l.name().equals(name) && !l.freeAt(now)) {
                live++;
            }
        }
        return live;
    }

    private Optional<LeaseStore.Lease> renew(String camera, LeaseStore.Lease lease, Instant now) {
        Optional<LeaseStore.Lease> written = store.write(lease.name(), lease.version(), replica, now,
                timing.duration());
        if (written.isEmpty()) {
            stop(camera);
        } else if (recording.computeIfPresent(camera, (c, t) -> now) == null) {
            recording.put(camera, now);
            recorders.start(camera);
        }
        return written;
    }

    private void stop(String camera) {
        if (recording.remove(camera) != null) {
            recorders.stop(camera);
        }
    }

    /** This replica's own order of cameras: stable, different on every replica. */
    private long rank(String camera) {
        long h = 1125899906842597L;
        for (char ch : (replica + '/' + camera).toCharArray()) {
            h = 31 * h + ch;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
