package io.rtsprecorder.media.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything a muxer or packetizer needs to know about one elementary stream, independent of the container
 * or transport it came from.
 *
 * <p>Contracts:
 * <ul>
 *   <li>{@code timescale} is the number of ticks per second of the {@link Frame#pts()} and {@link Frame#dts()}
 *       of frames of this track (90 000 for RTP video, the sample rate for RTP audio, the MP4 media timescale
 *       when read from a file).</li>
 *   <li>{@code parameterSets} holds raw NAL units (no start code, no length prefix): for H.264 the SPS then the
 *       PPS units, for H.265 the VPS, SPS then PPS units. Empty for audio. A consumer classifies them by NAL
 *       unit type.</li>
 *   <li>{@code audioSpecificConfig} is the AAC AudioSpecificConfig (ISO 14496-3), empty for other codecs.</li>
 *   <li>{@code width}/{@code height} are the coded picture size of video (0 when unknown, e.g. before the SPS
 *       arrived); {@code sampleRate}/{@code channels} describe audio (0 for video).</li>
 * </ul>
 * A change of any field of a video track (for example new SPS after a camera changed resolution) is a new
 * {@code TrackFormat}; recordings start a new segment when the format of a frame differs from the last one.
 * Byte arrays are never modified after construction; equality compares their contents.
 */
public record TrackFormat(
        Codec codec,
        int timescale,
        int width,
        int height,
        int sampleRate,
        int channels,
        List<byte[]> parameterSets,
        byte[] audioSpecificConfig) {

    public TrackFormat {
        Objects.requireNonNull(codec, "codec");
        if (timescale <= 0) {
            throw new IllegalArgumentException("timescale must be positive: " + timescale);
        }
        parameterSets = parameterSets == null ? List.of() : List.copyOf(parameterSets);
        audioSpecificConfig = audioSpecificConfig == null ? new byte[0] : audioSpecificConfig;
    }

    /** A video track with the given parameter sets (see class contract) and a 90 kHz clock. */
    public static TrackFormat video(Codec codec, int width, int height, List<byte[]> parameterSets) {
        return new TrackFormat(codec, 90_000, width, height, 0, 0, parameterSets, null);
    }

    /** An audio track whose timescale is its sample rate. */
    public static TrackFormat audio(Codec codec, int sampleRate, int channels, byte[] audioSpecificConfig) {
        return new TrackFormat(codec, sampleRate, 0, 0, sampleRate, channels, List.of(), audioSpecificConfig);
    }

    /** The same format with another timescale (e.g. an MP4 track's media timescale). */
    public TrackFormat withTimescale(int newTimescale) {
        return new TrackFormat(codec, newTimescale, width, height, sampleRate, channels, parameterSets,
                audioSpecificConfig);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TrackFormat other)) {
            return false;
        }
        if (codec != other.codec || timescale != other.timescale || width != other.width
                || height != other.height || sampleRate != other.sampleRate || channels != other.channels
                || parameterSets.size() != other.parameterSets.size()
                || !Arrays.equals(audioSpecificConfig, other.audioSpecificConfig)) {
            return false;
        }
        for (int i = 0; i < parameterSets.size(); i++) {
            if (!Arrays.equals(parameterSets.get(i), other.parameterSets.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(codec, timescale, width, height, sampleRate, channels);
        for (byte[] ps : parameterSets) {
            h = 31 * h + Arrays.hashCode(ps);
        }
        return 31 * h + Arrays.hashCode(audioSpecificConfig);
    }

    @Override
    public String toString() {
        return codec.isVideo()
                ? "TrackFormat[" + codec + " " + width + "x" + height + " timescale=" + timescale
                        + " parameterSets=" + parameterSets.size() + "]"
                : "TrackFormat[" + codec + " " + sampleRate + " Hz " + channels + " ch timescale=" + timescale
                        + " asc=" + audioSpecificConfig.length + " bytes]";
    }
}
