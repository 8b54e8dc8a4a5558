package io.rtsprecorder.recorder.device;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.rtp.FrameSink;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between a camera's network reader and its disk writer: the one place where frames may be
 * dropped, so a slow disk never stalls the RTSP connection (which would make the camera drop us) or another camera.
 *
 * <p>Bounded by frames and by bytes. When full, the new frame is dropped and counted; after a dropped video frame
 * that track's frames are dropped up to its next keyframe, because the frames in between would not decode.
 * {@link #offer} never blocks; {@link #take} blocks until a frame or {@link #close()}.
 */
final class FrameQueue implements FrameSink {

    private final int maxFrames;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final boolean[] waitingForKeyframe = new boolean[64];
    private long bytes;
    private long dropped;
    private boolean closed;

    FrameQueue(int maxFrames, long maxBytes) {
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    @Override
    public void frame(Frame frame) {
        offer(frame);
    }

    /** Queues {@code frame}, or drops it when full or closed; returns whether it was queued. */
    boolean offer(Frame frame) {
        boolean video = frame.format().codec().isVideo();
        int track = Math.min(frame.track(), waitingForKeyframe.length - 1);
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (video && waitingForKeyframe[track]) {
                if (!frame.keyframe()) {
                    dropped++;
                    return false;
                }
                waitingForKeyframe[track] = false;
            }
            if (frames.size() >= maxFrames || bytes + frame.data().length > maxBytes) {
                dropped++;
                if (video) {
                    waitingForKeyframe[track] = true;
                }
                return false;
            }
            frames.addLast(frame);
            bytes += frame.data().length;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The next frame; null once the queue is closed and empty, or when {@code timeoutMillis} passes. */
    Frame poll(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (frames.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (closed || left <= 0) {
                    return null;
                }
                notEmpty.awaitNanos(left);
            }
            Frame f = frames.removeFirst();
            bytes -= f.data().length;
            return f;
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

    /** No more frames will be accepted; those queued are still handed out. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
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
