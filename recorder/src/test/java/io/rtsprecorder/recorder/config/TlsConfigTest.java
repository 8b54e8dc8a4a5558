package io.rtsprecorder.recorder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.rtsp.CertificateFingerprint;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.model.CameraSecurity;
import io.rtsprecorder.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS and Basic settings of cameras, from the environment and the YAML file, and every mistake in them. */
class TlsConfigTest {

    private static final String PIN = "9F:86:D0:81:88:4C:7D:65:9A:2F:EA:A0:C5:5A:D0:15:A3:BF:4F:1B:2B:0B:82:2C:D1:"
            + "5D:6C:15:B0:F0:0A:08";

    @TempDir
    static Path certificates;
    private static Path caPem;
    @TempDir
    Path dir;

    @BeforeAll
    static void makeCa() {
        caPem = TestCertificates.create(certificates).caPem();
    }

    private Map<String, String> yaml(String text) throws Exception {
        return Map.of(ConfigLoader.CONFIG_FILE, Files.writeString(dir.resolve("c.yaml"), text).toString());
    }

    @Test
    void theEnvironmentCameraTakesAPinAndBasicPermissionAndEveryCameraTheRecordersCaFile() throws Exception {
        RecorderConfig c = ConfigLoader.load(Map.of(
                ConfigLoader.SERVER_ADDRESS, "rtsps://cam.example/Streaming/Channels/101",
                ConfigLoader.TLS_FINGERPRINT, "sha256 Fingerprint=" + PIN.replace(":", "").toLowerCase(),
                ConfigLoader.ALLOW_BASIC_AUTH, "yes",
                ConfigLoader.CA_FILE, caPem.toString()));
        CameraSecurity s = c.cameras().get(0).security();
        assertThat(s.fingerprints()).containsExactly(CertificateFingerprint.parse(PIN));
        assertThat(s.allowBasicAuth()).isTrue();
        assertThat(c.defaults().caFile()).isEqualTo(caPem);
        assertThat(s.trust(c.defaults().caFile()).pinned()).as("a pin stands in for the CA file").isTrue();
        assertThat(CameraSecurity.DEFAULT.trust(caPem).caFile()).isEqualTo(caPem);
        assertThat(ConfigLoader.load(Map.of()).defaults().caFile()).as("system CAs by default").isNull();
    }

    @Test
    void yamlCamerasTakeTheirOwnCaFileOrPinOrBasicPermission() throws Exception {
        RecorderConfig c = ConfigLoader.load(yaml("""
                recording:
                  caFile: %s
                cameras:
                  - name: door
                    address: rtsps://door.example:8322/live
                    caFile: %s
                  - name: gate
                    address: rtsps://10.0.0.7/live
                    tlsFingerprint: "%s, %s"
                  - name: dome
                    address: rtsp://10.0.0.9/live
                    allowBasicAuth: true
                  - name: hall
                    address: rtsp://10.0.0.8/live
                """.formatted(caPem, caPem, PIN, PIN.replace(":", ""))));
        assertThat(c.defaults().caFile()).isEqualTo(caPem);
        assertThat(c.cameras()).extracting(CameraDefinition::name).containsExactly("door", "gate", "dome", "hall");
        assertThat(c.cameras().get(0).security().caFile()).isEqualTo(caPem);
        assertThat(c.cameras().get(1).security().fingerprints()).hasSize(2);
        assertThat(c.cameras().get(2).security().allowBasicAuth()).isTrue();
        assertThat(c.cameras().get(3).security()).isEqualTo(CameraSecurity.DEFAULT);
    }

    @Test
    void everyMistakeIsOneLineNamingItsKey() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
        Map<String, String> env = yaml("""
                cameras:
                  - name: a
                    address: rtsps://a/x
                    tlsFingerprint: AB:CD
                  - name: b
                    address: rtsps://b/x
                    caFile: %s
                  - name: c
                    address: rtsp://c/x
                    tlsFingerprint: "%s"
                  - name: d
                    address: rtsps://d/x
                    caFile: %s
                    tlsFingerprint: "%s"
                  - name: e
                    address: rtsp://e/x
                    allowBasicAuth: maybe
                """.formatted(notPem, PIN, caPem, PIN));
        assertThatThrownBy(() -> ConfigLoader.load(env)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).satisfiesExactlyInAnyOrder(
                        p -> assertThat(p).startsWith("cameras[0].tlsFingerprint (config file): 'AB:CD' is not a "
                                + "SHA-256 fingerprint"),
                        p -> assertThat(p).startsWith("cameras[1].caFile (config file): the CA file " + notPem
                                + " is not PEM certificates"),
                        p -> assertThat(p).startsWith("cameras[2].address (config file): camera 'c' has a CA file "
                                + "or a certificate fingerprint, but its address is plain rtsp://"),
                        p -> assertThat(p).startsWith("cameras[3].tlsFingerprint (config file): give either caFile "
                                + "or tlsFingerprint"),
                        p -> assertThat(p).startsWith("cameras[4].allowBasicAuth (config file): 'maybe' is not a "
                                + "switch")));
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigLoader.CA_FILE, "/nonexistent/ca.pem")))
                .hasMessageContaining("RTSPCAFile: cannot read the CA file /nonexistent/ca.pem");
    }

    @Test
    void udpCannotCarryAnRtspsCamera() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(ConfigLoader.SERVER_ADDRESS, "rtsps://cam/x",
                ConfigLoader.TRANSPORT, "udp")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "RTSPTransport: udp, but camera 'camera' is rtsps://, whose media travels only interleaved "
                                + "on the TLS connection; use tcp or auto"));
        assertThat(List.of("rtsps://cam/x", "RTSPS://cam:8322/x")).allSatisfy(a -> assertThat(
                CameraDefinition.normalizeAddress(a)).isEqualTo(a));
    }
}
