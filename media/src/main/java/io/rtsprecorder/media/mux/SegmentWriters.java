package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.TrackFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The segment writer for a container name: {@code mp4} (fragmented MP4, the default), {@code flv} or {@code ts}. */
public final class SegmentWriters {

    public static final List<String> CONTAINERS = List.of("mp4", "flv", "ts");

    private SegmentWriters() {
    }

    /** Checks a container name, with the accepted values in the message. */
    public static String validate(String container) {
        String c = container.toLowerCase(Locale.ROOT);
        if (!CONTAINERS.contains(c)) {
            throw new IllegalArgumentException("unknown container '" + container + "'; accepted: "
                    + String.join(", ", CONTAINERS));
        }
        return c;
    }

    /** File extension of a container's segments. */
    public static String extension(String container) {
        return validate(container);
    }

    /**
     * @param flushInterval fragment duration for MP4; how often buffered tags are written for FLV
     */
    public static SegmentWriter create(String container, Path file, List<TrackFormat> formats, Instant wallClockStart,
                                       Duration flushInterval) throws IOException {
        return switch (validate(container)) {
            case "flv" -> FlvWriter.create(file, formats, flushInterval);
            case "ts" -> MpegTsWriter.create(file, formats, flushInterval);
            default -> FragmentedMp4Writer.create(file, formats, wallClockStart, flushInterval);
        };
    }

    /** What a repair left: the file's size, and whether any media survived (a header alone plays nothing). */
    public record Repaired(long bytes, boolean hasMedia) {
    }

    /**
     * Cuts a segment left incomplete (by a crash, or a write that failed for lack of space) back to its last
     * complete fragment, tag or packet. For FLV and MPEG-TS "has media" means more than the first kilobyte
     * (header, metadata and tables) survived.
     */
    public static Repaired repair(String container, Path file) throws IOException {
        return switch (validate(container)) {
            case "flv" -> {
                FlvRepair.repair(file);
                long size = java.nio.file.Files.size(file);
                yield new Repaired(size, size > 1024);
            }
            case "ts" -> {
                MpegTsRepair.repair(file);
                long size = java.nio.file.Files.size(file);
                yield new Repaired(size, size > 1024);
            }
            default -> {
                Mp4Repair.Result r = Mp4Repair.repair(file);
                yield new Repaired(r.repairedBytes(), r.durationSeconds() > 0);
            }
        };
    }
}
