package io.rtsprecorder.recorder.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the oldest footage so the volume never fills: segments older than the maximum age, then the oldest of a
 * camera over its size limit, then the oldest overall while the total is over its limit or the volume has less
 * free space than the minimum. Only complete segments are deleted, oldest first; the segment being written is
 * never touched. Runs every minute and at once when a camera reports a full volume ({@link #trigger()}).
 */
public final class Retention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    /** What one run deleted. */
    public record Result(int files, long bytes) {
    }

    private final SegmentCatalog catalog;
    private final RetentionPolicy policy;
    private final DiskSpace disk;
    private final Clock clock;
    private final Counter deletedFiles;
    private final Counter deletedBytes;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean diskUnreadableReported;
    private ScheduledExecutorService scheduler;

    public Retention(SegmentCatalog catalog, RetentionPolicy policy, DiskSpace disk, Clock clock,
                     MeterRegistry registry) {
        this.catalog = catalog;
        this.policy = policy;
        this.disk = disk;
        this.clock = clock;
        this.deletedFiles = Counter.builder("recorder.retention.deleted.files")
                .description("Segments deleted by retention").register(registry);
        this.deletedBytes = Counter.builder("recorder.retention.deleted.bytes")
                .description("Bytes of segments deleted by retention").register(registry);
    }

    /** Runs every {@link #INTERVAL} on a virtual thread, starting now. */
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("retention").factory());
        scheduler.scheduleWithFixedDelay(this::runQuietly, 0, INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    /** Asks for a run as soon as possible (a camera found the volume full); runs coalesce. */
    public void trigger() {
        if (scheduler != null && pending.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                pending.set(false);
                runQuietly();
            });
        }
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (IOException | RuntimeException e) {
            log.error("retention run failed: {}", e.toString());
        }
    }

    /** One pass over every rule; returns what it deleted. */
    public synchronized Result runOnce() throws IOException {
        int files = 0;
        long bytes = 0;
        Instant now = clock.instant();
        if (policy.maxAge() != null) {
            Instant cutoff = now.minus(policy.maxAge());
            for (String device : catalog.devices()) {
                for (SegmentInfo s : catalog.segments(device)) {
                    if (s.complete() && s.end().isBefore(cutoff) && delete(s)) {
                        files++;
                        bytes += s.size();
                    }
                }
            }
        }
        if (policy.maxBytesPerCamera() > 0) {
            for (String device : catalog.devices()) {
                while (catalog.totalBytes(device) > policy.maxBytesPerCamera()) {
                    SegmentInfo s = oldestComplete(device);
                    if (s == null || !delete(s)) {
                        break;
                    }
                    files++;
                    bytes += s.size();
                }
            }
        }
        while ((policy.maxBytes() > 0 && catalog.totalBytes(null) > policy.maxBytes()) || belowMinimumFree()) {
            SegmentInfo s = oldestComplete(null);
            if (s == null || !delete(s)) {
                break;
            }
            files++;
            bytes += s.size();
        }
        if (files > 0) {
            deletedFiles.increment(files);
            deletedBytes.increment(bytes);
            log.info("retention: deleted {} segment(s), {} MiB; {} segment(s) left, {} % of the volume free", files,
                    bytes >> 20, catalog.size(), freePercent());
        }
        return new Result(files, bytes);
    }

    /**
     * Whether the volume has less free space than the minimum. A volume whose size cannot be read (no mount
     * entry, as in a bare chroot) turns only this rule off, once and with a warning; the others still apply.
     */
    private boolean belowMinimumFree() {
        if (policy.minFreePercent() <= 0) {
            return false;
        }
        try {
            return disk.usableBytes() * 100 < disk.totalBytes() * policy.minFreePercent();
        } catch (IOException e) {
            if (!diskUnreadableReported) {
                diskUnreadableReported = true;
                log.warn("retention: cannot read the free space of {} ({}); the free-space rule is off",
                        catalog.savePath(), e.getMessage());
            }
            return false;
        }
    }

    private String freePercent() {
        try {
            long total = disk.totalBytes();
            return total == 0 ? "?" : Long.toString(disk.usableBytes() * 100 / total);
        } catch (IOException e) {
            return "?";
        }
    }

    private SegmentInfo oldestComplete(String device) {
        SegmentInfo best = null;
        List<String> devices = device == null ? catalog.devices() : List.of(device);
        for (String d : devices) {
            SegmentInfo s = catalog.oldestComplete(d).orElse(null);
            if (s != null && (best == null || s.start().isBefore(best.start()))) {
                best = s;
            }
        }
        return best;
    }

    /** Deletes a segment's file and empty directories above it (up to the camera's); false if it failed. */
    private boolean delete(SegmentInfo s) {
        Path file = s.resolve(catalog.savePath());
        try {
            Files.deleteIfExists(file);
            catalog.remove(s);
            Path dir = file.getParent();
            Path cameraDir = catalog.savePath().resolve(s.device());
            while (dir != null && dir.startsWith(cameraDir) && !dir.equals(cameraDir)) {
                try {
                    Files.delete(dir);
                } catch (DirectoryNotEmptyException e) {
                    break;
                }
                dir = dir.getParent();
            }
            return true;
        } catch (IOException e) {
            log.warn("retention: cannot delete {}: {}", s.path(), e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
