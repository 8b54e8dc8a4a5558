package io.rtsprecorder.recorder.hls;

/** Why a playlist or a live part cannot be given: the API turns {@link Kind} into its HTTP status. */
public final class PlaybackException extends Exception {

    private static final long serialVersionUID = 1L;

    /** 400, 404, 422 and 503 in the API. */
    public enum Kind {
        INVALID,
        NOT_FOUND,
        UNSUPPORTED,
        UNAVAILABLE
    }

    private final Kind kind;

    public PlaybackException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
