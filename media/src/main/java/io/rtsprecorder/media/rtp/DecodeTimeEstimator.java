package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Derives decode timestamps for video whose RTP timestamps are presentation times (RFC 6184/7798 carry no DTS).
 *
 * <p>Without B-frames DTS equals PTS. With a reorder depth of D frames, a frame's presentation rank is at most D
 * ahead of its decode position, so when frame i arrives the (i-D)-th smallest PTS of the stream is already known
 * and is a valid DTS for frame i: it never exceeds frame i's PTS and it grows with i. A min-heap of D+1 PTS
 * values yields it without look-ahead; only the first D frames wait, and get DTS values extrapolated below the
 * first one by the smallest frame interval seen. A depth larger than the stream's real one only shifts DTS back by
 * whole frames, which players handle as a constant composition offset.
 */
final class DecodeTimeEstimator {

    /** Frames collected beyond the depth before the first DTS is given out, to measure one frame interval. */
    private static final int EXTRA_PRIMING_FRAMES = 3;

    private final PriorityQueue<Long> presentationTimes = new PriorityQueue<>();
    private final List<Frame> held = new ArrayList<>();
    private int depth;
    private boolean primed;

    DecodeTimeEstimator(int depth) {
        this.depth = Math.max(0, Math.min(depth, 16));
    }

    /** Raises the reorder depth (a new SPS may announce more reordering); never lowers it mid-stream. */
    void atLeast(int newDepth) {
        if (newDepth > depth && !primed) {
            depth = Math.min(newDepth, 16);
        }
    }

    int depth() {
        return depth;
    }

    /** Takes a frame whose {@code dts} is still unset (equal to its pts) and emits frames with valid DTS. */
    void push(Frame frame, FrameSink sink) {
        if (depth == 0) {
            emit(frame, frame.pts(), sink);
            return;
        }
        presentationTimes.add(frame.pts());
        if (!primed) {
            held.add(frame);
            if (held.size() < depth + EXTRA_PRIMING_FRAMES + 1) {
                return;
            }
            releaseHeld(sink);
            return;
        }
        emit(frame, presentationTimes.poll(), sink);
    }

    /** Emits frames still waiting for the estimator to fill (a stream shorter than the reorder depth). */
    void flush(FrameSink sink) {
        if (!primed && !held.isEmpty()) {
            releaseHeld(sink);
        }
    }

    /**
     * Gives the collected frames their DTS: frame j (j >= D) gets the (j-D)-th smallest PTS, as in steady state;
     * the first D frames are spaced one interval apart below that.
     */
    private void releaseHeld(FrameSink sink) {
        primed = true;
        long step = step();
        int lead = Math.min(depth, held.size() - 1);
        long first = presentationTimes.peek();
        for (int j = 0; j < held.size(); j++) {
            long dts = j < lead ? first - (long) (lead - j) * step : presentationTimes.poll();
            emit(held.get(j), dts, sink);
        }
        held.clear();
    }

    /** The smallest positive gap between the presentation times seen so far: one frame interval. */
    private long step() {
        List<Long> sorted = new ArrayList<>(presentationTimes);
        for (Frame f : held) {
            sorted.add(f.pts());
        }
        sorted.sort(null);
        long best = Long.MAX_VALUE;
        for (int i = 1; i < sorted.size(); i++) {
            long d = sorted.get(i) - sorted.get(i - 1);
            if (d > 0 && d < best) {
                best = d;
            }
        }
        return best == Long.MAX_VALUE ? 1 : best;
    }

    /**
     * Emits the frame with its DTS. A camera whose timestamps step back makes the DTS step back here too, with its
     * PTS: clamping DTS to the previous one plus a tick would give a run of one-tick frames whose PTS lies before
     * their DTS. Recordings put such steps right with {@code TimelineRule}, which moves PTS and DTS together.
     */
    private void emit(Frame frame, long dts, FrameSink sink) {
        sink.frame(new Frame(frame.track(), frame.format(), frame.pts(), dts, frame.keyframe(), frame.data()));
    }
}
