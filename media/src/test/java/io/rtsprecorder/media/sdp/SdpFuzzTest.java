package io.rtsprecorder.media.sdp;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Arbitrary text as a camera's SDP: only SdpFormatException may come out, and every media section maps. */
class SdpFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parserFailsOnlyWithTypedErrors(byte[] input) {
        try {
            SessionDescription sd = SessionDescription.parse(input);
            for (MediaDescription m : sd.media()) {
                SdpTracks.trackFormat(m);
                m.fmtp();
                m.rtpMap();
            }
            SessionDescription.parse(sd.format());
        } catch (SdpFormatException expected) {
            // typed rejection
        }
    }
}
