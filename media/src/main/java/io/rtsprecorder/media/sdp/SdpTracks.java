package io.rtsprecorder.media.sdp;

import io.rtsprecorder.media.codec.AudioSpecificConfig;
import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.codec.VideoParameterSets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Translates between {@link TrackFormat} and SDP media sections: what a camera announces in DESCRIBE
 * (RFC 6184 for H.264, RFC 7798 for H.265, RFC 3640 for AAC, RFC 3551 for G.711).
 */
public final class SdpTracks {

    private SdpTracks() {
    }

    /** A media section announcing one track with the given payload type and control path. */
    public static MediaDescription describe(TrackFormat format, int payloadType, String control) {
        String pt = Integer.toString(payloadType);
        MediaDescription m;
        switch (format.codec()) {
            case H264 -> {
                m = new MediaDescription("video", 0, "RTP/AVP", List.of(pt));
                m.attribute("rtpmap", pt + " H264/90000");
                StringBuilder fmtp = new StringBuilder(pt).append(" packetization-mode=1");
                List<String> sets = new ArrayList<>();
                for (byte[] ps : format.parameterSets()) {
                    int type = NalUnits.h264Type(ps[0]);
                    if (type == NalUnits.H264_SPS && ps.length >= 4) {
                        fmtp.append(";profile-level-id=").append(String.format("%02X%02X%02X", ps[1], ps[2], ps[3]));
                    }
                    sets.add(Base64.getEncoder().encodeToString(ps));
                }
                if (!sets.isEmpty()) {
                    fmtp.append(";sprop-parameter-sets=").append(String.join(",", sets));
                }
                m.attribute("fmtp", fmtp.toString());
            }
            case H265 -> {
                m = new MediaDescription("video", 0, "RTP/AVP", List.of(pt));
                m.attribute("rtpmap", pt + " H265/90000");
                List<String> parts = new ArrayList<>();
                appendSprop(parts, "sprop-vps", format, NalUnits.H265_VPS);
                appendSprop(parts, "sprop-sps", format, NalUnits.H265_SPS);
                appendSprop(parts, "sprop-pps", format, NalUnits.H265_PPS);
                if (!parts.isEmpty()) {
                    m.attribute("fmtp", pt + " " + String.join(";", parts));
                }
            }
            case AAC -> {
                m = new MediaDescription("audio", 0, "RTP/AVP", List.of(pt));
                m.attribute("rtpmap", pt + " mpeg4-generic/" + format.sampleRate() + "/" + format.channels());
                m.attribute("fmtp", pt + " streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;"
                        + "indexdeltalength=3;config=" + HexFormat.of().formatHex(format.audioSpecificConfig()));
            }
            case PCMA, PCMU -> {
                boolean isStatic = format.sampleRate() == 8000 && format.channels() == 1;
                String staticPt = format.codec() == Codec.PCMA ? "8" : "0";
                String usedPt = isStatic ? staticPt : pt;
                m = new MediaDescription("audio", 0, "RTP/AVP", List.of(usedPt));
                m.attribute("rtpmap", usedPt + " " + format.codec().name() + "/" + format.sampleRate() + "/"
                        + format.channels());
            }
            case LPCM -> {
                m = new MediaDescription("audio", 0, "RTP/AVP", List.of(pt));
                m.attribute("rtpmap", pt + " L16/" + format.sampleRate() + "/" + format.channels());
            }
            default -> throw new IllegalArgumentException("no SDP mapping for " + format.codec());
        }
        m.attribute("control", control);
        return m;
    }

    private static void appendSprop(List<String> parts, String name, TrackFormat format, int type) {
        for (byte[] ps : format.parameterSets()) {
            if (NalUnits.h265Type(ps[0]) == type) {
                parts.add(name + "=" + Base64.getEncoder().encodeToString(ps));
                return;
            }
        }
    }

