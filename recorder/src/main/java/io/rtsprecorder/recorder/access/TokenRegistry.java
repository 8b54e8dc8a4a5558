package io.rtsprecorder.recorder.access;

import io.rtsprecorder.recorder.secret.SecretRedactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens the API accepts, and the role each one gives.
 *
 * <p>Only SHA-256 hashes of the tokens are kept, and a presented token is compared with every one of them in
 * constant time ({@link MessageDigest#isEqual} over all entries, no early exit), so neither memory dumps nor response
 * times tell a token. Token files (a mounted Secret, one token per line) are looked at again at most once a second
 * and re-read when their modification time or size changed: a rotated Secret takes effect without a restart.
 * Blank lines and lines starting with {@code #} in a token file are not tokens. A token file that does not exist
 * yet (a Secret mounted with {@code optional: true} and not created) holds no tokens until it appears.
 *
 * <p>Closed by default: when no operator token is configured and the API is not explicitly opened, an operator token
 * is generated at first start into {@link #GENERATED_FILE} on the volume, readable by its owner only, and reused
 * afterwards; the log says where it is, never what it is.
 */
public final class TokenRegistry {

    private static final Logger log = LoggerFactory.getLogger(TokenRegistry.class);
    /** Where a generated operator token lives, under the save path. */
    public static final String GENERATED_FILE = ".rtsp-recorder/operator-token";
    private static final long RECHECK_MILLIS = 1000;
    private static final int MAX_TOKENS_PER_FILE = 100;

    private final boolean open;
    private final Clock clock;
    private final List<byte[]> operatorHashes;
    private final List<byte[]> viewerHashes;
    private final TokenFile operatorFile;
    private final TokenFile viewerFile;
    private final Path generated;

    private TokenRegistry(boolean open, Clock clock, List<byte[]> operatorHashes, List<byte[]> viewerHashes,
                          TokenFile operatorFile, TokenFile viewerFile, Path generated) {
        this.open = open;
        this.clock = clock;
        this.operatorHashes = operatorHashes;
        this.viewerHashes = viewerHashes;
        this.operatorFile = operatorFile;
        this.viewerFile = viewerFile;
        this.generated = generated;
    }

    /**
     * The registry for {@code config}; generates the operator token on the volume when none is configured (see the
     * class comment). Throws when a configured token file cannot be read or the generated one cannot be written.
     */
    public static TokenRegistry create(AccessConfig config, Path savePath, Clock clock) throws IOException {
        if (config.open()) {
            log.warn("APIAuth=none: the API needs no token; anyone who can reach it may switch recording off and "
                    + "delete recordings");
            return new TokenRegistry(true, clock, List.of(), List.of(), null, null, null);
        }
        List<byte[]> operators = hashes(config.operatorTokens());
        List<byte[]> viewers = hashes(config.viewerTokens());
        TokenFile operatorFile = config.operatorTokenFile() == null ? null : new TokenFile(config.operatorTokenFile());
        TokenFile viewerFile = config.viewerTokenFile() == null ? null : new TokenFile(config.viewerTokenFile());
        if (operatorFile != null) {
            operatorFile.loadIfPresent();
        }
        if (viewerFile != null) {
            viewerFile.loadIfPresent();
        }
        Path generated = null;
        if (operators.isEmpty() && (operatorFile == null || operatorFile.hashes.isEmpty())) {
            generated = savePath.resolve(GENERATED_FILE);
            operators = hashes(List.of(generatedToken(generated)));
        }
        return new TokenRegistry(false, clock, operators, viewers, operatorFile, viewerFile, generated);
    }

    /** Whether no token is asked for at all (APIAuth=none). */
    public boolean open() {
        return open;
    }

    /** The file of the generated operator token, or null when tokens were configured. */
    public Path generatedTokenFile() {
        return generated;
    }

    /** The role {@code token} gives, or empty for a token that is not known. */
    public Optional<Role> roleOf(String token) {
        if (open) {
            return Optional.of(Role.OPERATOR);
        }
        byte[] hash = sha256(token.getBytes(StandardCharsets.UTF_8));
        long now = clock.millis();
        boolean operator = matchesAny(hash, operatorHashes) | matchesAny(hash, fileHashes(operatorFile, now));
        boolean viewer = matchesAny(hash, viewerHashes) | matchesAny(hash, fileHashes(viewerFile, now));
        return operator ? Optional.of(Role.OPERATOR) : viewer ? Optional.of(Role.VIEWER) : Optional.empty();
    }

    /**
     * The SHA-256 hashes of the non-blank tokens, stripped. Each token is also registered with the log redactor,
     * so a token that ends up in a logged request line or error is written as {@code ***}, whether it came from
     * the environment, a file or the generator.
     */
    private static List<byte[]> hashes(List<String> tokens) {
        List<byte[]> out = new ArrayList<>();
        for (String t : tokens) {
            if (!t.isBlank()) {
                SecretRedactor.register(t.strip());
                out.add(sha256(t.strip().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return List.copyOf(out);
    }

    private static boolean matchesAny(byte[] hash, List<byte[]> hashes) {
        boolean found = false;
        for (byte[] h : hashes) {
            found |= MessageDigest.isEqual(hash, h);
        }
        return found;
    }

    private static List<byte[]> fileHashes(TokenFile f, long now) {
        if (f == null) {
            return List.of();
        }
        synchronized (f) {
            if (now - f.checkedAt >= RECHECK_MILLIS) {
                f.checkedAt = now;
                f.reloadIfChanged();
            }
            return f.hashes;
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Reads the generated token, or makes one (32 random bytes, base64url) readable by its owner only. */
    private static String generatedToken(Path file) throws IOException {
        try {
            String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!existing.isEmpty()) {
                log.info("API: the operator token is in {} (generated at first start; no token was configured)",
                        file);
                return existing;
            }
        } catch (NoSuchFileException e) {
            // first start
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + tmp, e);
        }
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        log.warn("API: no token was configured, so an operator token was generated into {} (readable by this user "
                + "only); give it to clients as 'Authorization: Bearer <token>', or set APIToken / APITokenFile",
                file);
        return token;
    }

    /** A token file and the hashes of its lines, with what it looked like when read. */
    private static final class TokenFile {
        final Path path;
        volatile List<byte[]> hashes = List.of();
        long checkedAt;
        FileTime modified;
        long size = -1;

        TokenFile(Path path) {
            this.path = path;
        }

        /** Reads the file; one that does not exist (an optional Secret not created yet) holds no tokens. */
        void loadIfPresent() throws IOException {
            if (Files.exists(path)) {
                load();
            } else {
                log.warn("API: token file {} does not exist (an optional Secret not created yet?); its tokens count "
                        + "once it appears", path);
            }
        }

        void load() throws IOException {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.strip().startsWith("#"))
                    .toList();
            if (lines.size() > MAX_TOKENS_PER_FILE) {
                throw new IOException(path + " holds more than " + MAX_TOKENS_PER_FILE + " tokens");
            }
            hashes = hashes(lines);
            modified = Files.getLastModifiedTime(path); // through the links of a mounted Secret
            size = Files.size(path);
        }

        void reloadIfChanged() {
            if (modified == null && !Files.exists(path)) {
                return; // not there yet, as at start
            }
            try {
                FileTime m = Files.getLastModifiedTime(path);
                long s = Files.size(path);
                if (!m.equals(modified) || s != size) {
                    load();
                    log.info("API: token file {} changed: {} token(s) now", path, hashes.size());
                }
            } catch (IOException e) {
                log.warn("API: cannot read token file {} ({}); keeping the tokens read before", path, e.toString());
            }
        }
    }
}
