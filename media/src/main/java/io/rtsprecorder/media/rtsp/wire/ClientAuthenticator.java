package io.rtsprecorder.media.rtsp.wire;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Answers a server's {@code WWW-Authenticate} challenges for one RTSP session: Basic, and Digest with MD5 or
 * SHA-256, with or without {@code qop=auth}. After {@link #accept(List)} every request gets an
 * {@code Authorization} value from {@link #authorization(String, String)}.
 *
 * <p>The strongest challenge wins (Digest SHA-256, then Digest MD5, then Basic). Whether a second 401 means
 * "wrong password" is the caller's decision; this class only computes headers.
 */
public final class ClientAuthenticator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credentials credentials;
    private final java.util.function.Supplier<String> cnonces;
    private AuthChallenge challenge;
    private DigestAlgorithm algorithm;
    private int nonceCount;

    public ClientAuthenticator(Credentials credentials) {
        this(credentials, ClientAuthenticator::randomCnonce);
    }

    /** With a fixed client nonce source: for tests against published vectors. */
    ClientAuthenticator(Credentials credentials, java.util.function.Supplier<String> cnonces) {
        this.credentials = credentials;
        this.cnonces = cnonces;
    }

    private static String randomCnonce() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Chooses the challenge to answer from all {@code WWW-Authenticate} values of a 401 response.
     *
     * @return false when none of the challenges uses a scheme we support
     */
    public boolean accept(List<String> wwwAuthenticateValues) throws RtspProtocolException {
        AuthChallenge best = null;
        DigestAlgorithm bestAlgorithm = null;
        int bestRank = 0;
        for (String value : wwwAuthenticateValues) {
            for (AuthChallenge c : AuthChallenge.parseAll(value)) {
                int rank = 0;
                DigestAlgorithm alg = null;
                if (c.isDigest() && c.parameter("nonce") != null) {
                    alg = DigestAlgorithm.fromHeader(c.parameter("algorithm"));
                    rank = alg == DigestAlgorithm.SHA_256 ? 3 : alg == DigestAlgorithm.MD5 ? 2 : 0;
                } else if (c.isBasic()) {
                    rank = 1;
                }
                if (rank > bestRank) {
                    best = c;
                    bestAlgorithm = alg;
                    bestRank = rank;
                }
            }
        }
        if (best == null) {
            return false;
        }
        if (challenge == null || !best.parameters().equals(challenge.parameters())) {
            nonceCount = 0;
        }
        challenge = best;
        algorithm = bestAlgorithm;
        return true;
    }

    /** True once a challenge was accepted. */
    public boolean hasChallenge() {
        return challenge != null;
    }

    /** Whether the last accepted challenge said the previous nonce was merely stale (retry is legitimate). */
    public boolean staleNonce() {
        return challenge != null && "true".equalsIgnoreCase(challenge.parameter("stale"));
    }

    /** Whether the accepted challenge is Basic, which sends the password itself (base64, not encrypted). */
    public boolean basic() {
        return challenge != null && challenge.isBasic();
    }

    /** The scheme in use, for status and logs ("Digest MD5", "Basic"), never the secret. */
    public Optional<String> scheme() {
        if (challenge == null) {
            return Optional.empty();
        }
        return Optional.of(challenge.isBasic() ? "Basic" : "Digest " + algorithm.headerName);
    }

    /** The {@code Authorization} header value for a request, or empty before any challenge. */
    public Optional<String> authorization(String method, String uri) {
        if (challenge == null) {
            return Optional.empty();
        }
        if (challenge.isBasic()) {
            String token = credentials.username() + ":" + credentials.password();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        String realm = nullToEmpty(challenge.parameter("realm"));
        String nonce = challenge.parameter("nonce");
        String qop = chooseQop(challenge.parameter("qop"));
        String ha1 = algorithm.hex(credentials.username() + ":" + realm + ":" + credentials.password());
        String ha2 = algorithm.hex(method + ":" + uri);
        StringBuilder header = new StringBuilder("Digest username=\"").append(escape(credentials.username()))
                .append("\", realm=\"").append(escape(realm))
                .append("\", nonce=\"").append(escape(nonce))
                .append("\", uri=\"").append(escape(uri)).append('"');
        String response;
        if (qop != null) {
            nonceCount++;
            String nc = String.format("%08x", nonceCount);
            String cnonce = cnonces.get();
            response = algorithm.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
            header.append(", qop=").append(qop).append(", nc=").append(nc)
                    .append(", cnonce=\"").append(cnonce).append('"');
        } else {
            response = algorithm.hex(ha1 + ":" + nonce + ":" + ha2);
        }
        header.append(", response=\"").append(response).append('"');
        if (challenge.parameter("algorithm") != null) {
            header.append(", algorithm=").append(algorithm.headerName);
        }
        if (challenge.parameter("opaque") != null) {
            header.append(", opaque=\"").append(escape(challenge.parameter("opaque"))).append('"');
        }
        return Optional.of(header.toString());
    }

    private static String chooseQop(String offered) {
        if (offered == null) {
            return null;
        }
        for (String q : offered.split(",")) {
            if (q.strip().equalsIgnoreCase("auth")) {
                return "auth";
            }
        }
        return null; // auth-int only: answer without qop, as RFC 2069 clients do
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
