package io.rtsprecorder.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

class TrackFormatFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void equalFormatsHaveEqualHashes(FuzzedDataProvider data) {
        byte[] sps = data.consumeBytes(64);
        byte[] pps = data.consumeBytes(16);
        TrackFormat a = TrackFormat.video(Codec.H264, 640, 360, List.of(sps, pps));
        TrackFormat b = TrackFormat.video(Codec.H264, 640, 360, List.of(sps.clone(), pps.clone()));
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }
}
