package io.rtsprecorder.media.rtsp.wire;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/** A username and password. {@link #toString()} never shows the password. */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Credentials from the user-info of an {@code rtsp://user:pass@host/} URL (percent-decoded), if any. */
    public static Optional<Credentials> fromUrl(String url) {
        try {
            String userInfo = URI.create(url).getRawUserInfo();
            if (userInfo == null || userInfo.isEmpty()) {
                return Optional.empty();
            }
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            String pass = colon < 0 ? "" : userInfo.substring(colon + 1);
            return Optional.of(new Credentials(decode(user), decode(pass)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The URL without its user-info: what goes on the wire in request lines. */
    public static String stripFromUrl(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int hostStart = scheme + 3;
        int pathStart = url.indexOf('/', hostStart);
        int at = url.lastIndexOf('@', pathStart < 0 ? url.length() - 1 : pathStart);
        return at >= hostStart ? url.substring(0, hostStart) + url.substring(at + 1) : url;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
