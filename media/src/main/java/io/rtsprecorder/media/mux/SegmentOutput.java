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
 */
final class SegmentOutput implements AutoCloseable {

    private final WritableByteChannel channel;
    private final FileChannel file;
    private long bytesWritten;

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

    void write(byte[] bytes, int offset, int length) throws IOException {
        write(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Overwrites bytes at {@code position} of a file; does nothing on a stream. */
    void patch(long position, ByteBuffer value) throws IOException {
        if (file != null) {
            while (value.hasRemaining()) {
                file.write(value, position + value.position());
            }
        }
    }

    /** Forces a file's content (and with {@code metadata} its size) to the device; nothing on a stream. */
    void force(boolean metadata) throws IOException {
        if (file != null) {
            file.force(metadata);
        }
    }

    long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
