package io.rtsprecorder.recorder.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why each camera's footage has gaps, kept on the volume beside the segments so that the reasons survive restarts:
 * {@code <save path>/.rtsp-recorder/gaps/<camera>.jsonl}, one JSON object per line.
 *
 * <p>A gap is written when it starts ({@code to} missing: it is still open, and a crash leaves it open so the next
 * start knows what happened) and again when it ends; its start time is its identity, so the last line for a start
 * wins. Gaps inside a file (frames dropped while the session stayed up) are written once, complete.
 *
 * <p>The journal explains gaps; it does not define them: the listing finds gaps from the segments themselves and
 * takes their reasons from here. A line that does not parse is skipped with a warning. A journal that cannot be
 * written (a full volume) keeps its gaps in memory and says so once per camera: recording never waits for it. Each
 * camera keeps its newest {@link #MAX_GAPS} gaps; older ones are dropped when the file is compacted.
 */
public final class GapJournal {

    private static final Logger log = LoggerFactory.getLogger(GapJournal.class);
    static final String DIRECTORY = "gaps";
    /** Gaps kept per camera; the file is rewritten without the oldest when it holds twice as many lines. */
    static final int MAX_GAPS = 10_000;
    /** Longest detail kept: a message for people, not a log. */
    static final int MAX_DETAIL = 300;

    /** One gap: {@code to} is null while it lasts. {@code detail} says more, in words, or is null. */
    public record Gap(Instant from, Instant to, GapReason reason, String detail) {
        public boolean open() {
            return to == null;
        }

        /**
         * Whether this gap covers any of [{@code start}, {@code end}) (either may be null: unbounded). An open gap
         * reaches into the future: the footage after it has not started yet.
         */
        public boolean overlaps(Instant start, Instant end) {
            return (end == null || from.isBefore(end)) && (start == null || to == null || to.isAfter(start));
        }
    }

    private final Path directory;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, NavigableMap<Instant, Gap>> byDevice = new HashMap<>();
    private final Map<String, Integer> lines = new HashMap<>();
    private final Set<String> unwritable = new HashSet<>();

    public GapJournal(Path savePath) {
        this.directory = VolumeLayout.stateDirectory(savePath).resolve(DIRECTORY);
    }

    /**
     * Starts a gap of {@code device} at {@code from}, or updates the reason of the open gap that started then;
     * returns the gap as kept.
     */
    public synchronized Gap open(String device, Instant from, GapReason reason, String detail) {
        Gap g = new Gap(from, null, reason, limit(detail));
        put(device, g);
        return g;
    }

    /** Ends the gap that started at {@code from}; nothing happens when there is none. */
    public synchronized void close(String device, Instant from, Instant to) {
        Gap g = gaps(device).get(from);
        if (g != null) {
            put(device, new Gap(from, to.isBefore(from) ? from : to, g.reason(), g.detail()));
        }
    }

    /** Records a gap that is over already (frames dropped inside a file). */
    public synchronized void add(String device, Instant from, Instant to, GapReason reason, String detail) {
        put(device, new Gap(from, to.isBefore(from) ? from : to, reason, limit(detail)));
    }

    /** The newest gap of a camera, open or closed. */
    public synchronized Optional<Gap> last(String device) {
        NavigableMap<Instant, Gap> m = gaps(device);
        return m.isEmpty() ? Optional.empty() : Optional.of(m.lastEntry().getValue());
    }

    /** A camera's gaps that cover any of [{@code from}, {@code to}), oldest first. */
    public synchronized List<Gap> gaps(String device, Instant from, Instant to) {
        List<Gap> out = new ArrayList<>();
        for (Gap g : gaps(device).values()) {
            if (g.overlaps(from, to)) {
                out.add(g);
            }
        }
        return out;
    }

    private void put(String device, Gap g) {
        NavigableMap<Instant, Gap> m = gaps(device);
        m.put(g.from(), g);
        while (m.size() > MAX_GAPS) {
            m.pollFirstEntry();
        }
        int n = lines.merge(device, 1, Integer::sum);
        if (n > 2 * MAX_GAPS) {
            compact(device, m);
        } else {
            append(device, g);
        }
    }

    private NavigableMap<Instant, Gap> gaps(String device) {
        return byDevice.computeIfAbsent(device, this::load);
    }

    private Path file(String device) {
        return directory.resolve(device + ".jsonl");
    }

    private NavigableMap<Instant, Gap> load(String device) {
        NavigableMap<Instant, Gap> m = new TreeMap<>();
        int count = 0;
        try {
            for (String line : Files.readAllLines(file(device), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                count++;
                Gap g = parse(line);
                if (g == null) {
                    log.warn("gap journal of camera {}: skipping a line that does not parse", device);
                } else {
                    m.put(g.from(), g);
                }
            }
        } catch (NoSuchFileException e) {
            // no gaps yet
        } catch (IOException e) {
            log.warn("cannot read the gap journal of camera {}: {}", device, e.toString());
        }
        while (m.size() > MAX_GAPS) {
            m.pollFirstEntry();
        }
        lines.put(device, count);
        return m;
    }

    private Gap parse(String line) {
        try {
            JsonNode n = json.readTree(line);
            Instant from = Instant.parse(n.path("from").asText());
            Instant to = n.hasNonNull("to") ? Instant.parse(n.path("to").asText()) : null;
            String detail = n.hasNonNull("detail") ? limit(n.path("detail").asText()) : null;
            return new Gap(from, to, GapReason.ofLabel(n.path("reason").asText()), detail);
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }

    private byte[] line(Gap g) {
        ObjectNode n = json.createObjectNode();
        n.put("from", g.from().toString());
        if (g.to() != null) {
            n.put("to", g.to().toString());
        }
        n.put("reason", g.reason().label());
        if (g.detail() != null) {
            n.put("detail", g.detail());
        }
        return (n + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void append(String device, Gap g) {
        try {
            Files.createDirectories(directory);
            try (FileChannel ch = FileChannel.open(file(device), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(line(g));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false);
            }
            unwritable.remove(device);
        } catch (IOException e) {
            failed(device, e);
        }
    }

    /** Rewrites a camera's journal with one line per gap, atomically (temporary file, then rename). */
    private void compact(String device, NavigableMap<Instant, Gap> m) {
        try {
            Files.createDirectories(directory);
            Path tmp = directory.resolve(device + ".jsonl.tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (Gap g : m.values()) {
                    ByteBuffer b = ByteBuffer.wrap(line(g));
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file(device), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(device), StandardCopyOption.REPLACE_EXISTING);
            }
            lines.put(device, m.size());
        } catch (IOException e) {
            failed(device, e);
        }
    }

    private void failed(String device, IOException e) {
        if (unwritable.add(device)) {
            log.warn("cannot write the gap journal of camera {} ({}); its gaps are kept in memory until it can",
                    device, e.toString());
        }
    }

    private static String limit(String detail) {
        if (detail == null) {
            return null;
        }
        String d = detail.strip();
        return d.length() <= MAX_DETAIL ? d : d.substring(0, MAX_DETAIL - 1) + "…";
    }
}
