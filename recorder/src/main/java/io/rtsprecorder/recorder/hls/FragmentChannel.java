package io.rtsprecorder.recorder.hls;

import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.function.Consumer;

/**
 * The byte channel the live muxer's {@link io.rtsprecorder.media.mux.FragmentedMp4Writer} writes to. The writer
 * hands over its header and then each fragment in one gathering write, so each write is one whole piece: the
 * first the init segment, every later one a fragment.
 */
final class FragmentChannel implements GatheringByteChannel {

    private final Consumer<byte[]> pieces;
    private boolean open = true;

    FragmentChannel(Consumer<byte[]> pieces) {
        this.pieces = pieces;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += srcs[i].remaining();
        }
        byte[] piece = new byte[Math.toIntExact(total)];
        int at = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = srcs[i].remaining();
            srcs[i].get(piece, at, n);
            at += n;
        }
        pieces.accept(piece);
        return total;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) {
        return (int) write(new ByteBuffer[] {src});
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
