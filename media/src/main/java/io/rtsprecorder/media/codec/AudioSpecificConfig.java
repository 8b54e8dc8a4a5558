package io.rtsprecorder.media.codec;

/**
 * The MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) fields recording needs, and the 7-byte ADTS header
 * (§1.A.2) that MPEG-TS and some cameras wrap AAC frames in.
 *
 * <p>{@code objectType} and {@code sampleRate} describe the AAC core. HE-AAC (SBR, object type 5) and HE-AAC v2
 * (PS, 29) are read as their AAC-LC core at the core's rate, whether the config signals them hierarchically
 * (type 5 or 29 first) or backward-compatibly (an AAC-LC config with a sync extension after it): ADTS can only
 * describe the core, and a decoder finds SBR in the frames and doubles the output rate itself. So a camera's
 * {@code config=}, its in-band ADTS headers and the ADTS headers we write agree.
 */
public record AudioSpecificConfig(int objectType, int sampleRate, int channels) {

    private static final int[] SAMPLE_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000,
            12000, 11025, 8000, 7350};

    public static final int ADTS_HEADER_BYTES = 7;

    public static AudioSpecificConfig parse(byte[] asc) throws CodecFormatException {
        if (asc.length < 2) {
            throw new CodecFormatException("AudioSpecificConfig shorter than 2 bytes");
        }
        BitReader r = new BitReader(asc, 0, asc.length);
        int objectType = r.u(5);
        if (objectType == 31) {
            objectType = 32 + r.u(6);
        }
        int rate = readRate(r);
        int channelConfig = r.u(4);
        if (objectType == 5 || objectType == 29) {
            // SBR / PS signalled hierarchically: the extension (output) rate, then the core object type.
            readRate(r);
            objectType = r.u(5);
        }
        int channels = channelConfig == 7 ? 8 : channelConfig;
        return new AudioSpecificConfig(objectType, rate, channels);
    }

    private static int readRate(BitReader r) throws CodecFormatException {
        int index = r.u(4);
        if (index == 15) {
            int rate = r.u(24);
            if (rate <= 0) {
                throw new CodecFormatException("explicit AAC sampling rate is zero");
            }
            return rate;
        }
        if (index >= SAMPLE_RATES.length) {
            throw new CodecFormatException("reserved AAC sampling frequency index " + index);
        }
        return SAMPLE_RATES[index];
    }

    /** The two-byte AudioSpecificConfig for an AAC object type with a standard rate and 1..7 channels. */
    public static byte[] build(int objectType, int sampleRate, int channels) {
        int index = rateIndex(sampleRate);
        if (index < 0 || objectType < 1 || objectType > 30 || channels < 1 || channels > 7) {
            throw new IllegalArgumentException("cannot describe AAC " + objectType + "/" + sampleRate + "/" + channels);
        }
        int v = (objectType << 11) | (index << 7) | (channels << 3);
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    static int rateIndex(int sampleRate) {
        for (int i = 0; i < SAMPLE_RATES.length; i++) {
            if (SAMPLE_RATES[i] == sampleRate) {
                return i;
            }
        }
        return -1;
    }

    /** An ADTS header (no CRC) for one raw AAC frame of {@code payloadLength} bytes. */
    public byte[] adtsHeader(int payloadLength) {
        int index = rateIndex(sampleRate);
        int profile = Math.max(0, Math.min(3, objectType - 1));
        int frameLength = payloadLength + ADTS_HEADER_BYTES;
        if (index < 0 || frameLength > 0x1FFF || channels > 7) {
            throw new IllegalArgumentException("AAC frame cannot be described by ADTS: " + this + ", " + payloadLength
                    + " bytes");
        }
        return new byte[] {
            (byte) 0xFF,
            (byte) 0xF1,
            (byte) ((profile << 6) | (index << 2) | (channels >> 2)),
            (byte) (((channels & 3) << 6) | (frameLength >> 11)),
            (byte) (frameLength >> 3),
            (byte) (((frameLength & 7) << 5) | 0x1F),
            (byte) 0xFC
        };
    }

    /** A parsed ADTS header: the configuration it implies, its own size and the size of the payload after it. */
    public record AdtsHeader(AudioSpecificConfig config, int headerLength, int frameLength) {
        public int payloadLength() {
            return frameLength - headerLength;
        }
    }

    /** Parses an ADTS header at {@code offset}; throws when the bytes are not one. */
    public static AdtsHeader parseAdts(byte[] data, int offset, int length) throws CodecFormatException {
        if (length < ADTS_HEADER_BYTES || (data[offset] & 0xFF) != 0xFF || (data[offset + 1] & 0xF0) != 0xF0) {
            throw new CodecFormatException("no ADTS sync word");
        }
        boolean protectionAbsent = (data[offset + 1] & 1) == 1;
        int profile = (data[offset + 2] >> 6) & 3;
        int index = (data[offset + 2] >> 2) & 0xF;
        int channels = ((data[offset + 2] & 1) << 2) | ((data[offset + 3] >> 6) & 3);
        int frameLength = ((data[offset + 3] & 3) << 11) | ((data[offset + 4] & 0xFF) << 3)
                | ((data[offset + 5] >> 5) & 7);
        int headerLength = protectionAbsent ? 7 : 9;
        if (index >= SAMPLE_RATES.length) {
            throw new CodecFormatException("reserved ADTS sampling frequency index " + index);
        }
        if (frameLength < headerLength || frameLength > length) {
            throw new CodecFormatException("ADTS frame length " + frameLength + " does not fit " + length + " bytes");
        }
        return new AdtsHeader(new AudioSpecificConfig(profile + 1, SAMPLE_RATES[index], channels), headerLength,
                frameLength);
    }

    /** Whether the bytes start with an ADTS sync word. */
    public static boolean looksLikeAdts(byte[] data, int offset, int length) {
        return length >= ADTS_HEADER_BYTES && (data[offset] & 0xFF) == 0xFF && (data[offset + 1] & 0xF6) == 0xF0;
    }
}
