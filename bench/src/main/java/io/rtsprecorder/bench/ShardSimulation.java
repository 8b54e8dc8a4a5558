package io.rtsprecorder.bench;

import io.rtsprecorder.recorder.shard.CameraLeaseBalancer;
import io.rtsprecorder.recorder.shard.InMemoryLeaseStore;
import io.rtsprecorder.recorder.shard.LeaseStore;
import io.rtsprecorder.recorder.shard.LeaseTiming;
import io.rtsprecorder.testsupport.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Sharded recording at a scale no test reaches: thousands of cameras on tens of replicas, each replica a real
 * {@link CameraLeaseBalancer} (the class the recorder runs) against one in-memory lease store with the API
 * server's compare-and-swap rule, on a simulated clock. Nothing is recorded; the simulation tracks, per camera,
 * which replicas "record" it (between the balancer's start and stop calls) and measures what the issue asks:
 * requests per second against the API server in steady state, the time to rebalance after adding replicas, the
 * time to record again after losing some, gaps at hand-over and any time two replicas record one camera.
 *
 * <p>Every replica runs its rounds every {@link LeaseTiming#renewInterval()} at a random phase; a killed replica
 * simply stops (its leases expire). One thread, deterministic for a seed.
 *
 * <p>{@code bench/run-shard-sim [--cameras 10000] [--replicas 50] [--add 10] [--kill 5] [--lease 15]
 * [--renew SECONDS] [--seed 1] [--out FILE]}
 */
public final class ShardSimulation {

    private final int cameras;
    private final LeaseTiming timing;
    private final Random random;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final CountingStore store = new CountingStore(new InMemoryLeaseStore());
    private final List<String> cameraNames;
    private final Map<String, Replica> replicas = new HashMap<>();
    private final PriorityQueue<Replica> due = new PriorityQueue<>(Comparator.comparing(r -> r.nextRound));
    private final Coverage coverage;

    private ShardSimulation(int cameras, LeaseTiming timing, long seed) {
        this.cameras = cameras;
        this.timing = timing;
        this.random = new Random(seed);
        this.cameraNames = IntStream.range(0, cameras).mapToObj(i -> String.format(Locale.ROOT, "cam-%05d", i))
                .toList();
        this.coverage = new Coverage(cameraNames);
    }

    public static void main(String[] args) throws IOException {
        int cameras = 10_000;
        int replicas = 50;
        int add = 10;
        int kill = 5;
        long leaseSeconds = 15;
        Long renewSeconds = null;
        long seed = 1;
        Path out = Path.of("bench", "target", "shard-simulation.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cameras" -> cameras = Integer.parseInt(args[++i]);
                case "--replicas" -> replicas = Integer.parseInt(args[++i]);
                case "--add" -> add = Integer.parseInt(args[++i]);
                case "--kill" -> kill = Integer.parseInt(args[++i]);
                case "--lease" -> leaseSeconds = Long.parseLong(args[++i]);
                case "--renew" -> renewSeconds = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class comment");
            }
        }
        Duration lease = Duration.ofSeconds(leaseSeconds);
        LeaseTiming timing = renewSeconds == null ? LeaseTiming.of(lease)
                : LeaseTiming.of(lease, Duration.ofSeconds(renewSeconds));
        long t0 = System.nanoTime();
        String report = new ShardSimulation(cameras, timing, seed).run(replicas, add, kill);
        report += String.format(Locale.ROOT, "%nSimulated on one thread in %.1f s of wall time.%n",
                (System.nanoTime() - t0) / 1e9);
        System.out.print(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("written to " + out);
    }

    private String run(int initial, int add, int kill) {
        StringBuilder r = new StringBuilder();
        r.append(String.format(Locale.ROOT, "Sharded recording, simulated: %d cameras, %d replicas (+%d, then -%d), "
                + "lease %d s renewed every %d s, fenced %d s before expiry.%n%n", cameras, initial, add, kill,
                timing.duration().toSeconds(), timing.renewInterval().toSeconds(),
                timing.fencingMargin().toSeconds()));
        r.append("| phase | figure | value |\n|---|---|---|\n");

        // 1. a cold start: every replica at once
        for (int i = 0; i < initial; i++) {
            startReplica("recorder-" + i);
        }
        Duration started = runUntil(this::balancedAndCovered, Duration.ofMinutes(30));
        r.append(row("cold start", "every camera recorded, no replica above its share", seconds(started)));
        r.append(row("cold start", "cameras per replica (min-max)", ownedRange()));

        // 2. steady state: what the API server sees
        store.reset();
        Instant from = clock.instant();
        runFor(Duration.ofSeconds(120));
        double window = Duration.between(from, clock.instant()).toMillis() / 1000.0;
        r.append(row("steady state", "lease writes per second (renewals)", perSecond(store.writes, window)));
        r.append(row("steady state", "lease lists per second", perSecond(store.lists, window)));
        r.append(row("steady state", "Lease objects read per second (lists)", perSecond(store.objectsListed,
                window)));
        r.append(row("steady state", "API requests per second in all", perSecond(store.writes + store.lists
                + store.deletes, window)));

        // 3. scale out
        coverage.resetPhase();
        Instant added = clock.instant();
        for (int i = initial; i < initial + add; i++) {
            startReplica("recorder-" + i);
        }
        Duration rebalanced = runUntil(this::balancedAndCovered, Duration.ofMinutes(60));
        r.append(row("add " + add, "no replica above its share again", seconds(rebalanced)));
        r.append(row("add " + add, "cameras handed over", Integer.toString(coverage.gaps.size())));
        r.append(row("add " + add, "gap per handed-over camera (median / p99 / max)", coverage.gapFigures()));
        r.append(row("add " + add, "camera-seconds recorded twice", seconds(coverage.overlap)));
        r.append(row("add " + add, "cameras per replica (min-max)", ownedRange()));
        runFor(Duration.ofSeconds(30));

        // 4. lose replicas (SIGKILL, node loss): they stop; their leases expire
        coverage.resetPhase();
        List<Replica> victims = liveReplicas().stream().sorted(Comparator.comparing(x -> x.name)).limit(kill)
                .toList();
        Instant killed = clock.instant();
        int orphaned = 0;
        for (Replica v : victims) {
            v.alive = false;
            orphaned += v.balancer.recording().size();
            coverage.died(v.name, v.balancer.recording(), killed);
        }
        Duration recovered = runUntil(this::balancedAndCovered, Duration.ofMinutes(60));
        r.append(row("lose " + kill, "cameras orphaned", Integer.toString(orphaned)));
        r.append(row("lose " + kill, "every camera recorded again", seconds(coverage.allCoveredAfter(killed))));
        r.append(row("lose " + kill, "gap per orphaned camera (median / p99 / max)", coverage.gapFigures()));
        r.append(row("lose " + kill, "no replica above its share again", seconds(recovered)));
        r.append(row("lose " + kill, "camera-seconds recorded twice", seconds(coverage.overlap)));
        r.append(row("lose " + kill, "cameras per replica (min-max)", ownedRange()));
        r.append(String.format(Locale.ROOT, "%nScale-out and recovery are counted from the moment replicas were added "
                + "(%s) or killed (%s) in simulated time.%n", added, killed));
        return r.toString();
    }

    private void startReplica(String name) {
        Replica r = new Replica(name);
        replicas.put(name, r);
        r.balancer.announce();
        // the first round one interval after the announcement, at a phase of its own (pods never start in step)
        long phase = (long) (random.nextDouble() * timing.renewInterval().toMillis());
        r.nextRound = clock.instant().plus(timing.renewInterval()).plusMillis(phase);
        due.add(r);
    }

    /** Runs rounds in time order until {@code done} holds after a round, or {@code limit} passes; returns the time. */
    private Duration runUntil(BooleanSupplier done, Duration limit) {
        Instant start = clock.instant();
        Instant end = start.plus(limit);
        while (!due.isEmpty() && due.peek().nextRound.isBefore(end)) {
            step();
            if (done.getAsBoolean()) {
                return Duration.between(start, clock.instant());
            }
        }
        throw new IllegalStateException("not settled within " + limit + ": " + ownedRange());
    }

    private void runFor(Duration d) {
        Instant end = clock.instant().plus(d);
        while (!due.isEmpty() && due.peek().nextRound.isBefore(end)) {
            step();
        }
        clock.set(end);
    }

    private void step() {
        Replica r = due.poll();
        clock.set(r.nextRound);
        if (!r.alive) {
            return;
        }
        r.balancer.round(cameraNames);
        r.nextRound = r.nextRound.plus(timing.renewInterval());
        due.add(r);
    }

    /**
     * Settled: every camera recorded, and no live replica above its fair share (ceil(cameras / live replicas)):
     * the balancer's own notion of balance. Below the share a replica may stay a few short, since nobody above it
     * hands over.
     */
    private boolean balancedAndCovered() {
        if (!coverage.allCovered()) {
            return false;
        }
        List<Replica> live = liveReplicas();
        long share = (cameras + live.size() - 1) / live.size();
        return live.stream().allMatch(r -> r.balancer.recording().size() <= share);
    }

    private String ownedRange() {
        IntSummaryStatistics owned = liveReplicas().stream().mapToInt(r -> r.balancer.recording().size())
                .summaryStatistics();
        return owned.getMin() + "-" + owned.getMax();
    }

    private List<Replica> liveReplicas() {
        return replicas.values().stream().filter(r -> r.alive).toList();
    }

    private static String row(String phase, String figure, String value) {
        return "| " + phase + " | " + figure + " | " + value + " |\n";
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String perSecond(long count, double seconds) {
        return String.format(Locale.ROOT, "%.0f", count / seconds);
    }

    /** One replica: its balancer, whose start and stop calls go to the coverage model. */
    private final class Replica {
        final String name;
        final CameraLeaseBalancer balancer;
        Instant nextRound;
        boolean alive = true;

        Replica(String name) {
            this.name = name;
            this.balancer = new CameraLeaseBalancer(name, store, timing, clock, new CameraLeaseBalancer.Recorders() {
                @Override
                public void start(String camera) {
                    coverage.start(camera, name, clock.instant());
                }

                @Override
                public void stop(String camera) {
                    coverage.stop(camera, name, clock.instant());
                }
            });
        }
    }

    /**
     * Who records each camera: gaps (no replica) and overlaps (two or more) as they happen. Gaps are counted per
     * phase, from the moment a camera lost its last recorder to the next start.
     */
    private static final class Coverage {
        private final Map<String, List<String>> recordedBy = new HashMap<>();
        private final Map<String, Instant> uncoveredSince = new HashMap<>();
        private final Map<String, Instant> overlapSince = new HashMap<>();
        final List<Duration> gaps = new ArrayList<>();
        Duration overlap = Duration.ZERO;
        private Instant lastCovered;

        Coverage(List<String> cameras) {
            Instant never = Instant.EPOCH;
            for (String c : cameras) {
                recordedBy.put(c, new ArrayList<>());
                uncoveredSince.put(c, never);
            }
        }

        void resetPhase() {
            gaps.clear();
            overlap = Duration.ZERO;
            lastCovered = null;
        }

        void start(String camera, String replica, Instant now) {
            List<String> by = recordedBy.get(camera);
            by.add(replica);
            Instant since = uncoveredSince.remove(camera);
            if (since != null && !since.equals(Instant.EPOCH)) {
                gaps.add(Duration.between(since, now));
            }
            if (uncoveredSince.isEmpty()) {
                lastCovered = now;
            }
            if (by.size() == 2) {
                overlapSince.put(camera, now);
            }
        }

        void stop(String camera, String replica, Instant now) {
            List<String> by = recordedBy.get(camera);
            by.remove(replica);
            if (by.size() == 1) {
                overlap = overlap.plus(Duration.between(overlapSince.remove(camera), now));
            }
            if (by.isEmpty()) {
                uncoveredSince.put(camera, now);
            }
        }

        /** A killed replica records nothing from {@code now} on; its balancer never says so. */
        void died(String replica, Iterable<String> cameras, Instant now) {
            for (String c : cameras) {
                stop(c, replica, now);
            }
        }

        boolean allCovered() {
            return uncoveredSince.isEmpty();
        }

        Duration allCoveredAfter(Instant from) {
            return lastCovered == null ? Duration.ZERO : Duration.between(from, lastCovered);
        }

        String gapFigures() {
            if (gaps.isEmpty()) {
                return "none";
            }
            List<Duration> sorted = gaps.stream().sorted().toList();
            return String.format(Locale.ROOT, "%.1f / %.1f / %.1f s", sorted.get(sorted.size() / 2).toMillis() / 1e3,
                    sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)).toMillis()
                            / 1e3, sorted.get(sorted.size() - 1).toMillis() / 1e3);
        }
    }

    /** The store, counting what an API server would serve: lists and the objects in them, writes, deletes. */
    private static final class CountingStore implements LeaseStore {
        private final LeaseStore store;
        long lists;
        long objectsListed;
        long writes;
        long deletes;

        CountingStore(LeaseStore store) {
            this.store = store;
        }

        void reset() {
            lists = 0;
            objectsListed = 0;
            writes = 0;
            deletes = 0;
        }

        @Override
        public List<Lease> list() {
            List<Lease> l = store.list();
            lists++;
            objectsListed += l.size();
            return l;
        }

        @Override
        public Optional<Lease> write(String name, String expectedVersion, String holder, Instant renewedAt,
                                     Duration duration) {
            writes++;
            return store.write(name, expectedVersion, holder, renewedAt, duration);
        }

        @Override
        public boolean delete(String name, String expectedVersion) {
            deletes++;
            return store.delete(name, expectedVersion);
        }
    }
}
