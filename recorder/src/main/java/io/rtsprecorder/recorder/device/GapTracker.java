package io.rtsprecorder.recorder.device;

import io.rtsprecorder.recorder.storage.GapJournal;
import io.rtsprecorder.recorder.storage.GapReason;
import io.rtsprecorder.recorder.storage.GapReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One camera's current gap: opened in the {@link GapJournal} the moment footage stops, with the reason, and closed
 * when the next file starts. This is what makes every second of a camera's timeline either in a file or in a gap
 * that says why.
 *
 * <p>A gap keeps the reason it started with (a stall is still the cause while the reconnects that follow are
 * refused); its detail follows the latest problem. A gap that opened only because recording was switched on
 * ({@link GapReason#STARTING}) takes the reason of the first failure. Stretches with no media inside one session
 * (a stream that paused for less than the stream timeout) and frames dropped for a slow disk are recorded as gaps of
 * their own. Called from the camera's supervisor and writer threads; the journal writes are quick and rare, except
 * dropped frames, which are handed to a virtual thread so that the network reader never waits for the disk.
 */
final class GapTracker {

    private final String device;
    private final GapJournal journal;
    private GapJournal.Gap open;

    GapTracker(String device, GapJournal journal) {
        this.device = device;
        this.journal = journal;
    }

    /**
     * Picks up where the last run left off: a gap still open in the journal continues (a clean stop left it open on
     * purpose; a crash during a gap left it open too, and the gap says so). Otherwise, when the camera recorded
     * before and is switched on, the time since its last file is a gap of a recorder that was stopped, cleanly or
     * not as {@code cleanStop} says.
     */
    synchronized void restore(Instant lastFootage, boolean enabled, boolean cleanStop, Instant now) {
        Optional<GapJournal.Gap> last = journal.last(device);
        if (last.isPresent() && last.get().open()) {
            open = last.get();
            if (!cleanStop && open.reason() != GapReason.OFF) {
                update(open.reason(), withNote(open.detail(), "the recorder restarted at " + now
                        + " without a clean stop"));
            }
            return;
        }
        if (!enabled) {
            return;
        }
        Instant lastGapEnd = last.map(GapJournal.Gap::to).orElse(null);
        if (lastFootage != null && (lastGapEnd == null || lastFootage.isAfter(lastGapEnd))) {
            if (cleanStop) {
                begin(GapReason.RECORDER_STOPPED, lastFootage, "the recorder was stopped");
            } else {
                begin(GapReason.RECORDER_DOWN, lastFootage, "the recorder was not running and had not been "
                        + "stopped cleanly (killed, crashed, or its node was lost)");
            }
        } else {
            begin(GapReason.STARTING, now, "waiting for the first file");
        }
    }

    /** Footage stopped at {@code from} for {@code reason}: opens a gap, or updates the one already open. */
    synchronized void stopped(GapReason reason, Instant from, String detail) {
        if (open == null) {
            begin(reason, from, detail);
        } else if (open.reason() == GapReason.STARTING && reason != GapReason.STARTING) {
            update(reason, detail);
        } else if (!Objects.equals(open.detail(), detail)) {
            update(open.reason(), detail);
        }
    }

    /** Recording was switched off at {@code at}: whatever gap was open ends, and an {@code off} gap begins. */
    synchronized void switchedOff(Instant at) {
        if (open != null && open.reason() == GapReason.OFF) {
            return;
        }
        if (open != null) {
            journal.close(device, open.from(), at);
            open = null;
        }
        begin(GapReason.OFF, at, "recording was switched off");
    }

    /** Recording was switched on: an {@code off} gap now waits for the first file, still as {@code off}. */
    synchronized void switchedOn(Instant at) {
        if (open == null) {
            begin(GapReason.STARTING, at, "waiting for the first file");
        }
    }

    /**
     * A new file starts at {@code start}: the open gap ends there. Without one, a pause of the stream since
     * {@code previousEnd} (where the session's previous file ends, as the catalog places it) that the session
     * survived is recorded as a stall.
     */
    synchronized void segmentOpened(Instant start, Instant previousEnd) {
        if (open != null) {
            journal.close(device, open.from(), start);
            open = null;
        } else if (previousEnd != null && Duration.between(previousEnd, start).compareTo(GapReport.MIN_GAP) > 0) {
            journal.add(device, previousEnd, start, GapReason.STALLED, String.format(java.util.Locale.ROOT,
                    "no media for %.1f s; the session stayed up",
                    Duration.between(previousEnd, start).toMillis() / 1000.0));
        }
    }

    /** Frames were dropped from {@code from} to {@code to} because the disk fell behind. */
    void framesDropped(Instant from, Instant to, long count) {
        Thread.ofVirtual().name("gap-journal-" + device).start(() -> journal.add(device, from, to,
                GapReason.DROPPED, count + " frame(s) dropped: the disk did not keep up"));
    }

    /** The gap that is open now, or null while footage reaches the file. */
    synchronized GapJournal.Gap current() {
        return open;
    }

    private void begin(GapReason reason, Instant from, String detail) {
        open = journal.open(device, from, reason, detail);
    }

    private void update(GapReason reason, String detail) {
        open = journal.open(device, open.from(), reason, detail);
    }

    private static String withNote(String detail, String note) {
        return detail == null ? note : detail + "; " + note;
    }
}
