package io.rtsprecorder.recorder.device;

/**
 * Where a camera's recording stands. {@code IDLE → CONNECTING → RECORDING → (BACKOFF → CONNECTING)… → STOPPING →
 * IDLE}; {@code FAILED} replaces {@code BACKOFF} when retrying soon cannot help (wrong password, unknown path, no
 * recordable track, missing Secret, full volume): the camera is still retried, but slowly. {@code RECORDING ↔
 * STALLED} while the volume does not take writes. A camera stays CONNECTING until its first video frame reaches the
 * file, and leaves RECORDING for BACKOFF when no video frame has for the stream timeout.
 */
public enum DeviceState {
    /** Recording is switched off. */
    IDLE,
    /** Opening the RTSP session. */
    CONNECTING,
    /** Video frames reach the file (checked a few times a second against the stream timeout). */
    RECORDING,
    /**
     * Connected, but a write to the file has not returned for the stream timeout: the volume is stalled (a hung
     * network filesystem, a failing disk). Frames are dropped and counted until it returns.
     */
    STALLED,
    /**
     * Recording is switched off, but the camera stays connected to keep its pre-roll in memory ({@code PreRoll}):
     * {@code /record/on} then starts the file with the video from before the call. Viewers can watch.
     */
    STANDBY,
    /** The session was lost; waiting before the next attempt. */
    BACKOFF,
    /** Closing the current file after {@code /record/off} or at shutdown. */
    STOPPING,
    /** Failed for a reason a retry is unlikely to fix; see the failure reason. Retried slowly. */
    FAILED
}
