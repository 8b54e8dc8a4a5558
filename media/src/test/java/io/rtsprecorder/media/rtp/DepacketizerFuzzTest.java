package io.rtsprecorder.media.rtp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rtsprecorder.media.codec.AudioSpecificConfig;
import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.TrackFormat;
import java.util.List;
import java.util.Map;

/** Arbitrary RTP packets into every depacketizer: nothing may be thrown, whatever the payload. */
class DepacketizerFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void depacketizersNeverThrow(FuzzedDataProvider data) {
        Codec codec = data.pickValue(List.of(Codec.H264, Codec.H265, Codec.AAC, Codec.PCMA, Codec.LPCM));
        TrackFormat format = switch (codec) {
            case H264, H265 -> TrackFormat.video(codec, 0, 0, List.of());
            case AAC -> TrackFormat.audio(codec, 48000, 2, AudioSpecificConfig.build(2, 48000, 2));
            default -> TrackFormat.audio(codec, 8000, 1, null);
        };
        RtpDepacketizer d = RtpDepacketizer.forTrack(0, format, Map.of("sizelength", data.consumeInt(0, 16) + ""));
        RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
        for (int i = 0; i < 32 && data.remainingBytes() > 12; i++) {
            byte[] bytes = data.consumeBytes(data.consumeInt(12, 1500));
            try {
                RtpPacket p = RtpPacket.parse(bytes, 0, bytes.length);
                d.push(p, unwrapper.unwrap(p.timestamp()), frame -> { });
            } catch (RtpFormatException notRtp) {
                // the RTP header parser rejected it: a typed error, fine
            }
        }
        d.flush(frame -> { });
    }
}
