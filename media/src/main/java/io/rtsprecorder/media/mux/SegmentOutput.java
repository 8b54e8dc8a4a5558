package io.rtsprecorder.media.mux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a segment writer's bytes go: a new file (recording) or any byte channel (an export streamed to an HTTP
 * client). Writes are whole: every buffer handed over is written completely; to a file through a shared direct
 * buffer ({@link WriteBufferPool}) in one write for up to 1 MiB, elsewhere with one gather write where the channel
 * supports it, so a fragment reaches the OS in one piece. Patching earlier bytes (durations known only at
 * close) and forcing to disk apply to files only; on a stream they are skipped, which is why every writer's
 * format must be valid without them.
 *
 * <p>Writers that produce many small pieces (FLV tags, TS packets) compose them in {@link #buffer()} and hand a
 * flush interval's worth over at once with {@link #writeBuffer()}; {@link #bytesWritten()} counts buffered bytes
 * too. A writer uses either the buffer or {@link #write(ByteBuffer...)}, not both: one does not wait for the other.
 *
 * <p>This also carries what every writer's lifecycle shares: {@link #open} closes the output (and removes the file
 * it created) when the writer cannot be built, {@link #close(Completion)} completes the segment once, and
 * {@link #closed()} tells a writer to refuse further frames.
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
    private final Path path;
    private BoxWriter buffer;
    private long bytesWritten;
    private boolean closed;

    private SegmentOutput(WritableByteChannel channel, Path path) {
        this.channel = channel;
        this.file = channel instanceof FileChannel f ? f : null;
        this.path = path;
    }

    /** A new file; never replaces an existing one. */
    static SegmentOutput create(Path path) throws IOException {
        return new SegmentOutput(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), path);
    }

    static SegmentOutput of(WritableByteChannel channel) {
        return new SegmentOutput(channel, null);
    }

    /**
     * Builds a writer on this output; if that fails, the channel is closed and a file this output created is
     * removed before the failure is passed on: a writer that never started leaves no empty or header-only file.
     */
    <W> W open(WriterFactory<W> factory) throws IOException {
        try {
            return factory.create(this);
        } catch (IOException | RuntimeException e) {
            closed = true;
            try {
                channel.close();
                if (path != null) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    void write(ByteBuffer... buffers) throws IOException {
        long total = 0;
        for (ByteBuffer b : buffers) {
            total += b.remaining();
        }
        if (file != null) {
            writeThroughPool(buffers);
        } else if (channel instanceof GatheringByteChannel g) {
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
     * Copies {@code buffers} into a pooled direct buffer and writes that: one write per
     * {@link WriteBufferPool#BUFFER_BYTES}, so any fragment or flush interval the writers produce is one write.
     */
    private void writeThroughPool(ByteBuffer[] buffers) throws IOException {
        ByteBuffer direct = WriteBufferPool.SHARED.acquire();
        try {
            int i = 0;
            while (i < buffers.length) {
                direct.clear();
                while (i < buffers.length && direct.hasRemaining()) {
                    ByteBuffer b = buffers[i];
                    int n = Math.min(b.remaining(), direct.remaining());
                    direct.put(direct.position(), b, b.position(), n);
                    direct.position(direct.position() + n);
                    b.position(b.position() + n);
                    if (!b.hasRemaining()) {
                        i++;
                    }
                }
                direct.flip();
                while (direct.hasRemaining()) {
                    file.write(direct);
                }
            }
        } finally {
            WriteBufferPool.SHARED.release(direct);
        }
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
     * Completes the segment: writes the buffered bytes and runs {@code completion}. A segment file this output
     * created is then forced to the device and closed by {@link SegmentSync} in the background; a channel handed
     * in (an export's) is forced here if it is a file, and closed. If a step fails, the channel is closed at once.
     * Only the first call does anything.
     */
    void close(Completion completion) throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean complete = false;
        try {
            writeBuffer();
            completion.run();
            if (path == null) {
                force(true);
            }
            complete = true;
        } finally {
            if (complete && path != null) {
                SegmentSync.forceAndClose(file, path);
            } else {
                channel.close();
            }
        }
    }

    /** Forces a file's content (and with {@code metadata} its size) to the device; nothing on a stream. */
    private void force(boolean metadata) throws IOException {
        if (file != null) {
            file.force(metadata);
        }
    }
}
