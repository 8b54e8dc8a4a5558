package io.rtsprecorder.recorder.device;

/** A request about cameras that cannot be done as asked; {@link #kind()} decides the HTTP status. */
public final class DeviceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No camera by that name (404). */
        NOT_FOUND,
        /** A camera by that name exists, or the camera is defined by the configuration (409). */
        CONFLICT,
        /** The request names an invalid address, name or Secret (400). */
        INVALID,
        /** Saving the camera list on the volume failed (503). */
        STORAGE
    }

    private final Kind kind;

    public DeviceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
