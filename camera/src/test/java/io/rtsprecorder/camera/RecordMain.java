package io.rtsprecorder.camera;

import io.rtsprecorder.media.record.Recording;
import io.rtsprecorder.media.record.RecordingConfig;
import io.rtsprecorder.media.record.SegmentListener;
import io.rtsprecorder.media.rtsp.RtspClient;
import io.rtsprecorder.media.rtsp.RtspClientConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A recorder in a process of its own, for the crash test: records {@code args[0]} into {@code args[1]} and prints
 * {@code OPENED <file>} when the first segment starts, until it is killed.
 */
public final class RecordMain {

    private RecordMain() {
    }

    public static void main(String[] args) throws Exception {
        RtspClient client = RtspClient.connect(RtspClientConfig.of(args[0]));
        Recording recording = new Recording(RecordingConfig.of(Path.of(args[1]), "crash", Duration.ofMinutes(10)),
                client.tracks(), Clock.systemUTC(), new SegmentListener() {
                    @Override
                    public void opened(Path file, Instant start, long mediaStartMicros) {
                        System.out.println("OPENED " + file);
                        System.out.flush();
                    }

                    @Override
                    public void closed(Path file, double seconds, long bytes) {
                    }
                });
        client.stream(recording);
    }
}
