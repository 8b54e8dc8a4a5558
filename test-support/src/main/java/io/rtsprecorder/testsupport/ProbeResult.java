package io.rtsprecorder.testsupport;

import java.util.List;
import java.util.Optional;

/** What ffprobe reports about a file or URL: container, start time, duration and streams. */
public record ProbeResult(String formatName, double startTime, double duration, long size, List<StreamInfo> streams) {

    public Optional<StreamInfo> video() {
        return streams.stream().filter(StreamInfo::isVideo).findFirst();
    }

    public Optional<StreamInfo> audio() {
        return streams.stream().filter(StreamInfo::isAudio).findFirst();
    }
}
