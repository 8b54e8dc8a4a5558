package io.rtsprecorder.media.codec;

import java.util.List;
import java.util.Optional;

/**
 * The picture size that a track's parameter sets announce. SDP, MP4 sample entries and in-band parameter sets
 * all end up here, so a track's size always comes from its SPS, parsed one way.
 */
public final class VideoParameterSets {

    private VideoParameterSets() {
    }

    /** Width and height from the first SPS among {@code sets}; empty when there is none or it does not parse. */
    public static Optional<int[]> pictureSize(Codec codec, List<byte[]> sets) {
        for (byte[] ps : sets) {
            try {
                if (codec == Codec.H264 && ps.length > 0 && NalUnits.h264Type(ps[0]) == NalUnits.H264_SPS) {
                    H264Sps sps = H264Sps.parse(ps);
                    return Optional.of(new int[] {sps.width(), sps.height()});
                }
                if (codec == Codec.H265 && ps.length > 1 && NalUnits.h265Type(ps[0]) == NalUnits.H265_SPS) {
                    H265Sps sps = H265Sps.parse(ps);
                    return Optional.of(new int[] {sps.width(), sps.height()});
                }
            } catch (CodecFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A video format with these parameter sets, sized by their SPS, or {@code fallbackWidth x fallbackHeight}. */
    public static TrackFormat format(Codec codec, int timescale, List<byte[]> sets, int fallbackWidth,
                                     int fallbackHeight) {
        int[] size = pictureSize(codec, sets).orElse(new int[] {fallbackWidth, fallbackHeight});
        return new TrackFormat(codec, timescale, size[0], size[1], 0, 0, sets, null);
    }
}
