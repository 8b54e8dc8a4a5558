package io.rtsprecorder.recorder.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The ownership rules of {@link CameraLeaseBalancer}, on a manual clock and an in-memory store. */
class CameraLeaseBalancerTest {

    private static final LeaseTiming TIMING = LeaseTiming.of(Duration.ofSeconds(15));
    private static final List<String> CAMERAS = IntStream.range(0, 30).mapToObj(i -> "cam-%02d".formatted(i))
            .toList();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryLeaseStore store = new InMemoryLeaseStore();
    /** Which replicas record each camera now, as the balancers' start and stop calls say. */
    private final Map<String, Set<String>> recordedBy = new HashMap<>();
    private final Map<String, CameraLeaseBalancer> replicas = new LinkedHashMap<>();

    private CameraLeaseBalancer replica(String name, LeaseStore s) {
        CameraLeaseBalancer b = new CameraLeaseBalancer(name, s, TIMING, clock, new CameraLeaseBalancer.Recorders() {
            @Override
            public void start(String camera) {
                assertThat(recordedBy.computeIfAbsent(camera, c -> new java.util.TreeSet<>()).add(name))
                        .as("%s started %s twice", name, camera).isTrue();
            }

            @Override
            public void stop(String camera) {
                assertThat(recordedBy.get(camera).remove(name)).as("%s stopped %s it did not record", name, camera)
                        .isTrue();
            }
        });
        replicas.put(name, b);
        return b;
    }

    private void advance(Duration d) {
        clock.set(clock.instant().plus(d));
    }

    /** One round of every balancer in {@code names}, then the clock moves on by a renew interval. */
    private void rounds(int n, List<String> names) {
        for (int i = 0; i < n; i++) {
            for (String r : names) {
                replicas.get(r).round(CAMERAS);
            }
            assertNoCameraRecordedTwice();
            advance(TIMING.renewInterval());
        }
    }

    private void assertNoCameraRecordedTwice() {
        recordedBy.forEach((camera, by) -> assertThat(by).as(camera).hasSizeLessThanOrEqualTo(1));
    }

    private int owned(String replica) {
        return replicas.get(replica).recording().size();
    }

    @Test
    void threeReplicasStartingTogetherEachTakeTheirFairShareAndEveryCameraIsRecordedOnce() {
        List<String> names = List.of("r0", "r1", "r2");
        names.forEach(n -> replica(n, store));
        for (String n : names) { // every replica announces itself before anyone takes cameras
            replicas.get(n).round(List.of());
        }
        rounds(3, names);
        assertThat(names).allSatisfy(n -> assertThat(owned(n)).as(n).isEqualTo(10));
        assertThat(recordedBy.values()).allSatisfy(by -> assertThat(by).hasSize(1));
        assertThat(recordedBy).hasSize(30);
    }

    @Test
    void aReplicaTakesOnlyUpToCeilOfCamerasOverLiveReplicas() {
        replica("a", store);
        replica("b", store);
        replicas.get("a").round(List.of());
        CameraLeaseBalancer.Round r = replicas.get("b").round(CAMERAS.subList(0, 7));
        assertThat(r.liveReplicas()).isEqualTo(2);
        assertThat(r.share()).isEqualTo(4);
        assertThat(r.owned()).isEqualTo(4);
        assertThat(r.taken()).hasSize(4);
    }

    @Test
    void camerasOfADeadReplicaAreTakenOnlyAfterItsLeasesExpire() {
        List<String> names = List.of("r0", "r1", "r2");
        names.forEach(n -> replica(n, store));
        names.forEach(n -> replicas.get(n).round(List.of()));
        rounds(2, names);
        Set<String> orphans = replicas.get("r2").recording();
        assertThat(orphans).hasSize(10);
        // r2 dies: no more rounds and no more fencing (a SIGKILL). Its cameras stay "recorded" by it in our map
        orphans.forEach(c -> recordedBy.get(c).clear());
        Instant death = clock.instant();
        List<String> survivors = List.of("r0", "r1");
        int rounds = 0;
        while (orphans.stream().anyMatch(c -> recordedBy.get(c).isEmpty()) && rounds < 20) {
            for (String r : survivors) {
                replicas.get(r).round(CAMERAS);
            }
            rounds++;
            advance(Duration.ofSeconds(1));
        }
        Duration failover = Duration.between(death, clock.instant());
        assertThat(failover).isGreaterThan(TIMING.duration().minus(TIMING.renewInterval()))
                .isLessThanOrEqualTo(TIMING.duration().plus(Duration.ofSeconds(2)));
        assertThat(owned("r0") + owned("r1")).isEqualTo(30);
        assertThat(owned("r0")).isEqualTo(15);
    }

