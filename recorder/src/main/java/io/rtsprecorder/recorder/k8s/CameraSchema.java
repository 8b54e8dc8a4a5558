package io.rtsprecorder.recorder.k8s;

import java.util.List;

/**
 * The shape of the {@code Camera} resource as the recorder reads and writes it: what deploy/crd/camera.yaml must
 * declare (its schema and printer columns are checked against these names by the packaging tests).
 */
public final class CameraSchema {

    public static final String GROUP = "rtsp-recorder.io";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "Camera";
    public static final String PLURAL = "cameras";

    public static final String URL = "url";
    public static final String SECRET_NAME = "secretName";
    public static final String RECORDING = "recording";
    public static final String CA_FILE = "caFile";
    public static final String TLS_FINGERPRINT = "tlsFingerprint";
    public static final String ALLOW_BASIC_AUTH = "allowBasicAuth";
    /** Every {@code spec} field the recorder reads. */
    public static final List<String> SPEC_FIELDS = List.of(URL, SECRET_NAME, RECORDING, CA_FILE, TLS_FINGERPRINT,
            ALLOW_BASIC_AUTH);

    public static final String STATE = "state";
    public static final String OWNER = "owner";
    public static final String LAST_FILE = "lastFile";
    public static final String LAST_FRAME_AT = "lastFrameAt";
    public static final String MESSAGE = "message";
    /** Every {@code status} field the owning replica writes. */
    public static final List<String> STATUS_FIELDS = List.of(STATE, OWNER, LAST_FILE, LAST_FRAME_AT, MESSAGE);

    private CameraSchema() {
    }
}
