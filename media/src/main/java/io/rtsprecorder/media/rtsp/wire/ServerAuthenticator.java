package io.rtsprecorder.media.rtsp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server side of RTSP authentication for one protected resource: issues a Basic or Digest (MD5) challenge and
 * verifies {@code Authorization} headers against one username and password.
 *
 * <p>Digest nonces are stateless: {@code base64(issue-time | HMAC(secret, issue-time))}, valid for
 * {@code nonceLifetime}. An expired but authentic nonce with the right password yields {@link Result#STALE},
 * so the server can answer with {@code stale=true} and the client retries without asking the user again.
 */
public final class ServerAuthenticator {

    public enum Scheme { BASIC, DIGEST }

    public enum Result { OK, MISSING, WRONG, STALE }

    private final Scheme scheme;
    private final String realm;
    private final Credentials credentials;
    private final Clock clock;
    private final Duration nonceLifetime;
    private final byte[] secret = new byte[32];

    public ServerAuthenticator(Scheme scheme, String realm, Credentials credentials, Clock clock,
            Duration nonceLifetime) {
        this.scheme = scheme;
        this.realm = realm;
        this.credentials = credentials;
        this.clock = clock;
        this.nonceLifetime = nonceLifetime;
        new SecureRandom().nextBytes(secret);
    }

    public ServerAuthenticator(Scheme scheme, String realm, Credentials credentials) {
        this(scheme, realm, credentials, Clock.systemUTC(), Duration.ofMinutes(5));
    }

    /** The {@code WWW-Authenticate} value to send with a 401. */
    public String challenge(boolean stale) {
        if (scheme == Scheme.BASIC) {
            return "Basic realm=\"" + realm + "\"";
        }
        return "Digest realm=\"" + realm + "\", nonce=\"" + newNonce() + "\", algorithm=MD5"
                + (stale ? ", stale=true" : "");
    }

    /** Checks the {@code Authorization} header (may be null) of a request with this method. */
    public Result verify(String method, String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Result.MISSING;
        }
        List<AuthChallenge> parsed;
        try {
            parsed = AuthChallenge.parseAll(authorization);
        } catch (RtspProtocolException e) {
            return Result.WRONG;
        }
        AuthChallenge answer = parsed.get(0);
        if (scheme == Scheme.BASIC) {
            if (!answer.isBasic() || answer.parameter("token68") == null) {
                return Result.WRONG;
            }
            String expected = credentials.username() + ":" + credentials.password();
            byte[] given;
            try {
                given = Base64.getDecoder().decode(answer.parameter("token68"));
            } catch (IllegalArgumentException e) {
                return Result.WRONG;
            }
            return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8)) ? Result.OK : Result.WRONG;
        }
        if (!answer.isDigest()) {
            return Result.WRONG;
        }
        String nonce = answer.parameter("nonce");
        String uri = answer.parameter("uri");
        String response = answer.parameter("response");
        String username = answer.parameter("username");
        if (nonce == null || uri == null || response == null || username == null
                || !realm.equals(answer.parameter("realm"))) {
            return Result.WRONG;
        }
        DigestAlgorithm alg = DigestAlgorithm.fromHeader(answer.parameter("algorithm"));
        if (alg != DigestAlgorithm.MD5) {
            return Result.WRONG;
        }
        String ha1 = alg.hex(credentials.username() + ":" + realm + ":" + credentials.password());
        String ha2 = alg.hex(method + ":" + uri);
        String qop = answer.parameter("qop");
        String expected = qop == null
                ? alg.hex(ha1 + ":" + nonce + ":" + ha2)
                : alg.hex(ha1 + ":" + nonce + ":" + answer.parameter("nc") + ":" + answer.parameter("cnonce") + ":"
                        + qop + ":" + ha2);
        boolean matches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.getBytes(StandardCharsets.US_ASCII))
                && MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8),
                credentials.username().getBytes(StandardCharsets.UTF_8));
        if (!matches) {
            return Result.WRONG;
        }
        return switch (nonceState(nonce)) {
            case VALID -> Result.OK;
            case EXPIRED -> Result.STALE;
            case FORGED -> Result.WRONG;
        };
    }

    private enum NonceState { VALID, EXPIRED, FORGED }

    private String newNonce() {
        long now = clock.millis();
        ByteBuffer buf = ByteBuffer.allocate(8 + 16);
        buf.putLong(now).put(mac(now), 0, 16);
        return HexFormat.of().formatHex(buf.array());
    }

    private NonceState nonceState(String nonce) {
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(nonce);
        } catch (IllegalArgumentException e) {
            return NonceState.FORGED;
        }
        if (raw.length != 24) {
            return NonceState.FORGED;
        }
        ByteBuffer buf = ByteBuffer.wrap(raw);
        long issued = buf.getLong();
        byte[] tag = new byte[16];
        buf.get(tag);
        byte[] expected = java.util.Arrays.copyOf(mac(issued), 16);
        if (!MessageDigest.isEqual(tag, expected)) {
            return NonceState.FORGED;
        }
        long age = clock.millis() - issued;
        return age >= 0 && age <= nonceLifetime.toMillis() ? NonceState.VALID : NonceState.EXPIRED;
    }

    private byte[] mac(long time) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(ByteBuffer.allocate(8).putLong(time).array());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
