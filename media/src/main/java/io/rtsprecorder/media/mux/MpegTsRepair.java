package io.rtsprecorder.media.mux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes an MPEG-TS segment left by a crash playable: cuts it to whole 188-byte packets and drops the last video
 * PES, whose length the stream does not state and which may therefore be incomplete. Every PES before it is
 * whole, because {@link MpegTsWriter} writes each PES's packets back to back. Meant for files that were not
 * closed: on a complete file it would drop the last frame.
 */
final class MpegTsRepair {

    private static final int PACKET = 188;

    private MpegTsRepair() {
    }

    /**
     * Cuts the file back to before the last, possibly incomplete, video PES; media is left when a PES starts before the
     * cut.
     */
    static Container.Repaired repairSegment(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long whole = size - size % PACKET;
            long lastVideoStart = -1;
            long firstMediaStart = -1;
            ByteBuffer header = ByteBuffer.allocate(5);
            ByteBuffer pesStart = ByteBuffer.allocate(4);
            for (long pos = 0; pos + PACKET <= whole; pos += PACKET) {
                header.clear();
                ch.read(header, pos);
                if (header.get(0) != 0x47) {
                    whole = pos; // lost sync: nothing after this can be trusted
                    break;
                }
                boolean unitStart = (header.get(1) & 0x40) != 0;
                boolean hasAdaptation = (header.get(3) & 0x20) != 0;
                int payload = 4 + (hasAdaptation ? 1 + (header.get(4) & 0xFF) : 0);
                if (unitStart && payload + 4 <= PACKET) {
                    pesStart.clear();
                    ch.read(pesStart, pos + payload);
                    boolean pes = pesStart.get(0) == 0 && pesStart.get(1) == 0 && pesStart.get(2) == 1;
                    int streamId = pesStart.get(3) & 0xF0;
                    if (pes && streamId == 0xE0) {
                        lastVideoStart = pos;
                    }
                    if (pes && (streamId == 0xE0 || streamId == 0xC0) && firstMediaStart < 0) {
                        firstMediaStart = pos;
                    }
                }
            }
            long end = lastVideoStart >= 0 ? lastVideoStart : whole;
            if (end < size) {
                ch.truncate(end);
                ch.force(true);
            }
            return new Container.Repaired(end, firstMediaStart >= 0 && firstMediaStart < end);
        }
    }
}
