package io.rtsprecorder.media.demux;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/** Arbitrary bytes as an MP4 file: only Mp4FormatException may come out, and reading always ends. */
class Mp4DemuxerFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void demuxerFailsOnlyWithTypedErrors(byte[] input) throws IOException {
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(new ByteArrayChannel(input))) {
            demuxer.tracks();
            demuxer.durationSeconds();
            for (int i = 0; i < 10_000 && demuxer.readFrame() != null; i++) {
                // read every frame (bounded)
            }
            demuxer.rewind();
            demuxer.readFrame();
        } catch (Mp4FormatException expected) {
            // the only acceptable failure
        }
    }
}
