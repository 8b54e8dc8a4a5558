package io.rtsprecorder.media.demux;

import io.rtsprecorder.media.codec.Codec;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@code moov} box into {@link Mp4Track}s: format from the sample description, samples from the
 * progressive sample tables (stts, ctts, stsc, stsz/stz2, stco/co64, stss), the edit list's start shift, and
 * the {@code trex} defaults that fragments of a fragmented file fall back on.
 */
final class MovieParser {

    /** Default sample values from {@code mvex/trex}, per track id. */
    record TrackDefaults(int descriptionIndex, long duration, int size, int flags) {
    }

    final List<Mp4Track> tracks = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    final Map<Integer, TrackDefaults> defaults = new HashMap<>();
    long movieTimescale = 1000;
    long movieDuration;
    long creationTime;
    boolean fragmented;
    boolean truncated;
    private final long fileSize;

    MovieParser(long fileSize) {
        this.fileSize = fileSize;
    }

    void parse(Box moov) throws Mp4FormatException {
        try {
            for (Box child : moov.children(0)) {
                switch (Box.name(child.type)) {
                    case "mvhd" -> parseMvhd(child);
                    case "trak" -> parseTrak(child);
                    case "mvex" -> parseMvex(child);
                    default -> {
                    }
                }
            }
        } catch (BufferUnderflowException e) {
            throw Mp4FormatException.at(moov.path, moov.fileOffset, "a box inside moov is shorter than its fields");
        }
    }

    private void parseMvhd(Box mvhd) {
        ByteBuffer b = mvhd.data();
        int version = b.get();
        b.position(b.position() + 3);
        if (version == 1) {
            creationTime = b.getLong();
            b.getLong();
            movieTimescale = Integer.toUnsignedLong(b.getInt());
            movieDuration = b.getLong();
        } else {
            creationTime = Integer.toUnsignedLong(b.getInt());
            b.getInt();
            movieTimescale = Integer.toUnsignedLong(b.getInt());
            movieDuration = Integer.toUnsignedLong(b.getInt());
        }
    }

    private void parseMvex(Box mvex) throws Mp4FormatException {
        fragmented = true;
        for (Box c : mvex.children(0)) {
            if (Box.name(c.type).equals("trex")) {
                ByteBuffer b = c.data();
                b.getInt();
                int trackId = b.getInt();
                defaults.put(trackId, new TrackDefaults(b.getInt(), Integer.toUnsignedLong(b.getInt()), b.getInt(),
                        b.getInt()));
            }
        }
    }

    private void parseTrak(Box trak) throws Mp4FormatException {
        Box tkhd = trak.require("tkhd");
        ByteBuffer t = tkhd.data();
        int tkhdVersion = t.get();
        t.position(t.position() + 3 + (tkhdVersion == 1 ? 16 : 8));
        int trackId = t.getInt();
        Box mdia = trak.require("mdia");
        Box mdhd = mdia.require("mdhd");
        ByteBuffer m = mdhd.data();
        int mdhdVersion = m.get();
        m.position(m.position() + 3 + (mdhdVersion == 1 ? 16 : 8));
        int timescale = m.getInt();
        if (timescale <= 0) {
            throw Mp4FormatException.at(mdhd.path, mdhd.fileOffset, "media timescale must be positive");
        }
        Box hdlr = mdia.require("hdlr");
        ByteBuffer h = hdlr.data();
        h.position(h.position() + 8);
        String handler = Box.name(h.getInt());
        if (!handler.equals("vide") && !handler.equals("soun")) {
            skipped.add("track " + trackId + ": handler " + handler + " carries no audio or video");
            return;
        }
        Box stbl = mdia.require("minf").require("stbl");
        SampleEntryParser.Entry entry = SampleEntryParser.parse(stbl.require("stsd"), timescale);
        if (entry.format() == null) {
            skipped.add("track " + trackId + ": " + entry.skipReason());
            return;
        }
        Codec codec = entry.format().codec();
        boolean pcm = codec == Codec.PCMA || codec == Codec.PCMU || codec == Codec.LPCM;
        SampleTable samples = new SampleTable(pcm ? Math.max(1, timescale / 50) : 0);
        Mp4Track track = new Mp4Track(trackId, entry.format().withTimescale(timescale), entry.nalLengthSize(),
                entry.conversion(), samples);
        truncated |= ProgressiveTables.read(stbl, samples, pcm ? bytesPerPcmSample(entry) : 0, fileSize);
        track.editShift = editShift(trak);
        tracks.add(track);
    }

    private static int bytesPerPcmSample(SampleEntryParser.Entry entry) {
        int channels = Math.max(1, entry.format().channels());
        return entry.format().codec() == Codec.LPCM ? 2 * channels : channels;
    }

    /** media_time of the first non-empty edit: the media time shown at presentation time zero. */
    private static long editShift(Box trak) throws Mp4FormatException {
        Box edts = trak.child("edts");
        Box elst = edts == null ? null : edts.child("elst");
        if (elst == null) {
            return 0;
        }
        ByteBuffer b = elst.data();
        int version = b.get();
        b.position(b.position() + 3);
        long count = Integer.toUnsignedLong(b.getInt());
        for (long i = 0; i < Math.min(count, 64); i++) {
            if (version == 1) {
                b.getLong(); // segment_duration
            } else {
                b.getInt();
            }
            long mediaTime = version == 1 ? b.getLong() : b.getInt(); // signed: -1 marks an empty edit
            b.getInt(); // media rate
            if (mediaTime >= 0) {
                return mediaTime;
            }
        }
        return 0;
    }
}
