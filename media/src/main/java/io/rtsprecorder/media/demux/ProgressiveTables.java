package io.rtsprecorder.media.demux;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Expands the progressive sample tables of an {@code stbl} box into a {@link SampleTable}, walking stts, ctts,
 * stsz/stz2 and stsc/stco/co64 together without materializing them. Every count is checked against the size of
 * the box that holds it, so a forged count cannot make the walk run long or allocate much.
 */
final class ProgressiveTables {

    /** Table rows walked at most: 250 M covers 1.4 h of 48 kHz PCM stored one sample per row. */
    static final long MAX_TABLE_SAMPLES = 250_000_000L;

    private ProgressiveTables() {
    }

    /**
     * @return true when the tables point past the end of the file (a file cut short): the samples before that
     *         point are in {@code out}
     * @param pcmBytesPerSample for PCM tracks the bytes of one audio sample of all channels (used when stsz gives a
     *                          constant size that does not match, as QuickTime files do); 0 otherwise
     */
    static boolean read(Box stbl, SampleTable out, int pcmBytesPerSample, long fileSize) throws Mp4FormatException {
        try {
            return readTables(stbl, out, pcmBytesPerSample, fileSize);
        } catch (BufferUnderflowException e) {
            throw Mp4FormatException.at(stbl.path, stbl.fileOffset, "sample table shorter than its entry count");
        }
    }

    private static boolean readTables(Box stbl, SampleTable out, int pcmBytesPerSample, long fileSize)
            throws Mp4FormatException {
        Box stts = stbl.child("stts");
        Box stsc = stbl.child("stsc");
        Box stsz = stbl.child("stsz");
        Box stz2 = stbl.child("stz2");
        Box stco = stbl.child("stco");
        Box co64 = stbl.child("co64");
        if (stts == null || stsc == null || (stsz == null && stz2 == null) || (stco == null && co64 == null)) {
            return false; // fragmented file: samples come from moof boxes
        }
        Box ctts = stbl.child("ctts");
        Box stss = stbl.child("stss");

        ByteBuffer sttsData = entries(stts, 8);
        long sttsEntries = counted(stts, sttsData, 8);
        ByteBuffer cttsData = ctts == null ? null : entries(ctts, 8);
        long cttsEntries = ctts == null ? 0 : counted(ctts, cttsData, 8);
        ByteBuffer stscData = entries(stsc, 12);
        long stscEntries = counted(stsc, stscData, 12);
        boolean wide = co64 != null && stco == null;
        Box chunkBox = wide ? co64 : stco;
        ByteBuffer chunkData = entries(chunkBox, wide ? 8 : 4);
        long chunkCount = counted(chunkBox, chunkData, wide ? 8 : 4);

        SizeReader sizes = stsz != null ? SizeReader.stsz(stsz) : SizeReader.stz2(stz2);
        long sampleCount = sizes.count;
        SyncSet sync = stss == null ? null : new SyncSet(stss);

        long dts = 0;
        long sttsRemaining = 0;
        long sttsDelta = 0;
        long cttsRemaining = 0;
        int cttsOffset = 0;
        long stscIndex = 0;
        long nextRunFirstChunk = stscEntries > 0 ? stscData.getInt(stscData.position()) : Long.MAX_VALUE;
        long samplesPerChunk = 0;
        long sample = 0;
        if (sampleCount > MAX_TABLE_SAMPLES) {
            throw Mp4FormatException.at(stbl.path, stbl.fileOffset,
                    "sample count " + sampleCount + " exceeds the limit of " + MAX_TABLE_SAMPLES);
        }
        for (long chunk = 1; chunk <= chunkCount && sample < sampleCount; chunk++) {
            while (chunk >= nextRunFirstChunk && stscIndex < stscEntries) {
                stscData.getInt();
                samplesPerChunk = Integer.toUnsignedLong(stscData.getInt());
                stscData.getInt();
                stscIndex++;
                nextRunFirstChunk = stscIndex < stscEntries
                        ? Integer.toUnsignedLong(stscData.getInt(stscData.position()))
                        : Long.MAX_VALUE;
            }
            long offset = wide ? chunkData.getLong() : Integer.toUnsignedLong(chunkData.getInt());
            for (long k = 0; k < samplesPerChunk && sample < sampleCount; k++, sample++) {
                while (sttsRemaining == 0) {
                    if (sttsEntries-- <= 0) {
                        throw Mp4FormatException.at(stts.path, stts.fileOffset, "fewer durations than samples");
                    }
                    sttsRemaining = Integer.toUnsignedLong(sttsData.getInt());
                    sttsDelta = Integer.toUnsignedLong(sttsData.getInt());
                }
                sttsRemaining--;
                if (cttsData != null) {
                    while (cttsRemaining == 0 && cttsEntries > 0) {
                        cttsEntries--;
                        cttsRemaining = Integer.toUnsignedLong(cttsData.getInt());
                        // Version 0 offsets are unsigned by the letter of the standard, but muxers write negative
                        // ones there too; reading both versions as signed is what players do.
                        cttsOffset = cttsData.getInt();
                    }
                    if (cttsRemaining > 0) {
                        cttsRemaining--;
                    }
                }
                int size = sizes.next();
                if (pcmBytesPerSample > 0 && sttsDelta == 1 && size != pcmBytesPerSample) {
                    size = pcmBytesPerSample;
                }
                if (offset < 0 || offset + size > fileSize) {
                    return true;
                }
                out.add(offset, size, dts, sttsDelta, cttsOffset, sync == null || sync.contains(sample + 1));
                offset += size;
                dts += sttsDelta;
            }
        }
        return false;
    }