    /**
     * A track format from a camera's media section, or a reason it cannot be recorded. Video size comes from the
     * SPS in the fmtp when present, else stays 0 until in-band parameter sets arrive.
     */
    public static Result trackFormat(MediaDescription m) {
        Optional<MediaDescription.RtpMap> rtpMap = m.rtpMap();
        int pt = m.payloadType();
        String encoding;
        int clockRate;
        int channels;
        if (rtpMap.isPresent()) {
            encoding = rtpMap.get().encoding().toUpperCase(Locale.ROOT);
            clockRate = rtpMap.get().clockRate();
            channels = rtpMap.get().channels();
        } else if (pt == 0 || pt == 8) {
            encoding = pt == 0 ? "PCMU" : "PCMA";
            clockRate = 8000;
            channels = 1;
        } else {
            return Result.unsupported(m.media() + " payload type " + pt + " has no rtpmap");
        }
        Map<String, String> fmtp = m.fmtp();
        try {
            return switch (encoding) {
                case "H264" -> Result.of(video(Codec.H264, fmtp));
                case "H265", "HEVC" -> Result.of(video(Codec.H265, fmtp));
                case "MPEG4-GENERIC" -> aac(fmtp, clockRate, channels);
                case "PCMA" -> Result.of(TrackFormat.audio(Codec.PCMA, clockRate, channels, null));
                case "PCMU" -> Result.of(TrackFormat.audio(Codec.PCMU, clockRate, channels, null));
                default -> Result.unsupported("codec " + rtpMap.get().encoding() + " is not supported");
            };
        } catch (CodecFormatException | IllegalArgumentException e) {
            return Result.unsupported(encoding + " parameters unusable: " + e.getMessage());
        }
    }

    /**
     * H.264 from {@code sprop-parameter-sets}; H.265 from {@code sprop-vps/sps/pps}. Sized by the SPS. Some
     * servers put Annex-B start codes inside the base64 values; those are split off, so parameter sets are always
     * bare NAL units.
     */
    private static TrackFormat video(Codec codec, Map<String, String> fmtp) throws CodecFormatException {
        List<byte[]> sets = new ArrayList<>();
        List<String> keys = codec == Codec.H264 ? List.of("sprop-parameter-sets")
                : List.of("sprop-vps", "sprop-sps", "sprop-pps");
        for (String key : keys) {
            String value = fmtp.get(key);
            for (String b64 : value == null ? new String[0] : value.split(",")) {
                byte[] decoded = b64.isBlank() ? new byte[0] : Base64.getDecoder().decode(b64.strip());
                List<byte[]> units = NalUnits.startsWithStartCode(decoded, 0, decoded.length)
                        ? NalUnits.splitAnnexB(decoded, 0, decoded.length) : List.of(decoded);
                for (byte[] nal : units) {
                    if (nal.length > 1) {
                        sets.add(nal);
                    }
                }
            }
        }
        if (!sets.isEmpty() && VideoParameterSets.pictureSize(codec, sets).isEmpty()
                && sets.stream().anyMatch(ps -> NalUnits.type(codec, ps) == (codec == Codec.H264 ? NalUnits.H264_SPS
                        : NalUnits.H265_SPS))) {
            throw new CodecFormatException("the SDP's SPS does not parse");
        }
        return VideoParameterSets.format(codec, 90_000, sets, 0, 0);
    }

    private static Result aac(Map<String, String> fmtp, int clockRate, int channels) throws CodecFormatException {
        String mode = fmtp.getOrDefault("mode", "");
        if (!mode.equalsIgnoreCase("AAC-hbr") && !mode.equalsIgnoreCase("AAC-lbr")) {
            return Result.unsupported("mpeg4-generic mode " + mode + " is not AAC-hbr/AAC-lbr");
        }
        String config = fmtp.get("config");
        if (config == null || config.isBlank()) {
            return Result.unsupported("mpeg4-generic without config");
        }
        byte[] asc = HexFormat.of().parseHex(config.strip().toLowerCase(Locale.ROOT));
        AudioSpecificConfig parsed = AudioSpecificConfig.parse(asc);
        int rate = parsed.sampleRate() > 0 ? parsed.sampleRate() : clockRate;
        int ch = parsed.channels() > 0 ? parsed.channels() : channels;
        // The RTP clock of AAC is the rtpmap rate; TrackFormat's timescale follows it.
        return Result.of(new TrackFormat(Codec.AAC, clockRate > 0 ? clockRate : rate, 0, 0, rate, ch, List.of(), asc));
    }

    /** A usable track format, or why the media section cannot be recorded. */
    public record Result(TrackFormat format, String unsupportedReason) {
        static Result of(TrackFormat format) {
            return new Result(format, null);
        }

        static Result unsupported(String reason) {
            return new Result(null, reason);
        }

        public boolean supported() {
            return format != null;
        }
    }
}
