package io.rtsprecorder.media.rtsp.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header: a scheme ({@code Basic}, {@code Digest}) and its
 * parameters (names lower-cased, quoted strings unescaped). The same grammar carries the parameters of an
 * {@code Authorization: Digest ...} header, which the server side parses with {@link #parseAll} too.
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

    private static final int MAX_PARAMETERS = 32;

    public String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isDigest() {
        return scheme.equalsIgnoreCase("Digest");
    }

    public boolean isBasic() {
        return scheme.equalsIgnoreCase("Basic");
    }

    /**
     * Parses a header value that may hold several challenges ({@code Digest realm="x", nonce="y", Basic realm="x"}).
     *
     * @throws RtspProtocolException on unbalanced quotes, a missing scheme or more than 32 parameters
     */
    public static List<AuthChallenge> parseAll(String value) throws RtspProtocolException {
        List<AuthChallenge> result = new ArrayList<>();
        Lexer lx = new Lexer(value);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            lx.skipSeparators();
            if (lx.atEnd()) {
                break;
            }
            String token = lx.token();
            if (token.isEmpty()) {
                throw new RtspProtocolException(400, "malformed authentication header", value);
            }
            lx.skipSpaces();
            if (lx.peek() == '=') {
                lx.next();
                lx.skipSpaces();
                String v = lx.peek() == '"' ? lx.quoted() : lx.token68();
                if (scheme == null) {
                    throw new RtspProtocolException(400, "authentication parameter before a scheme", value);
                }
                if (params.size() >= MAX_PARAMETERS) {
                    throw new RtspProtocolException(400, "too many authentication parameters", value);
                }
                params.put(token.toLowerCase(Locale.ROOT), v);
            } else {
                if (scheme != null) {
                    result.add(new AuthChallenge(scheme, Collections.unmodifiableMap(params)));
                    params = new LinkedHashMap<>();
                }
                scheme = token;
                // Basic credentials ("Basic dXNlcjpwYXNz") are a token68, not name=value pairs.
                lx.skipSpaces();
                if (!lx.atEnd() && lx.peek() != ',' && lx.looksLikeToken68()) {
                    params.put("token68", lx.token68());
                }
            }
            if (result.size() > 16) {
                throw new RtspProtocolException(400, "too many authentication challenges", value);
            }
        }
        if (scheme == null) {
            throw new RtspProtocolException(400, "empty authentication header", value);
        }
        result.add(new AuthChallenge(scheme, Collections.unmodifiableMap(params)));
        return result;
    }

    /** Small hand-written lexer for the auth-param grammar of RFC 7235. */
    private static final class Lexer {
        private final String s;
        private int i;

        Lexer(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(i);
        }

        void next() {
            i++;
        }

        void skipSpaces() {
            while (!atEnd() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        void skipSeparators() {
            while (!atEnd() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
                i++;
            }
        }

        String token() {
            int start = i;
            while (!atEnd() && isTokenChar(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }

        boolean looksLikeToken68() {
            int j = i;
            while (j < s.length() && isTokenChar(s.charAt(j))) {
                j++;
            }
            // "name=" starts a parameter; "abc==" or "abc" followed by end/comma is a token68.
            if (j < s.length() && s.charAt(j) == '=') {
                int k = j;
                while (k < s.length() && s.charAt(k) == '=') {
                    k++;
                }
                return k - j > 1 || k == s.length() || s.charAt(k) == ',' || s.charAt(k) == ' ';
            }
            return j > i;
        }

        String token68() {
            int start = i;
            while (!atEnd() && (isTokenChar(s.charAt(i)) || s.charAt(i) == '/' || s.charAt(i) == '=')) {
                i++;
            }
            return s.substring(start, i);
        }

        String quoted() throws RtspProtocolException {
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (!atEnd()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\' && !atEnd()) {
                    c = s.charAt(i++);
                }
                sb.append(c);
            }
            throw new RtspProtocolException(400, "unterminated quoted string in authentication header", s);
        }

        private static boolean isTokenChar(char c) {
            return c > 0x20 && c < 0x7F && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
        }
    }
}
