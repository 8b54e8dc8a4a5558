package io.rtsprecorder.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code m=} section of a session description: media type, port, protocol, payload formats and the
 * attributes that follow it, in order. {@code a=rtpmap} and {@code a=fmtp} are reachable through typed accessors.
 */
public final class MediaDescription {

    private final String media;
    private final int port;
    private final String protocol;
    private final List<String> formats;
    private final List<String[]> attributes = new ArrayList<>();
    private final List<String> otherLines = new ArrayList<>();

    public MediaDescription(String media, int port, String protocol, List<String> formats) {
        this.media = media;
        this.port = port;
        this.protocol = protocol;
        this.formats = List.copyOf(formats);
    }

    public String media() {
        return media;
    }

    public int port() {
        return port;
    }

    public String protocol() {
        return protocol;
    }

    public List<String> formats() {
        return formats;
    }

    /** The first payload type of the {@code m=} line as a number, or -1. */
    public int payloadType() {
        try {
            return formats.isEmpty() ? -1 : Integer.parseInt(formats.get(0));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public MediaDescription attribute(String name, String value) {
        attributes.add(new String[] {name, value});
        return this;
    }

    void otherLine(String line) {
        otherLines.add(line);
    }

    /** Value of the first attribute with that name ({@code ""} for a flag attribute). */
    public Optional<String> attribute(String name) {
        for (String[] a : attributes) {
            if (a[0].equalsIgnoreCase(name)) {
                return Optional.of(a[1] == null ? "" : a[1]);
            }
        }
        return Optional.empty();
    }

    public List<String[]> attributes() {
        return attributes;
    }

    public Optional<String> control() {
        return attribute("control");
    }

    /** The {@code a=rtpmap} of the first payload type: encoding name, clock rate, channels (1 when absent). */
    public Optional<RtpMap> rtpMap() {
        String pt = formats.isEmpty() ? "" : formats.get(0);
        for (String[] a : attributes) {
            if (a[0].equalsIgnoreCase("rtpmap") && a[1] != null) {
                String[] parts = a[1].strip().split("\\s+", 2);
                if (parts.length == 2 && parts[0].equals(pt)) {
                    String[] enc = parts[1].split("/");
                    try {
                        int rate = enc.length > 1 ? Integer.parseInt(enc[1].strip()) : 0;
                        int channels = enc.length > 2 ? Integer.parseInt(enc[2].strip()) : 1;
                        return Optional.of(new RtpMap(enc[0].strip(), rate, channels));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The {@code a=fmtp} parameters of the first payload type (keys lower-cased), empty when absent. */
    public Map<String, String> fmtp() {
        String pt = formats.isEmpty() ? "" : formats.get(0);
        Map<String, String> params = new LinkedHashMap<>();
        for (String[] a : attributes) {
            if (a[0].equalsIgnoreCase("fmtp") && a[1] != null) {
                String[] parts = a[1].strip().split("\\s+", 2);
                if (parts.length == 2 && parts[0].equals(pt)) {
                    for (String p : parts[1].split(";")) {
                        int eq = p.indexOf('=');
                        if (eq > 0) {
                            params.put(p.substring(0, eq).strip().toLowerCase(Locale.ROOT), p.substring(eq + 1)
                                    .strip());
                        }
                    }
                }
            }
        }
        return params;
    }

    void appendTo(StringBuilder sb) {
        sb.append("m=").append(media).append(' ').append(port).append(' ').append(protocol);
        for (String f : formats) {
            sb.append(' ').append(f);
        }
        sb.append("\r\n");
        for (String line : otherLines) {
            sb.append(line).append("\r\n");
        }
        for (String[] a : attributes) {
            sb.append("a=").append(a[0]);
            if (a[1] != null) {
                sb.append(':').append(a[1]);
            }
            sb.append("\r\n");
        }
    }

    /** Encoding name, clock rate and channel count from {@code a=rtpmap}. */
    public record RtpMap(String encoding, int clockRate, int channels) {
    }
}
