package io.rtsprecorder.media.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code WWW-Authenticate} challenges as cameras send them, each row named after its source: Digest with and
 * without {@code qop}, quoted and bare {@code stale} and {@code algorithm}, empty {@code opaque}, odd spacing,
 * Basic with a bare realm, several challenges in one 401. Each row checks the parsed parameters of the first
 * challenge and which challenge the client answers.
 */
class WwwAuthenticateTableTest {

    private static final String SETUP_URI = "rtsp://myhost/mypath?key=val/trackID=3";

    static Stream<Arguments> challenges() {
        return Stream.of(
                row("Dahua, scottlamb/retina#62",
                        List.of("Digest realm=\"Login to 4K01FD2PAJ6E3FF\", "
                                + "nonce=\"203c8d27b595204504dfa65fd22586bd\""),
                        "Digest", "Login to 4K01FD2PAJ6E3FF", "203c8d27b595204504dfa65fd22586bd", null, null, null,
                        null, "Digest MD5"),
                row("Hanwha (Samsung) iPOLiS, Ullaakut/cameradar#199",
                        List.of("Digest realm=\"iPOLiS\", nonce=\"C5F18D798F423EB35B69D803D1B5181A\""), "Digest",
                        "iPOLiS", "C5F18D798F423EB35B69D803D1B5181A", null, null, null, null, "Digest MD5"),
                row("Hikvision (realm is its MAC), stale quoted, gortsplib authenticate_test.go \"digest 1\"",
                        List.of("Digest realm=\"4419b63f5e51\", nonce=\"8b84a3b789283a8bea8da7fa7d41f08b\", "
                                + "stale=\"FALSE\""), "Digest", "4419b63f5e51", "8b84a3b789283a8bea8da7fa7d41f08b",
                        null, null, "FALSE", null, "Digest MD5"),
                row("Hikvision, stale bare, gortsplib authenticate_test.go \"digest 2\"",
                        List.of("Digest realm=\"4419b63f5e51\", nonce=\"8b84a3b789283a8bea8da7fa7d41f08b\", "
                                + "stale=FALSE"), "Digest", "4419b63f5e51", "8b84a3b789283a8bea8da7fa7d41f08b", null,
                        null, "FALSE", null, "Digest MD5"),
                row("no space after a comma, two before stale, gortsplib authenticate_test.go \"digest 3\"",
                        List.of("Digest realm=\"4419b63f5e51\",nonce=\"133767111917411116111311118211673010032\",  "
                                + "stale=\"FALSE\""), "Digest", "4419b63f5e51",
                        "133767111917411116111311118211673010032", null, null, "FALSE", null, "Digest MD5"),
                row("after a failed login: empty opaque, no spaces, gortsplib authenticate_test.go",
                        List.of("Digest realm=\"Please log in with a valid username\","
                                + "nonce=\"752a62306daf32b401a41004555c7663\",opaque=\"\",stale=FALSE"), "Digest",
                        "Please log in with a valid username", "752a62306daf32b401a41004555c7663", null, null,
                        "FALSE", "", "Digest MD5"),
                row("algorithm quoted, gortsplib authenticate_test.go \"digest md5 explicit\"",
                        List.of("Digest realm=\"4419b63f5e51\", nonce=\"8b84a3b789283a8bea8da7fa7d41f08b\", "
                                + "stale=\"FALSE\", algorithm=\"MD5\""), "Digest", "4419b63f5e51",
                        "8b84a3b789283a8bea8da7fa7d41f08b", null, "MD5", "FALSE", null, "Digest MD5"),
                row("Hikvision SHA-256, gortsplib authenticate_test.go \"digest sha256\"",
                        List.of("Digest realm=\"IP Camera(AB705)\", nonce=\"fcc86deace979a488b2bfb89f4d0812c\", "
                                + "algorithm=\"SHA-256\", stale=\"FALSE\""), "Digest", "IP Camera(AB705)",
                        "fcc86deace979a488b2bfb89f4d0812c", null, "SHA-256", "FALSE", null, "Digest SHA-256"),
                row("Axis, qop and a nonce with '=' inside, GuilhermeC18/node-onvif#40",
                        List.of("Digest realm=\"AXIS_WS_ACCC8E494578\", "
                                + "nonce=\"t6fuOp51BQA=f644e559881cb59b13221e8f9b63747f39e342c7\", algorithm=MD5, "
                                + "qop=\"auth\""), "Digest", "AXIS_WS_ACCC8E494578",
                        "t6fuOp51BQA=f644e559881cb59b13221e8f9b63747f39e342c7", "auth", "MD5", null, null,
                        "Digest MD5"),
                row("qop before realm, mhoc/axios-digest-auth#1",
                        List.of("Digest qop=\"auth\", realm=\"thermostat\", nonce=\"1612605593\""), "Digest",
                        "thermostat", "1612605593", "auth", null, null, null, "Digest MD5"),
                row("RFC 2617 §3.5 example: qop list and opaque",
                        List.of("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""), "Digest", "testrealm@host.com",
                        "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth,auth-int", null, null,
                        "5ccc069c403ebaf9f0171e9517f40e41", "Digest MD5"),
                row("Hikvision Basic, gortsplib authenticate_test.go \"basic\"",
                        List.of("Basic realm=\"4419b63f5e51\""), "Basic", "4419b63f5e51", null, null, null, null,
                        null, "Basic"),
                row("Basic with a bare realm, gortsplib sender_test.go",
                        List.of("Basic realm=testrealm"), "Basic", "testrealm", null, null, null, null, null,
                        "Basic"),
                row("Basic then Digest in two headers, gortsplib sender_test.go \"multiple 1\"",
                        List.of("Basic realm=testrealm",
                                "Digest realm=\"myrealm\", nonce=\"f49ac6dd0ba708d4becddc9692d1f2ce\""), "Basic",
                        "testrealm", null, null, null, null, null, "Digest MD5"),
                row("Basic, Digest MD5 and Digest SHA-256, gortsplib sender_test.go \"multiple 2\"",
                        List.of("Basic realm=testrealm",
                                "Digest realm=\"myrealm\", nonce=\"f49ac6dd0ba708d4becddc9692d1f2ce\", "
                                        + "algorithm=\"MD5\"",
                                "Digest realm=\"myrealm\", nonce=\"f49ac6dd0ba708d4becddc9692d1f2ce\", "
                                        + "algorithm=\"SHA-256\""), "Basic", "testrealm", null, null, null, null,
                        null, "Digest SHA-256"));
    }

    private static Arguments row(String source, List<String> values, String scheme, String realm, String nonce,
                                 String qop, String algorithm, String stale, String opaque, String chosen) {
        return Arguments.of(source, values, scheme, realm, nonce, qop, algorithm, stale, opaque, chosen);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("challenges")
    void challengeGivesItsParametersAndTheSchemeAnswered(String source, List<String> values, String scheme,
                                                         String realm, String nonce, String qop, String algorithm,
                                                         String stale, String opaque, String chosen)
            throws RtspProtocolException {
        AuthChallenge first = AuthChallenge.parseAll(values.get(0)).get(0);
        assertThat(first.scheme()).isEqualTo(scheme);
        assertThat(first.parameter("realm")).isEqualTo(realm);
        assertThat(first.parameter("nonce")).isEqualTo(nonce);
        assertThat(first.parameter("qop")).isEqualTo(qop);
        assertThat(first.parameter("algorithm")).isEqualTo(algorithm);
        assertThat(first.parameter("stale")).isEqualTo(stale);
        assertThat(first.parameter("opaque")).isEqualTo(opaque);

        ClientAuthenticator client = new ClientAuthenticator(new Credentials("myuser", "mypass"), () -> "0a4f113b");
        assertThat(client.accept(values)).isTrue();
        assertThat(client.scheme()).contains(chosen);
        assertThat(client.staleNonce()).isFalse();
        String answer = client.authorization("SETUP", SETUP_URI).orElseThrow();
        if (chosen.equals("Basic")) {
            assertThat(answer).isEqualTo("Basic bXl1c2VyOm15cGFzcw==");
        } else {
            assertThat(answer).startsWith("Digest username=\"myuser\"").contains("uri=\"" + SETUP_URI + "\"")
                    .contains(qop == null ? "response=\"" : "qop=auth, nc=00000001, cnonce=\"0a4f113b\"");
            if (qop == null) {
                assertThat(answer).doesNotContain("qop=");
            }
        }
    }

    static Stream<Arguments> publishedResponses() {
        return Stream.of(
                Arguments.of("gortsplib sender_test.go \"digest md5 implicit\"",
                        List.of("Digest realm=\"myrealm\", nonce=\"f49ac6dd0ba708d4becddc9692d1f2ce\""),
                        "ba6e9cccbfeb38db775378a0a9067ba5"),
                Arguments.of("gortsplib sender_test.go \"digest md5 explicit\"",
                        List.of("Digest realm=\"myrealm\", nonce=\"f49ac6dd0ba708d4becddc9692d1f2ce\", "
                                + "algorithm=\"MD5\""),
                        "ba6e9cccbfeb38db775378a0a9067ba5"),
                Arguments.of("gortsplib sender_test.go \"multiple 2\" (SHA-256 preferred)",
                        List.of("Basic realm=testrealm",
                                "Digest realm=\"myrealm\", nonce=\"f49ac6dd0ba708d4becddc9692d1f2ce\", "
                                        + "algorithm=\"MD5\"",
                                "Digest realm=\"myrealm\", nonce=\"f49ac6dd0ba708d4becddc9692d1f2ce\", "
                                        + "algorithm=\"SHA-256\""),
                        "e298296ce35c9ab79699c8f3f9508944c1be9395e892f8205b6d66f1b8e663ee"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedResponses")
    void digestResponseMatchesThePublishedVector(String source, List<String> values, String response)
            throws RtspProtocolException {
        ClientAuthenticator client = new ClientAuthenticator(new Credentials("myuser", "mypass"));
        client.accept(values);
        assertThat(client.authorization("SETUP", SETUP_URI).orElseThrow()).contains("response=\"" + response + "\"");
    }
}
