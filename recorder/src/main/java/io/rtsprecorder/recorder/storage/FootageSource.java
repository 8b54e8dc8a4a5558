package io.rtsprecorder.recorder.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where an export's segments come from: this volume's catalog, or (with several replicas) this volume and copies of
 * the other replicas' segments of the range, fetched for the export and removed after it.
 */
@FunctionalInterface
public interface FootageSource {

    /**
     * A camera's footage over a range: {@code segments} overlap it, oldest first, each resolved against
     * {@code savePath}; {@code unreachable} names the replicas whose part could not be fetched. Closing it removes
     * whatever was fetched.
     */
    record Gathered(Path savePath, List<SegmentInfo> segments, List<String> unreachable, Runnable release)
            implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    /** The segments of {@code device} that overlap [{@code from}, {@code to}). */
    Gathered gather(String device, Instant from, Instant to) throws IOException;

    /** This volume alone. */
    static FootageSource local(SegmentCatalog catalog) {
        return (device, from, to) -> new Gathered(catalog.savePath(),
                catalog.list(device, from, to, false, 0, Integer.MAX_VALUE).segments(), List.of(), () -> { });
    }
}
