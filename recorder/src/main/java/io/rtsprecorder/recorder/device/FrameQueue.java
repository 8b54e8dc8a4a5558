package io.rtsprecorder.recorder.device;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.rtp.FrameSink;
import io.rtsprecorder.recorder.live.CachedFrame;
import io.rtsprecorder.recorder.live.QueueBudget;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between a camera's network reader and its disk writer: the one place where frames may be
 * dropped, so a slow disk never stalls the RTSP connection (which would make the camera drop us) or another camera.
 *
 * <p>Bounded by frames and by bytes, its own and the {@link QueueBudget} all queues share. When full, the new frame
 * is dropped and counted; after a dropped video frame that track's frames are dropped up to its next keyframe,
 * because the frames in between would not decode.
 * {@link #offer} never blocks.
 *
 * <p>Hand-over is in batches, not per frame: {@link #drainTo} waits until {@code wakeBytes} have gathered, the
 * queue is closed, or its wait time passes, then takes everything. Waking the writer for every frame (some 70 a
 * second for H.264 + AAC) cost a futex wake, a park and an unpark per frame, which at 100 cameras was a tenth of
 * the recorder's CPU; the writer writes whole fragments anyway, so waiting a fraction of a second costs nothing.
 */
final class FrameQueue implements FrameSink {

    private final int maxFrames;
    private final long maxBytes;
    private final long wakeBytes;
    private final QueueBudget budget;
    private final AtomicLong droppedTotal;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<CachedFrame> frames = new ArrayDeque<>();
    private final boolean[] waitingForKeyframe = new boolean[64];
    private long bytes;
    private long dropped;
    private boolean closed;

    /**
     * @param wakeBytes    queued bytes at which a waiting {@link #drainTo} returns early; below it, the writer
     *                     sleeps out its wait time
     * @param droppedTotal counts every dropped frame as it happens, so a camera's status shows drops of the
     *                     running session too
     */
    FrameQueue(int maxFrames, long maxBytes, long wakeBytes, QueueBudget budget, AtomicLong droppedTotal) {
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.wakeBytes = wakeBytes;
        this.budget = budget;
        this.droppedTotal = droppedTotal;
    }

    @Override
    public void frame(Frame frame) {
        offer(frame, System.currentTimeMillis());
    }

    boolean offer(Frame frame) {
        return offer(frame, System.currentTimeMillis());
    }

    /**
     * Queues {@code frame}, which arrived at {@code arrivalMillis}, or drops it when full or closed; returns whether
     * it was queued.
     */
    boolean offer(Frame frame, long arrivalMillis) {
        boolean video = frame.format().codec().isVideo();
        int track = Math.min(frame.track(), waitingForKeyframe.length - 1);
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (video && waitingForKeyframe[track]) {
                if (!frame.keyframe()) {
                    drop();
                    return false;
                }
                waitingForKeyframe[track] = false;
            }
            if (frames.size() >= maxFrames || bytes + frame.data().length > maxBytes
                    || !budget.tryReserve(frame.data().length)) {
                drop();
                if (video) {
                    waitingForKeyframe[track] = true;
                }
                return false;
            }
            frames.addLast(new CachedFrame(frame, arrivalMillis));
            long before = bytes;
            bytes += frame.data().length;
            if (before < wakeBytes && bytes >= wakeBytes) {
                ready.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves every queued frame, oldest first, to {@code into} and returns how many. Waits first, up to
     * {@code maxWait}, unless {@code wakeBytes} are already queued or the queue is closed; may return 0.
     */
    int drainTo(List<CachedFrame> into, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        try {
            while (!closed && bytes < wakeBytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                ready.awaitNanos(left);
            }
            int n = frames.size();
            into.addAll(frames);
            frames.clear();
            budget.release(bytes);
            bytes = 0;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** True once closed and drained: the writer is done. */
    boolean finished() {
        lock.lock();
        try {
            return closed && frames.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of the frames queued now: what this queue takes of the {@link QueueBudget}. */
    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** No more frames will be accepted; those queued are still handed out. */
    void close() {
        lock.lock();
        try {
            closed = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void drop() {
        dropped++;
        droppedTotal.incrementAndGet();
    }

    /** Drops whatever is still queued (the writer has gone) and gives its bytes back to the budget. */
    void clear() {
        lock.lock();
        try {
            frames.clear();
            budget.release(bytes);
            bytes = 0;
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }
}
