package io.rtsprecorder.recorder.storage;

import java.util.Locale;

/**
 * Why a camera's footage has a gap: the words the journal, the recordings listing, status and metrics use. Every
 * stretch of a camera's timeline that is in no file has one of these (see {@link GapJournal}).
 */
public enum GapReason {
    /** Recording was switched off ({@code /record/off}, {@code /update}, or the camera was registered off). */
    OFF,
    /** Recording was switched on and the first file has not started yet. */
    STARTING,
    /** No video frame reached the file for the stream timeout (RTP stopped, or no usable keyframe). */
    STALLED,
    /** The camera ended the stream (RTCP BYE). */
    ENDED,
    /** The connection was refused, lost, timed out or answered with an error. */
    DISCONNECTED,
    /** The camera refused the credentials. */
    AUTH,
    /** The camera has no stream at that path. */
    NOT_FOUND,
    /** The stream has no track the recorder can write without re-encoding. */
    UNSUPPORTED,
    /** The Kubernetes Secret with the credentials could not be read. */
    SECRET,
    /** The volume was full. */
    DISK_FULL,
    /** Writing the file failed for another reason. */
    WRITE_FAILED,
    /** Frames were dropped because the disk fell behind (the queue between network and disk was full). */
    DROPPED,
    /** The recorder was stopped (a clean shutdown or an upgrade). */
    RECORDER_STOPPED,
    /** The recorder was not running and had not been stopped cleanly (killed, crashed, node lost). */
    RECORDER_DOWN,
    /** The segment was deleted through the API. */
    DELETED,
    /** Nothing recorded a reason: a defect, or files removed by hand. */
    UNKNOWN;

    /** The lower-case name the API and metrics use, e.g. {@code disk_full}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason for a label, or {@link #UNKNOWN}. */
    public static GapReason ofLabel(String label) {
        for (GapReason r : values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        return UNKNOWN;
    }
}
