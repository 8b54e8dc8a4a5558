package io.rtsprecorder.camera;

import io.rtsprecorder.media.rtsp.Credentials;
import io.rtsprecorder.media.rtsp.ServerAuthenticator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One mount of the mock camera: an RTSP path, the clip it loops (a file, or a clip bundled in the jar), and
 * optional authentication.
 *
 * <p>Command-line form: {@code /path=FILE[,auth=basic|digest,user=NAME,password=SECRET]}, where FILE is a path
 * or {@code bundled:NAME} for a bundled sample.
 */
public record MountConfig(String path, Path file, String bundledClip, ServerAuthenticator.Scheme authScheme,
                          Credentials credentials) {

    public MountConfig {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.length() < 2 || path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("mount path must look like /name: " + path);
        }
        if ((file == null) == (bundledClip == null)) {
            throw new IllegalArgumentException("a mount needs exactly one of a file and a bundled clip: " + path);
        }
        if ((authScheme == null) != (credentials == null)) {
            throw new IllegalArgumentException("authentication needs both a scheme and credentials: " + path);
        }
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    public static MountConfig file(String path, Path file) {
        return new MountConfig(path, file, null, null, null);
    }

    public static MountConfig bundled(String path, String clip) {
        return new MountConfig(path, null, clip, null, null);
    }

    public MountConfig withAuth(ServerAuthenticator.Scheme scheme, Credentials creds) {
        return new MountConfig(path, file, bundledClip, scheme, creds);
    }

    /** Where the clip comes from, for logs. */
    public String source() {
        return file != null ? file.toString() : "bundled:" + bundledClip;
    }

    /** Parses the command-line form (see the class comment). */
    public static MountConfig parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("mount must be /path=FILE[,auth=...,user=...,password=...]: " + spec);
        }
        String path = spec.substring(0, eq).strip();
        String options = spec.substring(eq + 1);
        String password = null;
        int passwordAt = options.indexOf(",password=");
        if (passwordAt >= 0) {
            password = options.substring(passwordAt + ",password=".length());
            options = options.substring(0, passwordAt);
        }
        String[] parts = options.split(",");
        String source = parts[0].strip();
        MountConfig mount = source.startsWith("bundled:")
                ? bundled(path, source.substring("bundled:".length()))
                : file(path, Path.of(source));
        String auth = null;
        String user = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            int e = p.indexOf('=');
            if (e <= 0) {
                throw new IllegalArgumentException("mount option must be key=value: " + p.strip());
            }
            String key = p.substring(0, e).strip().toLowerCase(Locale.ROOT);
            String value = p.substring(e + 1);
            switch (key) {
                case "auth" -> auth = value.strip().toLowerCase(Locale.ROOT);
                case "user" -> user = value;
                default -> throw new IllegalArgumentException("unknown mount option '" + key
                        + "' (known: auth, user, password)");
            }
        }
        if (auth == null && user == null && password == null) {
            return mount;
        }
        if (user == null || password == null) {
            throw new IllegalArgumentException("mount " + path + ": auth needs user= and password=");
        }
        ServerAuthenticator.Scheme scheme = switch (auth == null ? "digest" : auth) {
            case "basic" -> ServerAuthenticator.Scheme.BASIC;
            case "digest" -> ServerAuthenticator.Scheme.DIGEST;
            default -> throw new IllegalArgumentException("mount " + path + ": auth must be basic or digest, not " + auth);
        };
        return mount.withAuth(scheme, new Credentials(user, password));
    }

    @Override
    public String toString() {
        return path + " <- " + source() + (authScheme == null ? "" : " (" + authScheme.name().toLowerCase(Locale.ROOT)
                + " auth, user " + credentials.username() + ")");
    }
}
