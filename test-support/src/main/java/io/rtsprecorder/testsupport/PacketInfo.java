package io.rtsprecorder.testsupport;

/** One demuxed packet as ffprobe reports it ({@code -show_packets}); times in seconds, NaN when absent. */
public record PacketInfo(int streamIndex, double ptsTime, double dtsTime, double durationTime, long size,
        boolean keyframe) {
}
