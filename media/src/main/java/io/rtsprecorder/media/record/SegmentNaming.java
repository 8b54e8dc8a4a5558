package io.rtsprecorder.media.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a segment's device and UTC start time into a file path under the save directory, from a pattern with the
 * tokens {@code {device}}, {@code {date}} (2026-11-24), {@code {time}} (103000), {@code {datetime}}
 * (20261124T103000Z) and {@code {ext}}. The default gives
 * {@code <device>/<YYYY-MM-DD>/<device>_<YYYYMMDD>T<HHMMSS>Z.<ext>}. An existing file is never reused: a second
 * segment starting in the same second gets {@code -1}, {@code -2}... before the extension.
 */
public final class SegmentNaming {

    public static final String DEFAULT_PATTERN = "{device}/{date}/{device}_{datetime}.{ext}";

    private static final Pattern TOKEN = Pattern.compile("\\{([a-z]+)}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path root;
    private final String pattern;

    public SegmentNaming(Path root, String pattern) {
        this.root = root;
        this.pattern = pattern;
        validate(pattern);
    }

    /** Rejects unknown tokens and patterns that could leave the save directory. */
    public static void validate(String pattern) {
        Matcher m = TOKEN.matcher(pattern);
        while (m.find()) {
            switch (m.group(1)) {
                case "device", "date", "time", "datetime", "ext" -> {
                }
                default -> throw new IllegalArgumentException("unknown token {" + m.group(1)
                        + "} in file name pattern; known: {device} {date} {time} {datetime} {ext}");
            }
        }
        if (pattern.startsWith("/") || pattern.contains("..") || !pattern.contains("{ext}")
                || !(pattern.contains("{datetime}") || pattern.contains("{time}"))) {
            throw new IllegalArgumentException("file name pattern must be relative, without '..', and contain "
                    + "{ext} and {datetime} or {time}: " + pattern);
        }
    }

    /** A path for a new segment that does not exist yet; parent directories are created. */
    /** What a segment's path says about it: the camera, the UTC start (null when the pattern has no date), the
     * extension. */
    public record ParsedName(String device, Instant start, String extension) {
    }

    /**
     * Reads a path made by {@link #newSegment} back (relative to the root, '/'-separated), or empty when it does
     * not fit the pattern. The catalog rebuilds itself from the files this way, so no separate index can drift
     * from what is on the disk.
     */
    public java.util.Optional<ParsedName> parse(String relative) {
        Matcher m = nameRegex().matcher(relative);
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        Instant start = null;
        try {
            if (group(m, "datetime") != null) {
                start = java.time.LocalDateTime.parse(m.group("datetime"),
                        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC);
            } else if (group(m, "date") != null && group(m, "time") != null) {
                start = java.time.LocalDateTime.parse(m.group("date") + m.group("time"),
                        DateTimeFormatter.ofPattern("yyyy-MM-ddHHmmss")).toInstant(ZoneOffset.UTC);
            }
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ParsedName(m.group("device"), start, m.group("ext")));
    }

    private Pattern regex;

    private Pattern nameRegex() {
        if (regex == null) {
            StringBuilder b = new StringBuilder();
            java.util.Set<String> seen = new java.util.HashSet<>();
            Matcher m = TOKEN.matcher(pattern);
            int last = 0;
            while (m.find()) {
                String literal = pattern.substring(last, m.start());
                String token = m.group(1);
                if (token.equals("ext")) {
                    b.append("(?:-\\d+)?"); // the suffix newSegment adds when a name is taken
                }
                if (!literal.isEmpty()) {
                    b.append(Pattern.quote(literal));
                }
                if (!seen.add(token)) {
                    b.append("\\k<").append(token).append('>');
                } else {
                    b.append("(?<").append(token).append('>').append(switch (token) {
                        case "device" -> "[A-Za-z0-9][A-Za-z0-9._-]*";
                        case "date" -> "\\d{4}-\\d{2}-\\d{2}";
                        case "time" -> "\\d{6}";
                        case "datetime" -> "\\d{8}T\\d{6}Z";
                        default -> "mp4|flv|ts";
                    }).append(')');
                }
                last = m.end();
            }
            if (last < pattern.length()) {
                b.append(Pattern.quote(pattern.substring(last)));
            }
            regex = Pattern.compile(b.toString());
        }
        return regex;
    }

    private static String group(Matcher m, String name) {
        try {
            return m.group(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public Path newSegment(String device, Instant start, String extension) throws java.io.IOException {
        String relative = pattern.replace("{device}", device).replace("{date}", DATE.format(start))
                .replace("{time}", TIME.format(start)).replace("{datetime}", DATETIME.format(start))
                .replace("{ext}", extension);
        Path path = root.resolve(relative).normalize();
        if (!path.startsWith(root.normalize())) {
            throw new IllegalArgumentException("segment path escapes the save directory: " + relative);
        }
        Files.createDirectories(path.getParent());
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        for (int n = 1; Files.exists(path); n++) {
            path = path.resolveSibling(name.substring(0, dot) + "-" + n + name.substring(dot));
        }
        return path;
    }
}
