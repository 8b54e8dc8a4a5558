package io.rtsprecorder.recorder.hls;

import io.rtsprecorder.media.codec.AudioSpecificConfig;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.H265Sps;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.codec.TrackFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The RFC 6381 {@code CODECS} value of a playlist's tracks ({@code avc1.64001f}, {@code hvc1.1.6.L93.B0},
 * {@code mp4a.40.2}), read from the SPS and the AudioSpecificConfig. A player (and the web UI) decides from it
 * whether it can decode the stream before fetching any media: H.265 is the case browsers differ on.
 */
public final class HlsCodecs {

    private HlsCodecs() {
    }

    /** The comma-separated value for these tracks; a track with no RFC 6381 name (PCM) is left out. */
    public static String of(List<TrackFormat> tracks) {
        List<String> names = new ArrayList<>();
        for (TrackFormat t : tracks) {
            String name = of(t);
            if (name != null && !names.contains(name)) {
                names.add(name);
            }
        }
        return String.join(",", names);
    }

    /** One track's codec name, or null when it has none a player would recognise. */
    static String of(TrackFormat t) {
        return switch (t.codec()) {
            case H264 -> h264(t);
            case H265 -> h265(t);
            case AAC -> aac(t);
            default -> null;
        };
    }

    private static String h264(TrackFormat t) {
        byte[] sps = parameterSet(t, NalUnits.H264_SPS);
        if (sps == null || sps.length < 4) {
            return "avc1";
        }
        return String.format(Locale.ROOT, "avc1.%02x%02x%02x", sps[1] & 0xFF, sps[2] & 0xFF, sps[3] & 0xFF);
    }

    /** ISO/IEC 14496-15 Annex E: profile space and idc, compatibility flags reversed, tier and level, constraints. */
    private static String h265(TrackFormat t) {
        byte[] nal = parameterSet(t, NalUnits.H265_SPS);
        if (nal == null) {
            return "hvc1";
        }
        H265Sps sps;
        try {
            sps = H265Sps.parse(nal);
        } catch (CodecFormatException e) {
            return "hvc1";
        }
        StringBuilder b = new StringBuilder("hvc1.");
        if (sps.generalProfileSpace() > 0) {
            b.append((char) ('A' + sps.generalProfileSpace() - 1));
        }
        b.append(sps.generalProfileIdc()).append('.');
        b.append(Long.toHexString(Integer.toUnsignedLong(Integer.reverse((int) sps.generalProfileCompatibilityFlags())))
                .toUpperCase(Locale.ROOT));
        b.append('.').append(sps.generalTierFlag() ? 'H' : 'L').append(sps.generalLevelIdc());
        long constraints = sps.generalConstraintIndicatorFlags();
        int last = -1;
        int[] bytes = new int[6];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (int) (constraints >>> (40 - 8 * i)) & 0xFF;
            if (bytes[i] != 0) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            b.append('.').append(Integer.toHexString(bytes[i]).toUpperCase(Locale.ROOT));
        }
        return b.toString();
    }

    private static String aac(TrackFormat t) {
        try {
            return "mp4a.40." + AudioSpecificConfig.parse(t.audioSpecificConfig()).objectType();
        } catch (CodecFormatException e) {
            return "mp4a.40.2";
        }
    }

    private static byte[] parameterSet(TrackFormat t, int type) {
        for (byte[] nal : t.parameterSets()) {
            if (nal.length > 0 && NalUnits.type(t.codec(), nal) == type) {
                return nal;
            }
        }
        return null;
    }
}
