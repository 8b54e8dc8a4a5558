package io.rtsprecorder.media.demux;

import io.rtsprecorder.media.codec.AudioSpecificConfig;
import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.TrackFormat;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the first sample description of an {@code stsd} box into a {@link TrackFormat}: {@code avc1/avc3}
 * ({@code avcC}), {@code hvc1/hev1} ({@code hvcC}), {@code mp4a} ({@code esds}, also inside QuickTime's
 * {@code wave}), {@code alaw}, {@code ulaw}, and 16-bit PCM ({@code sowt}, {@code twos}, {@code lpcm},
 * {@code ipcm}). QuickTime sound descriptions of version 0, 1 and 2 are understood.
 */
final class SampleEntryParser {

    /** A parsed entry, or the reason the track is skipped. */
    record Entry(TrackFormat format, int nalLengthSize, Mp4Track.Conversion conversion, String skipReason) {
        static Entry skip(String reason) {
            return new Entry(null, 0, Mp4Track.Conversion.NONE, reason);
        }
    }

    private SampleEntryParser() {
    }

    static Entry parse(Box stsd, int timescale) throws Mp4FormatException {
        List<Box> entries = stsd.children(8); // full box header + entry_count
        if (entries.isEmpty()) {
            throw Mp4FormatException.at(stsd.path, stsd.fileOffset, "no sample description");
        }
        Box entry = entries.get(0);
        String type = Box.name(entry.type);
        try {
            return switch (type) {
                case "avc1", "avc3" -> video(entry, Codec.H264, "avcC");
                case "hvc1", "hev1" -> video(entry, Codec.H265, "hvcC");
                case "mp4a" -> aac(entry, timescale);
                case "alaw" -> pcm(entry, Codec.PCMA, Mp4Track.Conversion.NONE);
                case "ulaw" -> pcm(entry, Codec.PCMU, Mp4Track.Conversion.NONE);
                case "sowt" -> pcm(entry, Codec.LPCM, Mp4Track.Conversion.NONE);
                case "twos" -> pcm(entry, Codec.LPCM, Mp4Track.Conversion.SWAP_16BIT);
                case "lpcm", "ipcm" -> rawPcm(entry);
                default -> Entry.skip("codec " + type + " is not supported");
            };
        } catch (BufferUnderflowException e) {
            throw Mp4FormatException.at(entry.path, entry.fileOffset, "sample description truncated");
        } catch (CodecFormatException e) {
            throw Mp4FormatException.at(entry.path, entry.fileOffset, e.getMessage());
        }
    }

    private static Entry video(Box entry, Codec codec, String configBox) throws Mp4FormatException {
        ByteBuffer b = entry.data();
        b.position(b.position() + 8 + 16);
        int width = b.getShort() & 0xFFFF;
        int height = b.getShort() & 0xFFFF;
        Box config = null;
        for (Box c : entry.children(78)) {
            if (Box.name(c.type).equals(configBox)) {
                config = c;
            }
        }
        if (config == null) {
            return Entry.skip(Box.name(entry.type) + " without " + configBox);
        }
        ByteBuffer d = config.data();
        List<byte[]> sets = new ArrayList<>();
        int lengthSize;
        if (codec == Codec.H264) {
            d.get(); // configurationVersion
            d.get();
            d.get();
            d.get(); // profile, compatibility, level
            lengthSize = (d.get() & 3) + 1;
            int spsCount = d.get() & 0x1F;
            readSets(d, spsCount, sets, config);
            int ppsCount = d.get() & 0xFF;
            readSets(d, ppsCount, sets, config);
        } else {
            d.position(d.position() + 21);
            lengthSize = (d.get() & 3) + 1;
            int arrays = d.get() & 0xFF;
            List<byte[]> vps = new ArrayList<>();
            List<byte[]> sps = new ArrayList<>();
            List<byte[]> pps = new ArrayList<>();
            for (int i = 0; i < arrays; i++) {
                int nalType = d.get() & 0x3F;
                int n = d.getShort() & 0xFFFF;
                List<byte[]> target = nalType == 32 ? vps : nalType == 33 ? sps : nalType == 34 ? pps
                        : new ArrayList<>();
                readSets(d, n, target, config);
            }
            sets.addAll(vps);
            sets.addAll(sps);
            sets.addAll(pps);
        }
        if (lengthSize == 3) {
            throw Mp4FormatException.at(config.path, config.fileOffset, "NAL length size 3 is not allowed");
        }
        return new Entry(TrackFormat.video(codec, width, height, sets), lengthSize, Mp4Track.Conversion.NAL_LENGTHS,
                null);
    }

    private static void readSets(ByteBuffer d, int count, List<byte[]> out, Box config) throws Mp4FormatException {
        for (int i = 0; i < count; i++) {
            int len = d.getShort() & 0xFFFF;
            if (len == 0 || len > d.remaining()) {
                throw Mp4FormatException.at(config.path, config.fileOffset, "parameter set length " + len
                        + " exceeds box");
            }
            byte[] nal = new byte[len];
            d.get(nal);
            if (out.size() < 32) {
                out.add(nal);
            }
        }
    }

    /** Channel count, sample rate and where child boxes start, for the three sound description versions. */
    private record SoundDescription(int channels, int sampleRate, int childOffset, int bitsPerSample, int flags) {
    }

