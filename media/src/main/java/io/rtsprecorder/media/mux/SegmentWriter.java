package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.Frame;
import java.io.IOException;

/**
 * Writes the frames of one segment into one file, without re-encoding.
 *
 * <p>Contracts: frames of each track arrive in decode order; tracks are interleaved roughly by time. Whatever
 * {@link #flush()} has handed to the operating system is playable even if the process dies right after it;
 * {@link #close()} completes the file (durations in the header) and is the only way to finish it cleanly. A writer
 * never overwrites an existing file.
 */
public interface SegmentWriter extends AutoCloseable {

    void write(Frame frame) throws IOException;

    /** Hands everything complete to the operating system. */
    void flush() throws IOException;

    /** Bytes in the file so far. */
    long bytesWritten();

    /**
     * Bytes of media the writer holds in memory for the file and has not yet handed to the operating system (a
     * fragment being built): its share of the recorder's memory per camera.
     */
    default long bufferedBytes() {
        return 0;
    }

    /** Media time written so far, in seconds. */
    double durationSeconds();

    @Override
    void close() throws IOException;
}
