package io.rtsprecorder.media.mux;

import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few direct buffers shared by every file write of the process. The OS can only write from native memory, so a
 * write of heap bytes is a copy into a direct buffer either way; left to the JDK, that buffer comes from a cache
 * kept per carrier thread and sized by the largest write it has seen. Blocking file writes on virtual threads make
 * the scheduler add carriers, and with a hundred cameras those caches held some 47 MiB of native memory. This pool
 * holds {@code buffers} × {@link #BUFFER_BYTES}, allocated on first use, however many cameras and threads there are;
 * a writer that finds them all in use waits for one (a copy into the page cache takes well under a millisecond).
 */
final class WriteBufferPool {

    /** Large enough that a fragment (at most 128 KiB of media plus one frame) goes to the OS in one write. */
    static final int BUFFER_BYTES = 1 << 20;

    static final WriteBufferPool SHARED = new WriteBufferPool(4);

    private final int capacity;
    private final ArrayBlockingQueue<ByteBuffer> free;
    private final AtomicInteger allocated = new AtomicInteger();

    WriteBufferPool(int buffers) {
        this.capacity = buffers;
        this.free = new ArrayBlockingQueue<>(buffers);
    }

    /** A cleared buffer of {@link #BUFFER_BYTES}; give it back with {@link #release}. */
    ByteBuffer acquire() throws InterruptedIOException {
        ByteBuffer b = free.poll();
        if (b == null) {
            if (allocated.getAndUpdate(n -> n < capacity ? n + 1 : n) < capacity) {
                return ByteBuffer.allocateDirect(BUFFER_BYTES);
            }
            try {
                b = free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a write buffer");
            }
        }
        return b.clear();
    }

    void release(ByteBuffer buffer) {
        free.offer(buffer);
    }

    /** Buffers allocated so far (for tests). */
    int allocated() {
        return allocated.get();
    }
}
