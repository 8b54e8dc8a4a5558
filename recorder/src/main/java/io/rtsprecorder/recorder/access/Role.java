package io.rtsprecorder.recorder.access;

/**
 * Who may do what through the API. A viewer watches: status, recordings, downloads, exports, playback, the web UI
 * and the restream. An operator also changes things: recording on and off, cameras registered and removed,
 * recordings deleted.
 */
public enum Role {
    VIEWER,
    OPERATOR;

    /** Whether this role may do what {@code required} may. */
    public boolean allows(Role required) {
        return this == OPERATOR || required == VIEWER;
    }
}
