package io.rtsprecorder.media.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.rtsp.wire.RtspUrls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fingerprints as people paste them, CA files as people write them, and the schemes. */
class CertificateFingerprintTest {

    private static final String PRINTED = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
            + "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

    @Test
    void acceptsOpensslsOutputWithOrWithoutColonsInEitherCase() {
        CertificateFingerprint expected = new CertificateFingerprint(PRINTED);
        assertThat(CertificateFingerprint.parse("sha256 Fingerprint=" + PRINTED)).isEqualTo(expected);
        assertThat(CertificateFingerprint.parse(PRINTED.replace(":", "").toLowerCase())).isEqualTo(expected);
        assertThat(CertificateFingerprint.parse("  " + PRINTED + "\n").toString()).isEqualTo(PRINTED);
        assertThat(CertificateFingerprint.parseList(PRINTED + ", " + PRINTED.replace(":", ""))).hasSize(2);
        assertThat(CertificateFingerprint.parseList(" ")).isEmpty();
    }

    @Test
    void refusesWhatIsNoSha256FingerprintSayingWhatToWrite() {
        for (String bad : List.of("", "AB:CD", PRINTED + ":00", PRINTED.replace('A', 'G'),
                "SHA1 Fingerprint=AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")) {
            assertThatThrownBy(() -> CertificateFingerprint.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("openssl x509 -noout -fingerprint -sha256");
        }
    }

    @Test
    void aCaFileThatIsMissingOrHoldsNoCertificateIsNamedInTheError(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> TlsTrust.readCertificates(missing)).hasMessageContaining("cannot read the CA file "
                + missing);
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThatThrownBy(() -> TlsTrust.readCertificates(empty)).hasMessageContaining(empty.toString());
    }

    @Test
    void theSchemesAndTheirPorts() {
        assertThat(RtspUrls.isSecure("RTSPS://cam/x")).isTrue();
        assertThat(RtspUrls.isSecure("rtsp://cam/x")).isFalse();
        assertThat(RtspUrls.isRtsp("rtsp://cam/x")).isTrue();
        assertThat(RtspUrls.isRtsp("http://cam/x")).isFalse();
        assertThat(RtspClientConfig.of("rtsps://cam/x").secure()).isTrue();
        assertThat(RtspUrls.DEFAULT_SECURE_PORT).isEqualTo(322);
        assertThat(TlsConnector.isIpAddress("127.0.0.1")).isTrue();
        assertThat(TlsConnector.isIpAddress("::1")).isTrue();
        assertThat(TlsConnector.isIpAddress("cam-1.example")).isFalse();
    }
}
