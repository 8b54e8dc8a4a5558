package io.rtsprecorder.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code kubectl kustomize}, the way users render the manifests. .ci/run installs kubectl where it is missing. */
final class Kubectl {

    private Kubectl() {
    }

    static Path executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("kubectl is not on the PATH; .ci/run installs it (apt-get install "
                + "kubernetes-client), or install any kubectl");
    }

    /** The rendered YAML of a kustomization directory; fails with kubectl's own message. */
    static String kustomize(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(executable().toString(), "kustomize", dir.toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed: " + err.strip());
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
