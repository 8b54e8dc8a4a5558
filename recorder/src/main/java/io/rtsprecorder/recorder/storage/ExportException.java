package io.rtsprecorder.recorder.storage;

/** An export that cannot be made as asked; {@link #status()} is the HTTP status that says why. */
public final class ExportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ExportException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
