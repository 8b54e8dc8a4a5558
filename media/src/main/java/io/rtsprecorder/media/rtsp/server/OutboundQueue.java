package io.rtsprecorder.media.rtsp.server;

import io.rtsprecorder.media.rtsp.wire.RtspResponse;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Everything one server connection sends, in the order it is to be sent, for its one writer thread: so a PLAY
 * response always precedes the media it starts. Responses are never dropped; media is bounded by
 * {@code maxQueuedBatches}: {@link #offerMedia} refuses a batch when that many wait (the connection then drops the
 * client rather than let it hold up a shared source), {@link #putMedia} waits for room instead (for a source that
 * gives the client a thread of its own).
 */
final class OutboundQueue {

    /** One thing to send. */
    sealed interface Item permits Media, Response, Raw, End {
    }

    /** RTP or RTCP packets of one track. */
    record Media(PacketBatch batch) implements Item {
    }

    record Response(RtspResponse response) implements Item {
    }

    /** Bytes that are neither RTSP nor interleaved frames (fault injection). */
    record Raw(byte[] bytes) implements Item {
    }

    /** Nothing after this: the writer flushes and stops. */
    enum End implements Item {
        INSTANCE
    }

    /** How the writer sends each kind of item; {@link #flush()} when nothing else waits. */
    interface Sink {
        void media(PacketBatch batch) throws IOException;

        void response(RtspResponse response) throws IOException;

        void raw(byte[] bytes) throws IOException;

        void flush() throws IOException;
    }

    private static final long POLL_MILLIS = 50;

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedBatches = new AtomicInteger();
    private final int maxQueuedBatches;

    private final ReentrantLock roomLock = new ReentrantLock();
    private final Condition room = roomLock.newCondition();

    OutboundQueue(int maxQueuedBatches) {
        this.maxQueuedBatches = maxQueuedBatches;
    }

    /** Queues a media batch, waiting while {@code maxQueuedBatches} wait; false when {@code closed} says so first. */
    boolean putMedia(PacketBatch batch, BooleanSupplier closed) throws InterruptedException {
        while (!closed.getAsBoolean()) {
            if (offerMedia(batch)) {
                return true;
            }
            roomLock.lock();
            try {
                if (queuedBatches.get() >= maxQueuedBatches) {
                    room.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
                }
            } finally {
                roomLock.unlock();
            }
        }
        return false;
    }

    /** Queues a media batch; false when {@code maxQueuedBatches} already wait (the client is too slow). */
    boolean offerMedia(PacketBatch batch) {
        if (queuedBatches.incrementAndGet() > maxQueuedBatches) {
            queuedBatches.decrementAndGet();
            return false;
        }
        items.add(new Media(batch));
        return true;
    }

    void respond(RtspResponse response) {
        items.add(new Response(response));
    }

    void raw(byte[] bytes) {
        items.add(new Raw(bytes));
    }

    /** Sends what is queued, then stops. */
    void end() {
        items.add(End.INSTANCE);
    }

    /**
     * The writer thread's loop: sends items in order until {@link #end()}, or until {@code closed} says so and
     * nothing is left; flushes whenever the queue runs empty.
     */
    void sendTo(Sink sink, BooleanSupplier closed) throws IOException, InterruptedException {
        while (!closed.getAsBoolean() || !items.isEmpty()) {
            Item item = items.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (item == null) {
                continue;
            }
            switch (item) {
                case End end -> {
                    sink.flush();
                    return;
                }
                case Media m -> {
                    queuedBatches.decrementAndGet();
                    signalRoom();
                    sink.media(m.batch());
                }
                case Response r -> sink.response(r.response());
                case Raw r -> sink.raw(r.bytes());
            }
            if (items.isEmpty()) {
                sink.flush();
            }
        }
        sink.flush();
    }

    private void signalRoom() {
        roomLock.lock();
        try {
            room.signalAll();
        } finally {
            roomLock.unlock();
        }
    }
}
