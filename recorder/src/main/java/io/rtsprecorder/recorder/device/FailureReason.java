package io.rtsprecorder.recorder.device;

import io.rtsprecorder.media.rtsp.RtspClientException;
import io.rtsprecorder.recorder.storage.GapReason;

/** Why a camera is {@link DeviceState#FAILED}, in the words status and metrics use. */
public enum FailureReason {
    /** The camera refused the user name or password. */
    AUTH("auth"),
    /** The camera has no stream at that path. */
    NOT_FOUND("not_found"),
    /** The stream has no track we can record without re-encoding. */
    UNSUPPORTED("unsupported"),
    /** The Kubernetes Secret with the camera's credentials cannot be read. */
    SECRET("secret"),
    /** The volume is full; retention runs and recording resumes when there is space again. */
    DISK_FULL("disk_full");

    private final String label;

    FailureReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The same reason in the words of the gap journal. */
    GapReason gapReason() {
        return switch (this) {
            case AUTH -> GapReason.AUTH;
            case NOT_FOUND -> GapReason.NOT_FOUND;
            case UNSUPPORTED -> GapReason.UNSUPPORTED;
            case SECRET -> GapReason.SECRET;
            case DISK_FULL -> GapReason.DISK_FULL;
        };
    }

    /** The failure behind an RTSP error, or null when the error is transient (timeouts, dropped connections). */
    static FailureReason of(RtspClientException.Reason reason) {
        return switch (reason) {
            case AUTH_REFUSED -> AUTH;
            case NOT_FOUND -> NOT_FOUND;
            case NO_SUPPORTED_TRACK -> UNSUPPORTED;
            default -> null;
        };
    }
}
