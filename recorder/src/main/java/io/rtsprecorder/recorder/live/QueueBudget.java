package io.rtsprecorder.recorder.live;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of frames that all cameras' queues and caches may hold together: the frame queues between network and disk,
 * the viewers' queues and the GOP caches of the live feeds. Each has its own bound, but a
 * stall that hits every camera at once (a slow volume, a starved CPU) fills them all together, and a hundred
 * per-camera bounds add up to more than the heap: the recorder would die of an OutOfMemoryError and lose every
 * camera. With this shared bound, frames are dropped and counted instead, and recording resumes at the next
 * keyframe. Half the heap: with a quarter (0.7 s of every camera at 200 cameras in a 294 MiB heap), 30 of 200
 * cameras in a load run lost frames up to their next keyframe at one same moment in their first seconds, when 200
 * sessions start at once and the code is not yet compiled; with half, none did. The other half is left for what
 * the writers hold (about 0.6 MiB a camera after a full collection) and for the collector.
 */
public final class QueueBudget {

    public static final QueueBudget SHARED = new QueueBudget(Runtime.getRuntime().maxMemory() / 2);

    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();

    public QueueBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes {@code bytes} from the budget, or nothing and false when that would exceed it. */
    public boolean tryReserve(long bytes) {
        long now;
        do {
            now = used.get();
            if (now + bytes > maxBytes) {
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** The bound: half the heap for {@link #SHARED}. */
    public long maxBytes() {
        return maxBytes;
    }

    public long used() {
        return used.get();
    }
}
