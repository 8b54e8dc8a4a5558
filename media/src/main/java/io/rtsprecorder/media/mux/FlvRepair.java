package io.rtsprecorder.media.mux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes an FLV segment left by a crash playable: cuts it after its last complete tag. */
final class FlvRepair {

    private static final int FILE_HEADER = 9 + 4;
    private static final int TAG_HEADER = 11;
    private static final int TAG_AUDIO = 8;
    private static final int TAG_VIDEO = 9;

    private FlvRepair() {
    }

    /** Cuts the file after its last complete tag; media is left when an audio or video tag is complete. */
    static Container.Repaired repairSegment(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long good = Math.min(size, FILE_HEADER);
            boolean media = false;
            ByteBuffer header = ByteBuffer.allocate(TAG_HEADER);
            for (long pos = FILE_HEADER; pos + TAG_HEADER <= size; ) {
                header.clear();
                ch.read(header, pos);
                int dataSize = ((header.get(1) & 0xFF) << 16) | ((header.get(2) & 0xFF) << 8) | (header.get(3) & 0xFF);
                long end = pos + TAG_HEADER + dataSize + 4;
                if (end > size) {
                    break;
                }
                int type = header.get(0) & 0x1F;
                media |= type == TAG_AUDIO || type == TAG_VIDEO;
                good = end;
                pos = end;
            }
            if (good < size) {
                ch.truncate(good);
                ch.force(true);
            }
            return new Container.Repaired(good, media);
        }
    }
}
