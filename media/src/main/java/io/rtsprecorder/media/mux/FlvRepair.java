package io.rtsprecorder.media.mux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes an FLV segment left by a crash playable: cuts it after its last complete tag. */
public final class FlvRepair {

    private static final int FILE_HEADER = 9 + 4;
    private static final int TAG_HEADER = 11;

    private FlvRepair() {
    }

    /** @return the bytes cut off the end */
    public static long repair(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long good = Math.min(size, FILE_HEADER);
            ByteBuffer header = ByteBuffer.allocate(TAG_HEADER);
            for (long pos = FILE_HEADER; pos + TAG_HEADER <= size; ) {
                header.clear();
                ch.read(header, pos);
                int dataSize = ((header.get(1) & 0xFF) << 16) | ((header.get(2) & 0xFF) << 8) | (header.get(3) & 0xFF);
                long end = pos + TAG_HEADER + dataSize + 4;
                if (end > size) {
                    break;
                }
                good = end;
                pos = end;
            }
            if (good < size) {
                ch.truncate(good);
                ch.force(true);
            }
            return size - good;
        }
    }
}
