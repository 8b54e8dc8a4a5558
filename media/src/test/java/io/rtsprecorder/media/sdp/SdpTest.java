package io.rtsprecorder.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.codec.AudioSpecificConfig;
import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.TrackFormat;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpTest {

    /** An SDP in the style of a Hikvision camera (our own text): LF line ends, session control, two media. */
    @SuppressWarnings("checkstyle:LineLength") // an SDP line is as long as the camera makes it
    private static final String CAMERA_SDP = """
            v=0
            o=- 1700000000000000 1700000000000000 IN IP4 192.168.1.64
            s=Media Presentation
            e=NONE
            b=AS:5050
            t=0 0
            a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/
            m=video 0 RTP/AVP 96
            c=IN IP4 0.0.0.0
            b=AS:5000
            a=recvonly
            a=x-dimensions:1920,1080
            a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1
            a=rtpmap:96 H264/90000
            a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z0IAKeKQFAe2AtwEBAaQeJEV,aM48gA==
            m=audio 0 RTP/AVP 8
            a=rtpmap:8 PCMA/8000
            a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=2
            m=application 0 RTP/AVP 107
            a=rtpmap:107 vnd.onvif.metadata/90000
            """;

    @Test
    void parsesACameraDescriptionIntoTrackFormats() throws SdpFormatException {
        SessionDescription sd = SessionDescription.parse(CAMERA_SDP);
        assertThat(sd.media()).hasSize(3);
        assertThat(sd.sessionAttribute("control")).contains("rtsp://192.168.1.64:554/Streaming/Channels/101/");
        SdpTracks.Result video = SdpTracks.trackFormat(sd.media().get(0));
        assertThat(video.supported()).isTrue();
        assertThat(video.format().codec()).isEqualTo(Codec.H264);
        assertThat(video.format().parameterSets()).hasSize(2);
        // The SPS codes 40x15 macroblock pairs of interlaced video: 640x480.
        assertThat(video.format().width()).isEqualTo(640);
        assertThat(video.format().height()).isEqualTo(480);
        SdpTracks.Result audio = SdpTracks.trackFormat(sd.media().get(1));
        assertThat(audio.format().codec()).isEqualTo(Codec.PCMA);
        assertThat(audio.format().sampleRate()).isEqualTo(8000);
        SdpTracks.Result metadata = SdpTracks.trackFormat(sd.media().get(2));
        assertThat(metadata.supported()).isFalse();
        assertThat(metadata.unsupportedReason()).contains("vnd.onvif.metadata");
    }

    @Test
    void describedTracksParseBackToTheSameFormats() throws SdpFormatException {
        byte[] sps = Base64.getDecoder().decode("Z0IAKeKQFAe2AtwEBAaQeJEV");
        byte[] pps = Base64.getDecoder().decode("aM48gA==");
        TrackFormat h264 = TrackFormat.video(Codec.H264, 640, 480, List.of(sps, pps));
        TrackFormat aac = TrackFormat.audio(Codec.AAC, 48000, 1, AudioSpecificConfig.build(2, 48000, 1));
        TrackFormat pcmu = TrackFormat.audio(Codec.PCMU, 8000, 1, null);
        SessionDescription sd = SessionDescription.create("test", "127.0.0.1");
        sd.add(SdpTracks.describe(h264, 96, "trackID=0"));
        sd.add(SdpTracks.describe(aac, 97, "trackID=1"));
        sd.add(SdpTracks.describe(pcmu, 98, "trackID=2"));
        SessionDescription back = SessionDescription.parse(sd.format());
        assertThat(SdpTracks.trackFormat(back.media().get(0)).format()).isEqualTo(h264);
        assertThat(SdpTracks.trackFormat(back.media().get(1)).format()).isEqualTo(aac);
        assertThat(SdpTracks.trackFormat(back.media().get(2)).format()).isEqualTo(pcmu);
        assertThat(back.media().get(2).payloadType()).isZero();
        assertThat(back.media().get(0).fmtp()).containsEntry("profile-level-id", "420029");
        assertThat(back.media().get(1).control()).contains("trackID=1");
    }

    @Test
    void limitsAndBrokenMediaLinesAreTypedErrors() {
        assertThatThrownBy(() -> SessionDescription.parse("v=0\nm=video\n")).isInstanceOf(SdpFormatException.class);
        assertThatThrownBy(() -> SessionDescription.parse("v=0\nm=video x RTP/AVP 96\n"))
                .isInstanceOf(SdpFormatException.class);
        assertThatThrownBy(() -> SessionDescription.parse("v=0\n" + "m=audio 0 RTP/AVP 0\n".repeat(33)))
                .hasMessageContaining("media sections");
        assertThatThrownBy(() -> SessionDescription.parse("hello")).isInstanceOf(SdpFormatException.class);
    }
}