    /** The table entries after the full-box header and the 32-bit entry count. */
    private static ByteBuffer entries(Box box, int entrySize) {
        ByteBuffer b = box.data();
        b.position(b.position() + 8);
        return b;
    }

    private static long counted(Box box, ByteBuffer entries, int entrySize) throws Mp4FormatException {
        ByteBuffer b = box.data();
        b.position(b.position() + 4);
        long count = Integer.toUnsignedLong(b.getInt());
        if (count * entrySize > entries.remaining()) {
            throw Mp4FormatException.at(box.path, box.fileOffset,
                    "entry count " + count + " exceeds the box (" + entries.remaining() + " bytes)");
        }
        return count;
    }

    /** Sample sizes from stsz (constant or per sample) or stz2 (4, 8 or 16 bits per entry). */
    private static final class SizeReader {
        final long count;
        private final int constant;
        private final ByteBuffer data;
        private final int fieldBits;
        private long index;

        private SizeReader(long count, int constant, ByteBuffer data, int fieldBits) {
            this.count = count;
            this.constant = constant;
            this.data = data;
            this.fieldBits = fieldBits;
        }

        static SizeReader stsz(Box stsz) throws Mp4FormatException {
            ByteBuffer b = stsz.data();
            b.getInt();
            int constant = b.getInt();
            long count = Integer.toUnsignedLong(b.getInt());
            if (constant == 0 && count * 4 > b.remaining()) {
                throw Mp4FormatException.at(stsz.path, stsz.fileOffset, "sample count " + count + " exceeds the box");
            }
            return new SizeReader(count, constant, b, 32);
        }

        static SizeReader stz2(Box stz2) throws Mp4FormatException {
            ByteBuffer b = stz2.data();
            b.getInt();
            b.getShort();
            b.get();
            int fieldBits = b.get() & 0xFF;
            long count = Integer.toUnsignedLong(b.getInt());
            if (fieldBits != 4 && fieldBits != 8 && fieldBits != 16) {
                throw Mp4FormatException.at(stz2.path, stz2.fileOffset, "field size " + fieldBits + " not allowed");
            }
            if ((count * fieldBits + 7) / 8 > b.remaining()) {
                throw Mp4FormatException.at(stz2.path, stz2.fileOffset, "sample count " + count + " exceeds the box");
            }
            return new SizeReader(count, 0, b, fieldBits);
        }

        int next() {
            long i = index++;
            if (constant != 0) {
                return constant;
            }
            return switch (fieldBits) {
                case 4 -> {
                    int v = data.get(data.position() + (int) (i / 2)) & 0xFF;
                    yield (i & 1) == 0 ? v >> 4 : v & 0xF;
                }
                case 8 -> data.get(data.position() + (int) i) & 0xFF;
                case 16 -> data.getShort(data.position() + (int) (i * 2)) & 0xFFFF;
                default -> data.getInt(data.position() + (int) (i * 4));
            };
        }
    }

    /** Sample numbers (1-based) of sync samples, walked in increasing order. */
    private static final class SyncSet {
        private final ByteBuffer data;
        private long remaining;
        private long current = -1;

        SyncSet(Box stss) throws Mp4FormatException {
            data = entries(stss, 4);
            remaining = counted(stss, data, 4);
        }

        boolean contains(long sampleNumber) {
            while (current < sampleNumber && remaining > 0) {
                current = Integer.toUnsignedLong(data.getInt());
                remaining--;
            }
            return current == sampleNumber;
        }
    }
}
