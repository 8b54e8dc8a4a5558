package io.rtsprecorder.recorder.shard;

/** The lease store cannot be reached or refused a request (not a lost race: that is an empty result). */
public final class LeaseStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
