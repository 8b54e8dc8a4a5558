package io.rtsprecorder.recorder.model;

import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.RtspUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One camera as the user defined it: its name (also its directory on the volume), where it streams, and how to
 * log in. Credentials come from exactly one place: {@code credentials} (environment, password file or YAML), a
 * Kubernetes Secret named {@code secretName}, or the user-info of {@code url}; none is fine for open cameras.
 * {@code security} says which TLS certificates an {@code rtsps://} camera may present and whether Basic
 * authentication may be answered over plain {@code rtsp://} (see {@link CameraSecurity}).
 *
 * <p>{@code recording} is the on/off switch the user asked for; null means "the configured default". {@link
 * #toString()} masks passwords, also inside the URL.
 */
public record CameraDefinition(String name, String url, Credentials credentials, String secretName, Boolean recording,
                               Origin origin, CameraSecurity security) {

    /** Where a camera was defined: decides what is saved on the volume and what is re-read at start. */
    public enum Origin {
        /** {@code RTSPServerAddress} and friends; re-read from the environment at every start. */
        ENV,
        /** The YAML configuration file; re-read at every start. */
        FILE,
        /** {@code /register} or {@code POST /api/v1/devices}; lives in the state file on the volume. */
        API,
        /** A Shifu EdgeDevice that asks to be recorded; found again by the discovery at every start. */
        SHIFU
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern SECRET_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public CameraDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(origin, "origin");
        String nameProblem = nameProblem(name);
        if (nameProblem != null) {
            throw new IllegalArgumentException(nameProblem);
        }
        url = normalizeAddress(url);
        security = security == null ? CameraSecurity.DEFAULT : security;
        if (security.configuresTls() && !RtspUrls.isSecure(url)) {
            throw new IllegalArgumentException("camera '" + name + "' has a CA file or a certificate fingerprint, "
                    + "but its address is plain rtsp://; use rtsps:// for RTSP over TLS");
        }
        if (secretName != null) {
            String secretProblem = secretNameProblem(secretName);
            if (secretProblem != null) {
                throw new IllegalArgumentException(secretProblem);
            }
            if (credentials != null) {
                throw new IllegalArgumentException("camera '" + name + "' has both a secretName and a password: "
                        + "give one of them");
            }
        }
    }

    /** A camera with the default {@link CameraSecurity}. */
    public CameraDefinition(String name, String url, Credentials credentials, String secretName, Boolean recording,
                            Origin origin) {
        this(name, url, credentials, secretName, recording, origin, CameraSecurity.DEFAULT);
    }

    /** Why {@code name} cannot name a camera (it becomes a directory name), or null when it can. */
    public static String nameProblem(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            return "camera name '" + (name == null ? "" : name) + "' must be 1-63 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit";
        }
        return null;
    }

    /** Why {@code name} cannot name a Kubernetes Secret, or null. */
    public static String secretNameProblem(String name) {
        if (!SECRET_NAME.matcher(name).matches()) {
            return "secretName '" + name + "' is not a Kubernetes object name (lower-case letters, digits, '-', '.')";
        }
        return null;
    }

    /**
     * {@code rtsp://host[:port]/path} or {@code rtsps://host[:port]/path} as given, or with {@code rtsp://} added
     * to {@code host:port/path}; throws {@link IllegalArgumentException} (password masked) for anything else.
     */
    public static String normalizeAddress(String address) {
        String a = address.strip();
        if (!a.contains("://")) {
            a = "rtsp://" + a;
        }
        String problem = "'" + RtspUrls.mask(a) + "' is not an RTSP address; write rtsp://host[:port]/path, "
                + "rtsps://host[:port]/path (RTSP over TLS) or host:port/path";
        try {
            URI uri = new URI(a);
            if (!RtspUrls.isRtsp(a) || uri.getHost() == null || uri.getHost().isEmpty() || uri.getPort() > 65535) {
                throw new IllegalArgumentException(problem);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(problem);
        }
        return a;
    }

    /** This definition with another on/off switch. */
    public CameraDefinition withRecording(Boolean newRecording) {
        return new CameraDefinition(name, url, credentials, secretName, newRecording, origin, security);
    }

    /** This definition with other TLS and authentication settings. */
    public CameraDefinition withSecurity(CameraSecurity newSecurity) {
        return new CameraDefinition(name, url, credentials, secretName, recording, origin, newSecurity);
    }

    /** The address with any password replaced by {@code ***}: what status and logs show. */
    public String maskedUrl() {
        return RtspUrls.mask(url);
    }

    @Override
    public String toString() {
        return "CameraDefinition[name=" + name + ", url=" + maskedUrl() + ", credentials="
                + (credentials == null ? "none" : credentials) + ", secretName=" + secretName + ", recording="
                + recording + ", origin=" + origin + ", security=" + security + "]";
    }
}
