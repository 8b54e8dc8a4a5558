package io.rtsprecorder.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for TLS tests, made by the JDK's own {@code keytool} (in every JDK; no internal API, no library):
 * one test CA per instance, and server identities signed by it or self-signed, with the subject alternative names
 * a test asks for. Keys are EC P-256, valid for two days (or already expired, for that test). Everything lives in
 * {@code dir}; keytool runs as a child process, bounded in time.
 */
public final class TestCertificates {

    /** The password of the key stores keytool writes here; test material only. */
    private static final String STORE_PASSWORD = "test-store-pass";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final Path caStore;
    private final Path caPem;
    private int serial;

    /** A server's private key and certificate chain, its own certificate first. */
    public record ServerIdentity(PrivateKey key, List<X509Certificate> chain) {

        public ServerIdentity {
            chain = List.copyOf(chain);
        }

        /** The server's own certificate. */
        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** The certificate's SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} prints it. */
        public String fingerprint() {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded());
                return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
            } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
    }

    /** A new test CA in {@code dir}. */
    public static TestCertificates create(Path dir) {
        TestCertificates c = new TestCertificates(dir);
        c.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=rtsp-recorder test CA", "-ext", "bc:c", "-validity", "2", "-keystore", c.caStore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        c.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", c.caStore.toString(), "-storepass",
                STORE_PASSWORD, "-file", c.caPem.toString());
        return c;
    }

    /** The CA's certificate as PEM: what a recorder's CA file holds. */
    public Path caPem() {
        return caPem;
    }

    /**
     * A server identity signed by the test CA for {@code commonName}, with subject alternative names such as
     * {@code ip:127.0.0.1} and {@code dns:localhost} (keytool's {@code SAN=} syntax).
     */
    public ServerIdentity signed(String commonName, String... subjectAltNames) {
        return signed(commonName, false, subjectAltNames);
    }

    /** Like {@link #signed(String, String...)}, but valid only until yesterday. */
    public ServerIdentity signedExpired(String commonName, String... subjectAltNames) {
        return signed(commonName, true, subjectAltNames);
    }

    private ServerIdentity signed(String commonName, boolean expired, String... subjectAltNames) {
        String name = "server-" + (++serial);
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + commonName, "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass",
                STORE_PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", store.toString(), "-storepass", STORE_PASSWORD,
                "-file", csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore",
                caStore.toString(), "-storepass", STORE_PASSWORD, "-infile", csr.toString(), "-outfile",
                pem.toString()));
        gencert.addAll(expired ? List.of("-startdate", "-3d", "-validity", "1") : List.of("-validity", "2"));
        if (subjectAltNames.length > 0) {
            gencert.addAll(List.of("-ext", "SAN=" + String.join(",", subjectAltNames)));
        }
        keytool(gencert.toArray(String[]::new));
        return new ServerIdentity(privateKey(store), List.of(readCertificate(pem), readCertificate(caPem)));
    }

    /** A self-signed server identity, as cameras ship with: trusted by nothing but a pin. */
    public ServerIdentity selfSigned(String commonName, String... subjectAltNames) {
        String name = "self-" + (++serial);
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + commonName, "-validity", "2", "-keystore",
                store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
        if (subjectAltNames.length > 0) {
            args.addAll(List.of("-ext", "SAN=" + String.join(",", subjectAltNames)));
        }
        keytool(args.toArray(String[]::new));
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass",
                STORE_PASSWORD, "-file", pem.toString());
        return new ServerIdentity(privateKey(store), List.of(readCertificate(pem)));
    }

    private static PrivateKey privateKey(Path store) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, STORE_PASSWORD.toCharArray());
            return (PrivateKey) ks.getKey("server", STORE_PASSWORD.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keytool wrote no usable key to " + store, e);
        }
    }

    private static X509Certificate readCertificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("keytool wrote no certificate to " + pem, e);
        }
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived tool: start it the quick way (tests make several certificates on a busy machine)
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
