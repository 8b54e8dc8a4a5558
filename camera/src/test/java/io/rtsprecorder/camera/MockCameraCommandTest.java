package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.rtsp.ServerAuthenticator;
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
                "ts-step?millis=-100");
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
    void badMountSpecsAreRejectedWithAReason() {
        assertThatThrownBy(() -> MountConfig.parse("cam1")).hasMessageContaining("/path=FILE");
        assertThatThrownBy(() -> MountConfig.parse("/c=a.mp4,auth=ntlm,user=a,password=b"))
                .hasMessageContaining("basic or digest");
        assertThatThrownBy(() -> MountConfig.parse("/c=a.mp4,auth=basic")).hasMessageContaining("user=");
    }

    @Test
    void unreadableClipFailsStartWithTheFileNamed() {
        assertThat(new CommandLine(new MockCameraCommand()).execute("--bind", "127.0.0.1", "--port", "0",
                "--admin-port", "-1", "--mount", "/x=/does/not/exist.mp4")).isNotZero();
    }
}
