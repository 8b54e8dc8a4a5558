package io.rtsprecorder.media.rtsp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuthenticationTest {

    @Test
    void digestMd5MatchesTheRfc2617Example() throws RtspProtocolException {
        ClientAuthenticator auth = new ClientAuthenticator(new Credentials("Mufasa", "Circle Of Life"),
                () -> "0a4f113b");
        auth.accept(List.of("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));
        String header = auth.authorization("GET", "/dir/index.html").orElseThrow();
        assertThat(header).contains("response=\"6629fae49393a05397450978507c4ef1\"")
                .contains("qop=auth").contains("nc=00000001").contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    }

    @Test
    void digestSha256MatchesTheRfc7616Example() throws RtspProtocolException {
        ClientAuthenticator auth = new ClientAuthenticator(new Credentials("Mufasa", "Circle of Life"),
                () -> "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
        auth.accept(List.of(
                "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
                        + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
                        + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
                "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
                        + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
                        + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""));
        assertThat(auth.scheme()).contains("Digest SHA-256");
        assertThat(auth.authorization("GET", "/dir/index.html").orElseThrow())
                .contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"")
                .contains("algorithm=SHA-256");
    }

    @Test
    void digestWithoutQopUsesTheRfc2069Form() throws RtspProtocolException {
        ClientAuthenticator auth = new ClientAuthenticator(new Credentials("admin", "12345"));
        auth.accept(List.of("Digest realm=\"IP Camera(C2222)\", nonce=\"abc\", stale=\"FALSE\""));
        String header = auth.authorization("DESCRIBE", "rtsp://192.168.1.64:554/Streaming/Channels/101").orElseThrow();
        assertThat(header).doesNotContain("qop=").doesNotContain("cnonce");
        // HA1 = MD5(admin:IP Camera(C2222):12345), HA2 = MD5(DESCRIBE:uri), response = MD5(HA1:abc:HA2)
        assertThat(header).contains("response=\"");
    }

    @Test
    void basicIsChosenOnlyWhenNoDigestIsOffered() throws RtspProtocolException {
        ClientAuthenticator auth = new ClientAuthenticator(new Credentials("user", "pa:ss"));
        auth.accept(List.of("Basic realm=\"cam\""));
        assertThat(auth.authorization("DESCRIBE", "rtsp://x/").orElseThrow()).isEqualTo("Basic dXNlcjpwYTpzcw==");
        auth.accept(List.of("Basic realm=\"cam\", Digest realm=\"cam\", nonce=\"n\""));
        assertThat(auth.scheme()).contains("Digest MD5");
    }

    @Test
    void clientAndServerAgreeForBasicAndDigest() throws RtspProtocolException {
        for (ServerAuthenticator.Scheme scheme : ServerAuthenticator.Scheme.values()) {
            ServerAuthenticator server = new ServerAuthenticator(scheme, "cam", new Credentials("admin", "secret"));
            ClientAuthenticator good = new ClientAuthenticator(new Credentials("admin", "secret"));
            ClientAuthenticator bad = new ClientAuthenticator(new Credentials("admin", "wrong"));
            good.accept(List.of(server.challenge(false)));
            bad.accept(List.of(server.challenge(false)));
            assertThat(server.verify("DESCRIBE", good.authorization("DESCRIBE", "rtsp://h/x").orElseThrow()))
                    .isEqualTo(ServerAuthenticator.Result.OK);
            assertThat(server.verify("DESCRIBE", bad.authorization("DESCRIBE", "rtsp://h/x").orElseThrow()))
                    .isEqualTo(ServerAuthenticator.Result.WRONG);
            assertThat(server.verify("DESCRIBE", null)).isEqualTo(ServerAuthenticator.Result.MISSING);
        }
    }

    @Test
    void expiredNonceIsStaleAndForgedNonceIsWrong() throws RtspProtocolException {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        ServerAuthenticator server = new ServerAuthenticator(ServerAuthenticator.Scheme.DIGEST, "cam",
                new Credentials("u", "p"), clock, Duration.ofMinutes(5));
        ClientAuthenticator client = new ClientAuthenticator(new Credentials("u", "p"));
        client.accept(List.of(server.challenge(false)));
        String header = client.authorization("PLAY", "rtsp://h/x").orElseThrow();
        now.set(now.get().plus(Duration.ofMinutes(6)));
        assertThat(server.verify("PLAY", header)).isEqualTo(ServerAuthenticator.Result.STALE);
        assertThat(server.challenge(true)).contains("stale=true");
        String forged = header.replaceAll("nonce=\"[0-9a-f]{8}", "nonce=\"00000000");
        assertThat(server.verify("PLAY", forged)).isEqualTo(ServerAuthenticator.Result.WRONG);
    }

    @Test
    void challengeParserHandlesQuotingAndRejectsBrokenHeaders() throws RtspProtocolException {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(
                "Digest realm=\"a \\\"quoted\\\", realm\", nonce=abc, Basic realm=\"b\"");
        assertThat(challenges).hasSize(2);
        assertThat(challenges.get(0).parameter("realm")).isEqualTo("a \"quoted\", realm");
        assertThat(challenges.get(0).parameter("nonce")).isEqualTo("abc");
        assertThat(challenges.get(1).isBasic()).isTrue();
        assertThatThrownBy(() -> AuthChallenge.parseAll("Digest realm=\"unterminated"))
                .isInstanceOf(RtspProtocolException.class);
        assertThatThrownBy(() -> AuthChallenge.parseAll("realm=x")).isInstanceOf(RtspProtocolException.class);
    }

    @Test
    void credentialsComeOutOfUrlsAndNeverIntoStrings() {
        Credentials c = Credentials.fromUrl("rtsp://admin:p%40ss%3Aword@10.0.0.5:554/Streaming/101").orElseThrow();
        assertThat(c.username()).isEqualTo("admin");
        assertThat(c.password()).isEqualTo("p@ss:word");
        assertThat(c.toString()).doesNotContain("p@ss");
        assertThat(Credentials.stripFromUrl("rtsp://admin:x@10.0.0.5:554/a")).isEqualTo("rtsp://10.0.0.5:554/a");
        assertThat(RtspUrls.mask("connect rtsp://admin:x@h/a failed")).isEqualTo("connect rtsp://admin:***@h/a failed");
    }

    @Test
    void transportHeaderRoundTripsAndOffersAlternatives() throws RtspProtocolException {
        List<RtspTransport> all = RtspTransport.parseAll(
                "RTP/AVP/TCP;unicast;interleaved=0-1, RTP/AVP;unicast;client_port=5000-5001");
        assertThat(all.get(0).isTcp()).isTrue();
        assertThat(all.get(1).isUdp()).isTrue();
        assertThat(all.get(1).clientRtcpPort()).isEqualTo(5001);
        RtspTransport back = RtspTransport.parse(all.get(1).withServerPorts(6000, 6001).withSsrc("1234ABCD").format());
        assertThat(back.serverRtpPort()).isEqualTo(6000);
        assertThat(back.ssrc()).isEqualTo("1234ABCD");
        assertThatThrownBy(() -> RtspTransport.parse("RTP/AVP;unicast;client_port=99999")).isInstanceOf(
                RtspProtocolException.class);
        assertThat(RtspSessionHeader.parse("12345678;timeout=30").timeoutSeconds()).isEqualTo(30);
    }
}
