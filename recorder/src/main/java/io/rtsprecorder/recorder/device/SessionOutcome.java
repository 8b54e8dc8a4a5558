package io.rtsprecorder.recorder.device;

import io.rtsprecorder.recorder.storage.GapReason;

/**
 * How one RTSP session of a camera ended: what the supervisor does next, and why the footage has a gap from here.
 *
 * @param gap      why footage stops here; null when the session ended because it was asked to (switch-off or
 *                 shutdown: the caller knows which)
 * @param failure  set when retrying soon cannot help: the camera shows FAILED and is retried slowly
 * @param detail   what happened, in words for people (never a password); null when stopped by request
 * @param recorded whether any video reached a file in this session (a session that never did is not "healthy"
 *                 however long it lasted, so the backoff keeps growing)
 */
record SessionOutcome(GapReason gap, FailureReason failure, String detail, boolean recorded) {

    static SessionOutcome stopped(boolean recorded) {
        return new SessionOutcome(null, null, null, recorded);
    }

    static SessionOutcome lost(GapReason gap, String detail, boolean recorded) {
        return new SessionOutcome(gap, null, detail, recorded);
    }

    static SessionOutcome failed(FailureReason failure, String detail, boolean recorded) {
        return new SessionOutcome(failure.gapReason(), failure, detail, recorded);
    }

    boolean stoppedByRequest() {
        return gap == null;
    }
}
