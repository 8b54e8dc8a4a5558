package io.rtsprecorder.media.codec;

/**
 * Reads the bits of an H.264/H.265 RBSP: emulation-prevention bytes ({@code 00 00 03}) are skipped on the fly,
 * Exp-Golomb codes are bounded to 31 leading zeros. Reading past the end throws {@link CodecFormatException}.
 */
final class BitReader {

    private final byte[] data;
    private final int end;
    private int bytePos;
    private int bitPos; // 0..7 within data[bytePos], from the most significant bit
    private int zeros; // consecutive zero bytes before bytePos, for emulation prevention

    BitReader(byte[] data, int offset, int length) {
        this.data = data;
        this.bytePos = offset;
        this.end = offset + length;
    }

    int u(int bits) throws CodecFormatException {
        if (bits > 32) {
            throw new CodecFormatException("cannot read " + bits + " bits at once");
        }
        long v = 0;
        for (int i = 0; i < bits; i++) {
            v = (v << 1) | bit();
        }
        return (int) v;
    }

    boolean flag() throws CodecFormatException {
        return bit() == 1;
    }

    int ue() throws CodecFormatException {
        int leadingZeros = 0;
        while (bit() == 0) {
            if (++leadingZeros > 31) {
                throw new CodecFormatException("Exp-Golomb code longer than 32 bits");
            }
        }
        long value = (1L << leadingZeros) - 1 + (leadingZeros == 0 ? 0 : Integer.toUnsignedLong(u(leadingZeros)));
        if (value > Integer.MAX_VALUE) {
            throw new CodecFormatException("Exp-Golomb value out of range");
        }
        return (int) value;
    }

    int se() throws CodecFormatException {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    void skip(int bits) throws CodecFormatException {
        for (int i = 0; i < bits; i++) {
            bit();
        }
    }

    private int bit() throws CodecFormatException {
        if (bitPos == 0) {
            // Entering a new byte: skip an emulation prevention byte 0x03 after two zero bytes.
            if (bytePos < end && zeros >= 2 && data[bytePos] == 3) {
                bytePos++;
                zeros = 0;
            }
            if (bytePos >= end) {
                throw new CodecFormatException("unexpected end of parameter set");
            }
        }
        int b = (data[bytePos] >> (7 - bitPos)) & 1;
        if (++bitPos == 8) {
            zeros = data[bytePos] == 0 ? zeros + 1 : 0;
            bitPos = 0;
            bytePos++;
        }
        return b;
    }
}
