package io.rtsprecorder.recorder.device;

/**
 * Where a camera's recording stands. {@code IDLE → CONNECTING → RECORDING → (BACKOFF → CONNECTING)… → STOPPING →
 * IDLE}; {@code FAILED} replaces {@code BACKOFF} when retrying soon cannot help (wrong password, unknown path, no
 * recordable track, missing Secret): the camera is still retried, but slowly.
 */
public enum DeviceState {
    /** Recording is switched off. */
    IDLE,
    /** Opening the RTSP session. */
    CONNECTING,
    /** Media arrives and goes to disk. */
    RECORDING,
    /** The session was lost; waiting before the next attempt. */
    BACKOFF,
    /** Closing the current file after {@code /record/off} or at shutdown. */
    STOPPING,
    /** Failed for a reason a retry is unlikely to fix; see the failure reason. Retried slowly. */
    FAILED
}
