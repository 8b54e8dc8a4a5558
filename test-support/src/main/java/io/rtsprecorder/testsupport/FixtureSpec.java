package io.rtsprecorder.testsupport;

import java.util.Locale;

/**
 * Describes a synthetic test clip made by {@link MediaOracle#fixture(FixtureSpec, java.nio.file.Path)}: a moving
 * test pattern and a sine tone, encoded by ffmpeg's own encoders (x264, x265, aac, pcm_alaw, pcm_mulaw).
 *
 * <p>{@code videoCodec} is {@code "h264"}, {@code "h265"} or {@code null} (audio only); {@code audioCodec} is
 * {@code "aac"}, {@code "pcm_alaw"}, {@code "pcm_mulaw"}, {@code "pcm_s16le"} or {@code null} (video only).
 * The GOP is fixed (no scene-cut keyframes) so tests can compute expected keyframe positions. The container is
 * MP4, or QuickTime MOV when the audio is G.711/PCM (MP4 has no G.711 sample entry); {@code fragmented}
 * writes a fragmented MP4 (moof per keyframe).
 */
public record FixtureSpec(
        String videoCodec,
        boolean bFrames,
        int width,
        int height,
        int fps,
        double gopSeconds,
        String videoBitrate,
        String audioCodec,
        int sampleRate,
        int channels,
        double durationSeconds,
        boolean fragmented) {

    /** H.264 (no B-frames) 640x360 25 fps, 1 s GOP, AAC 48 kHz mono, 10 s. */
    public static FixtureSpec h264Aac() {
        return new FixtureSpec("h264", false, 640, 360, 25, 1.0, "800k", "aac", 48_000, 1, 10, false);
    }

    /** H.265 640x360 25 fps, 1 s GOP, G.711 A-law 8 kHz mono, 10 s. */
    public static FixtureSpec h265Alaw() {
        return new FixtureSpec("h265", false, 640, 360, 25, 1.0, "600k", "pcm_alaw", 8_000, 1, 10, false);
    }

    /** H.264 with B-frames 640x360 25 fps, 1 s GOP, AAC 48 kHz mono, 10 s. */
    public static FixtureSpec h264BFramesAac() {
        return new FixtureSpec("h264", true, 640, 360, 25, 1.0, "800k", "aac", 48_000, 1, 10, false);
    }

    public FixtureSpec withVideo(String codec, boolean withBFrames) {
        return new FixtureSpec(codec, withBFrames, width, height, fps, gopSeconds, videoBitrate, audioCodec, sampleRate,
                channels, durationSeconds, fragmented);
    }

    public FixtureSpec withSize(int w, int h) {
        return new FixtureSpec(videoCodec, bFrames, w, h, fps, gopSeconds, videoBitrate, audioCodec, sampleRate,
                channels, durationSeconds, fragmented);
    }

    public FixtureSpec withFps(int newFps) {
        return new FixtureSpec(videoCodec, bFrames, width, height, newFps, gopSeconds, videoBitrate, audioCodec,
                sampleRate, channels, durationSeconds, fragmented);
    }

    public FixtureSpec withGop(double seconds) {
        return new FixtureSpec(videoCodec, bFrames, width, height, fps, seconds, videoBitrate, audioCodec, sampleRate,
                channels, durationSeconds, fragmented);
    }

    public FixtureSpec withVideoBitrate(String bitrate) {
        return new FixtureSpec(videoCodec, bFrames, width, height, fps, gopSeconds, bitrate, audioCodec, sampleRate,
                channels, durationSeconds, fragmented);
    }

    public FixtureSpec withAudio(String codec, int rate, int channelCount) {
        return new FixtureSpec(videoCodec, bFrames, width, height, fps, gopSeconds, videoBitrate, codec, rate,
                channelCount, durationSeconds, fragmented);
    }

    public FixtureSpec withDuration(double seconds) {
        return new FixtureSpec(videoCodec, bFrames, width, height, fps, gopSeconds, videoBitrate, audioCodec,
                sampleRate,
                channels, seconds, fragmented);
    }

    public FixtureSpec withFragmented(boolean value) {
        return new FixtureSpec(videoCodec, bFrames, width, height, fps, gopSeconds, videoBitrate, audioCodec,
                sampleRate,
                channels, durationSeconds, value);
    }

    /** Number of video frames the clip holds. */
    public int videoFrameCount() {
        return videoCodec == null ? 0 : (int) Math.round(durationSeconds * fps);
    }

    public int gopFrames() {
        return Math.max(1, (int) Math.round(gopSeconds * fps));
    }

    /** "mp4", or "mov" for PCM audio. */
    public String extension() {
        return audioCodec != null && audioCodec.startsWith("pcm_") ? "mov" : "mp4";
    }

    /** A file name that identifies the spec, so generated fixtures can be cached and reused. */
    public String fileName() {
        return String.format(Locale.ROOT, "%s%s-%dx%d-%dfps-gop%s-%s-%s-%d-%dch-%ss%s.%s",
                videoCodec == null ? "novideo" : videoCodec, bFrames ? "-bf" : "", width, height, fps,
                fmt(gopSeconds), videoBitrate == null ? "crf" : videoBitrate,
                audioCodec == null ? "noaudio" : audioCodec, sampleRate, channels, fmt(durationSeconds),
                fragmented ? "-frag" : "", extension());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v).replace('.', '_');
    }
}
