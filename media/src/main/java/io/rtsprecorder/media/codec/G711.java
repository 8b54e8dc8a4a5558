package io.rtsprecorder.media.codec;

/**
 * G.711 A-law and µ-law expansion to 16-bit linear PCM (ITU-T G.711). MP4 has no G.711 sample entry that players
 * agree on, so recordings store G.711 audio as 16-bit PCM: twice the bytes of the original, nothing lost.
 */
public final class G711 {

    private static final short[] ALAW = new short[256];
    private static final short[] ULAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ALAW[i] = alawToLinear(i);
            ULAW[i] = ulawToLinear(i);
        }
    }

    private G711() {
    }

    private static short alawToLinear(int value) {
        int a = value ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        switch (segment) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= segment - 1;
            }
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    private static short ulawToLinear(int value) {
        int u = ~value & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    /** Expands G.711 bytes of the given codec into 16-bit little-endian samples. */
    public static byte[] toLinearLittleEndian(Codec codec, byte[] samples) {
        short[] table = switch (codec) {
            case PCMA -> ALAW;
            case PCMU -> ULAW;
            default -> throw new IllegalArgumentException("not G.711: " + codec);
        };
        byte[] out = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            short s = table[samples[i] & 0xFF];
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }
}
