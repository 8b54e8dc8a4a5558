package io.rtsprecorder.recorder.storage;

import io.rtsprecorder.media.mux.Container;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One segment file as the catalog knows it. {@code path} is relative to the save path ('/'-separated) and is the
 * segment's identity; {@code name} is its file name, unique per camera. {@code end} is when its last frame was
 * written: exact for segments closed while the service ran, the file's modification time for older ones, and the
 * latest write for the segment being written ({@code complete} false). {@code codecs} is empty until the file was
 * read once. {@code format} is the file's extension, which names its {@link #container()}.
 */
public record SegmentInfo(String device, String path, String name, Instant start, Instant end, long size,
                          String format, List<String> codecs, boolean complete) {

    public Duration duration() {
        return end == null || start == null ? Duration.ZERO : Duration.between(start, end);
    }

    /** The container the segment was recorded in; empty for an extension no recording container uses. */
    public Optional<Container> container() {
        return Container.forSegmentExtension(format);
    }

    /** Whether the MP4 demuxer reads the file (codecs, export). */
    boolean demuxable() {
        return container().map(Container::demuxable).orElse(false);
    }

    public Path resolve(Path savePath) {
        return savePath.resolve(path);
    }

    SegmentInfo withEnd(Instant newEnd, long newSize, boolean isComplete) {
        return new SegmentInfo(device, path, name, start, newEnd, newSize, format, codecs, isComplete);
    }

    SegmentInfo withCodecs(List<String> newCodecs) {
        return new SegmentInfo(device, path, name, start, end, size, format, List.copyOf(newCodecs), complete);
    }
}
