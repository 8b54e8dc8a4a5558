package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.TrackFormat;
import java.time.Instant;
import java.util.List;

/**
 * The {@code ftyp} and {@code moov} of a fragmented MP4 file: one track per format with its real codec
 * configuration ({@code avcC}, {@code hvcC}, {@code esds}; G.711 as 16-bit PCM {@code sowt}), empty sample tables,
 * and {@code mvex}. Durations are written as zero and their file offsets remembered, so a clean close can patch
 * them in place (version-1 boxes: 64-bit fields that never need to grow).
 */
final class Mp4Header {

    static final int MOVIE_TIMESCALE = 1000;
    /** Seconds between 1904-01-01 (the MP4 epoch) and 1970-01-01. */
    private static final long MP4_EPOCH_OFFSET = 2_082_844_800L;

    final byte[] bytes;
    final int mvhdDurationOffset;
    final int mehdDurationOffset;
    final int[] tkhdDurationOffsets;
    final int[] mdhdDurationOffsets;

    private Mp4Header(byte[] bytes, int mvhd, int mehd, int[] tkhd, int[] mdhd) {
        this.bytes = bytes;
        this.mvhdDurationOffset = mvhd;
        this.mehdDurationOffset = mehd;
        this.tkhdDurationOffsets = tkhd;
        this.mdhdDurationOffsets = mdhd;
    }

    /** The timescale a track is stored with: 90 kHz for video, the sample rate for audio. */
    static int timescale(TrackFormat f) {
        return f.codec().isVideo() ? 90_000 : Math.max(1, f.sampleRate());
    }

    static Mp4Header build(List<TrackFormat> tracks, Instant creation) throws CodecFormatException {
        long created = creation.getEpochSecond() + MP4_EPOCH_OFFSET;
        BoxWriter w = new BoxWriter(4096);
        w.begin("ftyp").bytes("iso6".getBytes()).u32(0);
        for (String brand : List.of("iso6", "iso5", "mp41", "isom")) {
            w.bytes(brand.getBytes());
        }
        w.end();
        w.begin("moov");
        w.beginFull("mvhd", 1, 0).u64(created).u64(created).u32(MOVIE_TIMESCALE);
        int mvhd = w.position();
        w.u64(0).u32(0x00010000).u16(0x0100).zeros(10).matrix().zeros(24).u32(tracks.size() + 1L).end();
        int[] tkhd = new int[tracks.size()];
        int[] mdhd = new int[tracks.size()];
        for (int i = 0; i < tracks.size(); i++) {
            TrackFormat f = tracks.get(i);
            boolean video = f.codec().isVideo();
            w.begin("trak");
            w.beginFull("tkhd", 1, 3).u64(created).u64(created).u32(i + 1L).u32(0);
            tkhd[i] = w.position();
            w.u64(0).zeros(8).u16(0).u16(video ? 0 : 1).u16(video ? 0 : 0x0100).u16(0).matrix()
                    .u32((long) f.width() << 16).u32((long) f.height() << 16).end();
            w.begin("mdia");
            w.beginFull("mdhd", 1, 0).u64(created).u64(created).u32(timescale(f));
            mdhd[i] = w.position();
            w.u64(0).u16(0x55C4).u16(0).end(); // language "und"
            handlerToSampleDescription(w, f);
            w.beginFull("stts", 0, 0).u32(0).end();
            w.beginFull("stsc", 0, 0).u32(0).end();
            w.beginFull("stsz", 0, 0).u32(0).u32(0).end();
            w.beginFull("stco", 0, 0).u32(0).end();
            w.end().end().end().end(); // stbl, minf, mdia, trak
        }
        w.begin("mvex");
        w.beginFull("mehd", 1, 0);
        int mehd = w.position();
        w.u64(0).end();
        for (int i = 0; i < tracks.size(); i++) {
            w.beginFull("trex", 0, 0).u32(i + 1L).u32(1).u32(0).u32(0).u32(0).end();
        }
        w.end().end(); // mvex, moov
        byte[] bytes = java.util.Arrays.copyOf(w.array(), w.position());
        return new Mp4Header(bytes, mvhd, mehd, tkhd, mdhd);
    }

    /**
     * The part of a track every MP4 we write shares: {@code hdlr}, then {@code minf} with its media header and
     * {@code dinf}, then {@code stbl} with the sample description. Leaves {@code minf} and {@code stbl} open for
     * the caller's sample tables.
     */
    static void handlerToSampleDescription(BoxWriter w, TrackFormat f) throws CodecFormatException {
        boolean video = f.codec().isVideo();
        w.beginFull("hdlr", 0, 0).u32(0).bytes((video ? "vide" : "soun").getBytes()).zeros(12)
                .bytes((video ? "rtsp-recorder video\0" : "rtsp-recorder audio\0").getBytes()).end();
        w.begin("minf");
        if (video) {
            w.beginFull("vmhd", 0, 1).zeros(8).end();
        } else {
            w.beginFull("smhd", 0, 0).zeros(4).end();
        }
        w.begin("dinf").beginFull("dref", 0, 0).u32(1).beginFull("url ", 0, 1).end().end().end();
        w.begin("stbl");
        w.beginFull("stsd", 0, 0).u32(1);
        sampleEntry(w, f);
        w.end();
    }

    private static void sampleEntry(BoxWriter w, TrackFormat f) throws CodecFormatException {
        switch (f.codec()) {
            case H264 -> {
                visualEntry(w, "avc1", f);
                w.begin("avcC");
                DecoderConfigurationRecords.avc(w, f);
                w.end().end();
            }
            case H265 -> {
                visualEntry(w, "hvc1", f);
                w.begin("hvcC");
                DecoderConfigurationRecords.hevc(w, f);
                w.end().end();
            }
            case AAC -> {
                audioEntry(w, "mp4a", f);
                byte[] asc = f.audioSpecificConfig();
                int decoderConfigLength = 13 + 2 + asc.length;
                int esLength = 3 + 2 + decoderConfigLength + 3;
                w.beginFull("esds", 0, 0)
                        .u8(0x03).u8(esLength).u16(1).u8(0)
                        .u8(0x04).u8(decoderConfigLength).u8(0x40).u8(0x15).u24(0).u32(0).u32(0)
                        .u8(0x05).u8(asc.length).bytes(asc)
                        .u8(0x06).u8(1).u8(0x02)
                        .end().end();
            }
            case PCMA, PCMU, LPCM -> {
                audioEntry(w, "sowt", f);
                w.end();
            }
        }
    }

    private static void visualEntry(BoxWriter w, String type, TrackFormat f) {
        w.begin(type).zeros(6).u16(1).zeros(16).u16(f.width()).u16(f.height()).u32(0x00480000).u32(0x00480000)
                .u32(0).u16(1).zeros(32).u16(0x0018).u16(0xFFFF);
    }

    private static void audioEntry(BoxWriter w, String type, TrackFormat f) {
        w.begin(type).zeros(6).u16(1).zeros(8).u16(Math.max(1, f.channels())).u16(16).u16(0).u16(0)
                .u32((long) Math.min(f.sampleRate(), 65535) << 16);
    }

    /** The format a track is stored with: G.711 becomes 16-bit PCM at the same rate. */
    static TrackFormat storedFormat(TrackFormat f) {
        return storedCodec(f.codec()) == f.codec() ? f
                : new TrackFormat(Codec.LPCM, f.sampleRate(), 0, 0, f.sampleRate(), f.channels(), null, null);
    }

    static Codec storedCodec(Codec codec) {
        return codec == Codec.PCMA || codec == Codec.PCMU ? Codec.LPCM : codec;
    }
}
