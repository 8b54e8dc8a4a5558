package io.rtsprecorder.media.mux;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces closed segment files to the device on one background thread, so that a camera's writer goes on with
 * its next segment at once. A segment is complete and playable when its writer's close returns (its bytes are
 * in the page cache, which a killed process does not lose); the force only guards against a power cut. Done on
 * the writer, it stalled that camera's frames for as long as the device took to flush the whole segment, and since
 * cameras started together cut their segments together, 200 cameras on 10 s segments queued up some 150 MiB of
 * frames every 10 s waiting for each other's flushes.
 *
 * <p>Order is kept: files are forced and closed in the order their segments closed. {@link #awaitIdle} waits for
 * all of them, for a clean shutdown. A failed force is logged: what such a file risks is what any file risks in a
 * power cut, losing its tail, and a fragmented MP4 cut short still plays up to its last complete fragment.
 */
public final class SegmentSync {

    private static final Logger log = LoggerFactory.getLogger(SegmentSync.class);
    private static final ExecutorService SYNCER = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("segment-sync").factory());

    private SegmentSync() {
    }

    /** Forces {@code channel}'s content and size to the device, then closes it; in the background. */
    static void forceAndClose(FileChannel channel, Path file) throws IOException {
        try {
            SYNCER.execute(() -> {
                try (channel) {
                    channel.force(true);
                } catch (IOException e) {
                    log.warn("could not force {} to the device: {}", file, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            try (channel) {
                channel.force(true);
            }
        }
    }

    /** Waits until every file handed over so far is forced and closed; false when {@code timeout} passed first. */
    public static boolean awaitIdle(Duration timeout) throws InterruptedException {
        try {
            SYNCER.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
