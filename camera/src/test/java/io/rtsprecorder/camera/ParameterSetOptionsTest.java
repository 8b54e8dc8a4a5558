package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.rtsp.wire.RtspResponse;
import io.rtsprecorder.media.sdp.MediaDescription;
import io.rtsprecorder.media.sdp.SessionDescription;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.StreamInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sdp-parameter-sets=false} and {@code inband-parameter-sets=false}: where SPS/PPS/VPS reach a client, seen
 * in the SDP (parsed), in the RTP payloads (NAL unit headers) and by ffprobe.
 */
class ParameterSetOptionsTest {

    private static final String H264 = "h264-aac-640x360-25fps.mp4";
    private static final String H265 = "h265-pcma-640x360-25fps.mov";
    private static MockCamera camera;

    @BeforeAll
    static void startCamera() throws Exception {
        camera = MockCamera.start(MockCameraConfig.loopback(List.of(
                MountConfig.bundled("/both-h264", H264),
                MountConfig.bundled("/no-sdp-h264", H264).withSdpParameterSets(false),
                MountConfig.bundled("/no-sdp-h265", H265).withSdpParameterSets(false),
                MountConfig.bundled("/no-inband-h264", H264).withInbandParameterSets(false),
                MountConfig.bundled("/neither-h265", H265).withSdpParameterSets(false)
                        .withInbandParameterSets(false))));
    }

    @AfterAll
    static void stopCamera() {
        camera.close();
    }

    @Test
    void sdpCarriesSpropParameterSetsOnlyWhereTheMountAllowsIt() throws Exception {
        assertThat(videoFmtp("/both-h264")).containsKeys("sprop-parameter-sets", "profile-level-id");
        assertThat(videoFmtp("/no-inband-h264")).containsKey("sprop-parameter-sets");

        Map<String, String> noSdp = videoFmtp("/no-sdp-h264");
        assertThat(noSdp).doesNotContainKey("sprop-parameter-sets");
        assertThat(noSdp).as("the rest of the fmtp stays").containsEntry("packetization-mode", "1")
                .containsKey("profile-level-id");
        assertThat(videoFmtp("/no-sdp-h265")).doesNotContainKeys("sprop-vps", "sprop-sps", "sprop-pps");
        assertThat(videoFmtp("/neither-h265")).doesNotContainKeys("sprop-vps", "sprop-sps", "sprop-pps");
    }

    @Test
    void keyframesComeWithParameterSetsInBandUnlessTheMountSaysOtherwise() throws Exception {
        NalUnitCounts noInband = videoNalUnits("/no-inband-h264");
        assertThat(noInband.keyframes()).as("H.264 IDR slices").isGreaterThanOrEqualTo(2);
        assertThat(noInband.parameterSets()).as("H.264 SPS/PPS in band").isZero();

        NalUnitCounts neither = videoNalUnits("/neither-h265");
        assertThat(neither.keyframes()).as("H.265 IRAP slices").isGreaterThanOrEqualTo(2);
        assertThat(neither.parameterSets()).as("H.265 VPS/SPS/PPS in band").isZero();

        NalUnitCounts noSdp = videoNalUnits("/no-sdp-h265");
        assertThat(noSdp.keyframes()).isGreaterThanOrEqualTo(2);
        assertThat(noSdp.parameterSets()).as("VPS, SPS and PPS in front of each of two keyframes at least")
                .isGreaterThanOrEqualTo(6);
    }

    private record NalUnitCounts(long keyframes, long parameterSets) {
    }

    /** Plays the mount for 2.5 s (two or three 1 s GOPs) and counts the video's NAL unit types. */
    private static NalUnitCounts videoNalUnits(String mount) throws Exception {
        try (TestRtspClient client = new TestRtspClient(camera.port())) {
            client.play(camera.url(mount));
            client.receiveFor(Duration.ofMillis(2500));
            return new NalUnitCounts(client.keyframeNalUnits[0], client.parameterSetNalUnits[0]);
        }
    }

    /** Without sprop-* a player sizes the picture from the in-band SPS; without in-band ones, from the SDP's. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/no-sdp-h264", "/no-sdp-h265", "/no-inband-h264"})
    void ffprobeOverTcpStillReadsThePictureSizeWhenOneWayOfAnnouncingIsOff(String mount) {
        StreamInfo video = MediaOracle.get().probeRtsp(camera.url(mount), "tcp", Duration.ofSeconds(15)).video()
                .orElseThrow();
        assertThat(video.width()).isEqualTo(640);
        assertThat(video.height()).isEqualTo(360);
    }

    private static Map<String, String> videoFmtp(String mount) throws Exception {
        try (TestRtspClient client = new TestRtspClient(camera.port())) {
            RtspResponse describe = client.request(client.newRequest("DESCRIBE", camera.url(mount)));
            assertThat(describe.status()).isEqualTo(200);
            MediaDescription video = SessionDescription.parse(describe.body()).media().stream()
                    .filter(m -> m.media().equals("video")).findFirst().orElseThrow();
            assertThat(video.rtpMap()).isPresent();
            return video.fmtp();
        }
    }
}
