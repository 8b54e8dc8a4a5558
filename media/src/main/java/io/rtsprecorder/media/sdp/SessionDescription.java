package io.rtsprecorder.media.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A session description (RFC 4566) as RTSP uses it: session-level lines, then media sections.
 *
 * <p>Parsing is tolerant where cameras are sloppy (LF-only line ends, unknown line types, trailing spaces) and
 * strict where it matters: at most 64 KiB, 32 media sections and 512 lines; an {@code m=} line that cannot be
 * read is an {@link SdpFormatException}.
 */
public final class SessionDescription {

    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_MEDIA = 32;
    public static final int MAX_LINES = 512;

    private final List<String> sessionLines = new ArrayList<>();
    private final List<MediaDescription> media = new ArrayList<>();

    /** A minimal session for a server announcing its streams. */
    public static SessionDescription create(String sessionName, String originAddress) {
        SessionDescription sd = new SessionDescription();
        sd.sessionLines.add("v=0");
        sd.sessionLines.add("o=- " + System.currentTimeMillis() / 1000 + " 1 IN IP4 " + originAddress);
        sd.sessionLines.add("s=" + sessionName);
        sd.sessionLines.add("c=IN IP4 0.0.0.0");
        sd.sessionLines.add("t=0 0");
        return sd;
    }

    public SessionDescription sessionAttribute(String name, String value) {
        sessionLines.add("a=" + name + (value == null ? "" : ":" + value));
        return this;
    }

    public SessionDescription add(MediaDescription m) {
        media.add(m);
        return this;
    }

    public List<MediaDescription> media() {
        return media;
    }

    /** Session-level attribute value ({@code ""} for a flag). */
    public Optional<String> sessionAttribute(String name) {
        for (String line : sessionLines) {
            if (line.startsWith("a=")) {
                String body = line.substring(2);
                int colon = body.indexOf(':');
                String n = colon < 0 ? body : body.substring(0, colon);
                if (n.equalsIgnoreCase(name)) {
                    return Optional.of(colon < 0 ? "" : body.substring(colon + 1));
                }
            }
        }
        return Optional.empty();
    }

    public static SessionDescription parse(byte[] body) throws SdpFormatException {
        if (body.length > MAX_BYTES) {
            throw new SdpFormatException("session description of " + body.length + " bytes exceeds " + MAX_BYTES);
        }
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    public static SessionDescription parse(String text) throws SdpFormatException {
        if (text.length() > MAX_BYTES) {
            throw new SdpFormatException("session description exceeds " + MAX_BYTES + " bytes");
        }
        SessionDescription sd = new SessionDescription();
        MediaDescription current = null;
        String[] lines = text.split("\r?\n|\r");
        if (lines.length > MAX_LINES) {
            throw new SdpFormatException("session description has more than " + MAX_LINES + " lines");
        }
        boolean sawVersion = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue; // not a type=value line: cameras send junk now and then; skip it
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'v') {
                sawVersion = true;
            }
            if (type == 'm') {
                if (sd.media.size() >= MAX_MEDIA) {
                    throw new SdpFormatException("more than " + MAX_MEDIA + " media sections");
                }
                current = parseMediaLine(value);
                sd.media.add(current);
            } else if (current == null) {
                sd.sessionLines.add(line);
            } else if (type == 'a') {
                int colon = value.indexOf(':');
                current.attribute(colon < 0 ? value : value.substring(0, colon),
                        colon < 0 ? null : value.substring(colon + 1));
            } else {
                current.otherLine(line);
            }
        }
        if (!sawVersion && sd.media.isEmpty()) {
            throw new SdpFormatException("not a session description (no v= line and no media)");
        }
        return sd;
    }

    private static MediaDescription parseMediaLine(String value) throws SdpFormatException {
        String[] parts = value.strip().split("\\s+");
        if (parts.length < 3) {
            throw new SdpFormatException("malformed m= line: " + truncate(value));
        }
        int port;
        try {
            String p = parts[1];
            int slash = p.indexOf('/');
            port = Integer.parseInt(slash < 0 ? p : p.substring(0, slash));
        } catch (NumberFormatException e) {
            throw new SdpFormatException("malformed port in m= line: " + truncate(value));
        }
        List<String> formats = new ArrayList<>();
        for (int i = 3; i < parts.length && formats.size() < 64; i++) {
            formats.add(parts[i]);
        }
        return new MediaDescription(parts[0], port, parts[2], formats);
    }

    private static String truncate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        for (String line : sessionLines) {
            sb.append(line).append("\r\n");
        }
        for (MediaDescription m : media) {
            m.appendTo(sb);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
