package io.rtsprecorder.recorder.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtsprecorder.recorder.device.DeviceManager;
import io.rtsprecorder.recorder.device.DeviceStatus;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.shard.CameraLeaseBalancer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sharded mode ({@code CameraSource=kubernetes}) at run time: the camera list from {@link CameraResources}, the
 * ownership rounds of a {@link CameraLeaseBalancer} on {@link KubernetesLeaseStore}, and the Cameras' status.
 *
 * <p>Two threads: one runs a round every renew interval (sooner, but at most every {@value #MIN_ROUND_MILLIS} ms,
 * when a Camera changes) and then writes the status of the cameras recorded here; the other runs the balancer's
 * fencing check every {@value #FENCE_MILLIS} ms, so that a request to the API server that hangs cannot keep a
 * recording going past its lease. A status is written when its state, owner, last file or message changes, and
 * otherwise at most every {@link #STATUS_REFRESH}: {@code lastFrameAt} moves with every frame, the API server must
 * not.
 */
public final class ShardedRecording implements AutoCloseable {

    /** How often an unchanged Camera status is written again, to keep {@code lastFrameAt} roughly current. */
    public static final Duration STATUS_REFRESH = Duration.ofSeconds(30);
    private static final long MIN_ROUND_MILLIS = 200;
    private static final long FENCE_MILLIS = 250;
    private static final Logger log = LoggerFactory.getLogger(ShardedRecording.class);

    private final ShardingConfig config;
    private final CameraResources cameras;
    private final DeviceManager devices;
    private final Clock clock;
    private final CameraLeaseBalancer balancer;
    private final Semaphore wake = new Semaphore(0);
    private final Map<String, Written> written = new HashMap<>();
    /** The definition each camera recorded here was started with: a changed Camera restarts its recording. */
    private final Map<String, CameraDefinition> adopted = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread rounds;
    private Thread fencing;

    private record Written(Map<String, Object> status, Instant at) {
    }

    private ShardedRecording(ShardingConfig config, KubernetesClient client, DeviceManager devices, Clock clock) {
        this.config = config;
        String namespace = config.namespace() != null ? config.namespace()
                : Objects.requireNonNullElse(client.getNamespace(), "default");
        this.cameras = new CameraResources(client, namespace);
        this.devices = devices;
        this.clock = clock;
        this.balancer = new CameraLeaseBalancer(config.replica(), new KubernetesLeaseStore(client, namespace),
                config.timing(), clock, new CameraLeaseBalancer.Recorders() {
                    @Override
                    public void start(String camera) {
                        cameras.find(camera).ifPresent(c -> {
                            adopted.put(camera, c);
                            devices.adopt(c);
                        });
                    }

                    @Override
                    public void stop(String camera) {
                        adopted.remove(camera);
                        devices.release(camera);
                        synchronized (written) {
                            written.remove(camera);
                        }
                    }
                });
    }

    /**
     * Watches the Cameras, announces this replica, hands the API's camera changes to the Cameras and starts the
     * rounds. Throws {@link IllegalStateException} when the Cameras cannot be read within {@code syncTimeout}.
     */
    public static ShardedRecording start(ShardingConfig config, KubernetesClient client, DeviceManager devices,
                                         Clock clock) {
        ShardedRecording s = new ShardedRecording(config, client, devices, clock);
        s.cameras.watch(s.wake::release);
        devices.startSharded(s.cameras);
        s.rounds = Thread.ofPlatform().name("shard-rounds").daemon().start(s::runRounds);
        s.fencing = Thread.ofPlatform().name("shard-fencing").daemon().start(s::runFencing);
        log.info("sharded recording as replica {}: lease {} s, renewed every {} ms, fenced {} ms before expiry",
                config.replica(), config.timing().duration().toSeconds(), config.timing().renewInterval().toMillis(),
                config.timing().fencingMargin().toMillis());
        return s;
    }

    private void runRounds() {
        long interval = config.timing().renewInterval().toMillis();
        boolean announced = false;
        while (running) {
            long t0 = System.nanoTime();
            try {
                if (!announced) {
                    int live = balancer.announce();
                    announced = true;
                    log.info("replica {} announced; {} live replica(s)", config.replica(), live);
                    sleep(interval);
                    continue;
                }
                if (cameras.synced()) {
                    List<String> wanted = cameras.definitions().values().stream()
                            .filter(c -> Boolean.TRUE.equals(c.recording())).map(CameraDefinition::name).toList();
                    CameraLeaseBalancer.Round r = balancer.round(wanted);
                    restartRedefined();
                    if (!r.taken().isEmpty() || !r.handedOver().isEmpty() || !r.lost().isEmpty()) {
                        log.info("lease round: {} live replica(s), {} camera(s), share {}, recording {}; took {}, "
                                + "handed over {}, lost {}", r.liveReplicas(), r.cameras(), r.share(), r.owned(),
                                r.taken(), r.handedOver(), r.lost());
                    }
                    writeStatuses();
                }
            } catch (RuntimeException e) {
                log.warn("lease round failed: {}", e.getMessage());
            }
            long spent = (System.nanoTime() - t0) / 1_000_000;
            try {
                if (wake.tryAcquire(Math.max(0, interval - spent), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                    sleep(MIN_ROUND_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void runFencing() {
        while (running) {
            try {
                List<String> fenced = balancer.fence();
                if (!fenced.isEmpty()) {
                    log.warn("stopped recording {}: their leases were not renewed for {} ms", fenced,
                            config.timing().recordingAllowance().toMillis());
                }
            } catch (RuntimeException e) {
                log.warn("fencing check failed: {}", e.toString());
            }
            sleep(FENCE_MILLIS);
        }
    }

    /** A Camera whose address, Secret or TLS settings changed is recorded again with them (same lease). */
    private void restartRedefined() {
        Map<String, CameraDefinition> now = cameras.definitions();
        for (Map.Entry<String, CameraDefinition> e : adopted.entrySet()) {
            CameraDefinition c = now.get(e.getKey());
            if (c != null && !c.withRecording(true).equals(e.getValue().withRecording(true))) {
                log.info("Camera {} changed: recording it again with its new settings", e.getKey());
                devices.release(e.getKey());
                adopted.put(e.getKey(), c);
                devices.adopt(c);
            }
        }
    }

    private void writeStatuses() {
        Instant now = clock.instant();
        for (String camera : balancer.recording()) {
            DeviceStatus s;
            try {
                s = devices.status(camera);
            } catch (RuntimeException e) {
                continue;
            }
            Map<String, Object> status = new LinkedHashMap<>();
            status.put(CameraSchema.STATE, s.state());
            status.put(CameraSchema.OWNER, config.replica());
            status.put(CameraSchema.LAST_FILE, s.currentFile() != null ? s.currentFile() : s.lastFile());
            status.put(CameraSchema.MESSAGE, s.failure() != null ? s.failure()
                    : s.gap() != null ? s.gap().reason() : null);
            Written before;
            synchronized (written) {
                before = written.get(camera);
            }
            boolean changed = before == null || !before.status().equals(status);
            if (!changed && Duration.between(before.at(), now).compareTo(STATUS_REFRESH) < 0) {
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>(status);
            body.put(CameraSchema.LAST_FRAME_AT, s.lastFrameAt() == null ? null : s.lastFrameAt().toString());
            if (cameras.writeStatus(camera, body)) {
                synchronized (written) {
                    written.put(camera, new Written(status, now));
                }
            }
        }
    }

    /** The balancer, for tests and the status page. */
    public CameraLeaseBalancer balancer() {
        return balancer;
    }

    /**
     * Stops the rounds, closes every file here (in parallel), then releases the leases, so that the other replicas
     * take the cameras at their next round instead of after the lease duration.
     */
    @Override
    public void close() {
        running = false;
        wake.release();
        join(rounds);
        join(fencing);
        devices.close(); // every file closed in parallel first; releasing the leases then stops nothing slow
        try {
            balancer.releaseAll();
        } catch (RuntimeException e) {
            log.warn("cannot release the leases ({}); the other replicas take the cameras when they expire",
                    e.getMessage());
        }
        cameras.close();
    }

    private static void join(Thread t) {
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(Duration.ofSeconds(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
