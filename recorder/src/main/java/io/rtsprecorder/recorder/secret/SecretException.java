package io.rtsprecorder.recorder.secret;

/** A camera's credentials could not be read; the message says which Secret, where, and what to do. */
public final class SecretException extends Exception {

    private static final long serialVersionUID = 1L;

    public SecretException(String message) {
        super(message);
    }

    public SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
