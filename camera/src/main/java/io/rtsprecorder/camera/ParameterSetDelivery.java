package io.rtsprecorder.camera;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.sdp.MediaDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a mount's video parameter sets reach its clients: in the SDP, in band before every keyframe, both (the
 * default) or neither ({@link MountConfig#sdpParameterSets()}, {@link MountConfig#inbandParameterSets()}).
 *
 * <p>The media library always announces both: {@code SdpTracks.describe} writes the {@code sprop-*} fmtp
 * parameters from the track format, and the H.264/H.265 packetizers send the format's parameter sets in front
 * of every keyframe. So the camera filters what it hands to them rather than changing them for everybody else:
 * it drops the {@code sprop-*} parameters from the media section, and gives the packetizer frames whose format
 * has no parameter sets. A frame's data never holds parameter sets (the {@link Frame} contract; the demuxer
 * takes in-band ones out into the format), so the format is the only way they reach the packetizer.
 */
final class ParameterSetDelivery {

    /** The fmtp parameters that carry parameter sets (RFC 6184 §8.1, RFC 7798 §7.1). */
    private static final List<String> SPROP_PARAMETERS = List.of("sprop-parameter-sets", "sprop-vps", "sprop-sps",
            "sprop-pps");

    private final boolean inSdp;
    private final boolean inBand;
    // Per track, the last format seen and the same without parameter sets: formats change rarely, frames often.
    private final TrackFormat[] seen;
    private final TrackFormat[] stripped;

    ParameterSetDelivery(MountConfig config, int tracks) {
        this.inSdp = config.sdpParameterSets();
        this.inBand = config.inbandParameterSets();
        this.seen = new TrackFormat[tracks];
        this.stripped = new TrackFormat[tracks];
    }

    /** The media section as announced: {@code m} itself, or a copy whose fmtp has no {@code sprop-*}. */
    MediaDescription describe(MediaDescription m) {
        if (inSdp) {
            return m;
        }
        MediaDescription copy = new MediaDescription(m.media(), m.port(), m.protocol(), m.formats());
        for (String[] a : m.attributes()) {
            if (!a[0].equalsIgnoreCase("fmtp") || a[1] == null) {
                copy.attribute(a[0], a[1]);
                continue;
            }
            String fmtp = withoutSprop(a[1]);
            if (fmtp != null) {
                copy.attribute(a[0], fmtp);
            }
        }
        return copy;
    }

    /** {@code "96 a=1;sprop-sps=..."} without the sprop parameters, or null when nothing else is left. */
    private static String withoutSprop(String fmtp) {
        String[] parts = fmtp.strip().split("\\s+", 2);
        if (parts.length < 2) {
            return fmtp;
        }
        List<String> kept = new ArrayList<>();
        for (String p : parts[1].split(";")) {
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            if (!SPROP_PARAMETERS.contains(key) && !p.isBlank()) {
                kept.add(p.strip());
            }
        }
        return kept.isEmpty() ? null : parts[0] + " " + String.join(";", kept);
    }

    /**
     * The frame to packetize: {@code frame} itself, or, when parameter sets stay out of band, the same frame with
     * a format that has none, so the packetizer puts no SPS/PPS/VPS in front of keyframes. Mount thread only.
     */
    Frame forPacketizer(Frame frame) {
        TrackFormat format = frame.format();
        if (inBand || format.parameterSets().isEmpty()) {
            return frame;
        }
        int track = frame.track();
        if (seen[track] != format) {
            seen[track] = format;
            stripped[track] = new TrackFormat(format.codec(), format.timescale(), format.width(), format.height(),
                    format.sampleRate(), format.channels(), List.of(), format.audioSpecificConfig());
        }
        return new Frame(track, stripped[track], frame.pts(), frame.dts(), frame.keyframe(), frame.data());
    }
}
