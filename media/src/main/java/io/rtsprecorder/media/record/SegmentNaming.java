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
