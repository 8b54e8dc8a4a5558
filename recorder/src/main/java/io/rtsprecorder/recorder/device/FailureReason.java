package io.rtsprecorder.recorder.device;

import io.rtsprecorder.media.rtsp.RtspClientException;
import io.rtsprecorder.recorder.storage.GapReason;

/** Why a camera is {@link DeviceState#FAILED}, in the words status and metrics use. */
public enum FailureReason {
    /** The camera refused the user name or password. */
    AUTH("auth"),
    /** The camera has no stream at that path. */
    NOT_FOUND("not_found"),
    /** The stream has no track we can record without re-encoding. */
    UNSUPPORTED("unsupported"),
    /** The Kubernetes Secret with the camera's credentials cannot be read. */
    SECRET("secret"),
    /** The volume is full; retention runs and recording resumes when there is space again. */
    DISK_FULL("disk_full"),
    /** An {@code rtsps://} camera's certificate was refused, or its TLS handshake or settings cannot work. */
    TLS("tls"),
    /**
     * The camera offers only Basic authentication over plain {@code rtsp://}, which would send the password in
     * clear text; it was not sent, and will not be unless the camera is allowed Basic authentication.
     */
    INSECURE_AUTH("insecure_auth");

    private final String label;

    FailureReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The same reason in the words of the gap journal. */
    GapReason gapReason() {
        return switch (this) {
            case AUTH -> GapReason.AUTH;
            case NOT_FOUND -> GapReason.NOT_FOUND;
            case UNSUPPORTED -> GapReason.UNSUPPORTED;
            case SECRET -> GapReason.SECRET;
            case DISK_FULL -> GapReason.DISK_FULL;
            case TLS -> GapReason.DISCONNECTED;
            case INSECURE_AUTH -> GapReason.AUTH;
        };
    }

    /** What the user can do about it, appended to the camera's error; empty when the error says enough. */
    String hint() {
        return switch (this) {
            case TLS -> "; if the certificate is the camera's, trust its CA with caFile (RTSPCAFile) or pin it "
                    + "with tlsFingerprint (RTSPTLSFingerprint)";
            case INSECURE_AUTH -> "; use rtsps:// or Digest authentication on the camera, or allow Basic for this "
                    + "camera with allowBasicAuth (RTSPAllowBasicAuth) if the network is trusted";
            default -> "";
        };
    }

    /** The failure behind an RTSP error, or null when the error is transient (timeouts, dropped connections). */
    static FailureReason of(RtspClientException.Reason reason) {
        return switch (reason) {
            case AUTH_REFUSED -> AUTH;
            case NOT_FOUND -> NOT_FOUND;
            case NO_SUPPORTED_TRACK -> UNSUPPORTED;
            case TLS -> TLS;
            case INSECURE_AUTH -> INSECURE_AUTH;
            default -> null;
        };
    }
}
