package io.rtsprecorder.recorder.storage;

/**
 * An export that cannot be made as asked; {@link #kind()} says why, in terms the HTTP API and the command line
 * each map to their own answer (a status, an exit code).
 */
public final class ExportException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the export cannot be made. */
    public enum Kind {
        /** The request itself is wrong: a bad time, {@code from} after {@code to}, an unknown format. */
        INVALID,
        /** No footage of the camera in the range. */
        NO_FOOTAGE,
        /** There is footage, but not in a form the export can read or the format can carry. */
        UNSUPPORTED
    }

    private final Kind kind;

    public ExportException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
