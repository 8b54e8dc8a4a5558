package io.rtsprecorder.media.record;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import java.time.Duration;
import java.util.Arrays;

/**
 * The one rule for timestamps that do not move on as they should, the same for every container: per track, a
 * decode time that steps back (or repeats) or jumps forward by more than a threshold never reaches a file as such.
 *
 * <p>Real cameras step back after an NTP re-sync or an encoder restart, VLC's RTSP output steps back about 100 ms at
 * each loop of its file, and a camera whose stream paused resumes with timestamps far ahead. Written as they are,
 * such frames make decoders report "non monotonically increasing dts", give MP4 samples of one tick, and put
 * seconds of frozen picture into a file. So:
 * <ul>
 *   <li>A step back smaller than the threshold is <b>absorbed</b>: the frame continues from the track's last decode
 *       time plus its nominal frame duration, and so does every later frame of the track (the offset stays). Each
 *       track is corrected on its own; when a server steps every track back together, as servers do, audio and video
 *       stay aligned within one frame duration.</li>
 *   <li>A jump forward by more than the threshold, or a step back by more, is a <b>discontinuity</b>: the track
 *       continues the same way, and the recording starts a new segment at the next video keyframe, whose wall-clock
 *       start then places the footage correctly in time (a real pause shows as a gap between segments).</li>
 * </ul>
 * The threshold is at least {@link #MIN_FRAMES_IN_THRESHOLD} nominal frame durations, and a track's first interval
 * may be up to {@link #FIRST_INTERVAL_LIMIT_SECONDS}, so a camera sending one frame every few seconds is not cut at
 * every frame. Decode times written are therefore strictly increasing per track.
 * Presentation times move with their decode times, so B-frame reordering is kept.
 *
 * <p>Not thread-safe: one instance per recording, used by the thread that writes it.
 */
public final class TimelineRule {

    /** What the rule did to one frame. */
    public enum Verdict {
        /** Timestamps as they came (plus the track's earlier corrections). */
        IN_ORDER,
        /** A small step back, absorbed. */
        ABSORBED,
        /** A large jump: the segment should end at the next video keyframe. */
        DISCONTINUITY
    }

    /** A frame with its corrected timestamps, and what the rule did. */
    public record Result(Frame frame, Verdict verdict) {
    }

    /** The threshold never covers fewer than this many of a track's frames. */
    static final int MIN_FRAMES_IN_THRESHOLD = 3;
    /**
     * A track's first interval is taken as its frame rate up to this long, since there is nothing to compare it
     * with yet: a camera sending one frame every few seconds would otherwise be cut at every frame.
     */
    static final long FIRST_INTERVAL_LIMIT_SECONDS = 10;
    private static final int HISTORY = 8;

    private final long thresholdMicros;
    private final Track[] tracks;
    private long absorbed;
    private long discontinuities;

    /** One track's correction and recent frame durations. */
    private static final class Track {
        final long[] recentDurations = new long[HISTORY];
        int recentCount;
        int recentNext;
        boolean started;
        long lastDts;
        long offset;
    }

    public TimelineRule(int trackCount, Duration threshold) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("the discontinuity threshold must be positive");
        }
        this.thresholdMicros = threshold.toNanos() / 1000;
        this.tracks = new Track[trackCount];
        for (int i = 0; i < trackCount; i++) {
            tracks[i] = new Track();
        }
    }

    /** Applies the rule to the next frame of its track (frames of one track arrive in decode order). */
    public Result apply(Frame frame) {
        Track t = tracks[frame.track()];
        long dts = frame.dts() + t.offset;
        if (!t.started) {
            t.started = true;
            t.lastDts = dts;
            return new Result(shifted(frame, t.offset), Verdict.IN_ORDER);
        }
        long delta = dts - t.lastDts;
        long nominal = nominalDuration(t, frame);
        long timescale = frame.format().timescale();
        long threshold = Math.max(thresholdMicros * timescale / 1_000_000L, MIN_FRAMES_IN_THRESHOLD * nominal);
        long forwardLimit = t.recentCount == 0
                ? Math.max(threshold, FIRST_INTERVAL_LIMIT_SECONDS * timescale) : threshold;
        Verdict verdict;
        if (delta > 0 && delta <= forwardLimit) {
            verdict = Verdict.IN_ORDER;
            remember(t, delta);
        } else {
            verdict = delta <= 0 && -delta < threshold ? Verdict.ABSORBED : Verdict.DISCONTINUITY;
            t.offset += t.lastDts + nominal - dts;
            if (verdict == Verdict.ABSORBED) {
                absorbed++;
            } else {
                discontinuities++;
            }
        }
        t.lastDts = frame.dts() + t.offset;
        return new Result(shifted(frame, t.offset), verdict);
    }

    /** Small steps back absorbed so far. */
    public long absorbed() {
        return absorbed;
    }

    /** Large jumps seen so far. */
    public long discontinuities() {
        return discontinuities;
    }

    private static Frame shifted(Frame f, long offset) {
        return offset == 0 ? f : new Frame(f.track(), f.format(), f.pts() + offset, f.dts() + offset, f.keyframe(),
                f.data());
    }

    private static void remember(Track t, long duration) {
        t.recentDurations[t.recentNext] = duration;
        t.recentNext = (t.recentNext + 1) % HISTORY;
        t.recentCount = Math.min(HISTORY, t.recentCount + 1);
    }

    /**
     * The duration a frame of this track normally has: for sample-per-byte audio the frame's own sample count,
     * otherwise the median of the track's recent durations (robust against the odd lost frame), and before there
     * are any, 1/25 s for video and 1024 samples (one AAC frame) for audio.
     */
    static long nominalDuration(Frame frame, long[] recent, int count) {
        Codec codec = frame.format().codec();
        int channels = Math.max(1, frame.format().channels());
        if (codec == Codec.PCMA || codec == Codec.PCMU) {
            return Math.max(1, frame.data().length / channels);
        }
        if (codec == Codec.LPCM) {
            return Math.max(1, frame.data().length / (2L * channels));
        }
        if (count > 0) {
            long[] sorted = Arrays.copyOf(recent, count);
            Arrays.sort(sorted);
            return sorted[count / 2];
        }
        return codec.isVideo() ? Math.max(1, frame.format().timescale() / 25) : 1024;
    }

    private static long nominalDuration(Track t, Frame frame) {
        return nominalDuration(frame, t.recentDurations, t.recentCount);
    }
}