    @Test
    void aReplicaThatCannotRenewStopsRecordingBeforeItsLeaseExpires() {
        FlakyStore flaky = new FlakyStore(store);
        CameraLeaseBalancer a = replica("a", flaky);
        a.round(CAMERAS.subList(0, 3));
        assertThat(a.recording()).hasSize(3);
        Instant lastRenewal = clock.instant();
        flaky.down = true;
        advance(TIMING.recordingAllowance());
        assertThat(a.fence()).as("still within the allowance").isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(a.fence()).hasSize(3);
        assertThat(a.recording()).isEmpty();
        assertThat(Duration.between(lastRenewal, clock.instant())).isLessThan(TIMING.duration());
        // nobody else could have taken the leases yet: they expire only at lastRenewal + duration
        assertThat(store.get("camera.cam-00").orElseThrow().freeAt(clock.instant())).isFalse();

        // the store comes back before anybody took them: the replica records them again
        flaky.down = false;
        a.round(CAMERAS.subList(0, 3));
        assertThat(a.recording()).hasSize(3);
    }

    @Test
    void aLeaseTakenByAnotherReplicaStopsTheRecordingAtTheNextRound() {
        CameraLeaseBalancer a = replica("a", store);
        a.round(List.of("cam-00"));
        LeaseStore.Lease l = store.get("camera.cam-00").orElseThrow();
        store.write(l.name(), l.version(), "b", clock.instant(), TIMING.duration());
        CameraLeaseBalancer.Round r = a.round(List.of("cam-00"));
        assertThat(r.lost()).containsExactly("cam-00");
        assertThat(a.recording()).isEmpty();
    }

    @Test
    void aCameraNoLongerToBeRecordedIsStoppedAndItsLeaseDeleted() {
        CameraLeaseBalancer a = replica("a", store);
        a.round(List.of("cam-00", "cam-01"));
        a.round(List.of("cam-01"));
        assertThat(a.recording()).containsExactly("cam-01");
        assertThat(store.get("camera.cam-00")).isEmpty();
    }

    @Test
    void addingAReplicaMovesCamerasToItOneHandOverPerRoundUntilSharesAreEven() {
        List<String> two = List.of("r0", "r1");
        two.forEach(n -> replica(n, store));
        two.forEach(n -> replicas.get(n).round(List.of()));
        rounds(2, two);
        assertThat(owned("r0")).isEqualTo(15);
        replica("r2", store);
        List<String> three = List.of("r0", "r1", "r2");
        replicas.get("r2").round(CAMERAS); // announces itself; nothing free yet
        assertThat(owned("r2")).isZero();
        List<Integer> handOversPerRound = new ArrayList<>();
        for (int i = 0; i < 12 && !(owned("r0") == 10 && owned("r1") == 10 && owned("r2") == 10); i++) {
            int handedOver = 0;
            for (String r : three) {
                handedOver += replicas.get(r).round(CAMERAS).handedOver().size();
            }
            handOversPerRound.add(handedOver);
            assertNoCameraRecordedTwice();
            advance(TIMING.renewInterval());
        }
        assertThat(three).allSatisfy(n -> assertThat(owned(n)).as(n).isEqualTo(10));
        assertThat(handOversPerRound).allSatisfy(h -> assertThat(h).isLessThanOrEqualTo(2));
        assertThat(recordedBy.values().stream().filter(by -> by.size() == 1).count()).isEqualTo(30);
    }

    @Test
    void releaseAllHandsEveryCameraOverAtOnceForACleanShutdown() {
        CameraLeaseBalancer a = replica("a", store);
        CameraLeaseBalancer b = replica("b", store);
        a.round(List.of());
        b.round(CAMERAS.subList(0, 4));
        a.round(CAMERAS.subList(0, 4));
        assertThat(a.recording()).hasSize(2);
        b.releaseAll();
        assertThat(b.recording()).isEmpty();
        assertThat(store.get("member.b")).isEmpty();
        a.round(CAMERAS.subList(0, 4));
        assertThat(a.recording()).hasSize(4);
    }

    /** A store that can be made unreachable. */
    private static final class FlakyStore implements LeaseStore {
        private final LeaseStore delegate;
        volatile boolean down;

        FlakyStore(LeaseStore delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (down) {
                throw new LeaseStoreException("unreachable", null);
            }
        }

        @Override
        public List<Lease> list() {
            check();
            return delegate.list();
        }

        @Override
        public Optional<Lease> write(String name, String expectedVersion, String holder, Instant renewedAt,
                                     Duration duration) {
            check();
            return delegate.write(name, expectedVersion, holder, renewedAt, duration);
        }

        @Override
        public boolean delete(String name, String expectedVersion) {
            check();
            return delegate.delete(name, expectedVersion);
        }
    }
}
