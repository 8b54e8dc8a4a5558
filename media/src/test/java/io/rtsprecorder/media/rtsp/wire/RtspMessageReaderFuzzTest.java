package io.rtsprecorder.media.rtsp.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;

/** Arbitrary bytes on an RTSP connection: only RtspProtocolException or EOFException may come out. */
class RtspMessageReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void readerFailsOnlyWithTypedErrors(byte[] input) throws IOException {
        RtspMessageReader reader = new RtspMessageReader(new ByteArrayInputStream(input),
                new RtspLimits(512, 1024, 16, 4096, 8192));
        try {
            for (int i = 0; i < 64 && reader.read() != null; i++) {
                // read until the end of the input or the first error
            }
        } catch (RtspProtocolException | EOFException expected) {
            // the only acceptable ways to fail
        }
    }

    @FuzzTest(maxDuration = "30s")
    void challengeParserFailsOnlyWithTypedErrors(byte[] input) {
        try {
            AuthChallenge.parseAll(new String(input, java.nio.charset.StandardCharsets.ISO_8859_1));
            RtspTransport.parseAll(new String(input, java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (RtspProtocolException expected) {
            // typed rejection
        }
    }
}
