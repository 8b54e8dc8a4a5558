package io.rtsprecorder.recorder.storage;

import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.record.SegmentNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every segment on the volume, per camera, in start-time order. Built from the files themselves at start (their
 * names say camera and start time, see {@link SegmentNaming#parse}; their headers say how long they are, see
 * {@link SegmentHeaders}), then kept current by the recorders as segments open and close. There is no separate database
 * that could
 * drift from the disk: a file copied in or deleted by hand is seen at the next {@link #scan()}.
 *
 * <p>Only regular files under the save path that fit the naming pattern are segments; symbolic links are never
 * followed, so nothing outside the volume can be listed or served through the catalog.
 */
public final class SegmentCatalog {

    private static final Logger log = LoggerFactory.getLogger(SegmentCatalog.class);
    private static final int MAX_DEPTH = 8;

    /** A page of segments, and how many match in all. */
    public record Page(List<SegmentInfo> segments, int total, int offset, int limit) {
    }

    private record Key(Instant start, String name) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::start).thenComparing(Key::name);

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    private final Path savePath;
    private final SegmentNaming naming;
    private final Clock clock;
    private final Map<String, NavigableMap<Key, SegmentInfo>> byDevice = new ConcurrentHashMap<>();
    private final Map<String, Key> byPath = new ConcurrentHashMap<>();
    /** camera + '/' + file name → key: names are unique per camera and are how the API addresses segments. */
    private final Map<String, Key> byName = new ConcurrentHashMap<>();

    public SegmentCatalog(Path savePath, String namePattern, Clock clock) {
        this.savePath = savePath;
        this.naming = new SegmentNaming(savePath, namePattern);
        this.clock = clock;
    }

    public Path savePath() {
        return savePath;
    }

    /** Reads the save path again; returns the number of segments found. */
    public int scan() throws IOException {
        long t0 = System.nanoTime();
        Map<String, NavigableMap<Key, SegmentInfo>> found = new ConcurrentHashMap<>();
        Map<String, Key> paths = new ConcurrentHashMap<>();
        Map<String, Key> names = new ConcurrentHashMap<>();
        if (Files.isDirectory(savePath)) {
            try (Stream<Path> files = Files.walk(savePath, MAX_DEPTH)) {
                files.forEach(p -> {
                    SegmentInfo s = fromFile(p);
                    if (s != null) {
                        Key k = new Key(s.start(), s.name());
                        found.computeIfAbsent(s.device(), d -> new ConcurrentSkipListMap<>()).put(k, s);
                        paths.put(s.path(), k);
                        names.put(s.device() + "/" + s.name(), k);
                    }
                });
            }
        }
        // segments being written keep their live entry
        for (NavigableMap<Key, SegmentInfo> m : byDevice.values()) {
            for (SegmentInfo s : m.values()) {
                if (!s.complete()) {
                    Key k = new Key(s.start(), s.name());
                    found.computeIfAbsent(s.device(), d -> new ConcurrentSkipListMap<>()).put(k, s);
                    paths.put(s.path(), k);
                    names.put(s.device() + "/" + s.name(), k);
                }
            }
        }
        byDevice.clear();
        byDevice.putAll(found);
        byPath.clear();
        byPath.putAll(paths);
        byName.clear();
        byName.putAll(names);
        log.info("catalog: {} segment(s) of {} camera(s) in {} ms", paths.size(), found.size(),
                (System.nanoTime() - t0) / 1_000_000);
        return paths.size();
    }

    private SegmentInfo fromFile(Path p) {
        String relative = savePath.relativize(p).toString().replace('\\', '/');
        if (VolumeLayout.isState(relative)) {
            return null;
        }
        Optional<SegmentNaming.ParsedName> parsed = naming.parse(relative);
        if (parsed.isEmpty()) {
            return null;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                return null;
            }
            Instant modified = a.lastModifiedTime().toInstant();
            Instant start = parsed.get().start() != null ? parsed.get().start() : modified;
            double seconds = Container.forSegmentExtension(parsed.get().extension())
                    .map(c -> SegmentHeaders.durationSeconds(p, c)).orElse(0.0);
            Instant end;
            if (seconds > 0) {
                end = start.plusMillis(Math.round(seconds * 1000));
            } else if (!modified.isBefore(start) && modified.isBefore(start.plus(Duration.ofHours(25)))) {
                end = modified; // no duration in the file (cut by a crash, or MPEG-TS): when it was last written
            } else {
                end = start;
            }
            return new SegmentInfo(parsed.get().device(), relative, p.getFileName().toString(), start, end,
                    a.size(), parsed.get().extension(), List.of(), true);
        } catch (IOException e) {
            return null; // deleted while scanning
        }
    }

    /** Reads one segment's file again (after a repair changed it): its size and its duration from the header. */
    public void rescan(SegmentInfo s) {
        SegmentInfo fresh = fromFile(s.resolve(savePath));
        remove(s);
        if (fresh != null) {
            put(fresh);
        }
    }

    /** A recorder opened {@code file}; it is listed as being written. */
    public void opened(String device, Path file, Instant start, List<String> codecs) {
        String relative = savePath.relativize(file).toString().replace('\\', '/');
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        SegmentInfo s = new SegmentInfo(device, relative, name, start, start, 0, ext, List.copyOf(codecs), false);
        put(s);
    }

    /** A recorder closed {@code file} after {@code durationSeconds} of media. */
    public void closed(Path file, double durationSeconds, long bytes) {
        String relative = savePath.relativize(file).toString().replace('\\', '/');
        Key k = byPath.get(relative);
        if (k == null) {
            return;
        }
        NavigableMap<Key, SegmentInfo> m = byDevice.get(deviceOf(relative));
        if (m == null) {
            return;
        }
        m.computeIfPresent(k, (key, s) -> s.withEnd(s.start().plusMillis(Math.round(durationSeconds * 1000)), bytes,
                true));
    }

    /** A recorder wrote more of {@code file}: keeps size and end of the live entry current. */
    public void progress(Path file, long bytes) {
        String relative = savePath.relativize(file).toString().replace('\\', '/');
        Key k = byPath.get(relative);
        NavigableMap<Key, SegmentInfo> m = k == null ? null : byDevice.get(deviceOf(relative));
        if (m != null) {
            m.computeIfPresent(k, (key, s) -> s.complete() ? s : s.withEnd(clock.instant(), bytes, false));
        }
    }

    private void put(SegmentInfo s) {
        Key k = new Key(s.start(), s.name());
        byDevice.computeIfAbsent(s.device(), d -> new ConcurrentSkipListMap<>()).put(k, s);
        byPath.put(s.path(), k);
        byName.put(s.device() + "/" + s.name(), k);
    }

    private String deviceOf(String relative) {
        return naming.parse(relative).map(SegmentNaming.ParsedName::device).orElse("");
    }

    /** Forgets a file a recorder removed again (it held no media). */
    public void discard(Path file) {
        String relative = savePath.relativize(file).toString().replace('\\', '/');
        Key k = byPath.get(relative);
        NavigableMap<Key, SegmentInfo> m = k == null ? null : byDevice.get(deviceOf(relative));
        SegmentInfo s = m == null ? null : m.get(k);
        if (s != null) {
            remove(s);
        }
    }

    /** Forgets a segment (deleted). */
    public void remove(SegmentInfo s) {
        NavigableMap<Key, SegmentInfo> m = byDevice.get(s.device());
        if (m != null) {
            m.remove(new Key(s.start(), s.name()));
        }
        byPath.remove(s.path());
        byName.remove(s.device() + "/" + s.name());
    }

    /** The segment of {@code device} named {@code name}: the only way a file is found for serving or deleting. */
    public Optional<SegmentInfo> find(String device, String name) {
        NavigableMap<Key, SegmentInfo> m = byDevice.get(device);
        Key k = byName.get(device + "/" + name);
        if (m == null || k == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(m.get(k)).map(this::withCodecs);
    }

    /**
     * Segments that overlap [{@code from}, {@code to}) (either may be null: unbounded), of one camera or of all,
     * oldest or newest first, from {@code offset}, at most {@code limit}.
     */
    public Page list(String device, Instant from, Instant to, boolean newestFirst, int offset, int limit) {
        List<NavigableMap<Key, SegmentInfo>> maps = new ArrayList<>();
        if (device != null) {
            NavigableMap<Key, SegmentInfo> m = byDevice.get(device);
            if (m != null) {
                maps.add(m);
            }
        } else {
            maps.addAll(byDevice.values());
        }
        if (maps.size() == 1) {
            // one camera: its map is already in order, so no sort; the total is counted walking forwards (a
            // skip list walks backwards one search per step), the page is read in the order asked, then stops
            NavigableMap<Key, SegmentInfo> range = range(maps.get(0), from, to);
            int total = 0;
            for (SegmentInfo s : range.values()) {
                if (from == null || !s.end().isBefore(from)) {
                    total++;
                }
            }
            List<SegmentInfo> page = new ArrayList<>();
            int index = 0;
            for (SegmentInfo s : (newestFirst ? range.descendingMap() : range).values()) {
                if (page.size() >= limit) {
                    break;
                }
                if (from != null && s.end().isBefore(from)) {
                    continue;
                }
                if (index++ >= offset) {
                    page.add(s);
                }
            }
            return new Page(page.stream().map(this::withCodecs).toList(), total, offset, limit);
        }
        List<SegmentInfo> matching = new ArrayList<>();
        for (NavigableMap<Key, SegmentInfo> m : maps) {
            for (SegmentInfo s : range(m, from, to).values()) {
                if (from == null || !s.end().isBefore(from)) {
                    matching.add(s);
                }
            }
        }
        Comparator<SegmentInfo> order = Comparator.comparing(SegmentInfo::start).thenComparing(SegmentInfo::name);
        matching.sort(newestFirst ? order.reversed() : order);
        int total = matching.size();
        int fromIndex = Math.min(offset, total);
        List<SegmentInfo> page = new ArrayList<>();
        for (SegmentInfo s : matching.subList(fromIndex, Math.min(total, fromIndex + limit))) {
            page.add(withCodecs(s));
        }
        return new Page(page, total, offset, limit);
    }

    /**
     * The part of a camera's map that can overlap [from, to): segments starting before {@code to}, and from one
     * longest segment (24 h) before {@code from}, since a segment starting earlier may still reach into it.
     */
    private static NavigableMap<Key, SegmentInfo> range(NavigableMap<Key, SegmentInfo> m, Instant from, Instant to) {
        NavigableMap<Key, SegmentInfo> r = m;
        if (to != null) {
            r = r.headMap(new Key(to, ""), false);
        }
        if (from != null) {
            r = r.tailMap(new Key(from.minus(Duration.ofHours(25)), ""), true);
        }
        return r;
    }

    /**
     * One camera's segments that overlap [{@code from}, {@code to}), oldest first, as the index has them: unlike
     * {@link #list} no file is opened (codecs stay as known), so it stays cheap over a month of short segments.
     */
    public List<SegmentInfo> overlapping(String device, Instant from, Instant to) {
        NavigableMap<Key, SegmentInfo> m = byDevice.get(device);
        if (m == null) {
            return List.of();
        }
        List<SegmentInfo> out = new ArrayList<>();
        for (SegmentInfo s : range(m, from, to).values()) {
            if (from == null || !s.end().isBefore(from)) {
                out.add(s);
            }
        }
        return out;
    }

    /** All segments of a camera, oldest first. */
    public List<SegmentInfo> segments(String device) {
        NavigableMap<Key, SegmentInfo> m = byDevice.get(device);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** A camera's oldest segment that is not being written, if any. */
    public Optional<SegmentInfo> oldestComplete(String device) {
        NavigableMap<Key, SegmentInfo> m = byDevice.get(device);
        if (m == null) {
            return Optional.empty();
        }
        for (SegmentInfo s : m.values()) {
            if (s.complete()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Every camera with at least one segment. */
    public List<String> devices() {
        return byDevice.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).sorted()
                .toList();
    }

    /** Bytes of a camera's segments, or of all cameras with null. */
    public long totalBytes(String device) {
        if (device != null) {
            return segments(device).stream().mapToLong(SegmentInfo::size).sum();
        }
        return byDevice.values().stream().flatMap(m -> m.values().stream()).mapToLong(SegmentInfo::size).sum();
    }

    /** Number of segments known. */
    public int size() {
        return byPath.size();
    }

    /** Fills in the codecs of an MP4 segment from its header, once, and remembers them. */
    private SegmentInfo withCodecs(SegmentInfo s) {
        if (!s.codecs().isEmpty() || !s.demuxable() || s.size() == 0) {
            return s;
        }
        try (Mp4Demuxer d = Mp4Demuxer.open(s.resolve(savePath))) {
            List<String> codecs = d.tracks().stream().map(t -> t.codec().name().toLowerCase(java.util.Locale.ROOT))
                    .toList();
            SegmentInfo withCodecs = s.withCodecs(codecs);
            NavigableMap<Key, SegmentInfo> m = byDevice.get(s.device());
            if (m != null && s.complete()) {
                m.replace(new Key(s.start(), s.name()), s, withCodecs);
            }
            return withCodecs;
        } catch (IOException | RuntimeException e) {
            return s;
        }
    }
}
