package io.rtsprecorder.recorder.live;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's bounded queue and its delivery thread. The feed offers without ever waiting; when the queue is
 * full the frame is dropped and counted, and that track's video is dropped up to its next keyframe (the frames in
 * between would not decode). A subscriber starts waiting for a video keyframe too, unless the feed hands it a
 * cached GOP first.
 */
final class SubscriberQueue implements Subscription {

    private static final Logger log = LoggerFactory.getLogger(SubscriberQueue.class);

    private sealed interface Item permits Started, FrameItem, Ended {
    }

    private record Started(List<TrackFormat> tracks) implements Item {
    }

    private record FrameItem(Frame frame) implements Item {
    }

    private record Ended() implements Item {
    }

    private final LiveSubscriber subscriber;
    private final int maxFrames;
    private final long maxBytes;
    private final QueueBudget budget;
    private final Runnable onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final boolean[] waitingForKeyframe = new boolean[64];
    private boolean waitingForVideo = true;
    private long bytes;
    private long dropped;
    private boolean closed;

    SubscriberQueue(LiveSubscriber subscriber, String name, int maxFrames, long maxBytes, QueueBudget budget,
                    Runnable onClose) {
        this.subscriber = subscriber;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.budget = budget;
        this.onClose = onClose;
        Thread.ofVirtual().name("live-" + name).start(this::deliver);
    }

    /** A session starts: its tracks, and a wait for the first video keyframe (unless cached frames follow). */
    void started(List<TrackFormat> tracks) {
        lock.lock();
        try {
            Arrays.fill(waitingForKeyframe, false);
            waitingForVideo = tracks.stream().anyMatch(t -> t.codec().isVideo());
            put(new Started(tracks), 0);
        } finally {
            lock.unlock();
        }
    }

    void ended() {
        lock.lock();
        try {
            put(new Ended(), 0);
        } finally {
            lock.unlock();
        }
    }

    /** Queues a frame, or drops it (see the class comment); never waits. */
    void offer(Frame f) {
        boolean video = f.format().codec().isVideo();
        int track = Math.min(f.track(), waitingForKeyframe.length - 1);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (waitingForVideo) {
                if (!(video && f.keyframe())) {
                    return; // not started yet: nothing before the first keyframe is of use
                }
                waitingForVideo = false;
            }
            if (video && waitingForKeyframe[track]) {
                if (!f.keyframe()) {
                    dropped++;
                    return;
                }
                waitingForKeyframe[track] = false;
            }
            int size = f.data().length;
            if (items.size() >= maxFrames || bytes + size > maxBytes || !budget.tryReserve(size)) {
                dropped++;
                if (video) {
                    waitingForKeyframe[track] = true;
                }
                return;
            }
            put(new FrameItem(f), size);
        } finally {
            lock.unlock();
        }
    }

    private void put(Item item, int size) {
        if (closed) {
            return;
        }
        items.addLast(item);
        bytes += size;
        ready.signal();
    }

    private void deliver() {
        try {
            while (true) {
                Item item;
                lock.lock();
                try {
                    while (items.isEmpty() && !closed) {
                        ready.await();
                    }
                    if (closed) {
                        return;
                    }
                    item = items.pollFirst();
                    if (item instanceof FrameItem fi) {
                        bytes -= fi.frame().data().length;
                        budget.release(fi.frame().data().length);
                    }
                } finally {
                    lock.unlock();
                }
                switch (item) {
                    case Started s -> subscriber.started(s.tracks());
                    case FrameItem fi -> subscriber.frame(fi.frame());
                    case Ended e -> subscriber.ended();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("a live subscriber failed and was dropped: {}", e.toString());
            close();
        }
    }

    @Override
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            budget.release(bytes);
            bytes = 0;
            items.clear();
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.run();
    }
}
