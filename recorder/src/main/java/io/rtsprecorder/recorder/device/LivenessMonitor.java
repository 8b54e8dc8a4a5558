package io.rtsprecorder.recorder.device;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at every camera's recording a few times a second and lets it decide, from the media that reached its file,
 * whether it is still recording (see {@link Device}). One thread for all cameras: a timer per camera would wake the
 * machine hundreds of times a second for nothing.
 *
 * <p>The check is what decides liveness, not the socket: RTCP reports and keep-alive answers keep a connection busy
 * while no picture arrives, so only frames written count. {@link #tick()} runs one round on the caller's thread, for
 * tests with a manual clock.
 */
public final class LivenessMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LivenessMonitor.class);
    /** How often every camera is looked at: the precision of "no video for StreamTimeout". */
    static final Duration INTERVAL = Duration.ofMillis(250);

    /** Something the monitor looks at. Checks must be quick and must not block. */
    interface Watched {
        void check(long nowMillis);
    }

    private final Clock clock;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    /**
     * Set before the thread starts, so the thread never sees it unset. (The thread field itself is assigned only
     * after {@code start} returns; a loop guarded by it could quit before its first round when the new thread runs
     * first, leaving every camera of the service without a liveness rule.)
     */
    private volatile boolean open = true;
    private volatile Thread thread;

    private LivenessMonitor(Clock clock) {
        this.clock = clock;
    }

    /** A monitor whose thread ticks every {@link #INTERVAL} until closed. */
    public static LivenessMonitor start(Clock clock) {
        LivenessMonitor m = new LivenessMonitor(clock);
        m.thread = Thread.ofPlatform().name("liveness").daemon(true).start(m::run);
        return m;
    }

    /** A monitor without a thread: the caller ticks it. */
    public static LivenessMonitor manual(Clock clock) {
        return new LivenessMonitor(clock);
    }

    void watch(Watched w) {
        watched.add(w);
    }

    void unwatch(Watched w) {
        watched.remove(w);
    }

    /** Checks every watched camera once, now. */
    public void tick() {
        long now = clock.millis();
        for (Watched w : watched) {
            try {
                w.check(now);
            } catch (RuntimeException e) {
                log.error("liveness check failed", e);
            }
        }
    }

    private void run() {
        while (open) {
            tick();
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        open = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
