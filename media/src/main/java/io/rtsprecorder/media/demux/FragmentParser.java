package io.rtsprecorder.media.demux;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Adds the samples of one {@code moof} box (ISO 14496-12 §8.8) to the tracks' sample tables: {@code tfhd}
 * defaults and base offsets, {@code tfdt} decode times, and every {@code trun} with its optional per-sample
 * fields.
 */
final class FragmentParser {

    private static final int TFHD_BASE_DATA_OFFSET = 0x1;
    private static final int TFHD_DESCRIPTION_INDEX = 0x2;
    private static final int TFHD_DEFAULT_DURATION = 0x8;
    private static final int TFHD_DEFAULT_SIZE = 0x10;
    private static final int TFHD_DEFAULT_FLAGS = 0x20;

    private static final int TRUN_DATA_OFFSET = 0x1;
    private static final int TRUN_FIRST_FLAGS = 0x4;
    private static final int TRUN_DURATION = 0x100;
    private static final int TRUN_SIZE = 0x200;
    private static final int TRUN_FLAGS = 0x400;
    private static final int TRUN_CTO = 0x800;

    private FragmentParser() {
    }

    /**
     * @return false when the fragment's sample data reaches past {@code fileSize} (a fragment cut by a crash);
     *         then no sample of this fragment is added
     */
    static boolean parse(Box moof, Map<Integer, Mp4Track> tracksById, Map<Integer, MovieParser.TrackDefaults> defaults,
                         long fileSize) throws Mp4FormatException {
        int[] countsBefore = new int[tracksById.size()];
        Mp4Track[] touched = tracksById.values().toArray(Mp4Track[]::new);
        for (int i = 0; i < touched.length; i++) {
            countsBefore[i] = touched[i].samples.count();
        }
        try {
            for (Box traf : moof.children(0)) {
                if (Box.name(traf.type).equals("traf") && !parseTraf(moof, traf, tracksById, defaults, fileSize)) {
                    for (int i = 0; i < touched.length; i++) {
                        touched[i].samples.truncate(countsBefore[i]);
                    }
                    return false;
                }
            }
        } catch (BufferUnderflowException e) {
            throw Mp4FormatException.at(moof.path, moof.fileOffset, "a box inside moof is shorter than its fields");
        }
        return true;
    }

    private static boolean parseTraf(Box moof, Box traf, Map<Integer, Mp4Track> tracksById,
                                     Map<Integer, MovieParser.TrackDefaults> defaults, long fileSize)
            throws Mp4FormatException {
        Box tfhd = traf.require("tfhd");
        ByteBuffer h = tfhd.data();
        int flags = h.getInt() & 0xFFFFFF;
        int trackId = h.getInt();
        Mp4Track track = tracksById.get(trackId);
        if (track == null) {
            return true; // a track we skipped
        }
        MovieParser.TrackDefaults trex = defaults.getOrDefault(trackId, new MovieParser.TrackDefaults(1, 0, 0, 0));
        long base = moof.fileOffset;
        if ((flags & TFHD_BASE_DATA_OFFSET) != 0) {
            base = h.getLong();
        }
        if ((flags & TFHD_DESCRIPTION_INDEX) != 0) {
            h.getInt();
        }
        long defaultDuration = (flags & TFHD_DEFAULT_DURATION) != 0 ? Integer.toUnsignedLong(h.getInt())
                : trex.duration();
        int defaultSize = (flags & TFHD_DEFAULT_SIZE) != 0 ? h.getInt() : trex.size();
        int defaultFlags = (flags & TFHD_DEFAULT_FLAGS) != 0 ? h.getInt() : trex.flags();

        long decodeTime = track.samples.endTime();
        Box tfdt = traf.child("tfdt");
        if (tfdt != null) {
            ByteBuffer d = tfdt.data();
            int version = d.get();
            d.position(d.position() + 3);
            decodeTime = version == 1 ? d.getLong() : Integer.toUnsignedLong(d.getInt());
        }
        long dataPosition = base;
        for (Box trun : traf.children(0)) {
            if (!Box.name(trun.type).equals("trun")) {
                continue;
            }
            ByteBuffer r = trun.data();
            int versionAndFlags = r.getInt();
            int version = versionAndFlags >>> 24;
            int tflags = versionAndFlags & 0xFFFFFF;
            long count = Integer.toUnsignedLong(r.getInt());
            if ((tflags & TRUN_DATA_OFFSET) != 0) {
                dataPosition = base + r.getInt();
            }
            int firstFlags = (tflags & TRUN_FIRST_FLAGS) != 0 ? r.getInt() : -1;
            int perSample = Integer.bitCount(tflags & (TRUN_DURATION | TRUN_SIZE | TRUN_FLAGS | TRUN_CTO)) * 4;
            if (count * perSample > r.remaining()) {
                throw Mp4FormatException.at(trun.path, trun.fileOffset, "sample count " + count + " exceeds the box");
            }
            if (perSample == 0 && count > SampleTable.MAX_SAMPLES) {
                throw Mp4FormatException.at(trun.path, trun.fileOffset, "sample count " + count + " exceeds limit");
            }
            for (long i = 0; i < count; i++) {
                long duration = (tflags & TRUN_DURATION) != 0 ? Integer.toUnsignedLong(r.getInt()) : defaultDuration;
                int size = (tflags & TRUN_SIZE) != 0 ? r.getInt() : defaultSize;
                int sampleFlags = (tflags & TRUN_FLAGS) != 0 ? r.getInt() : (i == 0 && firstFlags != -1 ? firstFlags
                        : defaultFlags);
                int cto = (tflags & TRUN_CTO) != 0 ? r.getInt() : 0;
                if (version == 0 && cto < 0) {
                    cto = Integer.MAX_VALUE; // unsigned offsets beyond 2^31 ticks are nonsense; keep order sane
                }
                if (dataPosition < 0 || size < 0 || dataPosition + size > fileSize) {
                    return false;
                }
                boolean sync = (sampleFlags & 0x10000) == 0;
                track.samples.add(dataPosition, size, decodeTime, duration, cto, sync);
                dataPosition += size;
                decodeTime += duration;
            }
        }
        return true;
    }
}
