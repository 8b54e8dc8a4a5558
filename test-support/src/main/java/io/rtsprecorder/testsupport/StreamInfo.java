package io.rtsprecorder.testsupport;

/**
 * One stream as ffprobe sees it. Numeric fields are {@code -1}/{@code NaN} when ffprobe did not report them;
 * {@code frameCount} is only filled by probes that count frames ({@link MediaOracle#probe(java.nio.file.Path,
 * boolean)}).
 */
public record StreamInfo(
        int index,
        String codecType,
        String codecName,
        String profile,
        int width,
        int height,
        int sampleRate,
        int channels,
        long frameCount,
        double startTime,
        double duration,
        String avgFrameRate,
        int hasBFrames) {

    public boolean isVideo() {
        return "video".equals(codecType);
    }

    public boolean isAudio() {
        return "audio".equals(codecType);
    }
}
