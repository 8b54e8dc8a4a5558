package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.ServerAuthenticator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MockCameraCommandTest {

    @Test
    void helpExplainsMountsAuthenticationAndFaults() {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new MockCameraCommand());
        cmd.setOut(new PrintWriter(out));
        assertThat(cmd.execute("--help")).isZero();
        assertThat(out.toString()).contains("--mount", "auth=digest", "--fault", "silence:10", "/faults/cam1/drop",
                "--admin-port", "--session-timeout", "=bye ", "rtp-stall:10", "ts-step:-100", "ts-jump:+30",
                "ts-step?millis=-100", "sdp-parameter-sets=false", "inband-parameter-sets=false");
    }

    @Test
    void mountSpecWithDigestAuthParses() {
        MountConfig m = MountConfig.parse("/cam1=/videos/a.mp4,auth=digest,user=admin,password=p,w");
        assertThat(m.path()).isEqualTo("/cam1");
        assertThat(m.file()).isEqualTo(Path.of("/videos/a.mp4"));
        assertThat(m.authScheme()).isEqualTo(ServerAuthenticator.Scheme.DIGEST);
        assertThat(m.toString()).doesNotContain("password=").doesNotContain(",w");
    }

    @Test
    void mountsAnnounceParameterSetsInTheSdpAndInBandUnlessToldOtherwise() {
        MountConfig plain = MountConfig.parse("/cam1=/videos/a.mp4");
        assertThat(plain.sdpParameterSets()).isTrue();
        assertThat(plain.inbandParameterSets()).isTrue();

        MountConfig noSdp = MountConfig.parse("/cam1=bundled:h264-aac-640x360-25fps.mp4,sdp-parameter-sets=false");
        assertThat(noSdp.bundledClip()).isEqualTo("h264-aac-640x360-25fps.mp4");
        assertThat(noSdp.sdpParameterSets()).isFalse();
        assertThat(noSdp.inbandParameterSets()).isTrue();
        assertThat(noSdp).isEqualTo(MountConfig.bundled("/cam1", "h264-aac-640x360-25fps.mp4")
                .withSdpParameterSets(false));

        MountConfig neither = MountConfig.parse("/cam1=/videos/a.mp4,SDP-Parameter-Sets=FALSE,"
                + "inband-parameter-sets=false,auth=basic,user=admin,password=x,y");
        assertThat(neither.sdpParameterSets()).isFalse();
        assertThat(neither.inbandParameterSets()).isFalse();
        assertThat(neither.authScheme()).isEqualTo(ServerAuthenticator.Scheme.BASIC);
        assertThat(neither.credentials().password()).isEqualTo("x,y");
        assertThat(neither.toString()).contains("no parameter sets in the SDP", "no parameter sets in band")
                .doesNotContain("x,y");

        MountConfig explicit = MountConfig.parse("/cam1=/videos/a.mp4,inband-parameter-sets=true");
        assertThat(explicit).isEqualTo(plain);
        assertThat(MountConfig.file("/cam1", Path.of("/videos/a.mp4")).withInbandParameterSets(false)
                .withAuth(ServerAuthenticator.Scheme.DIGEST, new Credentials("u", "p")).inbandParameterSets())
                .as("withAuth keeps the parameter-set options").isFalse();
    }

    @Test
    void badMountSpecsAreRejectedWithAReason() {
        assertThatThrownBy(() -> MountConfig.parse("cam1")).hasMessageContaining("/path=FILE");
        assertThatThrownBy(() -> MountConfig.parse("/c=a.mp4,auth=ntlm,user=a,password=b"))
                .hasMessageContaining("basic or digest");
        assertThatThrownBy(() -> MountConfig.parse("/c=a.mp4,auth=basic")).hasMessageContaining("user=");
        assertThatThrownBy(() -> MountConfig.parse("/c=a.mp4,sdp-parameter-sets=maybe"))
                .hasMessage("mount /c: sdp-parameter-sets must be true or false, not 'maybe'");
        assertThatThrownBy(() -> MountConfig.parse("/c=a.mp4,inband-parameter-sets="))
                .hasMessage("mount /c: inband-parameter-sets must be true or false, not ''");
        assertThatThrownBy(() -> MountConfig.parse("/c=a.mp4,sprop=false"))
                .hasMessage("unknown mount option 'sprop' (known: sdp-parameter-sets, inband-parameter-sets, auth, "
                        + "user, password)");
    }

    @Test
    void unreadableClipFailsStartWithTheFileNamed() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new MockCameraCommand());
        cmd.setErr(new PrintWriter(err));
        assertThat(cmd.execute("--bind", "127.0.0.1", "--port", "0", "--admin-port", "-1", "--mount",
                "/x=/does/not/exist.mp4")).isNotZero();
        assertThat(err.toString()).contains("/does/not/exist.mp4");
    }
}