    private static SoundDescription sound(Box entry) {
        ByteBuffer b = entry.data();
        int base = b.position();
        b.position(base + 8);
        int version = b.getShort() & 0xFFFF;
        b.getShort(); // revision
        b.getInt(); // vendor
        int channels = b.getShort() & 0xFFFF;
        int sampleSize = b.getShort() & 0xFFFF;
        b.getShort(); // compression id
        b.getShort(); // packet size
        int rate = (int) (Integer.toUnsignedLong(b.getInt()) >>> 16);
        if (version == 1) {
            return new SoundDescription(channels, rate, 28 + 16, sampleSize, 0);
        }
        if (version == 2) {
            b.getInt(); // sizeOfStructOnly
            double rate2 = Double.longBitsToDouble(b.getLong());
            int channels2 = b.getInt();
            b.getInt(); // always 0x7F000000
            int bits = b.getInt();
            int flags = b.getInt();
            return new SoundDescription(channels2, (int) Math.round(rate2), 28 + 36, bits, flags);
        }
        return new SoundDescription(channels, rate, 28, sampleSize, 0);
    }

    private static Entry aac(Box entry, int timescale) throws Mp4FormatException, CodecFormatException {
        SoundDescription sd = sound(entry);
        Box esds = null;
        for (Box c : entry.children(sd.childOffset())) {
            String n = Box.name(c.type);
            if (n.equals("esds")) {
                esds = c;
            } else if (n.equals("wave")) {
                Box inner = c.child("esds");
                if (inner != null) {
                    esds = inner;
                }
            }
        }
        if (esds == null) {
            return Entry.skip("mp4a without esds");
        }
        byte[] asc = decoderSpecificInfo(esds);
        if (asc == null) {
            return Entry.skip("mp4a esds without AudioSpecificConfig");
        }
        AudioSpecificConfig parsed = AudioSpecificConfig.parse(asc);
        int rate = parsed.sampleRate() > 0 ? parsed.sampleRate() : sd.sampleRate();
        int channels = parsed.channels() > 0 ? parsed.channels() : sd.channels();
        return new Entry(new TrackFormat(Codec.AAC, timescale, 0, 0, rate, channels, List.of(), asc), 0,
                Mp4Track.Conversion.NONE, null);
    }

    /** Walks ES_Descriptor → DecoderConfigDescriptor → DecoderSpecificInfo (ISO 14496-1 §7.2.6). */
    private static byte[] decoderSpecificInfo(Box esds) throws Mp4FormatException {
        ByteBuffer b = esds.data();
        b.getInt(); // full box
        for (int guard = 0; guard < 16 && b.remaining() >= 2; guard++) {
            int tag = b.get() & 0xFF;
            int len = 0;
            for (int i = 0; i < 4; i++) {
                int v = b.get() & 0xFF;
                len = (len << 7) | (v & 0x7F);
                if ((v & 0x80) == 0) {
                    break;
                }
            }
            if (len > b.remaining()) {
                throw Mp4FormatException.at(esds.path, esds.fileOffset, "descriptor length exceeds box");
            }
            switch (tag) {
                case 0x03 -> {
                    b.getShort(); // ES_ID
                    int flags = b.get() & 0xFF;
                    if ((flags & 0x80) != 0) {
                        b.getShort();
                    }
                    if ((flags & 0x40) != 0) {
                        b.position(b.position() + (b.get() & 0xFF));
                    }
                    if ((flags & 0x20) != 0) {
                        b.getShort();
                    }
                }
                case 0x04 -> b.position(b.position() + 13);
                case 0x05 -> {
                    byte[] asc = new byte[len];
                    b.get(asc);
                    return asc;
                }
                default -> b.position(b.position() + len);
            }
        }
        return null;
    }

    private static Entry pcm(Box entry, Codec codec, Mp4Track.Conversion conversion) {
        SoundDescription sd = sound(entry);
        if (codec == Codec.LPCM && sd.bitsPerSample() != 16) {
            return Entry.skip(Box.name(entry.type) + " with " + sd.bitsPerSample() + "-bit samples is not supported");
        }
        return new Entry(TrackFormat.audio(codec, sd.sampleRate(), Math.max(1, sd.channels()), null), 0, conversion,
                null);
    }

    private static Entry rawPcm(Box entry) throws Mp4FormatException {
        SoundDescription sd = sound(entry);
        boolean bigEndian;
        int bits = sd.bitsPerSample();
        if (Box.name(entry.type).equals("lpcm")) {
            boolean isFloat = (sd.flags() & 1) != 0;
            bigEndian = (sd.flags() & 2) != 0;
            if (isFloat) {
                return Entry.skip("floating-point lpcm is not supported");
            }
        } else {
            Box pcmC = null;
            for (Box c : entry.children(sd.childOffset())) {
                if (Box.name(c.type).equals("pcmC")) {
                    pcmC = c;
                }
            }
            if (pcmC == null) {
                return Entry.skip("ipcm without pcmC");
            }
            ByteBuffer d = pcmC.data();
            d.getInt();
            bigEndian = (d.get() & 1) == 0;
            bits = d.get() & 0xFF;
        }
        if (bits != 16) {
            return Entry.skip(Box.name(entry.type) + " with " + bits + "-bit samples is not supported");
        }
        return new Entry(TrackFormat.audio(Codec.LPCM, sd.sampleRate(), Math.max(1, sd.channels()), null), 0,
                bigEndian ? Mp4Track.Conversion.SWAP_16BIT : Mp4Track.Conversion.NONE, null);
    }
}
