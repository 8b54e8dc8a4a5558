package io.rtsprecorder.recorder.restream;

import io.rtsprecorder.media.rtsp.server.Admission;
import io.rtsprecorder.media.rtsp.wire.RtspRequest;
import io.rtsprecorder.recorder.access.FailedAuthLimiter;
import io.rtsprecorder.recorder.access.TokenRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may watch: RTSP players give a viewer's or an operator's API token as the password of RTSP Basic
 * authentication (any user name, {@code viewer} say), checked by the same {@link TokenRegistry} as the API's bearer
 * tokens; with {@code APIAuth=none} everyone may. A wrong token counts against the client's address in the same
 * {@link FailedAuthLimiter} as the API's, and an address over the limit is refused (429) before its token is looked
 * at.
 *
 * <p>Basic only, not Digest: Digest needs the password itself to check an answer, and the registry keeps no token,
 * only its hash. Basic sends the token in clear text, like the API's bearer header over plain HTTP: the restream is
 * for the cluster's network and for {@code kubectl port-forward}, where the API's token travels the same way. No
 * token is ever logged.
 */
final class RestreamAccess {

    private static final Logger log = LoggerFactory.getLogger(RestreamAccess.class);
    static final String REALM = "rtsp-recorder";

    private final TokenRegistry tokens;
    private final FailedAuthLimiter limiter;

    RestreamAccess(TokenRegistry tokens, FailedAuthLimiter limiter) {
        this.tokens = tokens;
        this.limiter = limiter;
    }

    Admission admit(RtspRequest request, InetSocketAddress client, String camera) {
        if (tokens.open()) {
            return Admission.ok();
        }
        String address = client.getAddress().getHostAddress();
        OptionalLong wait = limiter.retryAfterSeconds(address);
        if (wait.isPresent()) {
            return Admission.retryAfter(429, "Too Many Wrong Tokens", wait.getAsLong());
        }
        String authorization = request.headers().get("Authorization").orElse(null);
        if (authorization == null || authorization.isBlank()) {
            return Admission.challenge(challenge());
        }
        String token = basicPassword(authorization);
        if (token != null && tokens.roleOf(token).isPresent()) {
            return Admission.ok();
        }
        limiter.failed(address);
        log.info("restream of {}: wrong token from {}", camera, address);
        return Admission.challenge(challenge());
    }

    private static String challenge() {
        return "Basic realm=\"" + REALM + "\"";
    }

    /** The password of a Basic {@code Authorization} value, or null when it is not one. */
    private static String basicPassword(String authorization) {
        String v = authorization.strip();
        if (!v.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(v.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
