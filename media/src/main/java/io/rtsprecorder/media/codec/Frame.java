package io.rtsprecorder.media.codec;

import java.util.Objects;

/**
 * One access unit of one track: a whole video picture or a block of audio samples. This is the currency
 * between depacketizers or demuxers and the segment writers or packetizers.
 *
 * <p>Contracts:
 * <ul>
 *   <li>{@code track} is the index of the track within its source (SDP media order or MP4 track order).</li>
 *   <li>{@code pts}/{@code dts} are in ticks of {@code format.timescale()}, 64-bit and unwrapped. {@code dts} increases
 *       within a track as far as the source's timestamps do: a camera's timestamps may step back or jump, and
 *       recordings correct that with {@code io.rtsprecorder.media.record.TimelineRule}; demuxed files are monotonic.
 *       For audio and for video without B-frames {@code pts == dts}.</li>
 *   <li>{@code data} of H.264/H.265 frames is the access unit's NAL units, each preceded by a 4-byte
 *       big-endian length (the MP4 "AVCC" layout), without parameter sets or access unit delimiters: those
 *       live in {@link TrackFormat#parameterSets()}. AAC data is one raw access unit (no ADTS header); G.711
 *       data is one byte per sample; LPCM is 16-bit little-endian samples.</li>
 *   <li>{@code keyframe} marks a random access point (IDR, or IRAP for H.265); audio frames are always
 *       keyframes.</li>
 *   <li>{@code data} is owned by the frame and never modified after construction.</li>
 * </ul>
 */
public record Frame(int track, TrackFormat format, long pts, long dts, boolean keyframe, byte[] data) {

    public Frame {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(data, "data");
    }

    /** Presentation time in microseconds, for logs and cross-track comparison. */
    public long ptsMicros() {
        return Math.abs(pts) < Long.MAX_VALUE / 1_000_000L
                ? pts * 1_000_000L / format.timescale()
                : (long) (pts * (1_000_000.0 / format.timescale()));
    }

    @Override
    public String toString() {
        return "Frame[track=" + track + " " + format.codec() + " pts=" + pts + " dts=" + dts
                + (keyframe ? " key" : "") + " " + data.length + " bytes]";
    }
}
