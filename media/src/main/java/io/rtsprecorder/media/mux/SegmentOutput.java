package io.rtsprecorder.media.mux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a segment writer's bytes go: a new file (recording) or any byte channel (an export streamed to an HTTP
 * client). Writes are whole: every buffer handed over is written completely, with one gather write where the
 * channel supports it, so a fragment reaches the OS in one piece. Patching earlier bytes (durations known only at
 * close) and forcing to disk apply to files only; on a stream they are skipped, which is why every writer's
 * format must be valid without them.
 *
 * <p>Writers that produce many small pieces (FLV tags, TS packets) compose them in {@link #buffer()} and hand a
 * flush interval's worth over at once with {@link #writeBuffer()}; {@link #bytesWritten()} counts buffered bytes
 * too. A writer uses either the buffer or {@link #write(ByteBuffer...)}, not both: one does not wait for the other.
 *
 * <p>This also carries what every writer's lifecycle shares: {@link #open} closes the output when the writer
 * cannot be built, {@link #close(Completion)} completes the segment once, and {@link #closed()} tells a writer to
 * refuse further frames.
 */
final class SegmentOutput implements AutoCloseable {

    private static final int BUFFER_CAPACITY = 256 * 1024;

    /** Builds a writer on an output; may fail (refused formats, a failed header write). */
    @FunctionalInterface
    interface WriterFactory<W> {
        W create(SegmentOutput output) throws IOException;
    }

    /** A writer's last step of a clean close: its remaining bytes and the values patched into its header. */
    @FunctionalInterface
    interface Completion {
        void run() throws IOException;
    }

    private final WritableByteChannel channel;
    private final FileChannel file;
    private BoxWriter buffer;
    private long bytesWritten;
    private boolean closed;

    private SegmentOutput(WritableByteChannel channel) {
        this.channel = channel;
        this.file = channel instanceof FileChannel f ? f : null;
    }

    /** A new file; never replaces an existing one. */
    static SegmentOutput create(Path path) throws IOException {
        return new SegmentOutput(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    static SegmentOutput of(WritableByteChannel channel) {
        return new SegmentOutput(channel);
    }

    /** Builds a writer on this output; if that fails, the channel is closed before the failure is passed on. */
    <W> W open(WriterFactory<W> factory) throws IOException {
        try {
            return factory.create(this);
        } catch (IOException | RuntimeException e) {
            closed = true;
            channel.close();
            throw e;
        }
    }

    void write(ByteBuffer... buffers) throws IOException {
        long total = 0;
        for (ByteBuffer b : buffers) {
            total += b.remaining();
        }
        if (channel instanceof GatheringByteChannel g) {
            long written = 0;
            while (written < total) {
                written += g.write(buffers);
            }
        } else {
            for (ByteBuffer b : buffers) {
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        }
        bytesWritten += total;
    }

    /**
     * Bytes composed but not yet handed to the channel; the same object for the output's whole life, so a writer
     * may keep it and fill in sizes inside it until {@link #writeBuffer()}.
     */
    BoxWriter buffer() {
        if (buffer == null) {
            buffer = new BoxWriter(BUFFER_CAPACITY);
        }
        return buffer;
    }

    /** Hands the buffered bytes to the channel in one write and empties the buffer. */
    void writeBuffer() throws IOException {
        if (buffer != null) {
            write(ByteBuffer.wrap(buffer.array(), 0, buffer.position()));
            buffer.reset();
        }
    }

    /** Overwrites bytes at {@code position} of a file; does nothing on a stream. */
    void patch(long position, ByteBuffer value) throws IOException {
        if (file != null) {
            while (value.hasRemaining()) {
                file.write(value, position + value.position());
            }
        }
    }

    /** Writes the buffered bytes and forces a file's content (not its size) to the device. */
    void flush() throws IOException {
        writeBuffer();
        force(false);
    }

    /** Bytes of the segment so far: those handed to the channel and those still in {@link #buffer()}. */
    long bytesWritten() {
        return bytesWritten + (buffer == null ? 0 : buffer.position());
    }

    boolean closed() {
        return closed;
    }

    /** {@link #close(Completion)} with nothing more to write or patch. */
    @Override
    public void close() throws IOException {
        close(() -> { });
    }

    /**
     * Completes the segment: writes the buffered bytes, runs {@code completion}, forces content and size to the
     * device and closes the channel, which is closed even if a step before fails. Only the first call does anything.
     */
    void close(Completion completion) throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writeBuffer();
            completion.run();
            force(true);
        } finally {
            channel.close();
        }
    }

    /** Forces a file's content (and with {@code metadata} its size) to the device; nothing on a stream. */
    private void force(boolean metadata) throws IOException {
        if (file != null) {
            file.force(metadata);
        }
    }
}
