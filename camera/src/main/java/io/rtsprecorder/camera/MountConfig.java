package io.rtsprecorder.camera;

import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.ServerAuthenticator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One mount of the mock camera: an RTSP path, the clip it loops (a file, or a clip bundled in the jar), optional
 * authentication, and where the video's parameter sets (SPS, PPS, VPS) reach clients.
 *
 * <p>By default the parameter sets are announced twice, as cameras mostly do: in the SDP ({@code
 * sprop-parameter-sets} for H.264, {@code sprop-vps/sps/pps} for H.265) and in band before every keyframe.
 * {@code sdpParameterSets=false} leaves them out of the SDP (many cameras do; the stream still decodes from the
 * in-band ones), {@code inbandParameterSets=false} leaves them out of the RTP stream. With both off the stream can
 * never be decoded, which is the point: a recorder must notice and say so.
 *
 * <p>Command-line form: {@code /path=FILE[,sdp-parameter-sets=false][,inband-parameter-sets=false]
 * [,auth=basic|digest,user=NAME,password=SECRET]}, where FILE is a path or {@code bundled:NAME} for a bundled
 * sample; {@code password=} comes last and may contain commas.
 */
public record MountConfig(String path, Path file, String bundledClip, ServerAuthenticator.Scheme authScheme,
                          Credentials credentials, boolean sdpParameterSets, boolean inbandParameterSets) {

    private static final String SDP_PARAMETER_SETS = "sdp-parameter-sets";
    private static final String INBAND_PARAMETER_SETS = "inband-parameter-sets";

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
        return new MountConfig(path, file, null, null, null, true, true);
    }

    public static MountConfig bundled(String path, String clip) {
        return new MountConfig(path, null, clip, null, null, true, true);
    }

    public MountConfig withAuth(ServerAuthenticator.Scheme scheme, Credentials creds) {
        return new MountConfig(path, file, bundledClip, scheme, creds, sdpParameterSets, inbandParameterSets);
    }

    /** With {@code false}, the SDP carries no {@code sprop-*} parameter sets (they still come in band). */
    public MountConfig withSdpParameterSets(boolean announce) {
        return new MountConfig(path, file, bundledClip, authScheme, credentials, announce, inbandParameterSets);
    }

    /** With {@code false}, keyframes go out without SPS/PPS (and VPS) NAL units in front of them. */
    public MountConfig withInbandParameterSets(boolean send) {
        return new MountConfig(path, file, bundledClip, authScheme, credentials, sdpParameterSets, send);
    }

    /** Where the clip comes from, for logs. */
    public String source() {
        return file != null ? file.toString() : "bundled:" + bundledClip;
    }

    /** Parses the command-line form (see the class comment). */
    public static MountConfig parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("mount must be /path=FILE[,OPTION=VALUE...] (options: "
                    + SDP_PARAMETER_SETS + ", " + INBAND_PARAMETER_SETS + ", auth, user, password): " + spec);
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
                case SDP_PARAMETER_SETS -> mount = mount.withSdpParameterSets(flag(path, key, value));
                case INBAND_PARAMETER_SETS -> mount = mount.withInbandParameterSets(flag(path, key, value));
                default -> throw new IllegalArgumentException("unknown mount option '" + key + "' (known: "
                        + SDP_PARAMETER_SETS + ", " + INBAND_PARAMETER_SETS + ", auth, user, password)");
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
            default -> throw new IllegalArgumentException("mount " + path + ": auth must be basic or digest, not "
                    + auth);
        };
        return mount.withAuth(scheme, new Credentials(user, password));
    }

    private static boolean flag(String path, String key, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("mount " + path + ": " + key + " must be true or false, not '"
                    + value.strip() + "'");
        };
    }

    @Override
    public String toString() {
        return path + " <- " + source()
                + (sdpParameterSets ? "" : ", no parameter sets in the SDP")
                + (inbandParameterSets ? "" : ", no parameter sets in band")
                + (authScheme == null ? "" : " (" + authScheme.name().toLowerCase(Locale.ROOT)
                        + " auth, user " + credentials.username() + ")");
    }
}
