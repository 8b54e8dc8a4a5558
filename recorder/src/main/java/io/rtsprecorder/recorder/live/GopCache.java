package io.rtsprecorder.recorder.live;

import io.rtsprecorder.media.codec.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The camera's latest frames, from a video keyframe on: at least the last {@code keepMillis} (the pre-roll) from
 * the keyframe at or before that, and always the current GOP, so a viewer starts with a picture and
 * {@code /record/on} can start its file before the call. Bounded by {@code maxBytes} and by the shared
 * {@link QueueBudget}: whole GOPs go from the front when either is reached, and a GOP that alone does not fit is not
 * kept. Not thread-safe: the {@link Ingest} holds its lock.
 */
final class GopCache {

    private final long keepMillis;
    private final long maxBytes;
    private final QueueBudget budget;
    private final ArrayDeque<CachedFrame> frames = new ArrayDeque<>();
    private boolean hasVideo;
    private long bytes;

    GopCache(long keepMillis, long maxBytes, QueueBudget budget) {
        this.keepMillis = keepMillis;
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    /** A new session: nothing cached, and whether its tracks include video (else every frame is a start). */
    void reset(boolean sessionHasVideo) {
        clear();
        hasVideo = sessionHasVideo;
    }

    void add(Frame f, long arrivalMillis) {
        boolean start = isStart(f);
        if (frames.isEmpty() && !start) {
            return; // the cache begins at a keyframe
        }
        int size = f.data().length;
        if (!budget.tryReserve(size)) {
            clear();
            return;
        }
        if (start) {
            trimTo(arrivalMillis - keepMillis);
        }
        frames.addLast(new CachedFrame(f, arrivalMillis));
        bytes += size;
        while (bytes > maxBytes) {
            if (!dropOldestGop()) {
                clear(); // one GOP alone is over the bound: keep nothing until the next keyframe
                return;
            }
        }
    }

    /**
     * The cached frames from the latest keyframe that arrived at or before {@code notAfterMillis} (the oldest
     * keyframe when none is that old), oldest first; empty when nothing is cached.
     */
    List<CachedFrame> fromKeyframe(long notAfterMillis) {
        List<CachedFrame> out = new ArrayList<>();
        CachedFrame[] all = frames.toArray(CachedFrame[]::new);
        int from = -1;
        for (int i = 0; i < all.length; i++) {
            if (isStart(all[i].frame()) && (from < 0 || all[i].arrivalMillis() <= notAfterMillis)) {
                from = i;
            }
        }
        for (int i = Math.max(0, from); from >= 0 && i < all.length; i++) {
            out.add(all[i]);
        }
        return out;
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        budget.release(bytes);
        frames.clear();
        bytes = 0;
    }

    /** Drops whole GOPs from the front while the next keyframe is still at or before {@code keepFromMillis}. */
    private void trimTo(long keepFromMillis) {
        while (true) {
            CachedFrame second = secondStart();
            if (second == null || second.arrivalMillis() > keepFromMillis) {
                return;
            }
            dropOldestGop();
        }
    }

    private CachedFrame secondStart() {
        Iterator<CachedFrame> it = frames.iterator();
        if (!it.hasNext()) {
            return null;
        }
        it.next();
        while (it.hasNext()) {
            CachedFrame c = it.next();
            if (isStart(c.frame())) {
                return c;
            }
        }
        return null;
    }

    /** Removes frames up to (not including) the second keyframe; false when there is only one GOP. */
    private boolean dropOldestGop() {
        if (secondStart() == null) {
            return false;
        }
        do {
            remove();
        } while (!frames.isEmpty() && !isStart(frames.peekFirst().frame()));
        return true;
    }

    private void remove() {
        CachedFrame c = frames.pollFirst();
        bytes -= c.frame().data().length;
        budget.release(c.frame().data().length);
    }

    private boolean isStart(Frame f) {
        return hasVideo ? f.format().codec().isVideo() && f.keyframe() : true;
    }
}
