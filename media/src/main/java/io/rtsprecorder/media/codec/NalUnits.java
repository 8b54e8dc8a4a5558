package io.rtsprecorder.media.codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * NAL unit framing for H.264 and H.265: types, Annex-B start codes and the 4-byte length prefixes that
 * {@link Frame} data uses.
 */
public final class NalUnits {

    public static final int H264_IDR = 5;
    public static final int H264_SEI = 6;
    public static final int H264_SPS = 7;
    public static final int H264_PPS = 8;
    public static final int H264_AUD = 9;

    public static final int H265_VPS = 32;
    public static final int H265_SPS = 33;
    public static final int H265_PPS = 34;
    public static final int H265_AUD = 35;

    private static final int MAX_NAL_UNITS = 100_000;

    private NalUnits() {
    }

    public static int h264Type(byte header) {
        return header & 0x1F;
    }

    public static int h265Type(byte header) {
        return (header >> 1) & 0x3F;
    }

    /** NAL unit type of the unit's first byte(s) for the given codec. */
    public static int type(Codec codec, byte[] nal) {
        return type(codec, nal[0]);
    }

    /** NAL unit type from the unit's first byte. */
    public static int type(Codec codec, byte header) {
        return codec == Codec.H265 ? h265Type(header) : h264Type(header);
    }

    public static boolean isParameterSet(Codec codec, int type) {
        return codec == Codec.H265 ? type >= H265_VPS && type <= H265_PPS : type == H264_SPS || type == H264_PPS;
    }

    public static boolean isAccessUnitDelimiter(Codec codec, int type) {
        return codec == Codec.H265 ? type == H265_AUD : type == H264_AUD;
    }

    /** IDR for H.264; IRAP (BLA, IDR, CRA: types 16 to 23) for H.265. */
    public static boolean isKeyframe(Codec codec, int type) {
        return codec == Codec.H265 ? type >= 16 && type <= 23 : type == H264_IDR;
    }

    /** Whether the unit carries picture data (a VCL NAL unit). */
    public static boolean isVcl(Codec codec, int type) {
        return codec == Codec.H265 ? type < 32 : type >= 1 && type <= 5;
    }

    /** Splits an Annex-B stream (3- or 4-byte start codes) into NAL units without start codes. */
    public static List<byte[]> splitAnnexB(byte[] data, int offset, int length) {
        List<byte[]> units = new ArrayList<>();
        int end = offset + length;
        int start = -1;
        int i = offset;
        while (i + 2 < end) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                if (start >= 0) {
                    addTrimmed(units, data, start, i);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < end) {
            addTrimmed(units, data, start, end);
        } else if (start < 0 && length > 0) {
            addTrimmed(units, data, offset, end); // no start code at all: one bare unit
        }
        return units;
    }

    private static void addTrimmed(List<byte[]> units, byte[] data, int from, int to) {
        while (to > from && data[to - 1] == 0) {
            to--; // trailing zero bytes belong to the next 4-byte start code
        }
        if (to > from && units.size() < MAX_NAL_UNITS) {
            byte[] unit = new byte[to - from];
            System.arraycopy(data, from, unit, 0, unit.length);
            units.add(unit);
        }
    }

    /** Whether the bytes start with an Annex-B start code. */
    public static boolean startsWithStartCode(byte[] data, int offset, int length) {
        return length >= 3 && data[offset] == 0 && data[offset + 1] == 0
                && (data[offset + 2] == 1 || length >= 4 && data[offset + 2] == 0 && data[offset + 3] == 1);
    }

    /** Splits 4-byte-length-prefixed data into NAL units. */
    public static List<byte[]> splitLengthPrefixed(byte[] data) throws CodecFormatException {
        List<byte[]> units = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            if (data.length - pos < 4) {
                throw new CodecFormatException("truncated NAL unit length at offset " + pos);
            }
            int len = ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16) | ((data[pos + 2] & 0xFF) << 8)
                    | (data[pos + 3] & 0xFF);
            pos += 4;
            if (len < 0 || len > data.length - pos) {
                throw new CodecFormatException("NAL unit length " + Integer.toUnsignedString(len) + " exceeds data");
            }
            byte[] unit = new byte[len];
            System.arraycopy(data, pos, unit, 0, len);
            units.add(unit);
            pos += len;
        }
        return units;
    }

    /** Joins NAL units with 4-byte big-endian length prefixes (the {@link Frame} layout). */
    public static byte[] toLengthPrefixed(List<byte[]> units) {
        int total = 0;
        for (byte[] u : units) {
            total += 4 + u.length;
        }
        byte[] out = new byte[total];
        int pos = 0;
        for (byte[] u : units) {
            out[pos] = (byte) (u.length >>> 24);
            out[pos + 1] = (byte) (u.length >>> 16);
            out[pos + 2] = (byte) (u.length >>> 8);
            out[pos + 3] = (byte) u.length;
            System.arraycopy(u, 0, out, pos + 4, u.length);
            pos += 4 + u.length;
        }
        return out;
    }

    /** Joins NAL units with 4-byte start codes. */
    public static byte[] toAnnexB(List<byte[]> units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] u : units) {
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(1);
            out.writeBytes(u);
        }
        return out.toByteArray();
    }
}
